// Shared steps and invariant checks of the schedule properties. Checks read the store through the
// public queries and compare with the independent oracle of test/support/arbitraries.ts.
import { expect } from 'vitest';
import type { BillRun } from '../../../src/domain/billing/bill-run';
import type { Invoice } from '../../../src/domain/documents/invoice';
import type { InvoiceSchedule } from '../../../src/domain/schedule/schedule';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import { getInvoiceSchedule, listScheduleInvoices } from '../../../src/operations/queries';
import {
  type BuiltAccount,
  billRunDates,
  type LifeStep,
  type SchedulePlan,
  toUnits,
  valuesInConsumptionOrder,
} from '../../support/arbitraries';
import { expectOk, type TestBilling } from '../../support/billing';

/** Saves the account and activates its order. */
export async function setUpAccount(billing: TestBilling, account: BuiltAccount): Promise<void> {
  expectOk(await saveNewAccount(billing.context, account.accountInput));
  expectOk(await saveNewOrder(billing.context, account.orderInput));
  expectOk(await activateSavedOrder(billing.context, { orderNumber: account.orderNumber }));
}

/** Runs a bill run and requires that no account failed. */
export async function billRun(
  billing: TestBilling,
  input: Parameters<typeof runBillRun>[1],
): Promise<BillRun> {
  const run = expectOk(await runBillRun(billing.context, input));
  expect(run.failures, `bill run ${JSON.stringify(input)} failures`).toEqual([]);
  return run;
}

export async function loadSchedule(billing: TestBilling, number: string): Promise<InvoiceSchedule> {
  return expectOk(await getInvoiceSchedule(billing.context, number));
}

export async function scheduleInvoices(billing: TestBilling, number: string): Promise<readonly Invoice[]> {
  return expectOk(await listScheduleInvoices(billing.context, number));
}

/** Invoices that still bill (not canceled or reversed). */
export function live(invoices: readonly Invoice[]): Invoice[] {
  return invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted');
}

const key = (subscriptionNumber: string, chargeNumber: string) => `${subscriptionNumber}/${chargeNumber}`;

/** Net units billed per regular charge (charge lines plus the discount lines applied to them). */
export function netUnitsByCharge(invoices: readonly Invoice[], minorUnits: number): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      const chargeNumber = line.kind === 'Discount' ? line.appliesToChargeNumber : line.chargeNumber;
      expect(chargeNumber, `discount line ${line.id} names the charge it discounts`).not.toBeNull();
      const k = key(line.subscriptionNumber, chargeNumber as string);
      out.set(k, (out.get(k) ?? 0n) + toUnits(line.amount, minorUnits));
    }
  }
  return out;
}

/** Every covered charge is billed exactly its value by the given invoices; nothing else is billed. */
export function expectEveryChargeBilledItsValue(
  account: BuiltAccount,
  invoices: readonly Invoice[],
  grouping: 'term' | 'startDate',
): void {
  const billed = netUnitsByCharge(invoices, account.currency.minorUnits);
  const values = valuesInConsumptionOrder(account.charges, grouping);
  const expected = new Map(
    account.charges.map((c) => [key(c.subscriptionNumber, c.chargeNumber), values.get(c) as bigint]),
  );
  for (const [k, units] of billed) {
    expect(expected.has(k), `invoice lines bill ${k}, which is not a covered charge`).toBe(true);
    expect(units, `net billed on ${k}`).toBe(expected.get(k));
  }
  for (const [k, value] of expected) {
    if (value !== 0n) expect(billed.get(k), `net billed on ${k}`).toBe(value);
  }
}

/** Each invoice is its item's document: same amount (Σ lines), invoice date = run date, lines linked. */
export function expectInvoicesMatchItems(
  schedule: InvoiceSchedule,
  invoices: readonly Invoice[],
  minorUnits: number,
) {
  for (const invoice of invoices) {
    const linesSum = invoice.lines.reduce((acc, l) => acc + toUnits(l.amount, minorUnits), 0n);
    expect(toUnits(invoice.amount, minorUnits), `${invoice.number} amount = Σ lines`).toBe(linesSum);
    const itemIds = new Set(invoice.lines.map((l) => l.invoiceScheduleItemId));
    expect(itemIds.size, `${invoice.number} lines come from one item`).toBe(1);
    const item = schedule.items.find((i) => itemIds.has(i.id));
    expect(item, `${invoice.number} item`).toBeDefined();
    if (!item) continue;
    expect(invoice.invoiceDate, `${invoice.number} invoice date`).toBe(item.runDate);
    if (invoice.status === 'Draft' || invoice.status === 'Posted') {
      expect(item.invoiceNumber, `item ${item.sequence} links ${invoice.number}`).toBe(invoice.number);
      expect(linesSum, `${invoice.number} sums to item ${item.sequence}'s amount`).toBe(
        toUnits(item.amount, minorUnits),
      );
    }
  }
}

