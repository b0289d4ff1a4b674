import type { Invoice } from '../domain/invoice';
import type { BusinessDate } from '../time/date';

/**
 * The invoices of one account in one bill run that later documents of the same date may join
 * (§7.8, decision 11). @internal
 */
export interface Consolidation {
  target(invoiceDate: BusinessDate): Invoice | undefined;
  record(invoice: Invoice): void;
}

/** A consolidation over an account's run: the latest consolidable invoice per date. @internal */
export function newConsolidation(): Consolidation {
  const byDate = new Map<string, Invoice>();
  return {
    target: (date) => byDate.get(date),
    record: (invoice) => {
      byDate.set(invoice.invoiceDate, invoice);
    },
  };
}

/** Appends an invoice's lines to another (one line group per item), as a new version. @internal */
export function mergeInvoices(target: Invoice, addition: Invoice): Invoice {
  const lines = [
    ...target.lines,
    ...addition.lines.map((l, i) =>
      Object.freeze({ ...l, id: `${target.id}-${target.lines.length + i + 1}` }),
    ),
  ];
  return Object.freeze({
    ...target,
    lines: Object.freeze(lines),
    amount: target.amount.plus(addition.amount),
    version: target.version + 1,
  });
}
