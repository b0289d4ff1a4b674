import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { AccountRunDecision, AccountRunRequest } from '../domain/billing/account-run-model';
import {
  type AccountDocumentsRun,
  type AccountsBillRun,
  type BillRun,
  type BillRunAccount,
  type BillRunFailure,
  billRunFailure,
  type ScheduleExecutionRun,
  settledRun,
} from '../domain/billing/bill-run';
import { type PlannedItem, planBillRun } from '../domain/billing/plan';
import type { AdditionalLinesError } from '../domain/documents/additional-lines';
import { type InvalidInput, invalidInput } from '../domain/errors';
import { listExcerpt } from '../domain/input';
import type { BillRunNumber } from '../domain/numbers';
import {
  accountNotFound,
  type BillRunNotFound,
  type BillRunNotRunning,
  billRunNotRunning,
  type ScheduleError,
} from '../domain/schedule/errors';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, Repositories, StoreConflict, VersionConflict } from '../ports';
import type { BusinessDate } from '../time/date';
import { type BatchReads, runAccount } from './account-run';
import { claimAccounts, EXPECTED_NUMBER, loadBillRunByKey, OPTIONAL_FIELDS, requireFields } from './common';
import { type Emitted, mutation, transact } from './operation';

/**
 * The per-account step of a bill run: which run, which account.
 * @category Inputs
 * @since 0.2.0
 */
export interface BillAccountInput {
  /** A `Running` bill run's number (or id), from `startBillRun` or a `runBillRun` left running. */
  readonly billRunNumber: BillRunNumber;
  /** The account to bill; it must pass the run's account filter, if it has one. */
  readonly accountNumber: string;
}

/**
 * Everything the per-account step can fail with. A failure to bill the account is not among them: it
 * is recorded as the account's `Failed` part and returned as a value.
 * @category Errors
 * @since 0.2.0
 */
export type BillAccountError =
  | BillRunNotFound
  | BillRunNotRunning
  | InvalidInput
  | StoreConflict
  | InvalidContext;

/**
 * Bills one account in a `Running` bill run (the run's per-account step): its due schedule items
 * (oldest first) and, unless the run is restricted to schedules, standard billing of its other charges
 * — in one transaction that also saves the account's {@link BillRunAccount} part. Billing an account
 * that already has a `Billed` part returns that part and creates nothing, so the step is safe to retry
 * and safe to run from several workers at once (one of two concurrent calls conflicts, rolls back and
 * then finds the other's part). A store that throws or conflicts is retried 3 times; an account that
 * still fails, or cannot be billed (`AccountNotFound`, a schedule error), gets a `Failed` part with the
 * error — a later call tries it again while the run is `Running` (once it is completed, a new run bills
 * the account).
 *
 * `runBillRun` calls this for each account; call it yourself to shard a run over workers
 * (`startBillRun`, then `billAccount` per account on any worker, then `completeBillRun`).
 * @example
 * ```ts
 * // On a worker that took account A-001 of bill run BR-00000001 from a queue:
 * const part = await billAccount(context, { billRunNumber: 'BR-00000001', accountNumber: 'A-001' });
 * if (part.isOk()) console.log(part.value.status, part.value.invoiceNumbers);
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function billAccount(
  context: BillingContext,
  input: BillAccountInput,
): ResultAsync<Emitted<BillRunAccount>, BillAccountError> {
  return mutation(
    context,
    input,
    async (context, input): Promise<Result<BillRunAccount, BillAccountError>> => {
      const fields = requireFields(
        'billAccount',
        input,
        {
          billRunNumber: EXPECTED_NUMBER.billRunNumber,
          accountNumber: EXPECTED_NUMBER.accountNumber,
        },
        OPTIONAL_FIELDS.none,
      );
      if (fields.isErr()) return err(fields.error);
      const given = fields.value;
      const running = await transact(context, async (repos) => {
        const found = await loadBillRunByKey(repos, given.billRunNumber);
        return found.andThen((r) => runningRun(r));
      });
      if (running.isErr()) return err(running.error);
      const run = running.value;
      if (run.accountNumbers.length > 0 && !run.accountNumbers.includes(given.accountNumber)) {
        const error: InvalidInput = {
          type: 'InvalidInput',
          message: `billAccount: account ${given.accountNumber} is not in bill run ${run.number}, which bills only ${listExcerpt(run.accountNumbers)}.`,
          path: 'accountNumber',
          expected: `one of the run's accounts: ${listExcerpt(run.accountNumbers)}`,
          received: JSON.stringify(given.accountNumber),
        };
        return err(error);
      }
      return billAccountOfRun(context, run, given.accountNumber);
    },
  );
}

/** The run when it is a `Running` run over accounts, else `BillRunNotRunning`. @internal */
export function runningRun(run: BillRun): Result<AccountsBillRun, BillRunNotRunning> {
  return run.kind === 'BillRun' && run.status === 'Running'
    ? ok(run)
    : err(billRunNotRunning(run.number, run.status, run.kind));
}