/**
 * Service periods (§7.4): every line's period lies inside its charge's period, and the lines of a
 * charge, in invoice order, never go backwards (a start is on or after the previous line's start and
 * on or after the previous end's day; ends never decrease). With `currentEnds` (each charge's end date now,
 * after cuts), a line after one that ran past its charge's end now — the cut came after it — has only that
 * end day left to start on, and ends no later. With `endsAtIssue` (by invoice number, each charge's end date
 * when the invoice was issued), a line ends on or before its charge's end then.
 */
export function expectServicePeriodsInsideAndForward(
  account: BuiltAccount,
  invoices: readonly Invoice[],
  currentEnds: ReadonlyMap<string, string> = new Map(),
  endsAtIssue: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(),
) {
  const charges = new Map(account.charges.map((c) => [key(c.subscriptionNumber, c.chargeNumber), c]));
  const previous = new Map<string, { start: string; end: string; invoice: string }>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      if (line.kind !== 'Charge') continue;
      const k = key(line.subscriptionNumber, line.chargeNumber);
      const c = charges.get(k);
      expect(c, `line ${line.id} charge ${k}`).toBeDefined();
      if (!c) continue;
      const where = `${invoice.number} ${k} [${line.serviceStartDate}, ${line.serviceEndDate}] in charge [${c.startDate}, ${c.endDate}]`;
      expect(line.serviceStartDate >= c.startDate, where).toBe(true);
      expect(line.serviceStartDate <= line.serviceEndDate, where).toBe(true);
      expect(line.serviceEndDate <= c.endDate, where).toBe(true);
      const endThen = endsAtIssue.get(invoice.number)?.get(k);
      if (endThen !== undefined)
        expect(line.serviceEndDate <= endThen, `${where}, ends ${endThen} then`).toBe(true);
      // Decision 15: a zero-priced charge's 0.00 line carries the group's computed period on that invoice
      // (clipped to the charge), which need not move forward; only billed service must.
      if (c.exact.num === 0n) continue;
      const prev = previous.get(k);
      if (prev) {
        const step = `${where} after ${prev.invoice} [${prev.start}, ${prev.end}]`;
        const endNow = currentEnds.get(k);
        const reach = endNow !== undefined && endNow < prev.end ? endNow : prev.end;
        // On or after the previous line's start and end day, or the charge's end day now when that is earlier.
        const from = endNow !== undefined && endNow < prev.start ? endNow : prev.start;
        expect(line.serviceStartDate >= from, step).toBe(true);
        expect(line.serviceStartDate >= reach, step).toBe(true);
        expect(line.serviceEndDate >= reach, step).toBe(true);
      }
      previous.set(k, { start: line.serviceStartDate, end: line.serviceEndDate, invoice: invoice.number });
    }
  }
}

/**
 * The amount identities of §2.4 and the status derivation of §3: billed + unbilled = actual;
 * Σ actual of processed items = billed = Σ live invoices; Σ actual of pending items = unbilled;
 * processed items and only they link a live invoice; the schedule status and nextRunDate follow
 * the items; each charge's billed amount is what live invoices billed on it.
 */
