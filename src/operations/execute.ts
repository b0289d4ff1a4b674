import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { BillRun } from '../domain/billing/bill-run';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { InvalidInput } from '../domain/errors';
import { type ScheduleError, scheduleError } from '../domain/schedule/errors';
import {
  executeCredit,
  executeItem,
  type NewInvoiceIds,
  type ScheduleExecution,
} from '../domain/schedule/execute';
import {
  earliestPendingItem,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
} from '../domain/schedule/schedule';
import type { BillingContext, InvalidContext, Repositories, VersionConflict } from '../ports';
import { todayIn } from '../time/clock';
import type { BusinessDate } from '../time/date';
import {
  EXPECTED_NUMBER,
  loadCoveredSubscriptions,
  loadSchedule,
  nextNumber,
  recalled,
  remember,
  requireFields,
  withContext,
} from './common';
import { type Consolidation, mergeInvoices } from './consolidation';
import {
  billStandardInTransaction,
  planStandard,
  type StandardDocuments,
  withStandardLines,
} from './standard';

/**
 * Everything executing a schedule can fail with.
 * @category Errors
 * @since 0.1.0
 */
export type ExecuteError = ScheduleError | InvalidInput | VersionConflict | InvalidContext;

/**
 * The execute request (reference §6.2): a schedule and optionally the item to execute, which
 * must be the earliest pending one. Without an item the next pending item is executed.
 * @category Inputs
 * @since 0.1.0
 */
export interface ExecuteInvoiceScheduleInput {
  /** The schedule's number or its id (§10, "Keys"). */
  readonly invoiceScheduleNumber: string;
  readonly itemId?: string;
  /** Retrying with the same key returns the first bill run. */
  readonly idempotencyKey?: string;
}

/** The deterministic key of one execution of an item (decision 14). @internal */
export function executionKey(schedule: InvoiceSchedule, item: InvoiceScheduleItem): string {
  return `execution:${schedule.id}:${item.id}:${item.generation}`;
}

const PLACEHOLDER = Object.freeze({ id: '', number: '' });

/**
 * Runs a pure execution twice: first with placeholder ids to learn which documents it creates,
 * then with numbers drawn only for those, so sequences stay gapless. @internal
 */
async function withDocumentNumbers<T extends ScheduleExecution | null>(
  context: BillingContext,
  repos: Repositories,
  run: (ids: { invoice: NewInvoiceIds; creditMemo: NewInvoiceIds }) => Result<T, ScheduleError>,
): Promise<Result<T, ScheduleError>> {
  const dry = run({ invoice: PLACEHOLDER, creditMemo: PLACEHOLDER });
  if (dry.isErr() || dry.value === null) return dry;
  const invoice = dry.value.invoice
    ? { id: context.ids.next('Invoice'), number: await nextNumber(repos, 'Invoice') }
    : PLACEHOLDER;
  const creditMemo = dry.value.creditMemo
    ? { id: context.ids.next('CreditMemo'), number: await nextNumber(repos, 'CreditMemo') }
    : PLACEHOLDER;
  return run({ invoice, creditMemo });
}

/** Saves what an execution produced (the schedule too unless `withSchedule` is false). @internal */
async function saveExecution(
  repos: Repositories,
  executed: ScheduleExecution,
  withSchedule = true,
): Promise<Result<void, ExecuteError>> {
  if (withSchedule) {
    const saved = await repos.invoiceSchedules.save(executed.schedule);
    if (saved.isErr()) return err(saved.error);
  }
  if (executed.invoice) {
    const r = await repos.invoices.save(executed.invoice);
    if (r.isErr()) return err(r.error);
  }
  if (executed.creditMemo) {
    const r = await repos.creditMemos.save(executed.creditMemo);
    if (r.isErr()) return err(r.error);
  }
  return ok(undefined);
}

/** Adds the documents a consolidation holds for the schedule, so its later items see them. */
function withHeld<T extends { invoices: readonly Invoice[]; creditMemos: readonly CreditMemo[] }>(
  inputs: T,
  held: Consolidation | null,
  scheduleNumber: string,
): T {
  if (!held) return inputs;
  const mine = (d: Invoice | CreditMemo) => d.lines.some((l) => l.invoiceScheduleNumber === scheduleNumber);
  return {
    ...inputs,
    invoices: [...inputs.invoices, ...held.invoices().filter(mine)],
    creditMemos: [...inputs.creditMemos, ...held.memos().filter(mine)],
  };
}

