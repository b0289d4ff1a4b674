// A schedule's literal copies (see ../copy.ts).
import { frozenDecimal } from '../../money/decimal';
import type { Audited } from '../audit';
import { type Draft, draftForm, fieldLists, hasKeys, stampAudit, withAuditAndVersion } from '../copy';
import type { InvoiceSchedule, InvoiceScheduleItem, ScheduleCharge } from './schedule';

const ITEM_FIELDS = [
  'id',
  'sequence',
  'name',
  'runDate',
  'amount',
  'percentage',
  'actualAmount',
  'billedAmount',
  'targetDateForAdditionalSubscriptions',
  'status',
  'invoiceNumber',
  'dueDate',
  'creditMemoNumbers',
  'generation',
  'customFields',
];
const CHARGE_FIELDS = [
  'orderNumber',
  'subscriptionNumber',
  'chargeNumber',
  'billedAmount',
  'servedThrough',
  'detached',
  'detachment',
];
const SCHEDULE_HEAD = [
  'id',
  'number',
  'accountNumber',
  'currency',
  'status',
  'statusBeforePause',
  'totalAmount',
  'actualAmount',
  'billedAmount',
  'unbilledAmount',
  'nextRunDate',
  'nextRunDateOverride',
  'notes',
  'invoiceSeparately',
  'customFields',
  'orders',
  'specificSubscriptions',
  'additionalSubscriptionsToBill',
  'charges',
  'items',
];
const SCHEDULE_FIELDS = fieldLists(SCHEDULE_HEAD);

/** A writable copy of a schedule item. @internal */
export function itemDraft(i: InvoiceScheduleItem): Draft<InvoiceScheduleItem> {
  if (!hasKeys(i, ITEM_FIELDS)) return { ...i };
  return {
    id: i.id,
    sequence: i.sequence,
    name: i.name,
    runDate: i.runDate,
    amount: i.amount,
    percentage: i.percentage,
    actualAmount: i.actualAmount,
    billedAmount: i.billedAmount,
    targetDateForAdditionalSubscriptions: i.targetDateForAdditionalSubscriptions,
    status: i.status,
    invoiceNumber: i.invoiceNumber,
    dueDate: i.dueDate,
    creditMemoNumbers: i.creditMemoNumbers,
    generation: i.generation,
    customFields: i.customFields,
  };
}

/** A schedule charge with another billed amount, served through `servedThrough`. @internal */
export function chargeWithBilled(
  c: ScheduleCharge,
  billedAmount: ScheduleCharge['billedAmount'],
  servedThrough: ScheduleCharge['servedThrough'],
): ScheduleCharge {
  // A sum the execution has just made (never a caller's amount): frozen in place.
  const billed = frozenDecimal(billedAmount);
  if (!hasKeys(c, CHARGE_FIELDS)) return Object.freeze({ ...c, billedAmount: billed, servedThrough });
  return Object.freeze({
    orderNumber: c.orderNumber,
    subscriptionNumber: c.subscriptionNumber,
    chargeNumber: c.chargeNumber,
    billedAmount: billed,
    servedThrough,
    detached: c.detached,
    detachment: c.detachment,
  } as ScheduleCharge);
}

/**
 * A writable copy of a schedule (its status fields included); with `stamp`, its audit fields are those, before
 * the version as the stores order them. @internal
 */
export function scheduleDraft(s: InvoiceSchedule, stamp: Audited | null = null): Draft<InvoiceSchedule> {
  const form = draftForm(s, SCHEDULE_FIELDS);
  if (form === null) {
    const copy = { ...s } as Draft<InvoiceSchedule>;
    return stamp === null ? copy : stampAudit(copy, stamp);
  }
  const out = {
    id: s.id,
    number: s.number,
    accountNumber: s.accountNumber,
    currency: s.currency,
    status: s.status,
    statusBeforePause: s.statusBeforePause,
    totalAmount: s.totalAmount,
    actualAmount: s.actualAmount,
    billedAmount: s.billedAmount,
    unbilledAmount: s.unbilledAmount,
    nextRunDate: s.nextRunDate,
    nextRunDateOverride: s.nextRunDateOverride,
    notes: s.notes,
    invoiceSeparately: s.invoiceSeparately,
    customFields: s.customFields,
    orders: s.orders,
    specificSubscriptions: s.specificSubscriptions,
    additionalSubscriptionsToBill: s.additionalSubscriptionsToBill,
    charges: s.charges,
    items: s.items,
  } as Draft<InvoiceSchedule>;
  return withAuditAndVersion(s, out, stamp ?? (form === 'audited' ? s : null));
}
