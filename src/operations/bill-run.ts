import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { BillRun, BillRunFailure } from '../domain/billing/bill-run';
import { type PlannedItem, planBillRun } from '../domain/billing/plan';
import { type InvalidInput, invalidInput } from '../domain/errors';
import type { ScheduleError } from '../domain/schedule/errors';
import { accountNotFound } from '../domain/schedule/errors';
import type { BillingContext, InvalidContext, Repositories, VersionConflict } from '../ports';
import { todayIn } from '../time/clock';
import { type BusinessDate, parseBusinessDate } from '../time/date';
import type { TimeError } from '../time/errors';
import { runAccount } from './account-run';
import { EXPECTED_NUMBER, nextNumber, requireFields } from './common';
import { loadBillRun } from './execute';
import { answeredOnce, idempotentCall, recalled, remember } from './idempotency';
import { inTransaction, operation } from './operation';

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
  /** Only these accounts; empty or missing: all accounts. */
  readonly accountNumbers?: readonly string[];
  /** Only these schedules; empty or missing: all schedules (and no standard billing when given). */
  readonly invoiceScheduleNumbers?: readonly string[];
  /**
   * Bill paused schedules too: `true` for a bill run started by a person, `false` (the default)
   * for the Scheduler, which skips them (decision 16, §5.3). A value that is not a boolean is
   * refused with `InvalidInput`.
   */
  readonly includePausedSchedules?: boolean;
  /** Retrying with the same key returns the first bill run. */
  readonly idempotencyKey?: string;
}

/**
 * Everything a bill run can fail with as a whole (per-account failures are recorded in the
 * bill run instead).
 * @category Errors
 * @since 0.1.0
 */
export type RunBillRunError = ScheduleError | InvalidInput | TimeError | VersionConflict | InvalidContext;

const OPERATION = 'runBillRun';

/** The request's target date, or today in the tenant's zone when it has none (decision 7). */
function targetDateOf(context: BillingContext, given: unknown): Result<BusinessDate, TimeError> {
  return given === undefined
    ? todayIn(context.clock, context.settings.timeZone)
    : parseBusinessDate(given, 'targetDate');
}

