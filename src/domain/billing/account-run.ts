import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { frozenDecimal, ZERO } from '../../money/decimal';
import type { BusinessDate } from '../../time/date';
import { holdsDiscounts } from '../contract/charge-value';
import type { Subscription } from '../contract/subscription';
import type { CreditMemo } from '../documents/credit-memo';
import type { Invoice } from '../documents/invoice';
import { EMPTY_LIST } from '../freeze';
import { compareNumbering } from '../numbers';
import { scheduleDraft } from '../schedule/copy';
import type { ScheduleError } from '../schedule/errors';
import { executeCredit, executeItem, type NewInvoiceIds, type ScheduleExecution } from '../schedule/execute';
import { invoicedByCharge } from '../schedule/lines';
import type { InvoiceSchedule, InvoiceScheduleItem, ScheduleCharge } from '../schedule/schedule';
import type { TenantSettings } from '../settings';
import { closeConsolidation, mergeInvoices } from './consolidation';
import { planBillRun } from './plan';
import {
  billedByCharge,
  billedSpansByCharge,
  hasStandardCharges,
  planStandardBilling,
  type StandardBillingPlan,
  standardDocuments,
  standardInvoiceGroups,
  standardInvoiceLines,
  voidedRangesByCharge,
} from './standard';

// One account's billing in one run, decided at once (load, decide once, save): given everything the
// run may read, the core returns every document, schedule change and execution claim of the account;
// the operation draws the numbers and saves. New documents carry provisional ids and numbers
// (`new:Invoice:000001` …) until `assignNumbers` gives them the real ones, in the order the decision
// lists them, so the sequences stay gapless.

export {
  type AccountRunData,
  type AccountRunDecision,
  type AccountRunRequest,
  type AccountRunStep,
  assignNumbers,
  type DocumentsNeeded,
  type DrawnNumbers,
  type ExecutionClaim,
  executionKey,
  type NewDocument,
  type StepOutcome,
} from './account-run-model';

import {
  type AccountRunData,
  type AccountRunDecision,
  type AccountRunRequest,
  type DocumentsNeeded,
  type ExecutionClaim,
  executionKey,
  NEW,
  type NewDocument,
  type StepOutcome,
} from './account-run-model';

/** What a run decided without its schedules' documents answers when it credits. */
const DOCUMENTS_NEEDED: DocumentsNeeded = Object.freeze({ documentsNeeded: true });

/** The working state of a decision; local to {@link decideAccountRun}. */
interface Work {
  readonly request: AccountRunRequest;
  readonly data: AccountRunData;
  readonly schedules: Map<string, InvoiceSchedule>;
  readonly changed: Set<string>;
  /** Every document the run can see, by number: the loaded ones, then the new ones. */
  readonly invoices: Map<string, Invoice>;
  readonly memos: Map<string, CreditMemo>;
  /** New documents issued at once (not held), in creation order. */
  readonly direct: NewDocument[];
  /** Held (consolidated) documents: the shared invoice per currency, memos, holding order. */
  readonly heldInvoices: Map<string, Invoice>;
  readonly heldMemos: Map<string, CreditMemo>;
  readonly holdOrder: string[];
  readonly invoiceNumbers: string[];
  readonly creditMemoNumbers: string[];
  readonly executions: ExecutionClaim[];
  counter: number;
}

function provisional(work: Work, kind: 'Invoice' | 'CreditMemo'): { id: string; number: string } {
  work.counter += 1;
  const n = `${NEW}${kind}:${String(work.counter).padStart(6, '0')}`;
  return { id: n, number: n };
}

function see(work: Work, document: NewDocument): void {
  if (document.kind === 'Invoice') work.invoices.set(document.invoice.number, document.invoice);
  else work.memos.set(document.memo.number, document.memo);
}

function issue(work: Work, document: NewDocument): void {
  work.direct.push(document);
  see(work, document);
  if (document.kind === 'Invoice') work.invoiceNumbers.push(document.invoice.number);
  else work.creditMemoNumbers.push(document.memo.number);
}

function hold(work: Work, document: NewDocument): void {
  see(work, document);
  const number = document.kind === 'Invoice' ? document.invoice.number : document.memo.number;
  if (document.kind === 'Invoice') work.heldInvoices.set(document.invoice.currency, document.invoice);
  else work.heldMemos.set(number, document.memo);
  if (!work.holdOrder.includes(number)) work.holdOrder.push(number);
}

