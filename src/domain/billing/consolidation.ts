import type { Decimal } from 'decimal.js';
import { frozenDecimal, ZERO } from '../../money/decimal';
import { type BusinessDate, maxDate, minDate } from '../../time/date';
import type { CreditMemo, CreditMemoLine } from '../documents/credit-memo';
import type { Invoice } from '../documents/invoice';
import { chargeKey } from '../schedule/schedule';

// Consolidated documents (§7.8, decision 11): the documents of one account's run that come from
// consolidating sources (schedules with `invoiceSeparately` false, then the account's standard billing)
// share ONE invoice per currency whatever their dates; at the end of the account's run an invoice that
// nets below the held credit memos of its currency becomes one credit memo. Pure.

/**
 * The date of a merged document (decision 18): the latest date of its parts, never after the bill
 * run's target date.
 */
export function mergedDate(
  notAfter: BusinessDate,
  first: BusinessDate,
  ...rest: BusinessDate[]
): BusinessDate {
  return minDate(maxDate(first, ...rest), notAfter);
}

/**
 * Appends an invoice's lines to another (one line group per item), as a new version dated the
 * later of the two, never after `notAfter` (the bill run's target date, decision 18). @internal
 */
export function mergeInvoices(target: Invoice, addition: Invoice, notAfter: BusinessDate): Invoice {
  const lines = [
    ...target.lines,
    ...addition.lines.map((l, i) =>
      Object.freeze({ ...l, id: [target.id, target.lines.length + i + 1].join('-') }),
    ),
  ];
  return Object.freeze({
    ...target,
    lines: Object.freeze(lines),
    amount: target.amount.plus(addition.amount),
    invoiceDate: mergedDate(notAfter, target.invoiceDate, addition.invoiceDate),
    version: target.version + 1,
  });
}

/**
 * Whether the shared invoice and the held credit memos of its currency net below zero, so that
 * they become one credit memo (§7.8, C35 Ex.4; decision 11). A non-negative net keeps the invoice
 * and the memos apart: Zuora's default rule only nets negative merges. An invoice another held
 * memo credits is kept (the memo must credit an issued invoice). @internal
 */
export function netsNegative(
  invoice: Invoice,
  memos: readonly CreditMemo[],
  all: readonly CreditMemo[],
): boolean {
  if (memos.length === 0 || memos.some((m) => m.currency !== invoice.currency)) return false;
  if (all.some((m) => m.lines.some((l) => l.creditedInvoiceNumber === invoice.number))) return false;
  const credited = memos.reduce((acc, m) => acc.plus(m.amount), ZERO);
  return invoice.amount.minus(credited).lt(0);
}

/** The credit-memo lines of an invoice netted into a credit memo: its lines, negated (no invoice credited). */
export function negatedLines(invoice: Invoice): Omit<CreditMemoLine, 'id'>[] {
  return invoice.lines.map((l) => ({
    subscriptionNumber: l.subscriptionNumber,
    // A discount line counts against the charge it applies to (Σ billed per charge stays net).
    chargeNumber: l.kind === 'Discount' ? (l.appliesToChargeNumber ?? l.chargeNumber) : l.chargeNumber,
    chargeName: l.chargeName,
    amount: (l.amount as Decimal).negated(),
    serviceStartDate: l.serviceStartDate,
    serviceEndDate: l.serviceEndDate,
    creditedInvoiceNumber: null,
    creditedInvoiceLineId: null,
    invoiceScheduleNumber: l.invoiceScheduleNumber,
    invoiceScheduleItemId: l.invoiceScheduleItemId,
  }));
}

/**
 * The charges of subscription `subscriptionNumber` that credit memos in force bill with a line netted into
 * them (a net negative merge: a negative line that credits no invoice, so no invoice bills the charge),
 * each with the first such memo: for §4.2 rule 2, such a charge is billed. Pure. @internal
 */
