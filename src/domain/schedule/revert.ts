import { frozenDecimal, ZERO } from '../../money/decimal';
import { type BusinessDate, isBefore } from '../../time/date';
import type { CreditMemo } from '../documents/credit-memo';
import type { InvoiceHasAppliedCredits } from '../documents/errors';
import type { Invoice } from '../documents/invoice';
import { checkNoAppliedCredits } from '../documents/settlement';
import { cutsAfterRevert, withCuts } from './cuts';
import { invoiceHasCredits, type LaterItemProcessed, type ScheduleError, scheduleError } from './errors';
import { netByCharge } from './lines';
import { chargeKey, type InvoiceSchedule, type InvoiceScheduleItem, refreshSchedule } from './schedule';

// Invoices going back (cancel a Draft, reverse a Posted, §5.4): whether they may, and the schedule after.

/**
 * Undoes an item's processing after its invoice was canceled (Draft, C02) or reversed (Posted,
 * C17/C18): the item goes back to Pending with a new generation, the charges lose what the
 * invoice billed (each charge's `servedThrough` becomes the day its line on the invoice started, so that billed
 * again it starts there, since 0.2.0), and the schedule status is recomputed. `nextRunDate` becomes the day the item
 * was due (since 0.2.0): its `dueDate` (the invoice's date in records without one) when that was before the item's
 * run date (pulled forward, decision 18), else the run date; an earlier override is dropped. Pure; call it only when
 * {@link checkRevertible} allows the invoice to go back.
 * @since 0.1.0
 */
export function revertItemForInvoice(schedule: InvoiceSchedule, invoice: Invoice): InvoiceSchedule {
  // A merged invoice (decision 11) can carry several items of one schedule: every one goes back.
  const first = schedule.items.findIndex((i) => i.invoiceNumber === invoice.number);
  if (first === -1) return schedule;
  // Only the schedule's own lines: a merged invoice also carries standard billing's lines (decision 11), among
  // them those of a charge detached from this schedule, which the schedule did not bill.
  const net = netByCharge({
    lines: invoice.lines.filter((l) => l.invoiceScheduleNumber === schedule.number),
  });
  // Later items processed without any document (a zero tail settled with this item, decision 19)
  // go back too: no item stays Processed after a pending one (checkRevertible refuses any other).
  const items = schedule.items.map((i, index) =>
    i.invoiceNumber === invoice.number || (index > first && isZeroTail(i))
      ? Object.freeze({
          ...i,
          status: 'Pending' as const,
          billedAmount: ZERO,
          actualAmount: i.amount,
          invoiceNumber: null,
          dueDate: null,
          generation: i.generation + 1,
        })
      : i,
  );
  const starts = lineStarts(invoice, schedule.number);
  const charges = schedule.charges.map((sc) => {
    const key = chargeKey(sc.subscriptionNumber, sc.chargeNumber);
    const minus = net.get(key);
    if (minus === undefined) return sc;
    // The invoice is the charge's latest from the schedule (a later item processed refuses the revert): its
    // lines no longer serve the charge, and the charge's next line starts where the earliest of them started
    // (the same day: `endDayPartial`), not where its billed amount gives under a total an order moved since.
    const start = starts.get(key);
    const servedThrough =
      start === undefined ? sc.servedThrough : Object.freeze({ end: start, endDayPartial: true });
    return Object.freeze({ ...sc, billedAmount: frozenDecimal(sc.billedAmount.minus(minus)), servedThrough });
  });
  // The item is due again when it first was (C02, §3.2: billed again on its original date): an override
  // left from before (a user's pull-forward of the next item, a credit date) no longer applies. The day it
  // became due is kept as the override when it came before the run date (a pull-forward, decision 18): its own,
  // which a merged invoice's date (the latest of its parts, decision 11) may not be.
  const { runDate } = schedule.items[first] as InvoiceScheduleItem;
  const due = dueDayOf(schedule.items[first] as InvoiceScheduleItem, invoice);
  const nextRunDateOverride = runDate !== null && isBefore(due, runDate) ? due : null;
  // Nor does a date the user set, also when it is that same day (review 185).
  const { userNextRunDate: _, ...kept } = schedule;
  const reverted = {
    ...kept,
    items: Object.freeze(items),
    charges: Object.freeze(charges),
    nextRunDateOverride,
    version: schedule.version + 1,
  };
  // Decision 19: the removal cuts recorded for the items the invoice billed hold again now that the items are
  // pending (the next revision brings their dates back, after an update that sends items cleared the override),
  // without their dates before the day the item was due (cutsAfterRevert).
  const cuts = schedule.removalCuts;
  if (cuts === undefined) return refreshSchedule(reverted);
  const dueDays = new Map<string, BusinessDate>();
  for (const i of schedule.items)
    if (i.invoiceNumber === invoice.number) dueDays.set(i.id, dueDayOf(i, invoice));
  return refreshSchedule(withCuts(reverted, cutsAfterRevert(cuts, dueDays)));
}