async function executionInputs(context: BillingContext, repos: Repositories, schedule: InvoiceSchedule) {
  return {
    subscriptions: await loadCoveredSubscriptions(repos, schedule),
    settings: context.settings,
    invoices: await repos.invoices.listBySchedule(schedule.number),
    creditMemos: await repos.creditMemos.listBySchedule(schedule.number),
  };
}

/**
 * Executes one item inside a transaction: builds its invoice (and credit memo), saves them with
 * the schedule, and claims the item's execution key so the same execution can never bill twice.
 * @internal
 */
export async function executeInTransaction(
  context: BillingContext,
  repos: Repositories,
  schedule: InvoiceSchedule,
  item: InvoiceScheduleItem,
  billRunNumber: string,
  consolidation: Consolidation | null = null,
): Promise<Result<ScheduleExecution & { readonly additional: StandardDocuments }, ExecuteError>> {
  // §7.8, decision 11: with invoiceSeparately false, the item joins the account's shared invoice of
  // the run, whatever its run date, instead of getting its own. Its documents are held by the
  // consolidation, with provisional numbers, until the account's run ends (a net negative merge
  // becomes one memo).
  const held = consolidation && !schedule.invoiceSeparately && item.runDate !== null ? consolidation : null;
  const inputs = withHeld(await executionInputs(context, repos, schedule), held, schedule.number);
  const target = held ? held.target(schedule.currency) : undefined;
  const executed = held
    ? executeItem({
        ...inputs,
        invoice: target ? { id: target.id, number: target.number } : held.provisional('Invoice'),
        creditMemo: held.provisional('CreditMemo'),
        schedule,
        itemId: item.id,
        billRunNumber,
      })
    : await withDocumentNumbers(context, repos, (ids) =>
        executeItem({ ...inputs, ...ids, schedule, itemId: item.id, billRunNumber }),
      );
  if (executed.isErr()) return err(executed.error);
  const claimed = await repos.idempotency.insert({
    key: executionKey(schedule, item),
    operation: 'executeItem',
    // A held invoice has no number yet.
    result: held ? '' : (executed.value.invoice?.number ?? ''),
  });
  if (!claimed) {
    return err({
      type: 'VersionConflict',
      message: `Item ${item.id} of ${schedule.number} was executed concurrently; reload the schedule.`,
      entity: 'InvoiceSchedule',
      key: schedule.number,
      expectedVersion: schedule.version,
      actualVersion: null,
    });
  }
  // §7.7: the schedule's additional subscriptions (same owner only) are billed with the item by
  // standard billing up to its target date; their lines join the item's invoice, their credits
  // come as a separate credit memo (C21, C30).
  const additional = await additionalSubscriptions(repos, schedule);
  const targetDate = (item.targetDateForAdditionalSubscriptions ?? item.runDate) as BusinessDate;
  let execution = executed.value;
  if (additional.length > 0 && execution.invoice) {
    const { plans } = await planStandard(context, repos, schedule.accountNumber, additional, targetDate);
    const invoice = execution.invoice;
    for (const plan of plans) {
      if (plan.lines[0]?.subscription.currency !== invoice.currency) continue;
      execution = { ...execution, invoice: withStandardLines(invoice, plan, context) };
    }
  }
  if (held && target && execution.invoice)
    execution = { ...execution, invoice: mergeInvoices(target, execution.invoice, held.targetDate) };
  // The schedule is saved last, once the additional subscriptions are billed: the item links their
  // credit memo too (C21's item row shows "INV005 CM001"), though it is not a credit of the
  // schedule's charges and leaves the item's billed amount as it is.
  if (held) {
    if (execution.invoice) held.record(execution.invoice);
    if (execution.creditMemo) held.addMemo(execution.creditMemo);
  } else {
    const saved = await saveExecution(repos, execution, false);
    if (saved.isErr()) return err(saved.error);
  }
  let extra: StandardDocuments = { invoices: [], creditMemo: null };
  if (additional.length > 0) {
    const billed = await billStandardInTransaction(context, repos, {
      accountNumber: schedule.accountNumber,
      subscriptions: additional,
      targetDate,
      invoiceDate: item.runDate as BusinessDate,
      billRunNumber,
    });
    if (billed.isErr()) return err(billed.error);
    extra = billed.value;
  }
  const memo = extra.creditMemo;
  if (memo) {
    const items = execution.schedule.items.map((i) =>
      i.id === item.id
        ? Object.freeze({ ...i, creditMemoNumbers: Object.freeze([...i.creditMemoNumbers, memo.number]) })
        : i,
    );
    execution = {
      ...execution,
      schedule: Object.freeze({ ...execution.schedule, items: Object.freeze(items) }),
    };
  }
  const savedSchedule = await repos.invoiceSchedules.save(execution.schedule);
  if (savedSchedule.isErr()) return err(savedSchedule.error);
  return ok({ ...execution, additional: extra });
}

