// An invoice's literal copies (see ../copy.ts).
import { AUDIT_FIELDS, type Draft, fieldNames, hasKeys, withAuditAndVersion } from '../copy';
import { sameKeys } from '../freeze';
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
const INVOICE_FIELDS = [...INVOICE_HEAD, 'version'];
const AUDITED_INVOICE_FIELDS = [...INVOICE_HEAD, ...AUDIT_FIELDS, 'version'];

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

/** A writable copy of an invoice. @internal */
export function invoiceDraft(i: Invoice): Draft<Invoice> {
  // Its keys read once, for both lists.
  const own = fieldNames(i);
  const audit = own !== null && sameKeys(own, AUDITED_INVOICE_FIELDS);
  if (!audit && (own === null || !sameKeys(own, INVOICE_FIELDS))) return { ...i };
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
  return withAuditAndVersion(i, out, audit);
}
