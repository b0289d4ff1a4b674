import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { AccountsBillRun, BillRunAccount } from '../domain/billing/bill-run';
import { type InvalidInput, invalidInput } from '../domain/errors';
import { checkIdentifierLength, checkInputSize } from '../domain/input';
import { compareKeys } from '../domain/keys';
import type { BillRunNumber, InvoiceScheduleNumber } from '../domain/numbers';
import {
  type BillRunAborted,
  type BillRunNotFound,
  billRunAborted,
  filteredSchedulesNotFound,
  type InvoiceScheduleNotFound,
  type ScheduleError,
} from '../domain/schedule/errors';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import { todayIn } from '../time/clock';
import { type BusinessDate, parseBusinessDate } from '../time/date';
import type { TimeError } from '../time/errors';
import { ACCOUNTS_PER_TRANSACTION, billAccountsOfRun } from './account-batch';
import { refreshCompletedRun, settleRun } from './bill-account';
import { noteForIdFault } from './checked-ids';
import {
  EXPECTED_NUMBER,
  nextNumber,
  OPTIONAL_FIELDS,
  refuseUnknownFields,
  requireFields,
  wholeNumber,
} from './common';
import { loadBillRun } from './execute';
import { idempotentCall, keyedTransaction } from './idempotency';
import { type Emitted, mutation, transact } from './operation';

/**
 * A bill run request (reference §6.5): a target date (default: today in the tenant's zone),
 * optional account / schedule filters, and who the run stands for.
 *
 * By default a bill run is the host's **Scheduler** (§6.1): it skips paused schedules. A bill run
 * a **person** starts (Zuora's "Create Bill Run", §5.3) bills them too: set
 * `includePausedSchedules: true`. Their due items (and credits) are billed as for any schedule;
 * the items end `Processed` while the schedule stays `Paused` (decision 16, C23).
 * `generateBillingDocuments` always bills paused schedules.
 * @category Inputs
 * @since 0.1.0
 */
export interface RunBillRunInput {
  /** Items with a run date on or before it are due (decision 7). Default: today in the tenant's zone. */
  readonly targetDate?: string;
  /**
   * Only these accounts; empty or missing: all accounts. One that does not exist is that account's failure
   * (`AccountNotFound`; the run ends `CompletedWithErrors`), also when `invoiceScheduleNumbers` is given.
   */
  readonly accountNumbers?: readonly string[];
  /**
   * Only these schedules, by number (not id); empty or missing: all schedules (and no standard billing when
   * given). Every number must name a schedule of the store: one that does not (never created, mistyped, an id,
   * deleted) refuses the request with `InvoiceScheduleNotFound`, whose `invoiceScheduleNumbers` lists them all,
   * before anything is saved (no bill run, no number drawn, the idempotency key left unused). A schedule that
   * exists but is not billed by the run — of an account not in `accountNumbers`, paused, nothing due — is no
   * error: the run leaves it alone.
   */
  readonly invoiceScheduleNumbers?: readonly InvoiceScheduleNumber[];
  /**
   * Bill paused schedules too: `true` for a bill run started by a person, `false` (the default)
   * for the Scheduler, which skips them (decision 16, §5.3). A value that is not a boolean is
   * refused with `InvalidInput`.
   */
  readonly includePausedSchedules?: boolean;
  /**
   * Retrying with the same key returns the first bill run, or resumes it when it was left `Running`
   * (a crash, an abort): the retry bills only the accounts that have no `Billed` part yet.
   */
  readonly idempotencyKey?: string;
}

/**
 * One account done, as `runBillRun` reports it to {@link RunBillRunOptions.onProgress}.
 * @category Inputs
 * @since 0.2.0
 */
export interface BillRunProgress {
  readonly billRunNumber: string;
  /** The account's part: `Billed` (with its documents) or `Failed` (with the error). */
  readonly account: BillRunAccount;
  /** Accounts visited by this call so far, this one included (a resumed run counts from 1 again). */
  readonly accountsVisited: number;
}

/**
 * How the caller follows and stops a bill run; not part of the request (an idempotency key's retry
 * may pass other options). Any other field is refused: `InvalidInput` at `options.<name>`, nothing saved.
 * @category Inputs
 * @since 0.2.0
 */