/** The schedule's additional subscriptions that have its owner (others are not billed, §4.2 rule 11). */
async function additionalSubscriptions(
  repos: Repositories,
  schedule: InvoiceSchedule,
): Promise<Subscription[]> {
  const out: Subscription[] = [];
  for (const number of schedule.additionalSubscriptionsToBill) {
    const sub = await repos.subscriptions.get(number);
    if (sub && sub.accountNumber === schedule.accountNumber) out.push(sub);
  }
  return out;
}

/**
 * Produces the credit due on a schedule inside a transaction (decision 5); `null` when none is
 * due. @internal
 */
export async function creditInTransaction(
  context: BillingContext,
  repos: Repositories,
  schedule: InvoiceSchedule,
  memoDate: BusinessDate,
  dueBy: BusinessDate | null,
  billRunNumber: string,
  consolidation: Consolidation | null = null,
): Promise<Result<ScheduleExecution | null, ExecuteError>> {
  // A consolidating schedule's credit memo is held with the account's documents of the run (§7.8).
  const held = consolidation && !schedule.invoiceSeparately ? consolidation : null;
  const inputs = withHeld(await executionInputs(context, repos, schedule), held, schedule.number);
  const executed = held
    ? executeCredit({
        ...inputs,
        invoice: PLACEHOLDER,
        creditMemo: held.provisional('CreditMemo'),
        schedule,
        memoDate,
        dueBy,
        billRunNumber,
      })
    : await withDocumentNumbers(context, repos, (ids) =>
        executeCredit({ ...inputs, ...ids, schedule, memoDate, dueBy, billRunNumber }),
      );
  if (executed.isErr()) return err(executed.error);
  if (executed.value === null) return ok(null);
  if (held && executed.value.creditMemo) {
    held.addMemo(executed.value.creditMemo);
    const saved = await repos.invoiceSchedules.save(executed.value.schedule);
    if (saved.isErr()) return err(saved.error);
    return ok(executed.value);
  }
  const saved = await saveExecution(repos, executed.value);
  if (saved.isErr()) return err(saved.error);
  return ok(executed.value);
}

const OPERATION = 'executeInvoiceSchedule';

/**
 * Executes a schedule by hand (Execute API / UI "Generate", reference §6.2): the named item,
 * which must be the earliest pending one, or the next pending item. Refused on a paused
 * schedule. The invoice date is the item's run date even when executed early (§6.3); the item
 * passes Executing → Processed within the operation. Returns the bill run created for it.
 * Repeating the execution of an item already processed by it returns that first bill run.
 * @example
 * ```ts
 * // The next pending item; pass `itemId` to name it (it must be the earliest pending one).
 * const executed = await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' });
 * if (executed.isOk()) console.log(executed.value.invoiceNumbers); // e.g. ['INV00000001']
 * ```
 * @category Operations
 * @since 0.1.0
 */
