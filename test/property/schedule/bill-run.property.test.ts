import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Invoice } from '../../../src/domain/documents/invoice';
import type { InvoiceSchedule } from '../../../src/domain/schedule/schedule';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { addDays, type BusinessDate, daysBetween } from '../../../src/time/date';
import {
  createRequest,
  lifeStepsArb,
  type ScheduleScenario,
  scheduleScenarioArb,
  scheduleSettingsArb,
} from '../../support/arbitraries';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import { applyStep, billRun, loadSchedule, runs, scheduleInvoices, setUpAccount } from './harness';

// Reference §6.1/§6.5 (bill runs pick due items), decision 7 (run date ≤ target date), decision 14
// (every operation is idempotent under retry).
describe('bill runs (§6.5, decisions 7 and 14)', () => {
  test.prop(
    [scheduleScenarioArb(), lifeStepsArb, fc.integer({ min: 0, max: 1000 }), scheduleSettingsArb],
    runs(60),
  )('a bill run is idempotent', async (scenario, steps, position, settings) => {
    const billing = newBilling(settings);
    await setUpAccount(billing, scenario.account);
    const { number } = expectOk(await createInvoiceSchedule(billing.context, createRequest(scenario)));
    for (const step of steps) await applyStep(billing, number, scenario.plan, step);
    await applyStep(billing, number, scenario.plan, { kind: 'billRun', position });
    const first = billing.store.probe.snapshot();
    const lastRun = first.billRuns.at(-1);
    expect(lastRun).toBeDefined();
    const again = await billRun(billing, { targetDate: lastRun?.targetDate as string });
    expect(again.invoiceNumbers).toEqual([]);
    expect(again.itemsProcessed).toBe(0);
    const second = billing.store.probe.snapshot();
    // Only the new bill-run record, its accounts' (empty) parts and the bill-run sequence may differ.
    expect(second.billRuns).toHaveLength(first.billRuns.length + 1);
    expect(second.billRuns.slice(0, -1)).toEqual(first.billRuns);
    expect(second.sequences.BillRun).toBe(first.sequences.BillRun + 1);
    const newParts = second.billRunAccounts.filter((p) => p.billRunNumber === again.number);
    expect(newParts.every((p) => p.status === 'Billed' && p.invoiceNumbers.length === 0)).toBe(true);
    const rest = (s: typeof first) => ({
      ...s,
      billRuns: [],
      billRunAccounts: s.billRunAccounts.filter((p) => p.billRunNumber !== again.number),
      sequences: { ...s.sequences, BillRun: 0 },
    });
    expect(rest(second)).toEqual(rest(first));
  });

  const accountsArb = fc
    .tuple(scheduleSettingsArb, fc.integer({ min: 2, max: 3 }))
    .chain(([settings, count]) =>
      fc
        .tuple(...['X', 'Y', 'Z'].slice(0, count).map((prefix) => scheduleScenarioArb(`${prefix}-`)))
        .chain((scenarios) =>
          fc.record({
            settings: fc.constant(settings),
            scenarios: fc.constant(scenarios),
            positions: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 6 }),
            orders: fc.array(
              fc.shuffledSubarray([...scenarios.keys()], { minLength: count, maxLength: count }),
              {
                minLength: 7,
                maxLength: 7,
              },
            ),
          }),
        ),
    );

  test.prop([accountsArb], runs(20))(
    'a bill run is order-independent across accounts',
    async ({ settings, scenarios, positions, orders }) => {
      const dates = billRunTargets(scenarios, positions);
      const together = newBilling(settings);
      const apart = newBilling(settings);
      for (const billing of [together, apart]) {
        for (const s of scenarios) await setUpAccount(billing, s.account);
        for (const s of scenarios) expectOk(await createInvoiceSchedule(billing.context, createRequest(s)));
      }
      for (const [i, targetDate] of dates.entries()) {
        await billRun(together, { targetDate });
        for (const index of orders[i % orders.length] as number[]) {
          const accountNumber = (scenarios[index] as ScheduleScenario).account.accountNumber;
          await billRun(apart, { targetDate, accountNumbers: [accountNumber] });
        }
      }
      for (const [index, s] of scenarios.entries()) {
        const scheduleNumber = `IS-${String(index + 1).padStart(8, '0')}`;
        const view = async (billing: TestBilling) => ({
          schedule: scheduleView(await loadSchedule(billing, scheduleNumber)),
          invoices: (await scheduleInvoices(billing, scheduleNumber)).map(invoiceView),
        });
        const a = await view(together);
        expect(a.schedule.accountNumber).toBe(s.account.accountNumber);
        expect(a.schedule.status).toBe('FullyProcessed');
        expect(await view(apart)).toEqual(a);
      }
    },
  );
});

/** Bill-run dates spread over every plan, ending on the last run date of all (which finishes them). */
function billRunTargets(scenarios: readonly ScheduleScenario[], positions: readonly number[]): string[] {
  const runDates = scenarios.flatMap((s) => s.plan.runDates).sort();
  const from = addDays(runDates[0] as BusinessDate, -30);
  const last = runDates.at(-1) as BusinessDate;
  const span = daysBetween(from, addDays(last, 30));
  return [...positions.map((p) => addDays(from, Math.floor((span * p) / 1000))), last];
}

/** A schedule without document numbers. */
function scheduleView(s: InvoiceSchedule) {
  return {
    accountNumber: s.accountNumber,
    status: s.status,
    billed: s.billedAmount.toFixed(),
    unbilled: s.unbilledAmount.toFixed(),
    nextRunDate: s.nextRunDate,
    items: s.items.map((i) => [i.sequence, i.status, i.actualAmount.toFixed(), i.billedAmount.toFixed()]),
    charges: s.charges.map((c) => [c.subscriptionNumber, c.chargeNumber, c.billedAmount.toFixed()]),
  };
}

/** An invoice by its content: dates, amounts and lines, not its number or ids. */
function invoiceView(i: Invoice) {
  return {
    accountNumber: i.accountNumber,
    invoiceDate: i.invoiceDate,
    status: i.status,
    amount: i.amount.toFixed(),
    lines: i.lines.map((l) => [
      l.kind,
      l.subscriptionNumber,
      l.chargeNumber,
      l.appliesToChargeNumber,
      l.amount.toFixed(),
      l.serviceStartDate,
      l.serviceEndDate,
      l.invoiceScheduleNumber,
      l.invoiceScheduleItemId,
    ]),
  };
}
