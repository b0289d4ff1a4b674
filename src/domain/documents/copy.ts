// An invoice's literal copies (see ../copy.ts).
import { auditFields, type Draft, hasKeys, withAuditAndVersion } from '../copy';
import type { Invoice, InvoiceLine } from './invoice';

/** An invoice line with another id. @internal */
export function lineWithId(l: InvoiceLine, id: string): InvoiceLine {
  if (!hasKeys(l, 12)) return Object.freeze({ ...l, id });
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
  const audit = auditFields(i);
  if (audit === false || !hasKeys(i, audit === true ? 15 : 11)) return { ...i };
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