export interface RunBillRunOptions {
  /**
   * Called for each account, in account order, once the batch that billed it has committed (see
   * `accountsPerTransaction`): for a batch of 50 accounts, 50 calls after its transaction. A throw from it
   * stops the run like a crash would.
   */
  readonly onProgress?: (progress: BillRunProgress) => void;
  /**
   * Checked before each batch of `accountsPerTransaction` accounts (default 50), not between the accounts
   * of a batch: once aborted, the run stops before its next batch with `BillRunAborted` and stays
   * `Running` (resume it with the same idempotency key). Pass `accountsPerTransaction: 1` to stop between
   * any two accounts. An `AbortSignal` (`controller.signal`); the type
   * asks only for `aborted`, so the declarations need neither the DOM nor Node's types.
   */
  readonly signal?: { readonly aborted: boolean };
  /**
   * How many accounts are billed per transaction (1 to 500; default 50). A batch claims its accounts,
   * reads what they need with one call per kind of row (the ports' optional batch reads), and draws every
   * number at the end: far fewer round trips on a database. Each account's documents, numbers and part are
   * what billing it alone would give — a failing account gets its `Failed` part, and a batch that conflicts
   * with a concurrent writer is billed again one account at a time; the batch's records share one audit
   * instant, and its events come grouped by kind (the invoices, then the schedules' changes). `signal` is
   * checked before each batch, and `onProgress` is called for each account once its batch has committed:
   * pass 1 to stop between any two accounts.
   * @since 0.2.0
   */
  readonly accountsPerTransaction?: number;
  /**
   * Whether the `Ok` value's `events` lists the events of every transaction the call committed (default
   * `true`). A run keeps them in memory until it returns — several per account billed, about 780 bytes per
   * item — so a run over very many accounts may pass `false`: its value's `events` is then empty, and the
   * store's outbox, written in each transaction as always, holds them all (docs/events.md). A store without
   * an `outbox` repository keeps no events: with it, `false` loses them.
   * @since 0.2.0
   */
  readonly keepEvents?: boolean;
}

/**
 * Everything a bill run can fail with as a whole (per-account failures are recorded in the
 * bill run instead).
 * @category Errors
 * @since 0.1.0
 */
export type RunBillRunError =
  | ScheduleError
  | InvalidInput
  | TimeError
  | VersionConflict
  | StoreConflict
  | InvalidContext;

const OPERATION = 'runBillRun';

/** Accounts read per page when a run bills every account. */
const ACCOUNT_PAGE = 500;

/** The request's target date, or today in the tenant's zone when it has none (decision 7). @internal */
export function targetDateOf(context: BillingContext, given: unknown): Result<BusinessDate, TimeError> {
  return given === undefined
    ? todayIn(context.clock, context.settings.timeZone)
    : parseBusinessDate(given, 'targetDate');
}

/**
 * A filter list: missing means none; else an array (of at most `INPUT_LIMITS.listLength`, checked before)
 * of non-blank strings of at most 255 characters.
 */
function numbersOf(path: string, expected: string, given: unknown): Result<readonly string[], InvalidInput> {
  if (given === undefined) return ok(Object.freeze([]));
  if (!Array.isArray(given)) return err(invalidInput(path, `an array of ${expected}`, given));
  for (const [i, n] of given.entries()) {
    if (typeof n !== 'string' || n.trim() === '') return err(invalidInput(`${path}[${i}]`, expected, n));
    const bounded = checkIdentifierLength(n, `${path}[${i}]`);
    if (bounded.isErr()) return err(bounded.error);
  }
  return ok(Object.freeze([...new Set(given as string[])]));
}

/** A bill run request once checked: the target date resolved, the filters without duplicates. @internal */
export interface ParsedBillRunRequest {
  readonly targetDate: BusinessDate;
  readonly accountNumbers: readonly string[];
  readonly invoiceScheduleNumbers: readonly string[];
  readonly includePausedSchedules: boolean;
}