function setSchedule(work: Work, schedule: InvoiceSchedule): void {
  work.schedules.set(schedule.number, schedule);
  work.changed.add(schedule.number);
}

/** The documents of a schedule so far (a line of the schedule), as the execution reads them. */
function scheduleInputs(work: Work, schedule: InvoiceSchedule) {
  const subscriptions = new Map<string, Subscription>();
  const charges = schedule.charges;
  for (let k = 0; k < charges.length; k++) {
    const sub = work.data.subscriptions.get((charges[k] as ScheduleCharge).subscriptionNumber);
    if (sub) subscriptions.set(sub.number, sub);
  }
  return {
    subscriptions,
    settings: work.request.settings,
    invoices: documentsOfSchedule(work.invoices, schedule.number),
    creditMemos: documentsOfSchedule(work.memos, schedule.number),
  };
}

/** The documents with a line of the schedule, in the map's order (none: a shared empty list). */
function documentsOfSchedule<D extends Invoice | CreditMemo>(
  documents: ReadonlyMap<string, D>,
  scheduleNumber: string,
): readonly D[] {
  if (documents.size === 0) return EMPTY_LIST;
  const out: D[] = [];
  documents.forEach((d) => {
    if (d.lines.some((l) => l.invoiceScheduleNumber === scheduleNumber)) out.push(d);
  });
  return out;
}

/**
 * Runs a pure execution once, with a provisional invoice and credit memo number reserved. Provisional
 * numbers are placeholders — `assignNumbers` gives the real ones by the documents' order — so a document
 * the execution does not create leaves a gap in them that nothing sees (it was run twice before, the
 * first time only to learn which documents it creates: issue 11).
 */
function withProvisionalNumbers<T extends ScheduleExecution | null>(
  work: Work,
  run: (ids: {
    invoice: { id: string; number: string };
    creditMemo: { id: string; number: string };
  }) => Result<T, ScheduleError>,
): Result<T, ScheduleError> {
  return run({ invoice: provisional(work, 'Invoice'), creditMemo: provisional(work, 'CreditMemo') });
}

/** The account's documents for standard billing: plans per currency of some of its subscriptions. */
function planStandard(
  work: Work,
  subscriptions: readonly Subscription[],
  targetDate: BusinessDate,
): readonly StandardBillingPlan[] {
  const owned = subscriptions.filter((s) => s.accountNumber === work.request.accountNumber);
  // No regular charge left to standard billing (every one attached to a schedule): no line and no credit
  // (`planStandardBilling` looks at no other charge), so the documents need not be summed.
  if (!hasStandardCharges(owned, work.data.scheduledCharges)) return [];
  const invoices = [...work.invoices.values()];
  const memos = [...work.memos.values()];
  const billed = billedByCharge(invoices, memos);
  const billedSpans = billedSpansByCharge(invoices, memos);
  // Canceled memos are not among the run's memos (they credit nothing), but their netted lines' days are voided.
  const voided = voidedRangesByCharge(invoices, work.data.creditMemos);
  // What the live lines invoiced, gross and discounts, for discounted charges' next lines (like decision 2).
  const discounted = owned.some((s) => s.ratePlans.some(holdsDiscounts));
  const invoiced = discounted ? invoicedByCharge(invoices, null) : undefined;
  const currencies = [...new Set(subscriptions.map((s) => s.currency))].sort();
  return currencies.map((code) =>
    planStandardBilling({
      subscriptions: owned,
      excluded: work.data.scheduledCharges,
      billed,
      billedSpans,
      voided,
      ...(invoiced === undefined ? {} : { invoiced }),
      targetDate,
      currency: getCurrency(code)._unsafeUnwrap(),
      settings: work.request.settings,
      ...(work.data.detachedCharges === undefined ? {} : { detached: work.data.detachedCharges }),
    }),
  );
}

/**
 * How standard billing's documents meet the run's consolidated documents (§7.8, decision 11): `none`, issued
 * at once; `join` (the account's standard billing of the run: "joins it"), held with the run's consolidated
 * documents of the currency when there are any, else issued at once; `hold` (the additional subscriptions of a
 * consolidating item, consolidated with it), held whatever, so that their invoice becomes the shared invoice
 * when there is none yet.
 */
type StandardConsolidation = 'none' | 'join' | 'hold';