export function executeInvoiceSchedule(
  context: BillingContext,
  input: ExecuteInvoiceScheduleInput,
): ResultAsync<BillRun, ExecuteError> {
  return withContext<BillRun, ExecuteError>(context, async () => {
    const given = requireFields(OPERATION, input, {
      invoiceScheduleNumber: EXPECTED_NUMBER.invoiceScheduleNumber,
    });
    if (given.isErr()) return err(given.error);
    return context.store.transaction<BillRun, ExecuteError>(async (repos) => {
      const previous = await recalled(repos, input.idempotencyKey, OPERATION);
      if (previous.isErr()) return err(previous.error);
      if (previous.value !== null) return loadBillRun(repos, previous.value);
      const loaded = await loadSchedule(repos, given.value.invoiceScheduleNumber);
      if (loaded.isErr()) return err(loaded.error);
      const schedule = loaded.value;
      if (schedule.status === 'Paused') {
        return err(
          scheduleError({
            type: 'InvoiceSchedulePaused',
            message: `Invoice schedule ${schedule.number} is paused; resume it before executing it.`,
            invoiceScheduleNumber: schedule.number,
          }),
        );
      }
      const earliest = earliestPendingItem(schedule);
      if (input.itemId !== undefined) {
        const named = schedule.items.find((i) => i.id === input.itemId);
        if (!named) {
          return err(
            scheduleError({
              type: 'InvoiceScheduleItemNotFound',
              message: `Invoice schedule ${schedule.number} has no item ${input.itemId}.`,
              invoiceScheduleNumber: schedule.number,
              itemId: input.itemId,
            }),
          );
        }
        if (named.status === 'Processed') {
          // A retry of an execution that already happened returns its bill run.
          const done = await repos.idempotency.get(
            `${OPERATION}:item:${schedule.id}:${named.id}:${named.generation}`,
          );
          if (done) return loadBillRun(repos, done.result);
          return err(
            scheduleError({
              type: 'ItemAlreadyProcessed',
              message: `Item ${named.sequence} of ${schedule.number} is already processed.`,
              invoiceScheduleNumber: schedule.number,
              itemId: named.id,
            }),
          );
        }
        if (earliest && earliest.id !== named.id) {
          return err(
            scheduleError({
              type: 'NotEarliestPendingItem',
              message: `Item ${named.sequence} of ${schedule.number} is not the earliest pending item; execute item ${earliest.sequence} first (§6.2).`,
              invoiceScheduleNumber: schedule.number,
              itemId: named.id,
              earliestPendingItemId: earliest.id,
            }),
          );
        }
      }
      const billRunNumber = await nextNumber(repos, 'BillRun');
      let executed: ScheduleExecution;
      let targetDate: BusinessDate;
      let extra: StandardDocuments = { invoices: [], creditMemo: null };
      if (earliest) {
        const run = await executeInTransaction(context, repos, schedule, earliest, billRunNumber);
        if (run.isErr()) return err(run.error);
        executed = run.value;
        extra = run.value.additional;
        targetDate = earliest.runDate as BusinessDate;
      } else {
        // §6.2: with every item processed, execute without an item produces the credit due.
        const today = todayIn(context.clock, context.settings.timeZone);
        /* v8 ignore next */
        if (today.isErr()) throw new Error(today.error.message);
        const credited = await creditInTransaction(
          context,
          repos,
          schedule,
          today.value,
          null,
          billRunNumber,
        );
        if (credited.isErr()) return err(credited.error);
        if (credited.value === null) {
          return err(
            scheduleError({
              type: 'NothingToExecute',
              message: `Invoice schedule ${schedule.number} has no pending item and no credit is due (decision 12).`,
              invoiceScheduleNumber: schedule.number,
            }),
          );
        }
        executed = credited.value;
        targetDate = today.value;
      }
      const billRun: BillRun = Object.freeze({
        id: context.ids.next('BillRun'),
        number: billRunNumber,
        kind: 'ScheduleExecution' as const,
        targetDate,
        createdAt: context.clock.now().toISOString(),
        accountNumbers: Object.freeze([schedule.accountNumber]),
        invoiceScheduleNumbers: Object.freeze([schedule.number]),
        invoiceScheduleItemId: input.itemId ?? null,
        status: 'Completed' as const,
        itemsProcessed: earliest ? 1 : 0,
        invoiceNumbers: Object.freeze([
          ...(executed.invoice ? [executed.invoice.number] : []),
          ...extra.invoices.map((i) => i.number),
        ]),
        creditMemoNumbers: Object.freeze([
          ...(executed.creditMemo ? [executed.creditMemo.number] : []),
          ...(extra.creditMemo ? [extra.creditMemo.number] : []),
        ]),
        failures: Object.freeze([]),
      });
      const inserted = await repos.billRuns.insert(billRun);
      if (inserted.isErr()) return err(inserted.error);
      if (earliest) {
        await repos.idempotency.insert({
          key: `${OPERATION}:item:${schedule.id}:${earliest.id}:${earliest.generation}`,
          operation: OPERATION,
          result: billRun.number,
        });
      }
      const remembered = await remember(repos, input.idempotencyKey, OPERATION, billRun.number);
      if (remembered.isErr()) return err(remembered.error);
      return ok(billRun);
    });
  });
}

/** Loads a bill run recorded earlier. @internal */
export async function loadBillRun(
  repos: Repositories,
  number: string,
): Promise<Result<BillRun, ExecuteError>> {
  const billRun = await repos.billRuns.get(number);
  /* v8 ignore next 3 */
  if (!billRun) {
    throw new Error(`Bill run ${number} recorded for an idempotency key is missing from the store.`);
  }
  return ok(billRun);
}