/** Checks a bill run request at the boundary: an object, a date, filter lists of numbers, a boolean. @internal */
export function parseRequest(
  context: BillingContext,
  input: unknown,
): Result<ParsedBillRunRequest, InvalidInput | TimeError> {
  return parseBillRunRequest(input, () => todayIn(context.clock, context.settings.timeZone));
}

/**
 * Checks a bill run request (`runBillRun`, `startBillRun`) without a context: sizes first (`INPUT_LIMITS`: at
 * most 1,000 numbers per filter), then an object, a date (`today()` when there is none), filter lists of
 * numbers, a boolean. @internal
 */
export function parseBillRunRequest(
  input: unknown,
  today: () => Result<BusinessDate, TimeError>,
): Result<ParsedBillRunRequest, InvalidInput | TimeError> {
  const sized = checkInputSize(input);
  if (sized.isErr()) return err(sized.error);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(
      invalidInput(
        '',
        'a bill run request { targetDate?, accountNumbers?, invoiceScheduleNumbers?, includePausedSchedules?, idempotencyKey? }',
        input,
      ),
    );
  }
  const known = refuseUnknownFields(input, [], OPTIONAL_FIELDS.billRun);
  if (known.isErr()) return err(known.error);
  const request = input as RunBillRunInput;
  // Only a missing value means the default: null is refused like any other non-boolean.
  const includePausedSchedules: unknown =
    request.includePausedSchedules === undefined ? false : request.includePausedSchedules;
  if (typeof includePausedSchedules !== 'boolean') {
    return err(
      invalidInput(
        'includePausedSchedules',
        'true (a bill run started by a person bills paused schedules too) or false (the default: skip them, as Scheduler does)',
        includePausedSchedules,
      ),
    );
  }
  const targetDate =
    request.targetDate === undefined ? today() : parseBusinessDate(request.targetDate, 'targetDate');
  return targetDate.andThen((targetDate) =>
    numbersOf('accountNumbers', EXPECTED_NUMBER.accountNumber, request.accountNumbers).andThen(
      (accountNumbers) =>
        numbersOf(
          'invoiceScheduleNumbers',
          'an invoice schedule number such as "IS-00000001"',
          request.invoiceScheduleNumbers,
        ).map((invoiceScheduleNumbers) => ({
          targetDate,
          accountNumbers,
          invoiceScheduleNumbers,
          includePausedSchedules,
        })),
    ),
  );
}

/**
 * Refuses a schedule filter naming schedules that do not exist or are deleted (`InvoiceScheduleNotFound`
 * listing them all), with one `get` per number of the filter and no read without one. Only existence is
 * checked: a schedule of another account than the filter's, paused or in another currency is the run's to
 * skip, as before. @internal
 */
export async function checkScheduleFilter(
  repos: Repositories,
  invoiceScheduleNumbers: readonly string[],
): Promise<Result<void, InvoiceScheduleNotFound>> {
  const missing: string[] = [];
  for (const n of invoiceScheduleNumbers) {
    const schedule = await repos.invoiceSchedules.get(n);
    // A deleted schedule's record is kept (issue 13), but for the operations it is gone.
    if (schedule === null || schedule.deleted === true) missing.push(n);
  }
  return missing.length === 0 ? ok(undefined) : err(filteredSchedulesNotFound(missing));
}

