import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import type { CreditMemo, CreditMemoLine } from '../domain/documents/credit-memo';
import type { Invoice } from '../domain/documents/invoice';
import type { InvoiceSchedule } from '../domain/schedule/schedule';
import { Dec } from '../money/decimal';
import type { BillingContext, Repositories, VersionConflict } from '../ports';
import { type BusinessDate, maxDate, minDate } from '../time/date';
import { nextNumber } from './common';

/** Prefix of the provisional ids and numbers of documents held until the account's run ends. */
const PENDING = 'pending:';

/** Whether a document number (or id) is a provisional one of a consolidation. @internal */
export function isPending(numberOrId: string): boolean {
  return numberOrId.startsWith(PENDING);
}

/**
 * The documents of one account in one bill run that come from consolidating sources (schedules
 * with `invoiceSeparately` false, the account's standard billing) — §7.8, decision 11: they share
 * ONE invoice whatever their dates (one per currency, should an account bill in several). They are
 * held with provisional ids and numbers until the account's run ends: only then is it known
 * whether the shared invoice nets below the held credit memos (one credit memo instead), so
 * numbers are drawn only for the documents that are issued and the sequences stay gapless.
 * @internal
 */
export interface Consolidation {
  /** The run's target date: a merged document is never dated after it (decision 18). */
  readonly targetDate: BusinessDate;
  /** The held shared invoice of the run in this currency, if any. */
  target(currency: string): Invoice | undefined;
  /** Holds (or replaces) the shared invoice of its currency. */
  record(invoice: Invoice): void;
  /** Holds a credit memo of a consolidating source. */
  addMemo(memo: CreditMemo): void;
  /** A fresh provisional id and number. */
  provisional(kind: 'Invoice' | 'CreditMemo'): { id: string; number: string };
  /** Held invoices and memos (so later executions of the run see them). */
  invoices(): readonly Invoice[];
  memos(): readonly CreditMemo[];
  /** Provisional numbers in the order the documents were first held. */
  order(): readonly string[];
}

/** A consolidation over an account's run with this target date. @internal */
export function newConsolidation(targetDate: BusinessDate): Consolidation {
  const invoices = new Map<string, Invoice>();
  const memos = new Map<string, CreditMemo>();
  const order: string[] = [];
  let counter = 0;
  const hold = (number: string) => {
    if (!order.includes(number)) order.push(number);
  };
  return {
    targetDate,
    target: (currency) => invoices.get(currency),
    record: (invoice) => {
      invoices.set(invoice.currency, invoice);
      hold(invoice.number);
    },
    addMemo: (memo) => {
      memos.set(memo.number, memo);
      hold(memo.number);
    },
    provisional: (kind) => {
      counter += 1;
      return { id: `${PENDING}${kind}-${counter}`, number: `${PENDING}${kind}-${counter}` };
    },
    invoices: () => [...invoices.values()],
    memos: () => [...memos.values()],
    order: () => [...order],
  };
}

/**
 * The date of a merged document (decision 18): the latest date of its parts, never after the bill
 * run's target date.
 */