/**
 * Standard billing of some of the account's subscriptions up to `targetDate`, dated `invoiceDate`. When held
 * (see {@link StandardConsolidation}), the first (shared) invoice joins the run's consolidated documents of
 * the currency — merged into the shared invoice, or held as it so that a net negative merge becomes one credit
 * memo — and the credit memo is held with them. With `oneInvoice` (an item's additional subscriptions, which it
 * bills with it whatever their "invoice separately" flag, §7.7) the lines of a currency make one invoice.
 * Returns the documents.
 */
function billStandard(
  work: Work,
  subscriptions: readonly Subscription[],
  targetDate: BusinessDate,
  invoiceDate: BusinessDate,
  consolidation: StandardConsolidation,
  oneInvoice = false,
): { invoices: Invoice[]; creditMemo: CreditMemo | null } {
  const out: { invoices: Invoice[]; creditMemo: CreditMemo | null } = { invoices: [], creditMemo: null };
  for (const plan of planStandard(work, subscriptions, targetDate)) {
    if (plan.lines.length === 0 && plan.credits.length === 0) continue;
    const currency = getCurrency(
      plan.lines[0]?.subscription.currency ?? plan.credits[0]?.subscription.currency ?? '',
    )._unsafeUnwrap();
    const build = (ids: {
      invoiceIds: { id: string; number: string }[];
      creditMemo: { id: string; number: string };
    }) =>
      standardDocuments({
        plan,
        accountNumber: work.request.accountNumber,
        currency,
        invoiceDate,
        invoices: [...work.invoices.values()],
        creditMemos: [...work.memos.values()],
        settings: work.request.settings,
        billRunNumber: work.request.billRunNumber,
        oneInvoice,
        ...ids,
      });
    const dry = build({ invoiceIds: [], creditMemo: { id: '', number: '' } });
    const groups = standardInvoiceGroups(plan.lines, oneInvoice);
    const target = consolidation === 'none' ? undefined : work.heldInvoices.get(currency.code);
    // Held with the run's consolidated documents of the currency: its shared invoice, or only credit memos (a
    // consolidating schedule that only credited in this run); a consolidating item's additional subscriptions
    // also when there are none yet (their invoice becomes the shared invoice).
    const held =
      consolidation === 'hold' ||
      target !== undefined ||
      (consolidation === 'join' && holdsMemoIn(work, currency.code));
    const joins = held && groups[0]?.some((l) => oneInvoice || !l.subscription.invoiceSeparately) === true;
    const invoiceIds = groups.map((_, i) =>
      i === 0 && joins && target ? { id: target.id, number: target.number } : provisional(work, 'Invoice'),
    );
    const creditMemo = dry.creditMemo ? provisional(work, 'CreditMemo') : { id: '', number: '' };
    const docs = build({ invoiceIds, creditMemo });
    for (const [i, built] of docs.invoices.entries()) {
      if (i === 0 && joins) {
        // Merged into the shared invoice, or held as it.
        const invoice = target ? mergeInvoices(target, built, work.request.targetDate) : built;
        hold(work, { kind: 'Invoice', invoice });
        out.invoices.push(invoice);
        continue;
      }
      issue(work, { kind: 'Invoice', invoice: built });
      out.invoices.push(built);
    }
    if (docs.creditMemo) {
      // With consolidated documents in the run, the credit memo is held with them too.
      if (held) hold(work, { kind: 'CreditMemo', memo: docs.creditMemo });
      else issue(work, { kind: 'CreditMemo', memo: docs.creditMemo });
      out.creditMemo = docs.creditMemo;
    }
  }
  return out;
}

/** Whether the run holds a credit memo in `currency` (a consolidating source's, until the account's run ends). */
function holdsMemoIn(work: Work, currency: string): boolean {
  for (const memo of work.heldMemos.values()) if (memo.currency === currency) return true;
  return false;
}

/** Appends standard-billing lines to an item's invoice (additional subscriptions, §7.7). */
function withStandardLines(invoice: Invoice, plan: StandardBillingPlan, settings: TenantSettings): Invoice {
  if (plan.lines.length === 0) return invoice;
  const currency = getCurrency(invoice.currency)._unsafeUnwrap();
  const added = standardInvoiceLines(
    plan.lines,
    invoice.id,
    currency,
    settings.rounding,
    invoice.lines.length + 1,
  );
  const lines = [...invoice.lines, ...added];
  return Object.freeze({
    ...invoice,
    lines: Object.freeze(lines),
    amount: frozenDecimal(lines.reduce((a, l) => a.plus(l.amount), ZERO)),
  });
}