/**
 * Starts a bill run without billing anything: checks the request and inserts the run `Running`, with
 * its number, in one transaction (with the idempotency key, when given: the same key returns this run
 * again). Then bill its accounts with `billAccount` — from as many workers as you like — and close it
 * with `completeBillRun`. `runBillRun` does all three.
 * @example
 * ```ts
 * const run = await startBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' });
 * if (run.isOk()) console.log(run.value.number, run.value.status); // BR-00000001 Running
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function startBillRun(
  context: BillingContext,
  input: RunBillRunInput = {},
): ResultAsync<Emitted<AccountsBillRun>, RunBillRunError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<AccountsBillRun, RunBillRunError>> => {
      const parsed = parseRequest(context, input);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      const idempotent = idempotentCall(OPERATION, input);
      if (idempotent.isErr()) return err(idempotent.error);
      const call = idempotent.value;
      return keyedTransaction(
        context,
        call,
        (repos, previous) => loadBillRun(repos, previous, 'BillRun'),
        async (repos): Promise<Result<AccountsBillRun, RunBillRunError>> => {
          // Before the number is drawn: a refusal rolls back, and leaves the key unused.
          const filtered = await checkScheduleFilter(repos, request.invoiceScheduleNumbers);
          if (filtered.isErr()) return err(filtered.error);
          const run: AccountsBillRun = Object.freeze({
            id: context.ids.next('BillRun'),
            number: await nextNumber(repos, 'BillRun'),
            kind: 'BillRun' as const,
            targetDate: request.targetDate,
            createdAt: context.clock.now().toISOString(),
            accountNumbers: request.accountNumbers,
            invoiceScheduleNumbers: request.invoiceScheduleNumbers,
            includePausedSchedules: request.includePausedSchedules,
            status: 'Running' as const,
            itemsProcessed: 0,
            invoiceNumbers: Object.freeze([]),
            creditMemoNumbers: Object.freeze([]),
            failures: Object.freeze([]),
            version: 1,
          });
          const inserted = await repos.billRuns.insert(run);
          if (inserted.isErr()) return err(inserted.error);
          return ok(run);
        },
        (run) => run.number,
      );
    },
  );
}

/**
 * Runs a bill run: processes every due item (run date on or before the target date, decision
 * 7) of every schedule matching the filters, oldest first — paused schedules only with
 * `includePausedSchedules` (decision 16). Each item gets its own invoice, except that an
 * account's items of schedules with `invoiceSeparately` false, and its standard billing, share
 * one invoice whatever their dates (§7.8, decision 11). Running it again for the same date creates
 * no new documents.
 *
 * The run is a record from the start: inserted `Running` ({@link startBillRun}), then each account
 * is billed in its own transaction together with its part ({@link billAccount}: a failing account is
 * recorded and does not stop the others), then it is closed `Completed` or `CompletedWithErrors`
 * ({@link completeBillRun}). Accounts are read a page at a time. Interrupted anywhere (a crash, a
 * thrown error, `options.signal`), the run stays `Running`, and a retry with the same idempotency key
 * resumes it: it bills only the accounts not yet billed, and returns the one run listing every
 * document.
 * @example
 * ```ts
 * // A daily job: keyed by the day, so a retried job resumes or returns the first bill run.
 * const run = await runBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' });
 * if (run.isErr()) throw new Error(`${run.error.type}: ${run.error.message}`);
 * for (const failure of run.value.failures) console.error(failure.accountNumber, failure.errorType);
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function runBillRun(
  context: BillingContext,
  input: RunBillRunInput = {},
  options: RunBillRunOptions = {},
): ResultAsync<Emitted<AccountsBillRun>, RunBillRunError | BillRunAborted> {
  return mutation(
    context,
    input,
    async (context, input, options): Promise<Result<AccountsBillRun, RunBillRunError | BillRunAborted>> => {
      const checked = checkOptions(options);
      if (checked.isErr()) return err(checked.error);
      const started = await startBillRun(context, input);
      if (started.isErr()) return err(started.error);
      const run = started.value;
      if (run.status !== 'Running') return ok(run);
      // A bad id from here on leaves the run Running: its message says which run, and how to go on with it.
      noteForIdFault(
        context,
        input.idempotencyKey === undefined
          ? `Bill run ${run.number} stays Running, with the accounts billed before the fault; the request has no idempotency key to resume it by: call workOnBillRun(context, { billRunNumber: '${run.number}', worker }) with good ids, which bills the accounts left and completes the run.`
          : `Bill run ${run.number} stays Running, with the accounts billed before the fault: run the same request with the same idempotency key and good ids to resume it.`,
      );
      let visited = 0;
      const size = options.accountsPerTransaction ?? ACCOUNTS_PER_TRANSACTION;
      pages: for await (const page of accountsOf(context, run)) {
        for (let at = 0; at < page.length; at += size) {
          if (options.signal?.aborted === true) {
            // The run stays Running, unless another process completed it meanwhile: then bring its summary in
            // line with the parts billed here (their per-account refresh was left to the completion).
            await refreshCompletedRun(context, run.number);
            return err(billRunAborted(run.number));
          }
          const billed = await billAccountsOfRun(context, run, page.slice(at, at + size), {
            completesAfter: true,
          });
          for (const part of billed.parts) {
            visited++;
            options.onProgress?.(
              Object.freeze({ billRunNumber: run.number, account: part, accountsVisited: visited }),
            );
          }
          // Completed meanwhile (by another process resuming the same run): that run is the answer.
          if (billed.stopped?.type === 'BillRunNotRunning') break pages;
          if (billed.stopped !== null) return err(billed.stopped);
        }
      }
      return completeBillRun(context, { billRunNumber: run.number });
    },
    options,
  );
}

/**
 * The names of {@link RunBillRunOptions} (the compiler keeps the list complete): any other option is refused,
 * so a misspelt or misplaced option (`batchSize`, a field of `workOnBillRun`'s request) is an `InvalidInput`
 * instead of a run made without it.
 */