/** How many times a run tries an account whose transaction threw or conflicted. */
const ACCOUNT_ATTEMPTS = 3;

/**
 * Bills one account of a run and saves its part; see {@link billAccount}. The account's transaction is
 * tried up to {@link ACCOUNT_ATTEMPTS} times when it conflicts with a concurrent writer (the retry
 * reloads and skips what the other one billed) or the store throws (a serialization failure, a dropped
 * connection: the transaction rolled back). An error that persists is saved as the account's `Failed`
 * part. The run stopping being `Running` meanwhile is `BillRunNotRunning`; a store that keeps failing the
 * `Failed` part's save with a serialization failure or a deadlock is `StoreConflict`. @internal
 */
export async function billAccountOfRun(
  context: BillingContext,
  run: AccountsBillRun,
  accountNumber: string,
  options: { readonly completesAfter?: boolean } = {},
): Promise<Result<BillRunAccount, BillRunNotRunning | BillRunNotFound | StoreConflict>> {
  // A caller that completes the run itself once its accounts are billed (`runBillRun`) needs no refresh
  // per account: its completion settles the run after every part it saved (and refreshes it then).
  const refresh = options.completesAfter !== true;
  let failure = billRunFailure(accountNumber, 'StoreFailure', '');
  for (let attempt = 1; attempt <= ACCOUNT_ATTEMPTS; attempt++) {
    try {
      const billed = await context.store.transaction((repos) =>
        billAccountInTransaction(context, repos, run.number, accountNumber),
      );
      if (billed.isOk()) {
        if (refresh && billed.value.version > 0) await refreshCompletedRun(context, run.number);
        return ok(billed.value);
      }
      const error = billed.error;
      if (error.type === 'BillRunNotRunning' || error.type === 'BillRunNotFound') return err(error);
      failure = billRunFailure(accountNumber, error.type, error.message);
      if (error.type !== 'VersionConflict') break;
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      failure = billRunFailure(
        accountNumber,
        'StoreFailure',
        `The store threw while billing account ${accountNumber} (${ACCOUNT_ATTEMPTS} attempts): ${reason}. Nothing of the account was saved; run the bill run again to bill it.`,
      );
    }
  }
  const saved = await saveFailedPart(context, run.number, failure);
  if (refresh && saved.isOk()) await refreshCompletedRun(context, run.number);
  return saved;
}

/**
 * Sums a run's parts into it in one transaction (the rule is the domain's `settledRun`): `close` completes
 * a `Running` run; otherwise only a completed run is brought in line with parts committed beside its
 * completion. Returns the run as it stands, or `null` while it is still `Running` and not closed. @internal
 */
export function settleRun(
  context: BillingContext,
  key: string,
  close: boolean,
): ResultAsync<AccountsBillRun | null, BillRunNotFound | InvalidInput | VersionConflict | StoreConflict> {
  return transact(
    context,
    async (
      repos,
    ): Promise<Result<AccountsBillRun | null, BillRunNotFound | InvalidInput | VersionConflict>> => {
      const loaded = await loadBillRunByKey(repos, key);
      if (loaded.isErr()) return err(loaded.error);
      const run = loaded.value;
      if (run.kind !== 'BillRun') {
        return err(
          invalidInput('billRunNumber', 'the number of a bill run over accounts (kind BillRun)', key),
        );
      }
      // A running run that is not being closed has nothing to settle: do not read its parts (each
      // account's step calls this, and a run's parts grow with the run).
      if (run.status === 'Running' && !close) return ok(null);
      const next = settledRun(run, await repos.billRuns.listAccounts(run.number), close);
      if (next === null) return ok(run.status === 'Running' ? null : run);
      const saved = await repos.billRuns.save(next);
      if (saved.isErr()) return err(saved.error);
      return ok(next);
    },
  );
}

