import { fc, test } from '@fast-check/vitest';
import type { Decimal } from 'decimal.js';
import { describe, expect } from 'vitest';
import {
  chargeValueUpTo,
  planStandardBilling,
  standardInvoiceLines,
} from '../../../src/domain/billing/standard';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import { grossValue } from '../../../src/domain/contract/charge-value';
import type { InvoiceLine } from '../../../src/domain/documents/invoice';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { CURRENCIES } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { unitsAtScale } from '../../../src/money/minor';
import { divideRounded, ROUNDING_MODES } from '../../../src/money/rounding';
import { addDays, businessDate } from '../../../src/time/date';
import { charge, plan, subscriptionOf } from '../../unit/domain/fixtures';

// Standard billing invoices a discounted charge as a gross line and a line per discount (C26), per billing period.
// Worked out from what was billed of the charge before (decision 2), whatever bill runs bill its periods, its lines
// add up over its life to its gross value, each discount's to its share of the discount, and the net to its value.

const START = businessDate(2023, 1, 1);

const scenarioArb = fc
  .record({
    currency: fc.constantFrom(CURRENCIES.USD!, CURRENCIES.JPY!, CURRENCIES.KWD!),
    units: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    listPriceBase: fc.constantFrom<'Year' | 'Month'>('Year', 'Month'),
    billingPeriod: fc.constantFrom<'Month' | 'Quarter' | 'Annual'>('Month', 'Month', 'Quarter', 'Annual'),
    length: fc.integer({ min: 0, max: 800 }),
    // Hundredths of a percent, at most 33.33 % each: three add up to 100 % at most.
    discounts: fc.array(fc.integer({ min: 1, max: 3333 }), { minLength: 1, maxLength: 3 }),
    runs: fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 8 }),
    mode: fc.constantFrom(...ROUNDING_MODES),
    prorationDays: fc.constantFrom<'actual' | 'thirty'>('actual', 'thirty'),
  })
  .map((r) => {
    const c: RatePlanCharge = charge({
      number: 'C1',
      type: 'Recurring',
      price: new Dec(r.units.toString()).div(10 ** r.currency.minorUnits),
      listPriceBase: r.listPriceBase,
      billingPeriod: r.billingPeriod,
      startDate: START,
      endDate: addDays(START, r.length),
    });
    const discounts = r.discounts.map((p, i) =>
      charge({
        number: `D${i + 1}`,
        type: 'DiscountPercentage',
        discountPercentage: new Dec(p).div(100),
        startDate: c.startDate,
        endDate: c.endDate,
      }),
    );
    const ratePlan = plan(c, ...discounts);
    const subscription = { ...subscriptionOf(c), currency: r.currency.code, ratePlans: [ratePlan] };
    // Bill runs on some days of the term, then one on its last day: the charge is billed fully.
    const targets = [...new Set(r.runs.filter((d) => d <= r.length))]
      .sort((a, b) => a - b)
      .map((d) => addDays(START, d));
    return { ...r, charge: c, ratePlan, subscription, targets: [...targets, c.endDate] };
  });

describe('standard billing’s discount lines over a charge’s life (decision 2, §4.4)', () => {
  test.prop([scenarioArb], { numRuns: 150 })(
    'whatever bill runs bill a discounted charge, Σ its gross lines = its gross value, Σ its discount lines = the discount (with one discount exactly its share; with several each within a unit per line of its share by percentage), no discount line adds, Σ net = its value, and each period’s gross + discounts = its net',
    (s) => {
      const m = s.currency.minorUnits;
      const units = (x: Decimal) => unitsAtScale(x, m) as bigint;
      const settings = { prorationDays: s.prorationDays, rounding: s.mode };
      const key = chargeKey(s.subscription.number, s.charge.number);
      const lines: InvoiceLine[] = [];
      let billed = new Dec(0);
      for (const targetDate of s.targets) {
        const planned = planStandardBilling({
          subscriptions: [s.subscription],
          excluded: new Set(),
          billed: new Map([[key, billed]]),
          targetDate,
          currency: s.currency,
          settings,
        });
        expect(planned.credits).toEqual([]);
        const invoiceLines = standardInvoiceLines(planned.lines, 'INV', s.currency, s.mode);
        for (const l of planned.lines) {
          // The period's lines: its charge line and the discount lines after it, up to the next charge line.
          const at = invoiceLines.findIndex(
            (x) => x.kind === 'Charge' && x.serviceStartDate === l.serviceStartDate,
          );
          let sum = 0n;
          for (let i = at; i < invoiceLines.length; i++) {
            const x = invoiceLines[i] as InvoiceLine;
            if (i > at && x.kind === 'Charge') break;
            sum += units(x.amount);
          }
          expect(sum, `${l.serviceStartDate}: gross + discounts = net`).toBe(units(l.amount));
          billed = billed.plus(l.amount);
        }
        lines.push(...invoiceLines);
      }
      const value = units(chargeValueUpTo(s.charge, s.ratePlan, s.charge.endDate, s.currency, settings));
      const sumOf = (pick: (l: InvoiceLine) => boolean) =>
        lines.filter(pick).reduce((a, l) => a + units(l.amount), 0n);
      expect(
        sumOf(() => true),
        'Σ net = value',
      ).toBe(value);
      expect(units(billed)).toBe(value);
      if (value === 0n) return; // a charge worth nothing bills no line
      const gross = units(grossValue(s.charge, s.currency, s.mode));
      expect(
        sumOf((l) => l.kind === 'Charge'),
        'Σ gross = gross value',
      ).toBe(gross);
      // The discount (gross value − value) shared by percentage, rounded cumulatively, the last one the rest; a
      // line where a cumulative share would step back splits its own discount instead (no discount line ever
      // adds), so with several discounts each one's lines are within a unit per line of that share.
      const discountLines = lines.filter((l) => l.kind === 'Discount');
      expect(
        discountLines.every((l) => units(l.amount) <= 0n),
        'no discount line adds to the charge',
      ).toBe(true);
      expect(
        sumOf((l) => l.kind === 'Discount'),
        'Σ discounts = −(gross value − value)',
      ).toBe(value - gross);
      const all = s.discounts.reduce((a, p) => a + BigInt(p), 0n);
      const lineCount = BigInt(lines.filter((l) => l.kind === 'Charge').length);
      let cumulative = 0n;
      let taken = 0n;
      s.discounts.forEach((p, k) => {
        cumulative += BigInt(p);
        const upTo =
          k === s.discounts.length - 1
            ? gross - value
            : divideRounded((gross - value) * cumulative, all, s.mode);
        const got = sumOf((l) => l.kind === 'Discount' && l.chargeNumber === `D${k + 1}`);
        const off = got - (taken - upTo);
        if (s.discounts.length === 1) expect(got, `Σ D${k + 1}`).toBe(taken - upTo);
        else
          expect(off <= lineCount && off >= -lineCount, `Σ D${k + 1}: ${got} for ${taken - upTo}`).toBe(true);
        taken = upTo;
      });
    },
  );
});