const RUN_OPTIONS = Object.freeze(
  Object.keys({
    onProgress: true,
    signal: true,
    accountsPerTransaction: true,
    keepEvents: true,
  } satisfies Record<keyof RunBillRunOptions, true>),
);

/** Checks `runBillRun`'s and `workOnBillRun`'s options. @internal */
export function checkOptions(options: unknown): Result<void, InvalidInput> {
  if (typeof options !== 'object' || options === null)
    return err(invalidInput('options', `an object { ${RUN_OPTIONS.join('?, ')}? }`, options));
  const known = refuseUnknownFields(options, [], RUN_OPTIONS, 'options');
  if (known.isErr()) return err(known.error);
  const { onProgress, signal, accountsPerTransaction, keepEvents } = options as {
    onProgress?: unknown;
    signal?: unknown;
    accountsPerTransaction?: unknown;
    keepEvents?: unknown;
  };
  if (keepEvents !== undefined && typeof keepEvents !== 'boolean')
    return err(invalidInput('options.keepEvents', 'true or false', keepEvents));
  if (onProgress !== undefined && typeof onProgress !== 'function')
    return err(invalidInput('options.onProgress', "a function called with each account's part", onProgress));
  if (
    signal !== undefined &&
    (typeof signal !== 'object' ||
      signal === null ||
      typeof (signal as { aborted?: unknown }).aborted !== 'boolean')
  )
    return err(invalidInput('options.signal', 'an AbortSignal', signal));
  return wholeNumber(accountsPerTransaction, 'options.accountsPerTransaction', 1, 500, 1).map(
    () => undefined,
  );
}

/**
 * The accounts a run names, ascending: the accounts of the named schedules' due items when the run is
 * restricted to schedules (no standard billing) — with, when it names accounts too, those of its accounts that
 * do not exist, each the run's `AccountNotFound` failure as without the schedule filter (bill-runs.md,
 * "Filters") —, else the named accounts; `null` when the run covers every account. @internal
 */
export async function namedAccounts(
  context: BillingContext,
  run: RunFilters,
): Promise<readonly string[] | null> {
  if (run.invoiceScheduleNumbers.length > 0) {
    const due = await read(context, (repos) =>
      repos.invoiceSchedules.listWithItemsDue(run.targetDate, {
        accountNumbers: run.accountNumbers,
        invoiceScheduleNumbers: run.invoiceScheduleNumbers,
      }),
    );
    const accounts = new Set(
      due
        .filter((s) => run.accountNumbers.length === 0 || run.accountNumbers.includes(s.accountNumber))
        .map((s) => s.accountNumber),
    );
    const others = run.accountNumbers.filter((n) => !accounts.has(n));
    if (others.length > 0) {
      // One after another: a transaction's queries share one connection.
      const missing = await read(context, async (repos) => {
        const out: string[] = [];
        for (const n of others) if ((await repos.accounts.get(n)) === null) out.push(n);
        return out;
      });
      for (const n of missing) accounts.add(n);
    }
    return [...accounts].sort(compareKeys);
  }
  if (run.accountNumbers.length > 0) return [...new Set(run.accountNumbers)].sort(compareKeys);
  return null;
}

/** What decides which accounts a run visits. @internal */
export type RunFilters = Pick<AccountsBillRun, 'targetDate' | 'accountNumbers' | 'invoiceScheduleNumbers'>;