/** Executes one due item (§6, §7, §8.3) with its additional subscriptions (§7.7). */
function executeStep(
  work: Work,
  schedule: InvoiceSchedule,
  item: InvoiceScheduleItem,
): Result<void, ScheduleError> {
  const { request } = work;
  // §7.8, decision 11: with invoiceSeparately false, the item joins the account's shared invoice of the
  // run, whatever its run date; its documents are held until the account's run ends.
  const held = request.consolidate && !schedule.invoiceSeparately && item.runDate !== null;
  const inputs = scheduleInputs(work, schedule);
  const target = held ? work.heldInvoices.get(schedule.currency) : undefined;
  // One literal per execution (the inputs read by field): spreading them into it costs more than the rest.
  const executeWith = (invoice: NewInvoiceIds, creditMemo: NewInvoiceIds) =>
    executeItem({
      subscriptions: inputs.subscriptions,
      settings: inputs.settings,
      invoices: inputs.invoices,
      creditMemos: inputs.creditMemos,
      schedule,
      itemId: item.id,
      billRunNumber: request.billRunNumber,
      invoice,
      creditMemo,
    });
  const executed = held
    ? executeWith(
        target ? { id: target.id, number: target.number } : provisional(work, 'Invoice'),
        provisional(work, 'CreditMemo'),
      )
    : withProvisionalNumbers(work, (ids) => executeWith(ids.invoice, ids.creditMemo));
  if (executed.isErr()) return err(executed.error);
  let execution = executed.value;
  work.executions.push({
    key: executionKey(schedule, item),
    invoiceScheduleNumber: schedule.number,
    loadedVersion: work.data.schedules.get(schedule.number)?.version ?? schedule.version,
    // A held invoice's number is known only once the consolidation closes.
    invoiceNumber: held ? '' : (execution.invoice?.number ?? ''),
  });
  // §7.7: the schedule's additional subscriptions (same owner only) are billed with the item by standard
  // billing up to its target date; their lines join the item's invoice, their credits come as a separate
  // credit memo (C21, C30).
  // Each once: a schedule saved before repeats were refused may list one twice.
  const additional =
    schedule.additionalSubscriptionsToBill.length === 0
      ? EMPTY_LIST
      : [...new Set(schedule.additionalSubscriptionsToBill)]
          .map((n) => work.data.subscriptions.get(n))
          .filter((s): s is Subscription => s !== undefined && s.accountNumber === schedule.accountNumber);
  // Decision 18: the day the item became due — its run date, or the `nextRunDate` it was pulled forward to — as
  // the execution read it on the schedule as stored (and dated its documents, if any).
  const dueDate = execution.dueDate;
  // §7.7: up to the item's target date, else the day it runs — its due date, so that a pulled-forward item bills
  // no period its own documents' date (and the run's target date) has not reached.
  const targetDate = item.targetDateForAdditionalSubscriptions ?? dueDate;
  if (additional.length > 0 && execution.invoice) {
    const invoice = execution.invoice;
    for (const plan of planStandard(work, additional, targetDate)) {
      if (plan.lines[0]?.subscription.currency !== invoice.currency) continue;
      execution = { ...execution, invoice: withStandardLines(invoice, plan, request.settings) };
    }
  }
  if (held && target && execution.invoice)
    execution = { ...execution, invoice: mergeInvoices(target, execution.invoice, request.targetDate) };
  const place = held ? hold : issue;
  if (execution.invoice) place(work, { kind: 'Invoice', invoice: execution.invoice });
  if (execution.creditMemo) place(work, { kind: 'CreditMemo', memo: execution.creditMemo });
  let schedule2 = execution.schedule;
  if (additional.length > 0) {
    // A consolidating item's additional subscriptions are consolidated with it (decision 11): when the item
    // issued no invoice (it only credits, or its actual amount is 0), their invoice joins the run's shared
    // invoice or becomes it, so the account's later documents of the run join it and a net negative merge nets
    // it too; their credit memo is held with them. Dated like the item's documents (decision 18).
    const extra = billStandard(work, additional, targetDate, dueDate, held ? 'hold' : 'none', true);
    const memo = extra.creditMemo;
    // The item links the additional subscriptions' credit memo too (C21's item row shows "INV005 CM001"),
    // though it is not a credit of the schedule's charges and leaves its billed amount as it is. Processed with a
    // document then, it records the day it became due, also when the memo is its only one (review 189).
    if (memo) {
      const items = schedule2.items.map((i) =>
        i.id === item.id
          ? Object.freeze({
              ...i,
              creditMemoNumbers: Object.freeze([...i.creditMemoNumbers, memo.number]),
              dueDate: i.dueDate ?? dueDate,
            })
          : i,
      );
      schedule2 = Object.freeze({ ...schedule2, items: Object.freeze(items) });
    }
  }
  setSchedule(work, schedule2);
  return ok(undefined);
}