function mergedDate(notAfter: BusinessDate, first: BusinessDate, ...rest: BusinessDate[]): BusinessDate {
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
      Object.freeze({ ...l, id: `${target.id}-${target.lines.length + i + 1}` }),
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

const ZERO = new Dec(0);

/**
 * Whether the shared invoice and the held credit memos of its currency net below zero, so that
 * they become one credit memo (§7.8, C35 Ex.4; decision 11). A non-negative net keeps the invoice
 * and the memos apart: Zuora's default rule only nets negative merges. An invoice another held
 * memo credits is kept (the memo must credit an issued invoice).
 */
function netsNegative(invoice: Invoice, memos: readonly CreditMemo[], all: readonly CreditMemo[]): boolean {
  if (memos.length === 0 || memos.some((m) => m.currency !== invoice.currency)) return false;
  if (all.some((m) => m.lines.some((l) => l.creditedInvoiceNumber === invoice.number))) return false;
  const credited = memos.reduce((acc, m) => acc.plus(m.amount), ZERO);
  return invoice.amount.minus(credited).lt(0);
}

/** The credit-memo lines of an invoice netted into a credit memo: its lines, negated (no invoice credited). */
function negatedLines(invoice: Invoice): Omit<CreditMemoLine, 'id'>[] {
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
 * Issues the held documents at the end of an account's run (§7.8, decision 11): a shared invoice
 * netting below the held credit memos (of its currency, whatever their dates) becomes one credit
 * memo (the memos' lines, then the invoice's lines negated), dated the latest date of its parts
 * but never after the run's target date (decision 18); otherwise the invoice and the memos are
 * issued as they are. Numbers
 * are drawn in the order the documents were first held, only for issued documents; the schedules'
 * items are relinked to the real numbers (an item whose invoice became part of the memo links to
 * the memo). Returns the numbers issued. @internal
 */
export async function issueConsolidated(
  context: BillingContext,
  repos: Repositories,
  consolidation: Consolidation,
): Promise<Result<{ invoices: string[]; memos: string[] }, VersionConflict>> {
  const invoices = consolidation.invoices();
  const memos = consolidation.memos();
  const out = { invoices: [] as string[], memos: [] as string[] };
  if (invoices.length === 0 && memos.length === 0) return ok(out);
  // Decide first: which invoices net into a memo, and which memos go with them.
  const mergedInto = new Map<string, string>(); // provisional number → first held number of its merge
  const negative = new Map<string, { invoice: Invoice; memos: CreditMemo[] }>();
  for (const invoice of invoices) {
    const same = memos.filter((m) => m.currency === invoice.currency);
    if (!netsNegative(invoice, same, memos)) continue;
    const first = consolidation.order().find((n) => n === invoice.number || same.some((m) => m.number === n));
    const key = first as string;
    negative.set(key, { invoice, memos: same });
    mergedInto.set(invoice.number, key);
    for (const m of same) mergedInto.set(m.number, key);
  }
  // Then draw numbers in holding order, for issued documents only.
  const real = new Map<string, { id: string; number: string }>();
  for (const n of consolidation.order()) {
    const key = mergedInto.get(n);
    if (key !== undefined && key !== n) continue;
    const kind = key !== undefined || memos.some((m) => m.number === n) ? 'CreditMemo' : 'Invoice';
    const ids = { id: context.ids.next(kind), number: await nextNumber(repos, kind) };
    real.set(n, ids);
    (kind === 'Invoice' ? out.invoices : out.memos).push(ids.number);
  }
  const numberOf = (n: string): string => {
    const key = mergedInto.get(n) ?? n;
    return real.get(key)?.number ?? n;
  };
  const lineIds = new Map<string, string>();
  const documents: { invoices: Invoice[]; memos: CreditMemo[] } = { invoices: [], memos: [] };
  for (const invoice of invoices) {
    if (mergedInto.has(invoice.number)) continue;
    const ids = real.get(invoice.number) as { id: string; number: string };
    const lines = invoice.lines.map((l, i) => {
      const id = `${ids.id}-${i + 1}`;
      lineIds.set(l.id, id);
      return Object.freeze({ ...l, id });
    });
    documents.invoices.push(Object.freeze({ ...invoice, ...ids, lines: Object.freeze(lines), version: 1 }));
  }
  const memoLines = (memoId: string, lines: readonly Omit<CreditMemoLine, 'id'>[]) =>
    Object.freeze(
      lines.map((l, i) =>
        Object.freeze({
          ...l,
          id: `${memoId}-${i + 1}`,
          creditedInvoiceNumber: l.creditedInvoiceNumber === null ? null : numberOf(l.creditedInvoiceNumber),
          creditedInvoiceLineId:
            l.creditedInvoiceLineId === null
              ? null
              : (lineIds.get(l.creditedInvoiceLineId) ?? l.creditedInvoiceLineId),
        }),
      ),
    );
  for (const memo of memos) {
    if (mergedInto.has(memo.number)) continue;
    const ids = real.get(memo.number) as { id: string; number: string };
    documents.memos.push(
      Object.freeze({ ...memo, ...ids, lines: memoLines(ids.id, memo.lines), version: 1 }),
    );
  }
  for (const [key, { invoice, memos: group }] of negative) {
    const ids = real.get(key) as { id: string; number: string };
    const lines = memoLines(ids.id, [...group.flatMap((m) => m.lines), ...negatedLines(invoice)]);
    const head = group[0] as CreditMemo;
    documents.memos.push(
      Object.freeze({
        ...head,
        ...ids,
        lines,
        memoDate: mergedDate(consolidation.targetDate, invoice.invoiceDate, ...group.map((m) => m.memoDate)),
        amount: lines.reduce((acc, l) => acc.plus(l.amount), ZERO),
        version: 1,
      }),
    );
  }
  for (const invoice of documents.invoices) {
    const saved = await repos.invoices.save(invoice);
    if (saved.isErr()) return err(saved.error);
  }
  for (const memo of documents.memos) {
    const saved = await repos.creditMemos.save(memo);
    if (saved.isErr()) return err(saved.error);
  }
  // Relink the items of the schedules that produced held documents.
  const scheduleNumbers = new Set<string>();
  for (const d of [...invoices, ...memos])
    for (const l of d.lines)
      if (l.invoiceScheduleNumber !== null) scheduleNumbers.add(l.invoiceScheduleNumber);
  for (const scheduleNumber of [...scheduleNumbers].sort()) {
    const schedule = await repos.invoiceSchedules.get(scheduleNumber);
    /* v8 ignore next */
    if (!schedule) continue;
    const relinked = relink(
      schedule,
      numberOf,
      (n) => mergedInto.has(n) && invoices.some((i) => i.number === n),
    );
    if (relinked === schedule) continue;
    const saved = await repos.invoiceSchedules.save(relinked);
    if (saved.isErr()) return err(saved.error);
  }
  return ok(out);
}

/** Replaces provisional numbers in a schedule's item links; an invoice netted into a memo links the memo. */
function relink(
  schedule: InvoiceSchedule,
  numberOf: (n: string) => string,
  invoiceMerged: (n: string) => boolean,
): InvoiceSchedule {
  let changed = false;
  const items = schedule.items.map((item) => {
    const pendingInvoice = item.invoiceNumber !== null && isPending(item.invoiceNumber);
    if (!pendingInvoice && !item.creditMemoNumbers.some(isPending)) return item;
    changed = true;
    const memoNumbers = item.creditMemoNumbers.map(numberOf);
    let invoiceNumber = item.invoiceNumber;
    if (invoiceNumber !== null && isPending(invoiceNumber)) {
      if (invoiceMerged(invoiceNumber)) {
        memoNumbers.push(numberOf(invoiceNumber));
        invoiceNumber = null;
      } else invoiceNumber = numberOf(invoiceNumber);
    }
    return Object.freeze({
      ...item,
      invoiceNumber,
      creditMemoNumbers: Object.freeze([...new Set(memoNumbers)]),
    });
  });
  if (!changed) return schedule;
  return Object.freeze({ ...schedule, items: Object.freeze(items), version: schedule.version + 1 });
}
