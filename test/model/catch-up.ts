// Catch-up bill runs (docs/guides/bill-runs.md, "A late run leaves nothing due"; §6.6 rule 3, §8.4, decision 18):
// the checks the life-cycle model (lifecycle-model.ts, I9) runs after every bill run on a target date T; the fault
// simulation (simulation.ts) checks C1 after its bill runs and generations.
//  C1 nothing is due by T: `listItemsDue` on T lists nothing and `previewBillRun` on T previews nothing (no
//     account with a document, an item processed or a schedule changed);
//  C2 the one run on T leaves the store as runs on every intermediate due date up to T, then on T, would: the
//     same store copied before the run is billed day by day on a shadow (each day the earliest date by T on which
//     a schedule that is not paused has an item or its next run date, then T; `CatchUpIssue` names the one place
//     the library differed, fixed and checked strictly now), and both are compared on
//     (a) every schedule as stored (amounts, statuses, next run date, each item's amounts, status and run date),
//         but its version (one save against several);
//     (b) the new documents of schedules with `invoiceSeparately` true, document by document: kind, account,
//         date, status and the schedule's lines (charge, amount, service period, item, the invoice line a
//         credit takes from), and the documents each item links;
//     (c) the new lines of consolidating schedules (`invoiceSeparately` false), as a set per schedule: how they
//         are grouped and dated is the run's (decision 11 merges the documents of one run whatever their
//         dates, a merged document takes the latest date of its parts, decision 18), a line netted into a
//         credit memo counts as the invoice line it was;
//     (d) every charge's net billed amount over all accounts (Draft and Posted invoices − credit memos in
//         force): standard billing's documents are grouped by run, but bill each charge the same;
//     (e) the documents that existed before the run, unchanged by either.
//     New documents are named by content (kind, date, the schedule items or subscriptions they bill, then an
//     index among equals), not by number: the one run numbers them in its order of steps (every due item,
//     then what they leave due), the daily runs by day.
import type { Result } from 'neverthrow';
import {
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvalidRecord,
} from '../../src/index';
import type { MemoryStoreSeed, MemoryStoreSnapshot } from '../../src/memory';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { runBillRun } from '../../src/operations/bill-run';
import { listItemsDue } from '../../src/operations/listings';
import { previewBillRun } from '../../src/operations/preview';
import type { BusinessDate } from '../../src/time/date';
import type { TestBilling } from '../support/billing';

type Snapshot = MemoryStoreSnapshot;
type InvoiceRecord = Snapshot['invoices'][number];
type MemoRecord = Snapshot['creditMemos'][number];
type ScheduleRecord = Snapshot['invoiceSchedules'][number];

/** What a bill run of the model passes besides its target date. */
export interface RunOptions {
  readonly accountsPerTransaction?: number;
}