/** The day `item`, billed by `invoice`, became due: its own, or the invoice's date in records before 0.2.0. */
function dueDayOf(item: InvoiceScheduleItem, invoice: Invoice): BusinessDate {
  return item.dueDate ?? invoice.invoiceDate;
}

/** The earliest service start of the invoice's charge lines from the schedule, by charge key. */
function lineStarts(invoice: Invoice, scheduleNumber: string): ReadonlyMap<string, BusinessDate> {
  const out = new Map<string, BusinessDate>();
  for (const l of invoice.lines) {
    if (l.kind !== 'Charge' || l.invoiceScheduleNumber !== scheduleNumber) continue;
    const key = chargeKey(l.subscriptionNumber, l.chargeNumber);
    const start = out.get(key);
    if (start === undefined || isBefore(l.serviceStartDate, start)) out.set(key, l.serviceStartDate);
  }
  return out;
}

/** An item processed without any document (a zero tail settled with an earlier item, decision 19). */
function isZeroTail(i: InvoiceScheduleItem): boolean {
  return (
    i.status === 'Processed' &&
    i.invoiceNumber === null &&
    i.creditMemoNumbers.length === 0 &&
    i.billedAmount.isZero()
  );
}

/**
 * The refusal when a later item of the schedule than the invoice's is processed with a document of its own:
 * reverting the invoice alone would leave that item Processed after a pending one, and billing the reverted
 * item again would start its service periods after the later item's (§3.2, §7.4) instead of giving the same
 * invoice on its original date (C02). `null` when there is none. The message says what to undo first, or that
 * nothing can be: a later item's credit memo from the schedule cannot be canceled (decision 6) and nothing
 * reverses a memo, and a later item whose memos were all canceled keeps no document to undo.
 */
function laterItemProcessed(
  invoice: Invoice,
  schedule: InvoiceSchedule,
  creditMemos: readonly CreditMemo[],
): LaterItemProcessed | null {
  const first = schedule.items.findIndex((i) => i.invoiceNumber === invoice.number);
  if (first === -1) return null;
  const memos = new Map(creditMemos.map((m) => [m.number, m]));
  const documents: string[] = [];
  const stays: string[] = [];
  let blocked = false;
  schedule.items.forEach((i, index) => {
    if (index <= first || i.status !== 'Processed' || i.invoiceNumber === invoice.number || isZeroTail(i))
      return;
    blocked = true;
    let live = i.invoiceNumber !== null;
    if (i.invoiceNumber !== null) documents.push(i.invoiceNumber);
    for (const number of i.creditMemoNumbers) {
      const memo = memos.get(number);
      if (memo?.status === 'Canceled') continue;
      live = true;
      documents.push(number);
      // A memo not given here counts as one that stays (refuse rather than guess).
      if (memo === undefined || memo.lines.some((l) => l.invoiceScheduleNumber !== null)) stays.push(number);
    }
    if (!live) stays.push(`item ${i.sequence} (its credit memos canceled)`);
  });
  if (!blocked) return null;
  const laterDocumentNumbers = [...new Set(documents)];
  const latest = laterDocumentNumbers[laterDocumentNumbers.length - 1];
  const what =
    stays.length > 0
      ? `can no longer go back: a later item stays Processed with ${[...new Set(stays)].join(', ')}, which cannot be canceled or reversed (a schedule's credit memo stays, decision 6)`
      : laterDocumentNumbers.length === 1
        ? `a later processed item follows (${latest}); cancel or reverse ${latest} first`
        : `later processed items follow (${laterDocumentNumbers.join(', ')}); cancel or reverse those first, the latest (${latest}) first`;
  return scheduleError({
    type: 'LaterItemProcessed',
    message: `Invoice ${invoice.number} billed an item of ${schedule.number} that ${what}: an item cannot go back to Pending while a later one stays Processed (§3.2, §7.4).`,
    invoiceNumber: invoice.number,
    invoiceScheduleNumber: schedule.number,
    laterDocumentNumbers: Object.freeze(laterDocumentNumbers),
  });
}

