// An invoice's literal copies (see ../copy.ts).
import type { Audited } from '../audit';
import { type Draft, draftForm, fieldLists, hasKeys, stampAudit, withAuditAndVersion } from '../copy';
import type { Invoice, InvoiceLine } from './invoice';

const LINE_FIELDS = [
  'id',
  'kind',
  'subscriptionNumber',
  'chargeNumber',
  'chargeName',
  'appliesToChargeNumber',
  'amount',
  'serviceStartDate',
  'serviceEndDate',
  'invoiceScheduleNumber',
  'invoiceScheduleItemId',
  'customFields',
];
const INVOICE_HEAD = [
  'id',
  'number',
  'accountNumber',
  'currency',
  'invoiceDate',
  'status',
  'amount',
  'lines',
  'billRunNumber',
  'creditApplications',
];
const INVOICE_FIELDS = fieldLists(INVOICE_HEAD);

/** An invoice line with another id. @internal */
export function lineWithId(l: InvoiceLine, id: string): InvoiceLine {
  if (!hasKeys(l, LINE_FIELDS)) return Object.freeze({ ...l, id });
  return Object.freeze({
    id,
    kind: l.kind,
    subscriptionNumber: l.subscriptionNumber,
    chargeNumber: l.chargeNumber,
    chargeName: l.chargeName,
    appliesToChargeNumber: l.appliesToChargeNumber,
    amount: l.amount,
    serviceStartDate: l.serviceStartDate,
    serviceEndDate: l.serviceEndDate,
    invoiceScheduleNumber: l.invoiceScheduleNumber,
    invoiceScheduleItemId: l.invoiceScheduleItemId,
    customFields: l.customFields,
  });
}

/** A writable copy of an invoice; with `stamp`, as `scheduleDraft`. @internal */
export function invoiceDraft(i: Invoice, stamp: Audited | null = null): Draft<Invoice> {
  const form = draftForm(i, INVOICE_FIELDS);
  if (form === null) {
    const copy = { ...i } as Draft<Invoice>;
    return stamp === null ? copy : stampAudit(copy, stamp);
  }
  const out = {
    id: i.id,
    number: i.number,
    accountNumber: i.accountNumber,
    currency: i.currency,
    invoiceDate: i.invoiceDate,
    status: i.status,
    amount: i.amount,
    lines: i.lines,
    billRunNumber: i.billRunNumber,
    creditApplications: i.creditApplications,
  } as Draft<Invoice>;
  return withAuditAndVersion(i, out, stamp ?? (form === 'audited' ? i : null));
}