/** Produces the credit due on a schedule without an item (decision 5); false when none is due. */
function creditStep(
  work: Work,
  schedule: InvoiceSchedule,
  memoDate: BusinessDate,
  dueBy: BusinessDate | null,
): Result<boolean, ScheduleError> {
  const { request } = work;
  // A consolidating schedule's credit memo is held with the account's documents of the run (§7.8).
  const held = request.consolidate && !schedule.invoiceSeparately;
  const args = {
    ...scheduleInputs(work, schedule),
    schedule,
    memoDate,
    dueBy,
    billRunNumber: request.billRunNumber,
  };
  const executed = held
    ? executeCredit({ ...args, invoice: { id: '', number: '' }, creditMemo: provisional(work, 'CreditMemo') })
    : withProvisionalNumbers(work, (ids) => executeCredit({ ...args, ...ids }));
  if (executed.isErr()) return err(executed.error);
  if (executed.value === null) return ok(false);
  const memo = executed.value.creditMemo;
  if (memo) (held ? hold : issue)(work, { kind: 'CreditMemo', memo });
  setSchedule(work, executed.value.schedule);
  return ok(true);
}

/** Whether a run decided without the schedules' documents has credited: it is decided again with them. */
function creditedWithoutDocuments(work: Work): boolean {
  return work.data.scheduleDocumentsOmitted === true && (work.memos.size > 0 || work.heldMemos.size > 0);
}

/**
 * One run leaves nothing due by its target date (§6.6 rule 3, §8.4). An item gives only the credits due by its
 * own run date (unless it settles them all), so a schedule whose due items the run processed can be left with
 * a credit due after the last one's run date but by the target date: its `nextRunDate` moves to that day and
 * the next run would bill it. So the schedules the run changed are planned again as they now stand, by the
 * run's own planner, and what is due is billed now as that next run would bill it: the next pending item
 * pulled forward to the credit's date, which carries the credit (§8.4; both documents dated that day, decision
 * 18), or, with no pending item to carry it (none left, or a blank run date), the credit alone as a credit
 * step of the run (as of the target date, for the credits due by it; dated the credit's due date, the
 * schedule's `nextRunDate`). Repeated until nothing is due — at once, in most runs. Documents and claims
 * follow the steps' own rules (consolidation §7.8, decision 14). `DOCUMENTS_NEEDED` when it credits without
 * the schedules' documents.
 */
function catchUp(work: Work): Result<DocumentsNeeded | null, ScheduleError> {
  const { request } = work;
  // Schedules whose credit step found nothing to issue: planned no more (else planned again for ever).
  const settled = new Set<string>();
  for (;;) {
    const current: InvoiceSchedule[] = [];
    for (const number of work.changed)
      if (!settled.has(number)) current.push(work.schedules.get(number) as InvoiceSchedule);
    const plan = planBillRun(current, request.targetDate, {
      includePausedSchedules: request.includePausedSchedules,
    });
    const due = plan.accounts.flatMap((a) => a.items);
    if (due.length === 0) return ok(null);
    for (const planned of due) {
      const schedule = work.schedules.get(planned.invoiceScheduleNumber) as InvoiceSchedule;
      if (planned.itemId === null) {
        // Without the schedules' documents a credit cannot name the invoice lines it credits.
        if (work.data.scheduleDocumentsOmitted === true) return ok(DOCUMENTS_NEEDED);
        const credited = creditStep(work, schedule, request.targetDate, request.targetDate);
        if (credited.isErr()) return err(credited.error);
        if (!credited.value) settled.add(schedule.number);
        continue;
      }
      const item = schedule.items.find((i) => i.id === planned.itemId) as InvoiceScheduleItem;
      const executed = executeStep(work, schedule, item);
      if (executed.isErr()) return err(executed.error);
      if (creditedWithoutDocuments(work)) return ok(DOCUMENTS_NEEDED);
    }
  }
}