/**
 * Schedules that produced lines of an invoice, by number.
 * @since 0.1.0
 */
export function scheduleNumbersOf(invoice: Invoice): readonly string[] {
  return [
    ...new Set(invoice.lines.map((l) => l.invoiceScheduleNumber).filter((n): n is string => n !== null)),
  ];
}

/**
 * Whether an invoice may go back (cancel a Draft, reverse a Posted): not when a credit memo
 * credits its lines or is linked to its item (the credit would be left pointing at nothing, or
 * dropped from the item while it stays on the charges), not when credit memos are applied to it
 * (`InvoiceHasAppliedCredits`, since 0.2.0: unapply them first), not when its schedule produced it before a
 * charge still detached was detached (§5.4: such invoices can no longer be unposted), and not when a later item
 * of its schedule is processed with a document of its own (`LaterItemProcessed`, since 0.2.0: undo the
 * latest invoice first). A Canceled memo counts for nothing. Returns the error, or `null` when it may. Pure.
 * @since 0.1.0
 */
export function checkRevertible(
  invoice: Invoice,
  schedules: readonly InvoiceSchedule[],
  creditMemos: readonly CreditMemo[],
): ScheduleError | InvoiceHasAppliedCredits | null {
  const memos = creditMemos.filter(
    (m) => m.status !== 'Canceled' && m.lines.some((l) => l.creditedInvoiceNumber === invoice.number),
  );
  // The Draft memos of standard billing (an additional subscription's credit among them, C30): cancelCreditMemo
  // takes them back, which lifts the refusal, and the message says so.
  const cancelable = (numbers: readonly string[]): readonly string[] =>
    numbers.filter((n) => {
      const m = creditMemos.find((c) => c.number === n);
      return (
        m !== undefined && m.status === 'Draft' && m.lines.every((l) => l.invoiceScheduleNumber === null)
      );
    });
  if (memos.length > 0) {
    const numbers = memos.map((m) => m.number);
    return invoiceHasCredits(invoice.number, numbers, cancelable(numbers));
  }
  // A memo linked to the item counts unless it is Canceled; one not given here counts (refuse rather than guess).
  const canceled = new Set(creditMemos.filter((m) => m.status === 'Canceled').map((m) => m.number));
  for (const schedule of schedules) {
    for (const item of schedule.items) {
      if (item.invoiceNumber !== invoice.number) continue;
      const linked = item.creditMemoNumbers.filter((n) => !canceled.has(n));
      if (linked.length > 0) return invoiceHasCredits(invoice.number, linked, cancelable(linked));
    }
    // §5.4: the invoices the schedule had produced when a charge still detached was detached (all of them, for a
    // detachment recorded before the list was).
    if (
      schedule.charges.some(
        (c) =>
          c.detached &&
          (c.detachment.invoiceNumbers === undefined || c.detachment.invoiceNumbers.includes(invoice.number)),
      )
    ) {
      return scheduleError({
        type: 'InvoiceLockedByDetach',
        message: `Invoice ${invoice.number} was produced by ${schedule.number} before charges still detached from it were detached; such invoices can no longer be unposted (§5.4). Attach the charges back first (attachInvoiceScheduleCharges). Where attaching is refused — an owner transfer detached them (a charge whose subscription another account owns, §4.2 rule 6), or an item was processed or the charge billed since the detach (§5.5) — the invoice stays: post a Draft one and correct its amounts with an order change.`,
        invoiceNumber: invoice.number,
        invoiceScheduleNumber: schedule.number,
      });
    }
    const later = laterItemProcessed(invoice, schedule, creditMemos);
    if (later) return later;
  }
  // Last: unapplying the credits lifts it, so it is named only when nothing else refuses.
  return checkNoAppliedCredits(invoice);
}
