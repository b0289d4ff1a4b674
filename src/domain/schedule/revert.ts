import { Dec } from '../../money/decimal';
import type { CreditMemo } from '../documents/credit-memo';
import type { InvoiceHasAppliedCredits } from '../documents/errors';
import type { Invoice } from '../documents/invoice';
import { checkNoAppliedCredits } from '../documents/settlement';
import { invoiceHasCredits, type ScheduleError, scheduleError } from './errors';
import { netByCharge } from './lines';
import { chargeKey, type InvoiceSchedule, type InvoiceScheduleItem, refreshSchedule } from './schedule';

// Invoices going back (cancel a Draft, reverse a Posted, §5.4): whether they may, and the schedule after.

const ZERO = new Dec(0);

/**
 * Undoes an item's processing after its invoice was canceled (Draft, C02) or reversed (Posted,
 * C17/C18): the item goes back to Pending with a new generation, the charges lose what the
 * invoice billed, and the schedule status is recomputed. Pure.
 * @since 0.1.0
 */
export function revertItemForInvoice(schedule: InvoiceSchedule, invoice: Invoice): InvoiceSchedule {
  // A merged invoice (decision 11) can carry several items of one schedule: every one goes back.
  const first = schedule.items.findIndex((i) => i.invoiceNumber === invoice.number);
  if (first === -1) return schedule;
  const net = netByCharge(invoice);
  // Later items processed without any document (a zero tail settled with this item, decision 19)
  // go back too: no item stays Processed after a pending one.
  const zeroTail = (i: InvoiceScheduleItem, index: number) =>
    index > first &&
    i.status === 'Processed' &&
    i.invoiceNumber === null &&
    i.creditMemoNumbers.length === 0 &&
    i.billedAmount.isZero();
  const items = schedule.items.map((i, index) =>
    i.invoiceNumber === invoice.number || zeroTail(i, index)
      ? Object.freeze({
          ...i,
          status: 'Pending' as const,
          billedAmount: ZERO,
          actualAmount: i.amount,
          invoiceNumber: null,
          generation: i.generation + 1,
        })
      : i,
  );
  const charges = schedule.charges.map((sc) => {
    const minus = net.get(chargeKey(sc.subscriptionNumber, sc.chargeNumber));
    return minus === undefined ? sc : Object.freeze({ ...sc, billedAmount: sc.billedAmount.minus(minus) });
  });
  return refreshSchedule({
    ...schedule,
    items: Object.freeze(items),
    charges: Object.freeze(charges),
    version: schedule.version + 1,
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
 * (`InvoiceHasAppliedCredits`, since 0.2.0: unapply them first), and not when its schedule has detached
 * charges (§5.4: invoices produced before a detach can no longer be unposted). A Canceled memo counts
 * for nothing. Returns the error, or `null` when it may. Pure.
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
  if (memos.length > 0) {
    return invoiceHasCredits(
      invoice.number,
      memos.map((m) => m.number),
    );
  }
  // A memo linked to the item counts unless it is Canceled; one not given here counts (refuse rather than guess).
  const canceled = new Set(creditMemos.filter((m) => m.status === 'Canceled').map((m) => m.number));
  for (const schedule of schedules) {
    for (const item of schedule.items) {
      if (item.invoiceNumber !== invoice.number) continue;
      const linked = item.creditMemoNumbers.filter((n) => !canceled.has(n));
      if (linked.length > 0) return invoiceHasCredits(invoice.number, linked);
    }
    if (schedule.charges.some((c) => c.detached)) {
      return scheduleError({
        type: 'InvoiceLockedByDetach',
        message: `Invoice ${invoice.number} was produced by ${schedule.number}, which has detached charges; after a detach its invoices can no longer be unposted (§5.4). Attach the charges back first.`,
        invoiceNumber: invoice.number,
        invoiceScheduleNumber: schedule.number,
      });
    }
  }
  // Last: unapplying the credits lifts it, so it is named only when nothing else refuses.
  return checkNoAppliedCredits(invoice);
}
