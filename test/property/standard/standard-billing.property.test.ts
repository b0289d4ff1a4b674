import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { newBilling } from '../../support/billing';
import {
  type ChargeSpec,
  dayOf,
  expectedValueUnits,
  MINOR_UNITS,
  runAll,
  type Scenario,
  scenarioArb,
  setUp,
  units,
} from './scenario';

// Standard billing (reference §1, §6.5, §7.7): charges no schedule bills are billed per billing period in
// advance, each period the value up to its end minus what came before. Whatever the bill-run dates, a charge
// ends up billed exactly its value, once per period.
const RUNS = { numRuns: 100 };

function charges(scenario: Scenario): Map<string, ChargeSpec> {
  return new Map(scenario.subscriptions.flatMap((s) => s.charges.map((c) => [c.number, c] as const)));
}

describe('standard billing over bill runs (§1, §6.5)', () => {
  test.prop([scenarioArb], RUNS)(
    'standard billing over any sequence of bill-run dates bills each charge exactly its value by its end date, never twice for a period',
    async (scenario) => {
      const billing = newBilling({ prorationDays: scenario.prorationDays });
      await setUp(billing, scenario, false);
      const invoices = await runAll(billing, scenario);
      const minor = MINOR_UNITS[scenario.currency];
      const byCharge = new Map<string, { amount: bigint; start: string; end: string; date: string }[]>();
      for (const invoice of invoices) {
        expect(invoice.currency).toBe(scenario.currency);
        let sum = 0n;
        for (const line of invoice.lines) {
          expect(line.kind).toBe('Charge');
          expect(line.invoiceScheduleNumber).toBeNull();
          const amount = units(line.amount, minor);
          sum += amount;
          byCharge.set(line.chargeNumber, [
            ...(byCharge.get(line.chargeNumber) ?? []),
            { amount, start: line.serviceStartDate, end: line.serviceEndDate, date: invoice.invoiceDate },
          ]);
        }
        expect(units(invoice.amount, minor), `${invoice.number} amount = Σ lines`).toBe(sum);
      }
      for (const [number, charge] of charges(scenario)) {
        const lines = byCharge.get(number) ?? [];
        const value = expectedValueUnits(charge, scenario.prorationDays);
        const billed = lines.reduce((a, l) => a + l.amount, 0n);
        expect(billed, `${number} billed its value`).toBe(value);
        for (const l of lines) {
          expect(l.amount > 0n, `${number} line amount positive`).toBe(true);
          expect(dayOf(l.start) >= dayOf(charge.startDate), `${number} line starts on/after the charge`).toBe(
            true,
          );
          const lastDay = charge.kind === 'OneTime' ? charge.startDate : charge.endDate;
          expect(dayOf(l.end) <= dayOf(lastDay), `${number} line ends on/before the charge`).toBe(true);
          expect(dayOf(l.start) <= dayOf(l.end)).toBe(true);
          // Billed in advance: never on an invoice dated before the period starts.
          expect(dayOf(l.date) >= dayOf(l.start), `${number} billed on or after its period start`).toBe(true);
        }
        const sorted = [...lines].sort((a, b) => dayOf(a.start) - dayOf(b.start));
        for (let i = 1; i < sorted.length; i++) {
          const prev = sorted[i - 1];
          const next = sorted[i];
          if (prev && next) {
            expect(
              dayOf(next.start) > dayOf(prev.end),
              `${number}: ${prev.start}..${prev.end} vs ${next.start}..${next.end}`,
            ).toBe(true);
          }
        }
      }
      expect([...byCharge.keys()].every((n) => charges(scenario).has(n))).toBe(true);
    },
  );

  test.prop([scenarioArb], RUNS)(
    'consolidation never changes the sum of what is billed',
    async (scenario) => {
      const minor = MINOR_UNITS[scenario.currency];
      const outcome = async (invoiceSeparately: boolean) => {
        const billing = newBilling({ prorationDays: scenario.prorationDays });
        await setUp(billing, scenario, invoiceSeparately);
        const invoices = await runAll(billing, scenario);
        const total = invoices.reduce((a, i) => a + units(i.amount, minor), 0n);
        const lines = invoices
          .flatMap((i) =>
            i.lines.map(
              (l) =>
                `${l.chargeNumber} ${l.amount} ${l.serviceStartDate} ${l.serviceEndDate} ${i.invoiceDate}`,
            ),
          )
          .sort();
        return { total, lines, invoices };
      };
      const separate = await outcome(true);
      const together = await outcome(false);
      expect(together.total).toBe(separate.total);
      expect(together.lines).toEqual(separate.lines);
      // Separately: each invoice holds one subscription's lines; together: one invoice per run date at most.
      for (const invoice of separate.invoices) {
        expect(new Set(invoice.lines.map((l) => l.subscriptionNumber)).size).toBe(1);
      }
      const dates = together.invoices.map((i) => i.invoiceDate);
      expect(new Set(dates).size).toBe(dates.length);
    },
  );
});