/**
 * Brings a completed run's summary in line with its accounts' parts. At READ COMMITTED, `completeBillRun`
 * can read the parts just before a `billAccount` running beside it commits one: the run would be closed
 * without that account's documents. Both sides call this after they commit — the step after saving a
 * part, the completion after closing — so whichever commits last sees the other's write and adds it (a
 * compare-and-set save; concurrent refreshes retry until the summary matches the parts). Returns the run
 * as it stands, or `null` while it is still `Running` — or when the store throws: the caller's own work is
 * committed by then, and its answer must not be a throw as if nothing had been (docs/reliability.md); another
 * `completeBillRun` brings the run in line. @internal
 */
export async function refreshCompletedRun(
  context: BillingContext,
  billRunNumber: BillRunNumber,
): Promise<AccountsBillRun | null> {
  for (let attempt = 1; attempt <= ACCOUNT_ATTEMPTS + 2; attempt++) {
    let refreshed: Awaited<ReturnType<typeof settleRun>>;
    try {
      refreshed = await settleRun(context, billRunNumber, false);
    } catch {
      return null;
    }
    if (refreshed.isOk()) return refreshed.value;
    if (refreshed.error.type !== 'VersionConflict') return null;
  }
  // Every attempt conflicted with another refresh of the run, which brings it in line with its parts too.
  return null;
}

/**
 * Inside one transaction: the run must still be `Running`; an account with a `Billed` part is done;
 * otherwise plan the account's due items as of the run's target date and filters, bill them (and
 * standard billing), and save the `Billed` part with what was created.
 */
async function billAccountInTransaction(
  context: BillingContext,
  repos: Repositories,
  billRunNumber: string,
  accountNumber: string,
): Promise<Result<BillRunAccount, ScheduleError | AdditionalLinesError | VersionConflict>> {
  const loaded = await loadBillRunByKey(repos, billRunNumber);
  if (loaded.isErr()) return err(loaded.error);
  const running = runningRun(loaded.value);
  if (running.isErr()) return err(running.error);
  const run = running.value;
  await claimAccounts(repos, [accountNumber]);
  const part = await repos.billRuns.getAccount(run.number, accountNumber);
  if (part?.status === 'Billed') return ok(part);
  const request = await plannedAccountRun(repos, run, accountNumber);
  if (request.isErr()) return err(request.error);
  const billed = await runAccount(context, repos, request.value).map(billingOf);
  if (billed.isErr()) return err(billed.error);
  const next: BillRunAccount = Object.freeze({
    billRunNumber: run.number,
    accountNumber,
    status: 'Billed' as const,
    itemsProcessed: billed.value.itemsProcessed,
    invoiceNumbers: billed.value.invoiceNumbers,
    creditMemoNumbers: billed.value.creditMemoNumbers,
    failure: null,
    version: (part?.version ?? 0) + 1,
  });
  // An account with nothing to bill leaves no part (a run over a million accounts writes only for those it
  // bills): visiting it again bills nothing either. A Failed part is replaced, so the run forgets the failure.
  const nothing =
    next.itemsProcessed === 0 && next.invoiceNumbers.length === 0 && next.creditMemoNumbers.length === 0;
  if (nothing && part === null) return ok(Object.freeze({ ...next, version: 0 }));
  const saved = await repos.billRuns.saveAccount(next);
  return saved.map(() => next);
}

/**
 * Saves an account's `Failed` part after its last attempt. When another worker billed the account
 * meanwhile (its part conflicts), that part is the answer. Its transactions go through `transact`, as
 * every other: a serialization failure or a deadlock is run again, then returned as `StoreConflict`.
 */