export function expectIdentitiesAndStatuses(
  schedule: InvoiceSchedule,
  invoices: readonly Invoice[],
  minorUnits: number,
) {
  const u = (x: { toFixed(dp: number): string }) => toUnits(x, minorUnits);
  const s = `${schedule.number} v${schedule.version}`;
  expect(u(schedule.billedAmount) + u(schedule.unbilledAmount), `${s}: billed + unbilled = actual`).toBe(
    u(schedule.actualAmount),
  );
  const processed = schedule.items.filter((i) => i.status === 'Processed');
  const pending = schedule.items.filter((i) => i.status === 'Pending');
  expect(processed.length + pending.length, `${s}: no item left Executing`).toBe(schedule.items.length);
  expect(
    processed.reduce((a, i) => a + u(i.actualAmount), 0n),
    `${s}: Σ actual of processed = billed`,
  ).toBe(u(schedule.billedAmount));
  expect(
    pending.reduce((a, i) => a + u(i.actualAmount), 0n),
    `${s}: Σ actual of pending = unbilled`,
  ).toBe(u(schedule.unbilledAmount));
  const alive = live(invoices);
  expect(
    alive.reduce((a, i) => a + u(i.amount), 0n),
    `${s}: billed = Σ live invoices`,
  ).toBe(u(schedule.billedAmount));
  for (const item of schedule.items) {
    const linked = alive.filter((inv) => inv.lines.some((l) => l.invoiceScheduleItemId === item.id));
    if (item.status === 'Processed') {
      expect(
        linked.map((i) => i.number),
        `${s}: processed item ${item.sequence} has its live invoice`,
      ).toEqual([item.invoiceNumber]);
      expect(u(item.billedAmount), `${s}: item ${item.sequence} billed`).toBe(
        u(linked[0]?.amount ?? item.amount),
      );
    } else {
      expect(linked, `${s}: pending item ${item.sequence} has no live invoice`).toEqual([]);
      expect(item.invoiceNumber, `${s}: pending item ${item.sequence} links no invoice`).toBeNull();
      expect(u(item.billedAmount), `${s}: pending item ${item.sequence} billed`).toBe(0n);
    }
  }
  const derived =
    processed.length === 0 ? 'Pending' : pending.length === 0 ? 'FullyProcessed' : 'PartiallyProcessed';
  expect(schedule.status, `${s}: status follows the items`).toBe(derived);
  expect(schedule.nextRunDate, `${s}: nextRunDate = earliest pending run date`).toBe(
    pending[0]?.runDate ?? null,
  );
  const byCharge = netUnitsByCharge(alive, minorUnits);
  for (const c of schedule.charges) {
    expect(u(c.billedAmount), `${s}: charge ${c.subscriptionNumber}/${c.chargeNumber} billed`).toBe(
      byCharge.get(key(c.subscriptionNumber, c.chargeNumber)) ?? 0n,
    );
  }
}

/**
 * fast-check parameters of a property: `numRuns` (modest by default). For a local bug hunt,
 * `SCHEDULE_PROPERTY_RUNS` raises the runs and `SCHEDULE_PROPERTY_SEED` replays a reported seed.
 */
export function runs(defaultRuns: number): { numRuns: number; seed?: number } {
  const fromEnv = Number(process.env.SCHEDULE_PROPERTY_RUNS);
  const seed = Number(process.env.SCHEDULE_PROPERTY_SEED);
  return {
    numRuns: Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns,
    ...(process.env.SCHEDULE_PROPERTY_SEED && Number.isSafeInteger(seed) ? { seed } : {}),
  };
}

/**
 * Applies one life step: a bill run at a date around the plan, or cancel / post / reverse of the
 * `pick`-th invoice of the schedule in the status the action needs (no-op when there is none). A cancel or
 * reverse of an invoice that a later processed item follows must be refused (`LaterItemProcessed`).
 */
export async function applyStep(
  billing: TestBilling,
  scheduleNumber: string,
  plan: SchedulePlan,
  step: LifeStep,
): Promise<void> {
  if (step.kind === 'billRun') {
    const [targetDate] = billRunDates(plan, [step.position]);
    await billRun(billing, { targetDate: targetDate as string });
    return;
  }
  const wanted = step.kind === 'reverse' ? 'Posted' : 'Draft';
  const eligible = (await scheduleInvoices(billing, scheduleNumber)).filter((i) => i.status === wanted);
  const invoice = eligible[step.pick % Math.max(eligible.length, 1)];
  if (!invoice) return;
  const action = step.kind === 'cancel' ? cancelInvoice : step.kind === 'post' ? postInvoice : reverseInvoice;
  // Invoices of a schedule go back latest first (§3.2, §7.4): refused exactly while a later item is
  // Processed with an invoice of its own (these schedules have no credit memos).
  const before = await loadSchedule(billing, scheduleNumber);
  const first = before.items.findIndex((i) => i.invoiceNumber === invoice.number);
  const later = before.items
    .slice(first + 1)
    .flatMap((i) =>
      i.status === 'Processed' && i.invoiceNumber !== null && i.invoiceNumber !== invoice.number
        ? [i.invoiceNumber]
        : [],
    );
  const result = await action(billing.context, { invoiceNumber: invoice.number });
  if (step.kind !== 'post' && later.length > 0) {
    expect(
      result.isErr() && result.error,
      `${step.kind} ${invoice.number}: a later item is processed`,
    ).toMatchObject({
      type: 'LaterItemProcessed',
      laterDocumentNumbers: later,
    });
    expect(await loadSchedule(billing, scheduleNumber), 'the refusal changes nothing').toEqual(before);
    return;
  }
  const moved = expectOk(result);
  expect(moved.status).toBe(
    step.kind === 'cancel' ? 'Canceled' : step.kind === 'post' ? 'Posted' : 'Reversed',
  );
}