/**
 * The accounts a run visits, a page at a time, in number order: {@link namedAccounts}, else every account
 * (for standard billing), paged with `accounts.list(after, limit)`.
 */
export async function* accountsOf(
  context: BillingContext,
  run: RunFilters,
): AsyncGenerator<readonly string[]> {
  const named = await namedAccounts(context, run);
  if (named !== null) {
    yield named;
    return;
  }
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const page = await read(context, (repos) => repos.accounts.list(from, ACCOUNT_PAGE));
    const numbers = page.map((a) => a.number);
    if (numbers.length > ACCOUNT_PAGE || numbers.some((n) => from !== null && compareKeys(n, from) <= 0)) {
      throw new TypeError(
        `accounts.list(${JSON.stringify(from)}, ${ACCOUNT_PAGE}) returned ${numbers.length} accounts, not at most ${ACCOUNT_PAGE} numbered after ${JSON.stringify(from)}: the adapter ignores the page (see the AccountRepository port).`,
      );
    }
    if (numbers.length === 0) return;
    yield numbers;
    after = numbers[numbers.length - 1] as string;
  }
}

/**
 * Reads in a transaction of its own, run again on a serialization failure or a deadlock (3 attempts, as
 * `transact` does); a failure that persists is thrown. @internal
 */
export async function read<T>(
  context: BillingContext,
  query: (repos: Repositories) => Promise<T>,
): Promise<T> {
  const result = await transact(context, async (repos) => ok(await query(repos)));
  return result.match(
    (value) => value,
    (conflict) => {
      throw Object.assign(new Error(conflict.message), { code: conflict.code });
    },
  );
}

/**
 * Which bill run to complete.
 * @category Inputs
 * @since 0.2.0
 */
export interface CompleteBillRunInput {
  /** The run's number or id. */
  readonly billRunNumber: BillRunNumber;
}

/**
 * Closes a `Running` bill run: sums its accounts' parts (items, documents, failures) into the run and
 * saves it `Completed`, or `CompletedWithErrors` when some account's part is `Failed`. Completing a
 * completed run returns it unchanged (its summary brought in line with its parts, should a part have been
 * committed beside the completion). After it, `billAccount` refuses the run (`BillRunNotRunning`). Once the
 * closing is saved the call answers it: the summary's refresh that follows in a transaction of its own, should
 * the store throw there, leaves the run as closed.
 * @example
 * ```ts
 * const done = await completeBillRun(context, { billRunNumber: 'BR-00000001' });
 * if (done.isOk()) console.log(done.value.status, done.value.invoiceNumbers);
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function completeBillRun(
  context: BillingContext,
  input: CompleteBillRunInput,
): ResultAsync<
  Emitted<AccountsBillRun>,
  BillRunNotFound | InvalidInput | VersionConflict | StoreConflict | InvalidContext
> {
  return mutation(
    context,
    input,
    async (
      context,
      input,
    ): Promise<Result<AccountsBillRun, BillRunNotFound | InvalidInput | VersionConflict | StoreConflict>> => {
      // The run's number and nothing else: a misspelt field is refused, not ignored.
      const fields = requireFields(
        'completeBillRun',
        input,
        { billRunNumber: EXPECTED_NUMBER.billRunNumber },
        OPTIONAL_FIELDS.none,
      );
      if (fields.isErr()) return err(fields.error);
      const key = fields.value.billRunNumber;
      // Two completers at once: the loser's save conflicts, and its second attempt finds the run completed.
      let outcome = await settleRun(context, key, true);
      if (outcome.isErr() && outcome.error.type === 'VersionConflict')
        outcome = await settleRun(context, key, true);
      if (outcome.isErr()) return err(outcome.error);
      const done = outcome.value as AccountsBillRun; // closing never leaves the run Running
      // A billAccount beside the completion may have committed a part after the completion read them. The
      // completion is saved: a store that throws in this refresh of its own transaction does not make the call
      // throw as if nothing had been (refreshCompletedRun answers null then); another completeBillRun brings
      // the run in line.
      return ok((await refreshCompletedRun(context, done.number)) ?? done);
    },
  );
}