export function chargesBilledByNetting(
  memos: readonly CreditMemo[],
  subscriptionNumber: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const memo of memos) {
    if (memo.status === 'Canceled') continue;
    for (const l of memo.lines) {
      const netted = l.creditedInvoiceNumber === null && l.amount.isNegative();
      const key = chargeKey(l.subscriptionNumber, l.chargeNumber);
      if (netted && l.subscriptionNumber === subscriptionNumber && !out.has(key)) out.set(key, memo.number);
    }
  }
  return out;
}

/** What closing a consolidation issues: each held document kept, and the memos netted invoices became. */
export interface ClosedConsolidation {
  /** Documents issued, in the order they were first held (a netted group at its first member). */
  readonly issued: readonly (
    | { readonly kind: 'Invoice'; readonly invoice: Invoice }
    | { readonly kind: 'CreditMemo'; readonly memo: CreditMemo }
  )[];
  /** Held number → the number of the document it is issued as (itself, or the memo of its netted group). */
  readonly issuedAs: ReadonlyMap<string, string>;
  /** Held invoice numbers that were netted into a credit memo. */
  readonly nettedInvoices: ReadonlySet<string>;
}

/**
 * Closes an account's consolidation (§7.8, decision 11): a shared invoice netting below the held credit
 * memos of its currency (whatever their dates) becomes one credit memo — the memos' lines, then the
 * invoice's lines negated — dated the latest date of its parts but never after `notAfter` (decision 18);
 * otherwise the invoice and the memos are issued as they are. The netted memo takes the number of the
 * group's first held document. Pure; numbers are still the held (provisional) ones.
 * @internal
 */
export function closeConsolidation(
  invoices: readonly Invoice[],
  memos: readonly CreditMemo[],
  order: readonly string[],
  notAfter: BusinessDate,
): ClosedConsolidation {
  const mergedInto = new Map<string, string>(); // held number → first held number of its group
  const groups = new Map<string, { invoice: Invoice; memos: readonly CreditMemo[] }>();
  for (const invoice of invoices) {
    const same = memos.filter((m) => m.currency === invoice.currency);
    if (!netsNegative(invoice, same, memos)) continue;
    const first = order.find((n) => n === invoice.number || same.some((m) => m.number === n)) as string;
    groups.set(first, { invoice, memos: same });
    mergedInto.set(invoice.number, first);
    for (const m of same) mergedInto.set(m.number, first);
  }
  const issued: ClosedConsolidation['issued'][number][] = [];
  const issuedAs = new Map<string, string>();
  for (const n of order) {
    const key = mergedInto.get(n);
    issuedAs.set(n, key ?? n);
    if (key !== undefined && key !== n) continue;
    const group = key === undefined ? undefined : groups.get(key);
    if (group) {
      const lines = [...group.memos.flatMap((m) => m.lines), ...negatedLines(group.invoice)].map((l, i) =>
        Object.freeze({ ...l, id: `${key}-${i + 1}` }),
      );
      const head = group.memos[0] as CreditMemo;
      issued.push({
        kind: 'CreditMemo',
        memo: Object.freeze({
          ...head,
          id: key as string,
          number: key as string,
          lines: Object.freeze(lines),
          memoDate: mergedDate(notAfter, group.invoice.invoiceDate, ...group.memos.map((m) => m.memoDate)),
          amount: frozenDecimal(lines.reduce((acc, l) => acc.plus(l.amount), ZERO)),
          version: 1,
        }),
      });
      continue;
    }
    const invoice = invoices.find((i) => i.number === n);
    if (invoice) issued.push({ kind: 'Invoice', invoice: Object.freeze({ ...invoice, version: 1 }) });
    const memo = memos.find((m) => m.number === n);
    if (memo) issued.push({ kind: 'CreditMemo', memo: Object.freeze({ ...memo, version: 1 }) });
  }
  const nettedInvoices = new Set(invoices.filter((i) => mergedInto.has(i.number)).map((i) => i.number));
  return { issued, issuedAs, nettedInvoices };
}