/** Closes the consolidation: issues the held documents and relinks the schedules' items to them. */
function closeHeld(work: Work): NewDocument[] {
  const closed = closeConsolidation(
    [...work.heldInvoices.values()],
    [...work.heldMemos.values()],
    work.holdOrder,
    work.request.targetDate,
  );
  if (closed.issued.length === 0) return [];
  for (const d of closed.issued) {
    if (d.kind === 'Invoice') work.invoiceNumbers.push(d.invoice.number);
    else work.creditMemoNumbers.push(d.memo.number);
  }
  const issuedAs = (n: string) => closed.issuedAs.get(n) ?? n;
  for (const [number, schedule] of work.schedules) {
    if (!work.changed.has(number)) continue;
    let changed = false;
    const items = schedule.items.map((item) => {
      const heldInvoice = item.invoiceNumber !== null && closed.issuedAs.has(item.invoiceNumber);
      if (!heldInvoice && !item.creditMemoNumbers.some((n) => closed.issuedAs.has(n))) return item;
      changed = true;
      const memoNumbers = item.creditMemoNumbers.map(issuedAs);
      let invoiceNumber = item.invoiceNumber;
      if (invoiceNumber !== null && heldInvoice) {
        // An invoice netted into a credit memo: the item links the memo.
        if (closed.nettedInvoices.has(invoiceNumber)) {
          memoNumbers.push(issuedAs(invoiceNumber));
          invoiceNumber = null;
        } else invoiceNumber = issuedAs(invoiceNumber);
      }
      return Object.freeze({
        ...item,
        invoiceNumber,
        creditMemoNumbers: Object.freeze([...new Set(memoNumbers)]),
      });
    });
    if (changed) work.schedules.set(number, Object.freeze({ ...schedule, items: Object.freeze(items) }));
  }
  return [...closed.issued];
}

/**
 * The items the run processed: those `Processed` in the saved schedules that were not as loaded — each executed
 * item and the zero tail processed with it (decision 19) — as the `ItemProcessed` events of the save count them.
 */
function itemsProcessedBy(
  loaded: ReadonlyMap<string, InvoiceSchedule>,
  saved: readonly InvoiceSchedule[],
): number {
  let count = 0;
  for (const schedule of saved) {
    const before = loaded.get(schedule.number)?.items ?? EMPTY_LIST;
    for (let k = 0; k < schedule.items.length; k++) {
      const item = schedule.items[k] as InvoiceScheduleItem;
      if (item.status !== 'Processed') continue;
      // A run keeps the items' order: the loaded item is at the same index (else found by id).
      const at = before[k];
      const was = at?.id === item.id ? at : before.find((i) => i.id === item.id);
      if (was?.status !== 'Processed') count += 1;
    }
  }
  return count;
}

/** Whether the bill run's planner would still bill this item of the schedule as it is now. */
function stillDue(schedule: InvoiceSchedule, itemId: string, request: AccountRunRequest): boolean {
  const plan = planBillRun([schedule], request.targetDate, {
    includePausedSchedules: request.includePausedSchedules,
  });
  return plan.accounts.some((a) => a.items.some((i) => i.itemId === itemId));
}

/**
 * Whether a schedule has billed part of a charge under discounts: its next lines continue from the gross and
 * discount lines its invoices hold (like decision 2), which the run then reads.
 */
function billsDiscountedChargeAgain(
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
): boolean {
  return schedule.charges.some((sc) => {
    if (sc.detached || sc.billedAmount.isZero()) return false;
    const plan = subscriptions
      .get(sc.subscriptionNumber)
      ?.ratePlans.find((rp) => rp.charges.some((c) => c.number === sc.chargeNumber));
    return plan !== undefined && holdsDiscounts(plan);
  });
}