async function saveFailedPart(
  context: BillingContext,
  billRunNumber: string,
  failure: BillRunFailure,
): Promise<Result<BillRunAccount, BillRunNotRunning | BillRunNotFound | StoreConflict>> {
  for (let attempt = 1; attempt <= ACCOUNT_ATTEMPTS; attempt++) {
    const saved = await transact(
      context,
      async (
        repos,
      ): Promise<Result<BillRunAccount, BillRunNotRunning | BillRunNotFound | VersionConflict>> => {
        const run = (await loadBillRunByKey(repos, billRunNumber)).andThen(runningRun);
        if (run.isErr()) return err(run.error);
        const part = await repos.billRuns.getAccount(billRunNumber, failure.accountNumber);
        if (part?.status === 'Billed') return ok(part);
        const next: BillRunAccount = Object.freeze({
          billRunNumber,
          accountNumber: failure.accountNumber,
          status: 'Failed' as const,
          itemsProcessed: 0,
          invoiceNumbers: Object.freeze([]),
          creditMemoNumbers: Object.freeze([]),
          failure,
          version: (part?.version ?? 0) + 1,
        });
        const written = await repos.billRuns.saveAccount(next);
        return written.map(() => next);
      },
    );
    if (saved.isOk()) return ok(saved.value);
    if (saved.error.type !== 'VersionConflict') return err(saved.error);
  }
  // Every attempt conflicted: somebody keeps writing this part; what they wrote is the account's state.
  return transact(context, async (repos) => {
    const part = await repos.billRuns.getAccount(billRunNumber, failure.accountNumber);
    /* v8 ignore next */
    if (part === null)
      throw new Error(`Bill run ${billRunNumber}: the part of ${failure.accountNumber} vanished.`);
    return ok(part);
  });
}

/** What billing one account produced. @internal */
export interface AccountBilling {
  readonly invoiceNumbers: readonly string[];
  readonly creditMemoNumbers: readonly string[];
  readonly itemsProcessed: number;
}

/**
 * What a bill run asks of one account, as of the run's target date and filters: the account must exist;
 * its due items (oldest first, planned with the run's filters, paused schedules only when the run bills
 * them) and, unless the run is restricted to schedules, standard billing. Read inside the caller's
 * transaction. Shared by the per-account step and `previewBillRun`. `reads`: what the account's batch
 * read for it already. @internal
 */
export async function plannedAccountRun(
  repos: Repositories,
  run: Pick<AccountsBillRun, 'number' | 'targetDate' | 'invoiceScheduleNumbers' | 'includePausedSchedules'>,
  accountNumber: string,
  reads?: BatchReads,
): Promise<Result<PlannedAccountRequest, ScheduleError>> {
  if (!(await repos.accounts.get(accountNumber))) return err(accountNotFound(accountNumber));
  const filter = {
    accountNumbers: [accountNumber],
    invoiceScheduleNumbers: run.invoiceScheduleNumbers,
    includePausedSchedules: run.includePausedSchedules,
  };
  const standard = run.invoiceScheduleNumbers.length === 0;
  // With standard billing the account's run reads all its schedules anyway (to know which charges are
  // scheduled): read them once, and plan from them (the planner re-checks what is due), instead of
  // reading the due ones, then each of them again, then all of them.
  const accountSchedules = standard
    ? (reads?.schedulesOf(accountNumber) ?? (await repos.invoiceSchedules.listByAccount(accountNumber)))
    : null;
  const plan = planBillRun(
    accountSchedules ?? (await repos.invoiceSchedules.listWithItemsDue(run.targetDate, filter)),
    run.targetDate,
    filter,
  );
  const request = accountRunRequest({
    accountNumber,
    items: plan.accounts[0]?.items ?? [],
    targetDate: run.targetDate,
    billRunNumber: run.number,
    standard,
    includePausedSchedules: run.includePausedSchedules,
  });
  return ok(accountSchedules === null ? request : { ...request, accountSchedules });
}

/**
 * An account's run request as planned, with the account's schedules when the planning read them all (in
 * the same transaction, after the account's claim), so that loading the run does not read them again.
 * @internal
 */