/**
 * Runs a bill run: processes every due item (run date on or before the target date, decision
 * 7) of every schedule matching the filters, oldest first — paused schedules only with
 * `includePausedSchedules` (decision 16). Each item gets its own invoice, except that an
 * account's items of schedules with `invoiceSeparately` false, and its standard billing, share
 * one invoice whatever their dates (§7.8, decision 11). Each account is billed in its own
 * transaction: one failing account is recorded in `failures` and does not stop the others.
 * Running it again for the same date creates no new documents.
 * @example
 * ```ts
 * // A daily job: keyed by the day, so a retried job returns the first bill run.
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
): ResultAsync<BillRun, RunBillRunError> {
  return operation(context, async function* () {
    if (typeof input !== 'object' || input === null) {
      return err(
        invalidInput(
          '',
          'a bill run request { targetDate?, accountNumbers?, invoiceScheduleNumbers?, includePausedSchedules?, idempotencyKey? }',
          input,
        ),
      );
    }
    // Only a missing value means the default: null is refused like any other non-boolean.
    const includePausedSchedules: unknown =
      input.includePausedSchedules === undefined ? false : input.includePausedSchedules;
    if (typeof includePausedSchedules !== 'boolean') {
      return err(
        invalidInput(
          'includePausedSchedules',
          'true (a bill run started by a person bills paused schedules too) or false (the default: skip them, as Scheduler does)',
          includePausedSchedules,
        ),
      );
    }
    const targetDate = yield* targetDateOf(context, input.targetDate);
    const filter = {
      accountNumbers: Object.freeze([...(input.accountNumbers ?? [])]),
      invoiceScheduleNumbers: Object.freeze([...(input.invoiceScheduleNumbers ?? [])]),
      includePausedSchedules,
    };
    // Reserve the bill run's number and load what is due.
    const call = yield* idempotentCall(OPERATION, input);
    const opened = yield* inTransaction(context, async function* (repos) {
      const previous = yield* await recalled(repos, call);
      if (previous !== null) {
        const first = yield* await loadBillRun(repos, previous);
        return ok({ billRunNumber: first.number, previous: first, accounts: [] });
      }
      const schedules = await repos.invoiceSchedules.listWithItemsDue(targetDate, filter);
      const plan = planBillRun(schedules, targetDate, filter);
      // Standard billing runs for every account (or the filtered ones) unless the run is
      // restricted to schedules.
      const accounts = new Map(plan.accounts.map((a) => [a.accountNumber, a.items]));
      if (filter.invoiceScheduleNumbers.length === 0) {
        const numbers =
          filter.accountNumbers.length > 0
            ? filter.accountNumbers
            : (await repos.accounts.list()).map((a) => a.number);
        for (const n of numbers) if (!accounts.has(n)) accounts.set(n, []);
      }
      return ok({
        billRunNumber: await nextNumber(repos, 'BillRun'),
        previous: null,
        accounts: [...accounts.entries()]
          .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
          .map(([accountNumber, items]) => ({ accountNumber, items })),
      });
    });
    if (opened.previous !== null) return ok(opened.previous);
    const { billRunNumber, accounts } = opened;
    const invoiceNumbers: string[] = [];
    const creditMemoNumbers: string[] = [];
    const failures: BillRunFailure[] = [];
    let itemsProcessed = 0;
    for (const account of accounts) {
      const billed = await billAccountWithRetries(context, {
        accountNumber: account.accountNumber,
        items: account.items,
        targetDate,
        billRunNumber,
        standard: filter.invoiceScheduleNumbers.length === 0,
        includePausedSchedules,
      });
      if (billed.isErr()) {
        failures.push(
          Object.freeze({
            accountNumber: account.accountNumber,
            errorType: billed.error.type,
            message: billed.error.message,
          }),
        );
      } else {
        invoiceNumbers.push(...billed.value.invoices);
        creditMemoNumbers.push(...billed.value.memos);
        itemsProcessed += billed.value.items;
      }
    }
    const billRun: BillRun = Object.freeze({
      id: context.ids.next('BillRun'),
      number: billRunNumber,
      kind: 'BillRun' as const,
      targetDate,
      createdAt: context.clock.now().toISOString(),
      accountNumbers: filter.accountNumbers,
      invoiceScheduleNumbers: filter.invoiceScheduleNumbers,
      invoiceScheduleItemId: null,
      status: failures.length > 0 ? ('CompletedWithErrors' as const) : ('Completed' as const),
      itemsProcessed,
      invoiceNumbers: Object.freeze(invoiceNumbers),
      creditMemoNumbers: Object.freeze(creditMemoNumbers),
      failures: Object.freeze(failures),
    });
    return inTransaction(context, async function* (repos) {
      yield* await repos.billRuns.insert(billRun);
      const kept = await remember(repos, call, billRun.number);
      if (kept.isErr()) {
        if (kept.error.type !== 'KeyTakenConcurrently') return err(kept.error);
        // Decision 14: a duplicate with this key ran at the same time and recorded its run first. This
        // run's record stays (its documents are listed in it), and the caller gets the first run.
        const first = yield* await recalled(repos, call);
        return loadBillRun(repos, first as string);
      }
      return ok(billRun);
    });
  });
}

/** How many times a run tries an account whose transaction threw or conflicted. */
const ACCOUNT_ATTEMPTS = 3;

/**
 * Bills one account of a run in its own transaction, tried up to {@link ACCOUNT_ATTEMPTS} times when it
 * conflicts with a concurrent writer (`VersionConflict`: the retry reloads and skips what the other one
 * billed) or the store throws (a serialization failure, a dropped connection: the transaction rolled
 * back). A thrown error that persists is the account's failure (`StoreFailure`), not the run's.
 */
async function billAccountWithRetries(
  context: BillingContext,
  args: Parameters<typeof billAccountInTransaction>[2],
): Promise<Result<AccountBilling, { readonly type: string; readonly message: string }>> {
  let failure: { readonly type: string; readonly message: string } = { type: 'StoreFailure', message: '' };
  for (let attempt = 1; attempt <= ACCOUNT_ATTEMPTS; attempt++) {
    try {
      const billed: Result<AccountBilling, ScheduleError | VersionConflict> = await context.store.transaction(
        async (repos) => await billAccountInTransaction(context, repos, args),
      );
      if (billed.isOk() || billed.error.type !== 'VersionConflict') return billed;
      failure = billed.error;
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      failure = {
        type: 'StoreFailure',
        message: `The store threw while billing account ${args.accountNumber} (${ACCOUNT_ATTEMPTS} attempts): ${reason}. Nothing of the account was saved; run the bill run again to bill it.`,
      };
    }
  }
  return err(failure);
}

