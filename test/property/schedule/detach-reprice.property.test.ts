import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { proratedMonths } from '../../../src/domain/billing/standard';
import { runBillRun } from '../../../src/operations/bill-run';
import { detachInvoiceScheduleCharges } from '../../../src/operations/lifecycle';
import { addDays, businessDate, parseBusinessDate } from '../../../src/time/date';
import { parseFraction } from '../../../src/time/rational';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  repriceFromStart,
  yearly,
} from '../../support/scenarios';
import { runs } from './harness';

// §5.4, §8.5: a charge billed partly by a schedule, detached, then repriced from its start any number of times,
// lowered or raised, each change followed by a bill run (case A's shape with random figures: one charge billed
// annually, a schedule of two items, the first one billed; sometimes the term extended a year first). After every
// run: every line of the charge lies within its term, and none straddles the schedule's days S (from the charge's
// start through where the schedule served it): a line or credit is dated exactly S or starts where the schedule left
// off (the day after S, the same day when partly consumed, decision 3); what the lines dated S net is never below
// zero nor above what S is worth now; a run repeated bills nothing; after the last run the charge is billed exactly
// its value.

const MINOR = { USD: 2, JPY: 0 } as const;

const scenarioArb = fc.record({
  currency: fc.constantFrom('USD' as const, 'JPY' as const),
  prorationDays: fc.constantFrom('actual' as const, 'thirty' as const),
  /** The yearly price in minor units. */
  priceUnits: fc.integer({ min: 5, max: 500_000 }),
  /** The first item's share of the total, in thousandths. */
  firstPermille: fc.integer({ min: 1, max: 999 }),
  extend: fc.boolean(),
  /** Each change: the new price as thousandths of the yearly price first set. */
  changes: fc.array(fc.integer({ min: 100, max: 4000 }), { minLength: 1, maxLength: 4 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const text = (units: bigint, minor: number): string => {
  if (minor === 0) return units.toString();
  const s = units.toString().padStart(minor + 1, '0');
  return `${s.slice(0, -minor)}.${s.slice(-minor)}`;
};
const unitsOf = (amount: string, minor: number): bigint =>
  BigInt(Number(amount).toFixed(minor).replace('.', ''));

/** Every live line of C1 (invoice lines, and credit memo lines negated) as its dates and units. */
function linesOf(billing: TestBilling, minor: number): { start: string; end: string; units: bigint }[] {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  return [
    ...invoices
      .filter((i) => i.status === 'Draft' || i.status === 'Posted')
      .flatMap((i) => i.lines.map((l) => ({ l, units: unitsOf(l.amount, minor) }))),
    ...creditMemos.flatMap((m) => m.lines.map((l) => ({ l, units: -unitsOf(l.amount, minor) }))),
  ].map(({ l, units }) => ({ start: l.serviceStartDate, end: l.serviceEndDate, units }));
}

/** Where the schedule served C1 through, and the day its rest starts (decision 3). */
interface Served {
  readonly end: string;
  readonly resume: string;
}

/**
 * `exact`: the schedule billed S exactly what S was worth (served in full, its last day too), so S nets its worth now
 * (to a unit); else between zero and its worth now (a partly consumed last day is billed its rest after S).
 */
function checkLines(
  billing: TestBilling,
  minor: number,
  termEnd: string,
  served: Served,
  worthOfS: bigint,
  exact: boolean,
): void {
  let netOfS = 0n;
  for (const { start, end, units } of linesOf(billing, minor)) {
    const dates = `${start}..${end}`;
    expect(start >= '2023-01-01' && end <= termEnd && start <= end, `${dates} inside the term`).toBe(true);
    if (start === '2023-01-01' && end === served.end) netOfS += units;
    else expect(start >= served.resume, `${dates}: S's dates, or from ${served.resume}`).toBe(true);
  }
  const least = exact ? worthOfS - 1n : 0n;
  expect(netOfS >= least && netOfS <= worthOfS + 1n, `S nets ${netOfS}, worth ${worthOfS}`).toBe(true);
}

const total = (billing: TestBilling, minor: number): bigint =>
  linesOf(billing, minor).reduce((a, l) => a + l.units, 0n);

describe('§5.4, §8.5: a detached charge repriced from its start, in random sequences', () => {
  test.prop([scenarioArb], {
    ...runs(40),
    // 0.05/yr served 0.01 through a partly consumed 2023-03-13, lowered to 0.02 then 0.01 (the rest's line, from
    // 2023-03-13, credited too), raised to 0.06: that credit is the rest's, not S's, and S still gets its catch-up.
    examples: [
      [
        {
          currency: 'USD',
          prorationDays: 'actual',
          priceUnits: 5,
          firstPermille: 1,
          extend: false,
          changes: [400, 100, 1200],
        },
      ],
      // 35.00/yr served 0.07 through a partly consumed 2023-01-01, raised twice: the first catch-up (dated that day
      // alone, as the rest's line starts) counts in what the schedule's day nets, so the second adds only its part.
      [
        {
          currency: 'USD',
          prorationDays: 'actual',
          priceUnits: 3500,
          firstPermille: 2,
          extend: false,
          changes: [1786, 1929],
        },
      ],
      // 0.06/yr served 0.04 through 2023-08-31, lowered to 0.01 (0.03 credited on those days), raised to 0.02: the
      // credit of part of the schedule's line does not make its days owed again; the rest is billed from 09-01.
      [
        {
          currency: 'USD',
          prorationDays: 'actual',
          priceUnits: 6,
          firstPermille: 667,
          extend: false,
          changes: [100, 334, 100],
        },
      ],
    ],
  })(
    "after every run no line lies outside the charge's term or straddles the schedule's days, those days net between zero and their worth now, a repeated run bills nothing, and the charge ends billed exactly its value",
    async (s: Scenario) => {
      const minor = MINOR[s.currency];
      const billing = newBilling({ prorationDays: s.prorationDays });
      const price = BigInt(s.priceUnits);
      await setUpOrder(billing, {
        currency: s.currency,
        subscriptions: [yearly('S1', [{ number: 'C1', price: text(price, minor) }])],
      });
      const first = (price * BigInt(s.firstPermille)) / 1000n || 1n;
      await givenSchedule(billing, {
        items: [
          { runDate: '2023-02-01', amount: text(first, minor) },
          { runDate: '2023-06-01', amount: text(price - first, minor) },
        ],
      });
      await billAndPost(billing, ['2023-02-01']);
      expectOk(
        await detachInvoiceScheduleCharges(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
        }),
      );
      const c1 = billing.store.probe.invoiceSchedule('IS-00000001')?.charges[0];
      const through = c1?.servedThrough;
      if (through === null || through === undefined) throw new Error('the schedule served C1');
      const end = parseBusinessDate(through.end)._unsafeUnwrap();
      const served: Served = { end, resume: through.endDayPartial ? end : addDays(end, 1) };
      // What S is worth at a yearly price (`units`), as standard billing prices days (§7.4), rounded half up.
      const months = proratedMonths(businessDate(2023, 1, 1), end, s.prorationDays);
      const worthOfS = (units: bigint) => (2n * units * months.num + 12n * months.den) / (24n * months.den);
      // The schedule billed S exactly its worth (the detach recorded that worth, exact).
      const servedValue = parseFraction(c1?.detachment?.servedValue ?? null);
      const exact =
        !through.endDayPartial &&
        (servedValue === null
          ? first === worthOfS(price)
          : first * servedValue.den === servedValue.num * 10n ** BigInt(minor));
      const termEnd = s.extend ? '2024-12-31' : '2023-12-31';
      if (s.extend)
        await givenActivatedOrder(billing, {
          number: 'O-0100',
          orderDate: '2023-04-01',
          actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd }],
        });
      let now = price;
      for (const [k, permille] of s.changes.entries()) {
        now = (price * BigInt(permille)) / 1000n || 1n;
        await repriceFromStart(billing, {
          number: `O-${200 + k}`,
          orderDate: `2023-05-${String(k + 1).padStart(2, '0')}`,
          price: text(now, minor),
        });
        for (const repeat of [false, true]) {
          const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
          expect(run.failures).toEqual([]);
          if (repeat) expect([run.invoiceNumbers, run.creditMemoNumbers], 'a repeated run').toEqual([[], []]);
          checkLines(billing, minor, termEnd, served, worthOfS(now), exact);
        }
      }
      const last = expectOk(
        await runBillRun(billing.context, {
          targetDate: termEnd === '2023-12-31' ? '2023-12-31' : '2024-12-31',
        }),
      );
      expect(last.failures).toEqual([]);
      checkLines(billing, minor, termEnd, served, worthOfS(now), exact);
      expect(total(billing, minor), 'billed its value').toBe(s.extend ? now * 2n : now);
    },
  );
});
