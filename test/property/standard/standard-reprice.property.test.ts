import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import {
  type ChargeSpec,
  dayOf,
  expectedValueUnits,
  expectedValueUpToUnits,
  MINOR_UNITS,
  type Scenario,
  scenarioArb,
  setUp,
  units,
} from './scenario';

// Standard billing of a charge whose price is lowered from its start after some of it was billed (§8.5, §6.5):
// the next bill run whose target date reaches the charge start credits what was billed above what the billed days
// are worth now — not once the charge ends — and the periods after them are billed at the new price. Checked
// against the independent oracle of scenario.ts after every bill run.
const RUNS = { numRuns: 80 };

const repriceArb = fc.record({
  scenario: scenarioArb,
  /** The repriced charge, by position among every charge. */
  charge: fc.nat(),
  /** Bill runs before the change, by position among the scenario's. */
  after: fc.nat(),
  /** The new price as a share of the old, in thousandths (0: free). */
  permille: fc.integer({ min: 0, max: 999 }),
});

function formatUnits(value: bigint, minorUnits: number): string {
  if (minorUnits === 0) return value.toString();
  const s = value.toString().padStart(minorUnits + 1, '0');
  return `${s.slice(0, -minorUnits)}.${s.slice(-minorUnits)}`;
}

interface Billed {
  /** Net billed: live invoice lines minus credit memo lines. */
  readonly net: bigint;
  /** The last day a live invoice line bills (null: none). */
  readonly through: string | null;
}

/** What the documents bill each charge. */
function billedByCharge(billing: TestBilling, minor: number): Map<string, Billed> {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  const out = new Map<string, { net: bigint; through: string | null }>();
  const at = (charge: string) => {
    const found = out.get(charge) ?? { net: 0n, through: null };
    out.set(charge, found);
    return found;
  };
  for (const invoice of invoices) {
    if (invoice.status !== 'Draft' && invoice.status !== 'Posted') continue;
    for (const line of invoice.lines) {
      const entry = at(line.chargeNumber);
      entry.net += units(line.amount, minor);
      if (entry.through === null || dayOf(line.serviceEndDate) > dayOf(entry.through))
        entry.through = line.serviceEndDate;
    }
  }
  for (const memo of creditMemos)
    for (const line of memo.lines) at(line.chargeNumber).net -= units(line.amount, minor);
  return out;
}

describe('standard billing: a price lowered from the charge start after billing (§8.5, §6.5)', () => {
  test.prop([repriceArb], RUNS)(
    'after every bill run reaching the change, each charge is billed exactly what its billed days are worth now; the credit takes no invoice line below zero, and nothing is billed twice',
    async ({ scenario, charge: pick, after, permille }) => {
      const minor = MINOR_UNITS[scenario.currency];
      const all = scenario.subscriptions.flatMap((s) =>
        s.charges.map((c) => ({ subscription: s.number, c })),
      );
      const target = all[pick % all.length] as { subscription: string; c: ChargeSpec };
      const changeAfter = after % scenario.billRunDates.length;
      const billing = newBilling({ prorationDays: scenario.prorationDays });
      await setUp(billing, scenario as Scenario, false);
      let charges = new Map(all.map(({ c }) => [c.number, c] as const));
      let lastBefore: string | null = null;
      for (const [k, targetDate] of scenario.billRunDates.entries()) {
        if (k === changeAfter) {
          // The change: the charge's price becomes `permille`/1000 of its price, from its start.
          const priceUnits = Math.floor((target.c.priceUnits * permille) / 1000);
          lastBefore = billedByCharge(billing, minor).get(target.c.number)?.through ?? null;
          expectOk(
            await saveNewOrder(billing.context, {
              number: 'O-0002',
              accountNumber: 'A-001',
              orderDate: targetDate,
              actions: [
                {
                  type: 'UpdateProduct',
                  subscriptionNumber: target.subscription,
                  chargeNumber: target.c.number,
                  effectiveDate: target.c.startDate,
                  price: formatUnits(BigInt(priceUnits), minor),
                },
              ],
            }),
          );
          expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
          charges = new Map(charges).set(target.c.number, { ...target.c, priceUnits });
        }
        const run = expectOk(await runBillRun(billing.context, { targetDate }));
        expect(run.failures).toEqual([]);
        if (k < changeAfter)
          expect(run.creditMemoNumbers, `no credit before the change (${targetDate})`).toEqual([]);
        const billed = billedByCharge(billing, minor);
        for (const [number, c] of charges) {
          const { net, through } = billed.get(number) ?? { net: 0n, through: null };
          // A charge not started by the target date is billed nothing yet (its credit waits for its start).
          if (dayOf(c.startDate) > dayOf(targetDate)) continue;
          const worth = through === null ? 0n : expectedValueUpToUnits(c, through, scenario.prorationDays);
          expect(
            net,
            `${number} after the run of ${targetDate}: billed what ${through ?? 'no day'} is worth`,
          ).toBe(worth);
        }
        for (const number of run.creditMemoNumbers) {
          const memo = billing.store.probe.creditMemo(number);
          if (memo === null) expect.fail(`credit memo ${number} is not in the store`);
          expect(
            memo.lines.every((l) => l.chargeNumber === target.c.number),
            `${number} credits the repriced charge`,
          ).toBe(true);
          let sum = 0n;
          for (const line of memo.lines) {
            const invoice = billing.store.probe.invoice(line.creditedInvoiceNumber ?? '');
            const credited = invoice?.lines.find((l) => l.id === line.creditedInvoiceLineId);
            if (credited === undefined) expect.fail(`${number} line ${line.id} credits no invoice line`);
            const amount = units(line.amount, minor);
            sum += amount;
            expect(
              amount > 0n && amount <= units(credited.amount, minor),
              `${number} line within its invoice line`,
            ).toBe(true);
            expect([line.serviceStartDate, line.serviceEndDate]).toEqual([
              credited.serviceStartDate,
              credited.serviceEndDate,
            ]);
          }
          expect(units(memo.amount, minor)).toBe(sum);
        }
      }
      // Nothing billed twice: the repriced charge's invoice lines after the change start after the days billed
      // before it; and in the end every charge is billed its value at its current price.
      const { invoices } = billing.store.probe.snapshot();
      const lines = invoices.flatMap((i) => i.lines).filter((l) => l.chargeNumber === target.c.number);
      const seen = new Set<string>();
      for (const line of lines) {
        const period = `${line.serviceStartDate}..${line.serviceEndDate}`;
        expect(seen.has(period), `${target.c.number} ${period} billed once`).toBe(false);
        seen.add(period);
      }
      if (lastBefore !== null) {
        const before = lastBefore;
        expect(
          lines
            .filter((l) => dayOf(l.serviceEndDate) > dayOf(before))
            .every((l) => dayOf(l.serviceStartDate) > dayOf(before)),
          `${target.c.number}: no line after the change bills a day billed before it (${before})`,
        ).toBe(true);
      }
      const billed = billedByCharge(billing, minor);
      for (const [number, c] of charges)
        expect(billed.get(number)?.net ?? 0n, `${number} billed its value in the end`).toBe(
          expectedValueUnits(c, scenario.prorationDays),
        );
    },
  );
});