/** What billing one account in a run produced. @internal */
export interface AccountBilling {
  readonly invoices: string[];
  readonly memos: string[];
  readonly items: number;
}

/**
 * Bills one account inside a transaction: its due schedule items (oldest first), then standard
 * billing of its other charges up to the target date, consolidating the documents of schedules
 * with `invoiceSeparately` false and of standard billing into one invoice whatever their dates
 * (§7.8, decision 11). @internal
 */
export function billAccountInTransaction(
  context: BillingContext,
  repos: Repositories,
  args: {
    readonly accountNumber: string;
    readonly items: readonly PlannedItem[];
    readonly targetDate: BusinessDate;
    readonly billRunNumber: string;
    readonly standard: boolean;
    readonly includePausedSchedules: boolean;
  },
): ResultAsync<AccountBilling, ScheduleError | VersionConflict> {
  return runAccount(context, repos, {
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
  }).map((decided) => ({
    invoices: [...decided.invoiceNumbers],
    memos: [...decided.creditMemoNumbers],
    items: decided.itemsProcessed,
  }));
}

/**
 * A "generate billing documents" request for one account (reference §6.5): a target date
 * (default: today in the tenant's zone).
 * @category Inputs
 * @since 0.1.0
 */
export interface GenerateBillingDocumentsInput {
  readonly accountNumber: string;
  readonly targetDate?: string;
  /** Retrying with the same key returns the first result. */
  readonly idempotencyKey?: string;
}

const GENERATE = 'generateBillingDocuments';

/**
 * Generates the billing documents of one account up to a target date (reference §6.5): its due
 * schedule items — of paused schedules too (§5.3) — and standard billing of its other charges,
 * in one transaction. Returns the bill run record (kind `AccountDocuments`).
 * @example
 * ```ts
 * const billRun = await generateBillingDocuments(context, {
 *   accountNumber: 'A-001',
 *   targetDate: '2023-07-20',
 * });
 * if (billRun.isOk()) console.log(billRun.value.invoiceNumbers, billRun.value.creditMemoNumbers);
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function generateBillingDocuments(
  context: BillingContext,
  input: GenerateBillingDocumentsInput,
): ResultAsync<BillRun, RunBillRunError> {
  return operation(context, async function* () {
    yield* requireFields('generateBillingDocuments', input, {
      accountNumber: EXPECTED_NUMBER.accountNumber,
    });
    const targetDate = yield* targetDateOf(context, input.targetDate);
    const call = yield* idempotentCall(GENERATE, input);
    return answeredOnce(context.store, call, () =>
      inTransaction(context, async function* (repos) {
        const previous = yield* await recalled(repos, call);
        if (previous !== null) return loadBillRun(repos, previous);
        if (!(await repos.accounts.get(input.accountNumber)))
          return err(accountNotFound(input.accountNumber));
        const schedules = await repos.invoiceSchedules.listByAccount(input.accountNumber);
        // Paused schedules are billed here (§5.3): plan them as if they were not paused.
        const plan = planBillRun(schedules, targetDate, {
          accountNumbers: [input.accountNumber],
          includePausedSchedules: true,
        });
        const billRunNumber = await nextNumber(repos, 'BillRun');
        const billed = yield* billAccountInTransaction(context, repos, {
          accountNumber: input.accountNumber,
          items: plan.accounts[0]?.items ?? [],
          targetDate,
          billRunNumber,
          standard: true,
          includePausedSchedules: true,
        });
        const billRun: BillRun = Object.freeze({
          id: context.ids.next('BillRun'),
          number: billRunNumber,
          kind: 'AccountDocuments' as const,
          targetDate,
          createdAt: context.clock.now().toISOString(),
          accountNumbers: Object.freeze([input.accountNumber]),
          invoiceScheduleNumbers: Object.freeze([]),
          invoiceScheduleItemId: null,
          status: 'Completed' as const,
          itemsProcessed: billed.items,
          invoiceNumbers: Object.freeze(billed.invoices),
          creditMemoNumbers: Object.freeze(billed.memos),
          failures: Object.freeze([]),
        });
        yield* await repos.billRuns.insert(billRun);
        yield* await remember(repos, call, billRun.number);
        return ok(billRun);
      }),
    );
  });
}