export type PlannedAccountRequest = Omit<AccountRunRequest, 'settings'> & {
  readonly accountSchedules?: readonly InvoiceSchedule[];
};

/** What billing one account produced. @internal */
export interface AccountBilling {
  readonly invoiceNumbers: readonly string[];
  readonly creditMemoNumbers: readonly string[];
  readonly itemsProcessed: number;
}

function billingOf(decided: AccountRunDecision): AccountBilling {
  return {
    invoiceNumbers: decided.invoiceNumbers,
    creditMemoNumbers: decided.creditMemoNumbers,
    itemsProcessed: decided.itemsProcessed,
  };
}

interface PlannedAccount {
  readonly accountNumber: string;
  readonly items: readonly PlannedItem[];
  readonly targetDate: BusinessDate;
  readonly billRunNumber: string;
  readonly standard: boolean;
  readonly includePausedSchedules: boolean;
}

/**
 * The account run of planned items: oldest first, then standard billing of the account's other charges
 * up to the target date, consolidating the documents of schedules with `invoiceSeparately` false and of
 * standard billing into one invoice whatever their dates (§7.8, decision 11).
 */
function accountRunRequest(args: PlannedAccount): Omit<AccountRunRequest, 'settings'> {
  return {
    accountNumber: args.accountNumber,
    targetDate: args.targetDate,
    billRunNumber: args.billRunNumber,
    // A credit due without an item is credited as of the run's target date, for the credits starting by it.
    steps: args.items.map((planned) =>
      planned.itemId === null
        ? {
            kind: 'credit' as const,
            invoiceScheduleNumber: planned.invoiceScheduleNumber,
            memoDate: args.targetDate,
            dueBy: args.targetDate,
          }
        : {
            kind: 'item' as const,
            invoiceScheduleNumber: planned.invoiceScheduleNumber,
            itemId: planned.itemId,
          },
    ),
    includePausedSchedules: args.includePausedSchedules,
    standard: args.standard,
    consolidate: true,
    recheckDue: true,
    // What the planned items leave due by the target date is billed in the same run (a credit due after an
    // item's run date, with the next pending item pulled forward to it or alone, §8.4).
    catchUp: true,
  };
}

/** Bills one account's planned items inside a transaction (see {@link accountRunRequest}). @internal */
export function billPlannedAccount(
  context: BillingContext,
  repos: Repositories,
  args: PlannedAccount,
): ResultAsync<AccountBilling, ScheduleError | AdditionalLinesError | VersionConflict> {
  return runAccount(context, repos, accountRunRequest(args)).map(billingOf);
}

/**
 * A bill run record completed in the transaction that created it (an execution, "generate billing
 * documents"): id and creation instant from the context, version 1. Its fields in the record codec's order
 * (bill-run-codecs.ts), so that the first answer serialises as a keyed retry's replay, read from the record,
 * does. @internal
 */
type Completed = 'id' | 'createdAt' | 'status' | 'failures' | 'version';
export function completedRun(
  context: BillingContext,
  fields: Omit<ScheduleExecutionRun, Completed>,
): ScheduleExecutionRun;
export function completedRun(
  context: BillingContext,
  fields: Omit<AccountDocumentsRun, Completed>,
): AccountDocumentsRun;
export function completedRun(
  context: BillingContext,
  fields: Omit<ScheduleExecutionRun, Completed> | Omit<AccountDocumentsRun, Completed>,
): BillRun {
  const head = {
    id: context.ids.next('BillRun'),
    number: fields.number,
    kind: fields.kind,
    targetDate: fields.targetDate,
    createdAt: context.clock.now().toISOString(),
    accountNumbers: fields.accountNumbers,
    invoiceScheduleNumbers: fields.invoiceScheduleNumbers,
  };
  const own =
    fields.kind === 'ScheduleExecution' ? { invoiceScheduleItemId: fields.invoiceScheduleItemId } : {};
  return Object.freeze({
    ...head,
    ...own,
    status: 'Completed' as const,
    itemsProcessed: fields.itemsProcessed,
    invoiceNumbers: fields.invoiceNumbers,
    creditMemoNumbers: fields.creditMemoNumbers,
    failures: Object.freeze([]),
    version: 1,
  }) as BillRun;
}