/**
 * Decides one account's billing in a run (reference §6, §7.7, §7.8, decisions 11, 14, 16): its due
 * steps in order (an item that another run processed meanwhile, or of a schedule paused since it was
 * planned, is skipped), then with `catchUp` what they left due by the target date (a credit falling due
 * after an item's run date, §8.4), then standard billing of its other charges, then the consolidated
 * documents. Pure: nothing loaded is mutated, and the same request and data give the same decision. Given data
 * without the schedules' documents (`scheduleDocumentsOmitted`), a run that credits returns
 * {@link DocumentsNeeded} instead: the same data with them gives its decision.
 * @internal
 */
export function decideAccountRun(
  request: AccountRunRequest,
  data: AccountRunData,
): Result<AccountRunDecision | DocumentsNeeded, ScheduleError> {
  // Without the schedules' documents a credit cannot name the invoice lines it credits, and a discounted charge
  // billed before cannot continue its gross and discount lines from what they invoiced (like decision 2).
  if (
    data.scheduleDocumentsOmitted === true &&
    request.steps.some((s) => {
      if (s.kind === 'credit') return true;
      const schedule = data.schedules.get(s.invoiceScheduleNumber);
      return schedule !== undefined && billsDiscountedChargeAgain(schedule, data.subscriptions);
    })
  ) {
    return ok(DOCUMENTS_NEEDED);
  }
  const work: Work = {
    request,
    data,
    schedules: new Map(data.schedules),
    changed: new Set(),
    invoices: new Map(data.invoices.map((i) => [i.number, i])),
    // A Canceled memo credits nothing: billing counts neither its lines nor its credit (cancelCreditMemo).
    memos: new Map(data.creditMemos.filter((m) => m.status !== 'Canceled').map((m) => [m.number, m])),
    direct: [],
    heldInvoices: new Map(),
    heldMemos: new Map(),
    holdOrder: [],
    invoiceNumbers: [],
    creditMemoNumbers: [],
    executions: [],
    counter: 0,
  };
  const outcomes: StepOutcome[] = [];
  for (const step of request.steps) {
    const schedule = work.schedules.get(step.invoiceScheduleNumber);
    // Re-checked as loaded: the schedule may have been paused (or removed) since it was planned.
    if (!schedule || (schedule.status === 'Paused' && !request.includePausedSchedules)) {
      outcomes.push('skipped');
      continue;
    }
    if (step.kind === 'credit') {
      const credited = creditStep(work, schedule, step.memoDate, step.dueBy);
      if (credited.isErr()) return err(credited.error);
      outcomes.push(credited.value ? 'credited' : 'nothingDue');
      continue;
    }
    const item = schedule.items.find((i) => i.id === step.itemId);
    // Re-checked as loaded: another run may have processed it meanwhile, or an edit moved it past the
    // target date since the run planned it.
    if (
      !item ||
      item.status === 'Processed' ||
      (request.recheckDue && !stillDue(schedule, item.id, request))
    ) {
      outcomes.push('skipped');
      continue;
    }
    const executed = executeStep(work, schedule, item);
    if (executed.isErr()) return err(executed.error);
    // The step credited: its memo, and what follows, are decided with the documents.
    if (creditedWithoutDocuments(work)) return ok(DOCUMENTS_NEEDED);
    outcomes.push('executed');
  }
  if (request.catchUp) {
    const caught = catchUp(work);
    if (caught.isErr()) return err(caught.error);
    if (caught.value === DOCUMENTS_NEEDED) return ok(DOCUMENTS_NEEDED);
  }
  if (request.standard) {
    billStandard(
      work,
      data.accountSubscriptions,
      request.targetDate,
      request.targetDate,
      request.consolidate ? 'join' : 'none',
    );
  }
  const closed = closeHeld(work);
  const schedules = [...work.changed].sort(compareNumbering).map((n) => {
    const s = work.schedules.get(n) as InvoiceSchedule;
    const loaded = data.schedules.get(n) as InvoiceSchedule;
    const next = scheduleDraft(s);
    next.version = loaded.version + 1;
    return Object.freeze(next) as InvoiceSchedule;
  });
  return ok(
    Object.freeze({
      schedules: Object.freeze(schedules),
      documents: Object.freeze([...work.direct, ...closed]),
      invoiceNumbers: Object.freeze([...new Set(work.invoiceNumbers)]),
      creditMemoNumbers: Object.freeze([...work.creditMemoNumbers]),
      executions: Object.freeze(work.executions),
      itemsProcessed: itemsProcessedBy(data.schedules, schedules),
      outcomes: Object.freeze(outcomes),
    }),
  );
}