/** C1: what a bill run on `targetDate` would still bill, one text per thing (none: nothing due). */
export async function stillDue(
  billing: Pick<TestBilling, 'context'>,
  targetDate: BusinessDate,
  filter: { readonly accountNumber?: string; readonly includePausedSchedules?: boolean } = {},
): Promise<string[]> {
  const out: string[] = [];
  const { accountNumber, includePausedSchedules } = filter;
  const scope = {
    ...(includePausedSchedules === undefined ? {} : { includePausedSchedules }),
  };
  let cursor: string | undefined;
  do {
    const page = await listItemsDue(billing.context, {
      targetDate,
      pageSize: 99,
      ...scope,
      ...(accountNumber === undefined ? {} : { accountNumber }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    if (page.isErr()) return [`listItemsDue on ${targetDate}: ${page.error.type}`];
    for (const d of page.value.data)
      out.push(
        `listItemsDue lists ${d.kind} ${d.invoiceScheduleNumber}${d.sequence === null ? '' : `#${d.sequence}`} due ${d.dueDate}`,
      );
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor !== undefined);
  const preview = await previewBillRun(billing.context, {
    targetDate,
    ...scope,
    ...(accountNumber === undefined ? {} : { accountNumbers: [accountNumber] }),
  });
  if (preview.isErr()) return [...out, `previewBillRun on ${targetDate}: ${preview.error.type}`];
  for (const a of preview.value.accounts) {
    const documents = [
      ...a.invoices.map((i) => `invoice ${i.amount.toFixed()} dated ${i.invoiceDate}`),
      ...a.creditMemos.map((m) => `credit memo ${m.amount.toFixed()} dated ${m.memoDate}`),
    ];
    out.push(
      `previewBillRun previews for ${a.accountNumber}: ${a.failure ? `failure ${a.failure.errorType}; ` : ''}${a.itemsProcessed} item(s) processed; ${documents.join(', ') || 'no document'}; schedules ${a.invoiceSchedules.map((s) => s.number).join(',') || 'none'} changed`,
    );
  }
  return out;
}

function decodeAll<T>(records: readonly unknown[], decode: (r: unknown) => Result<T, InvalidRecord>): T[] {
  return records.map((record) => decode(record)._unsafeUnwrap());
}

/** A memory store's committed state as the seed of another (as test/support/racing.ts, without the package alias). */
function seedOf(snapshot: Snapshot): MemoryStoreSeed {
  return {
    accounts: decodeAll(snapshot.accounts, fromAccountRecord),
    orders: decodeAll(snapshot.orders, fromOrderRecord),
    subscriptions: decodeAll(snapshot.subscriptions, fromSubscriptionRecord),
    invoiceSchedules: decodeAll(snapshot.invoiceSchedules, fromInvoiceScheduleRecord),
    invoices: decodeAll(snapshot.invoices, fromInvoiceRecord),
    creditMemos: decodeAll(snapshot.creditMemos, fromCreditMemoRecord),
    billRuns: decodeAll(snapshot.billRuns, fromBillRunRecord),
    billRunAccounts: decodeAll(snapshot.billRunAccounts, fromBillRunAccountRecord),
    idempotency: snapshot.idempotency,
    sequences: snapshot.sequences,
  };
}

/** The store as it was in `snapshot`, in a billing of its own (same settings and clock, ids of its own). */
export function shadowOf(billing: TestBilling, snapshot: Snapshot): TestBilling {
  const store = createMemoryStore({ initial: seedOf(snapshot) });
  return { store, context: { ...billing.context, store, ids: createSequentialIds('daily-') } };
}

/**
 * Where the library's one run was known to differ from the daily runs, and is compared strictly now that it does
 * not: `creditsAsOfTarget` — a credit step credited every credit due by the run's target date in one memo dated
 * the earliest one's due date, where the runs of every day give a memo per due date, each dated its day (§8.4,
 * decision 18; fixed in the thirtieth session: a credit step issues the credits due first, the catch-up the rest).
 * Kept as a name MODEL_STRICT accepts.
 */
export type CatchUpIssue = 'creditsAsOfTarget';

/**
 * C2's daily runs on `billing`: a bill run on each day by `targetDate` on which something becomes due — the
 * earliest run date of a pending item or next run date of a schedule that is not paused, after the last run
 * — then one on `targetDate` itself (unless the last day was). Returns the runs, as days (a run for some
 * schedules only names them).
 */
export async function runDaily(
  billing: TestBilling,
  targetDate: BusinessDate,
  options: RunOptions,
  _strict: readonly CatchUpIssue[],
): Promise<string[]> {
  const numbers = billing.store.probe.snapshot().invoiceSchedules.map((s) => s.number);
  const runs: string[] = [];
  const run = async (day: BusinessDate, only: readonly string[] = []) => {
    const input = { targetDate: day, ...(only.length > 0 ? { invoiceScheduleNumbers: only } : {}) };
    const done = await runBillRun(billing.context, input, options);
    const what = `${day}${only.length > 0 ? ` (${only.join(',')} only)` : ''}`;
    if (done.isErr()) throw new Error(`daily run on ${what}: ${done.error.type} ${done.error.message}`);
    if (done.value.failures.length > 0)
      throw new Error(`daily run on ${what}: failures ${JSON.stringify(done.value.failures)}`);
    runs.push(what);
    if (runs.length > 400) throw new Error(`daily runs up to ${targetDate}: more than 400`);
  };
  let last: BusinessDate | null = null;
  for (;;) {
    let next: BusinessDate | null = null;
    for (const number of numbers) {
      const s = billing.store.probe.invoiceSchedule(number) as ScheduleRecord;
      if (s.status === 'Paused') continue;
      const dates = [s.nextRunDate, ...s.items.filter((i) => i.status !== 'Processed').map((i) => i.runDate)];
      for (const d of dates as (BusinessDate | null)[]) {
        if (d === null || d > targetDate || (last !== null && d <= last)) continue;
        if (next === null || d < next) next = d;
      }
    }
    if (next === null && last === targetDate) return runs;
    const day = next ?? targetDate;
    await run(day);
    if (next === null) return runs;
    last = day;
  }
}

/** Whether a schedule that is not paused has a pending item's run date or its next run date before `targetDate`. */
function dueBefore(snapshot: Snapshot, targetDate: BusinessDate): boolean {
  return snapshot.invoiceSchedules.some(
    (s) =>
      s.status !== 'Paused' &&
      [s.nextRunDate, ...s.items.filter((i) => i.status !== 'Processed').map((i) => i.runDate)].some(
        (d) => d !== null && d < targetDate,
      ),
  );
}

/** A decimal string negated (zero stays unsigned). */
function negate(amount: string): string {
  if (/^-?0(\.0*)?$/.test(amount)) return amount.replace('-', '');
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

/** A charge line's key: subscription/charge. */
const chargeOf = (l: { subscriptionNumber: string; chargeNumber: string }) =>
  `${l.subscriptionNumber}/${l.chargeNumber}`;

const live = (status: string) => status === 'Draft' || status === 'Posted';

/**
 * C2's view of the store `after`, against the store `before` the run(s): what the one run and the daily runs
 * must leave alike (see the file comment).
 */
export function catchUpView(before: Snapshot, after: Snapshot) {
  const old = new Set([...before.invoices, ...before.creditMemos].map((d) => d.number));
  const itemRef = new Map<string, string>();
  for (const s of after.invoiceSchedules)
    for (const i of s.items) itemRef.set(i.id, `${s.number}#${i.sequence}`);
  const separately = new Map(after.invoiceSchedules.map((s) => [s.number, s.invoiceSeparately]));
  const refOf = (id: string | null) => (id === null ? null : (itemRef.get(id) ?? `unknown item ${id}`));

  const newInvoices = after.invoices.filter((i) => !old.has(i.number));
  const newMemos = after.creditMemos.filter((m) => !old.has(m.number));
  const invoicesByNumber = new Map(after.invoices.map((i) => [i.number, i]));

  // Names of the new documents, by content: invoices first (memos name the invoices they credit).
  const names = new Map<string, string>();
  const nameOf = (number: string | null) => (number === null ? null : (names.get(number) ?? number));
  // A document is named by the schedule items of its lines; one with no line of a schedule by its subscriptions.
  const ownLines = <L extends { invoiceScheduleNumber: string | null }>(lines: readonly L[]) => {
    const own = lines.filter((l) => l.invoiceScheduleNumber !== null);
    return own.length > 0 ? own : lines;
  };
  const sources = (lines: readonly { subscriptionNumber: string; invoiceScheduleItemId: string | null }[]) =>
    [...new Set(lines.map((l) => refOf(l.invoiceScheduleItemId) ?? `std ${l.subscriptionNumber}`))]
      .sort()
      .join(',');
  const creditedRef = (invoiceNumber: string | null, lineId: string | null, loose: boolean) => {
    if (invoiceNumber === null) return null;
    const invoice = invoicesByNumber.get(invoiceNumber);
    const line = invoice?.lines.find((l) => l.id === lineId);
    const doc = loose && !old.has(invoiceNumber) ? 'new' : nameOf(invoiceNumber);
    return line === undefined
      ? `${doc} line ${lineId} (not found)`
      : `${doc} ${chargeOf(line)} ${refOf(line.invoiceScheduleItemId) ?? 'std'} from ${line.serviceStartDate}`;
  };
  const invoiceLine = (l: InvoiceRecord['lines'][number]) => ({
    kind: l.kind,
    charge: chargeOf(l),
    appliesTo: l.appliesToChargeNumber,
    amount: l.amount,
    period: `${l.serviceStartDate}..${l.serviceEndDate}`,
    item: refOf(l.invoiceScheduleItemId),
  });
  const memoLine = (l: MemoRecord['lines'][number], loose: boolean) => ({
    charge: chargeOf(l),
    amount: l.amount,
    period: `${l.serviceStartDate}..${l.serviceEndDate}`,
    item: refOf(l.invoiceScheduleItemId),
    credits: creditedRef(l.creditedInvoiceNumber, l.creditedInvoiceLineId, loose),
  });
  const named = <D extends { number: string }>(
    kind: string,
    docs: readonly D[],
    date: (d: D) => string,
    content: (d: D) => unknown,
    lines: (d: D) => readonly { subscriptionNumber: string; invoiceScheduleItemId: string | null }[],
  ) => {
    const keyed = docs
      .map((d) => ({ d, base: `${kind} ${date(d)} ${sources(lines(d))}`, body: JSON.stringify(content(d)) }))
      .sort((a, b) =>
        a.base < b.base ? -1 : a.base > b.base ? 1 : a.body < b.body ? -1 : a.body > b.body ? 1 : 0,
      );
    const count = new Map<string, number>();
    for (const { d, base } of keyed) {
      const n = (count.get(base) ?? 0) + 1;
      count.set(base, n);
      names.set(d.number, n === 1 ? base : `${base} ~${n}`);
    }
  };
  named(
    'INV',
    newInvoices,
    (i) => i.invoiceDate,
    (i) => ownLines(i.lines).map(invoiceLine),
    (i) => ownLines(i.lines),
  );
  named(
    'CM',
    newMemos,
    (m) => m.memoDate,
    (m) => ownLines(m.lines).map((l) => memoLine(l, false)),
    (m) => ownLines(m.lines),
  );

  // (a), with (b)'s links
  const schedules = after.invoiceSchedules.map((s) => {
    const { version: _version, updatedAt: _at, updatedBy: _by, items, ...rest } = s;
    const exact = s.invoiceSeparately;
    const hasLineOf = (number: string) => {
      const doc = invoicesByNumber.get(number) ?? after.creditMemos.find((m) => m.number === number);
      return doc?.lines.some((l) => l.invoiceScheduleNumber === s.number) ?? false;
    };
    return {
      ...rest,
      items: items.map(({ invoiceNumber, creditMemoNumbers, ...item }) =>
        exact
          ? {
              ...item,
              invoice: nameOf(invoiceNumber),
              // An additional subscriptions' credit memo (no line of the schedule) is standard billing's, (d).
              memos: creditMemoNumbers.filter((n) => old.has(n) || hasLineOf(n)).map(nameOf),
            }
          : item,
      ),
    };
  });
  // (b)
  const exactDocuments = [
    ...newInvoices.map((i) => ({
      kind: 'Invoice',
      doc: i,
      date: i.invoiceDate,
      lines: i.lines.map((l) => ({ schedule: l.invoiceScheduleNumber, view: invoiceLine(l) })),
    })),
    ...newMemos.map((m) => ({
      kind: 'CreditMemo',
      doc: m,
      date: m.memoDate,
      lines: m.lines.map((l) => ({ schedule: l.invoiceScheduleNumber, view: memoLine(l, false) })),
    })),
  ]
    .filter(({ lines }) => lines.some((l) => l.schedule !== null && separately.get(l.schedule) === true))
    .map(({ kind, doc, date, lines }) => ({
      name: nameOf(doc.number),
      kind,
      account: doc.accountNumber,
      date,
      status: doc.status,
      lines: lines.filter((l) => l.schedule !== null).map((l) => l.view),
    }))
    .sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
  // (c)
  const looseLines: Record<string, string[]> = {};
  const addLoose = (schedule: string | null, line: unknown) => {
    if (schedule === null || separately.get(schedule) !== false) return;
    const list = looseLines[schedule] ?? [];
    list.push(JSON.stringify(line));
    looseLines[schedule] = list;
  };
  // What a line bills, whatever document holds it: a discount line counts against the charge it applies to (a
  // line netted into a credit memo keeps only that charge).
  const bills = (
    l: { subscriptionNumber: string; chargeNumber: string; serviceStartDate: string; serviceEndDate: string },
    charge: string,
    amount: string,
    item: string | null,
  ) => ({
    charge: `${l.subscriptionNumber}/${charge}`,
    amount,
    period: `${l.serviceStartDate}..${l.serviceEndDate}`,
    item: refOf(item),
  });
  for (const i of newInvoices)
    for (const l of i.lines)
      addLoose(l.invoiceScheduleNumber, {
        bills: bills(l, l.appliesToChargeNumber ?? l.chargeNumber, l.amount, l.invoiceScheduleItemId),
        live: live(i.status),
      });
  for (const m of newMemos) {
    for (const l of m.lines) {
      // A line crediting no invoice is an invoice line netted into the memo (decision 11), negated.
      addLoose(
        l.invoiceScheduleNumber,
        l.creditedInvoiceNumber === null
          ? {
              bills: bills(l, l.chargeNumber, negate(l.amount), l.invoiceScheduleItemId),
              live: m.status !== 'Canceled',
            }
          : { credits: memoLine(l, true), live: m.status !== 'Canceled' },
      );
    }
  }
  for (const list of Object.values(looseLines)) list.sort();
  // (d)
  const net = new Map<string, bigint>();
  const units = (amount: string) => BigInt(amount.replace('.', '').replace(/^(-?)0+(?=\d)/, '$1'));
  const scaleOf = (amount: string) => amount.split('.')[1]?.length ?? 0;
  const add = (key: string, amount: string) => {
    // Amounts of one currency share a scale; the key keeps it so that different scales never add up.
    const k = `${key} (scale ${scaleOf(amount)})`;
    net.set(k, (net.get(k) ?? 0n) + units(amount));
  };
  for (const i of after.invoices) {
    if (!live(i.status)) continue;
    for (const l of i.lines)
      add(
        l.kind === 'Discount' ? `${l.subscriptionNumber}/${l.appliesToChargeNumber}` : chargeOf(l),
        l.amount,
      );
  }
  for (const m of after.creditMemos) {
    if (m.status === 'Canceled') continue;
    for (const l of m.lines) add(chargeOf(l), negate(l.amount));
  }
  const charges = Object.fromEntries(
    [...net]
      .filter(([, v]) => v !== 0n)
      .map(([k, v]) => [k, String(v)])
      .sort(),
  );
  // (e)
  const earlier = [...after.invoices, ...after.creditMemos].filter((d) => old.has(d.number));
  return { schedules, exactDocuments, looseLines, charges, earlier };
}

/**
 * C1 and C2 after a bill run on `targetDate` that took the store from `before` to what `billing` holds now: a
 * text per problem found (none: both hold), and the daily runs C2 compared it with.
 */
export async function checkCatchUp(
  billing: TestBilling,
  before: Snapshot,
  targetDate: BusinessDate,
  options: RunOptions,
  strict: readonly CatchUpIssue[],
): Promise<{ readonly problems: readonly string[]; readonly runs: readonly string[] }> {
  const due = await stillDue(billing, targetDate);
  const problems = due.map((d) => `C1 after the run on ${targetDate}, still due by it: ${d}`);
  // Nothing fell due before the target date: the daily runs are the one run itself.
  if (!dueBefore(before, targetDate)) return { problems, runs: [targetDate] };
  const shadow = shadowOf(billing, before);
  const days = await runDaily(shadow, targetDate, options, strict);
  const one = catchUpView(before, billing.store.probe.snapshot());
  const daily = catchUpView(before, shadow.store.probe.snapshot());
  const difference = differenceOf(one, daily);
  if (difference !== null)
    problems.push(
      `C2 one run on ${targetDate} ≠ runs on ${days.join(', ')}: at ${difference} (one run ≠ daily runs)`,
    );
  return { problems, runs: days };
}

/**
 * Where two views differ, readably: lists of lines (c) and of named documents (b) as what is only in one and
 * only in the other; anything else as its first difference.
 */
function differenceOf(one: CatchUpView, daily: CatchUpView): string | null {
  const multiset = (a: readonly string[], b: readonly string[]) => {
    const rest = [...b];
    const onlyA: string[] = [];
    for (const x of a) {
      const k = rest.indexOf(x);
      if (k >= 0) rest.splice(k, 1);
      else onlyA.push(x);
    }
    return onlyA.length === 0 && rest.length === 0
      ? null
      : `only in the one run: ${onlyA.join(' | ') || '-'}; only in the daily runs: ${rest.join(' | ') || '-'}`;
  };
  for (const s of new Set([...Object.keys(one.looseLines), ...Object.keys(daily.looseLines)])) {
    const d = multiset(one.looseLines[s] ?? [], daily.looseLines[s] ?? []);
    if (d !== null) return `the new lines of ${s} (consolidating): ${d}`;
  }
  const docs = multiset(
    one.exactDocuments.map((d) => JSON.stringify(d)),
    daily.exactDocuments.map((d) => JSON.stringify(d)),
  );
  if (docs !== null) return `the new documents of schedules invoicing separately: ${docs}`;
  return firstDifference(one, daily, '');
}

type CatchUpView = ReturnType<typeof catchUpView>;

/** The first place two plain values differ, as `path: a ≠ b`, or null. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  const show = (v: unknown) => {
    const text = JSON.stringify(v) ?? 'undefined';
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
  };
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${path || '(root)'}: ${show(a)} ≠ ${show(b)}`;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const named = (x[k] ?? y[k]) as { number?: unknown } | undefined;
    const name = Array.isArray(a) && typeof named?.number === 'string' ? named.number : k;
    const d = firstDifference(x[k], y[k], Array.isArray(a) ? `${path}[${name}]` : `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}
