import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { postInvoice } from '../../../src/operations/invoices';
import { detachInvoiceScheduleCharges } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { addDays, type BusinessDate } from '../../../src/time/date';
import { expectOk, type TestBilling } from '../../support/billing';
import { givenActivatedOrder, givenYenChargesBilledInFull, removeProducts } from '../../support/scenarios';
import { runs } from './harness';

// Decision 2 ("no document is ever issued for such a residual alone"), §5.4 (a detached charge is billed and
// credited by standard billing): JPY charges of one term billed in full by one item, then one subscription removed
// as of a day of its term, and its charge detached — before the removal (path A) or after it, before the bill run
// that would credit it (path B). Either way the contract nets the same, and the schedule ends settled. In path B a
// unit the removal moved off another charge can still be credited by the schedule alone (400 / 397 / 400 yen for
// January, S3 removed as of 01-11: a known limit of decision 2's last sentence, see residual-after-detach.test.ts).

const MONTH_ENDS = [
  '2023-01-31',
  '2023-02-28',
  '2023-04-30',
  '2023-06-30',
  '2023-11-30',
  '2023-12-31',
] as const;

const scenarioArb = fc
  .record({
    prices: fc.array(fc.integer({ min: 1, max: 2_000 }), { minLength: 2, maxLength: 4 }),
    termEnd: fc.constantFrom(...MONTH_ENDS),
    removed: fc.nat(),
    /** Where in the term the removal takes effect, in thousandths of its days. */
    position: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ prices, termEnd, removed, position }) => {
    const days = (Date.parse(termEnd) - Date.parse('2023-01-01')) / 86_400_000;
    return {
      prices: prices.map(String),
      termEnd: termEnd as BusinessDate,
      subscription: `S${(removed % prices.length) + 1}`,
      effectiveDate: addDays('2023-01-01' as BusinessDate, Math.round((days * position) / 1000)),
    };
  });

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const DAYS_2023 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * What the contract (or subscription `only`) is worth after the removal, rounded half-up (decision 2: the set's total
 * is exact): each charge
 * its yearly price × months ÷ 12, the removed one up to the day before the removal (whole months kept, and the
 * days of the month it takes effect in over that month's days), as a fraction of 12 × 31 × 30 × 28 parts.
 */
function contractValue(s: Scenario, only?: string): number {
  const months = Number(s.termEnd.slice(5, 7));
  const parts = 12n * 31n * 30n * 28n;
  let sum = 0n;
  s.prices.forEach((price, i) => {
    if (only !== undefined && `S${i + 1}` !== only) return;
    if (`S${i + 1}` !== s.subscription) {
      sum += (BigInt(price) * BigInt(months) * parts) / 12n;
      return;
    }
    const month = Number(s.effectiveDate.slice(5, 7)) - 1;
    const dim = BigInt(DAYS_2023[month] as number);
    const kept = (BigInt(month) * dim + BigInt(Number(s.effectiveDate.slice(8, 10)) - 1)) * parts;
    sum += (BigInt(price) * kept) / (12n * dim);
  });
  return Number((2n * sum + parts) / (2n * parts));
}

/** Every document's lines of the contract: invoices (+) and credit memos (−), by charge; and the schedule's memos. */
function nets(billing: TestBilling) {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  const byCharge: Record<string, number> = {};
  for (const i of invoices)
    if (i.status === 'Draft' || i.status === 'Posted')
      for (const l of i.lines) byCharge[l.chargeNumber] = (byCharge[l.chargeNumber] ?? 0) + Number(l.amount);
  for (const m of creditMemos)
    for (const l of m.lines) byCharge[l.chargeNumber] = (byCharge[l.chargeNumber] ?? 0) - Number(l.amount);
  const scheduleMemos = creditMemos
    .filter((m) => m.lines.some((l) => l.invoiceScheduleNumber !== null))
    .map(
      (m) => `${m.number} ${m.memoDate}: ${m.lines.map((l) => `${l.chargeNumber} ${l.amount}`).join(', ')}`,
    );
  return { byCharge, scheduleMemos, invoices: invoices.length, memos: creditMemos.length };
}

async function run(s: Scenario, detachFirst: boolean) {
  const billing = await givenYenChargesBilledInFull(s.prices, s.termEnd);
  expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  const detach = async () =>
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [
          { subscriptionNumber: s.subscription, chargeNumbers: [`C${s.subscription.slice(1)}`] },
        ],
      }),
    );
  if (detachFirst) await detach();
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-15',
    actions: removeProducts([s.subscription], s.effectiveDate),
  });
  if (!detachFirst) await detach();
  const afterDetach = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  for (const targetDate of ['2023-01-20', addDays(s.termEnd, 1), '2024-02-01']) {
    const r = expectOk(await runBillRun(billing.context, { targetDate }));
    expect(r.failures).toEqual([]);
  }
  return { billing, afterDetach, ...nets(billing) };
}

describe('a removed charge detached before or after the removal: the contract nets the same (decision 2, §5.4)', () => {
  test.prop([scenarioArb], {
    ...runs(60),
    // Path B nets 0 and path A 1 (the removed charge's own rounding is 0): the comparison is left out.
    examples: [
      [
        {
          prices: ['1', '6', '1'],
          termEnd: '2023-04-30' as BusinessDate,
          subscription: 'S2',
          effectiveDate: '2023-01-22' as BusinessDate,
        },
      ],
    ],
  })('remove then detach nets as detach then remove', async (s) => {
    // One item of 100 % needs a total of at least one yen (§4.2 rule 7).
    fc.pre(s.prices.reduce((sum, p) => sum + Number(p), 0) * Number(s.termEnd.slice(5, 7)) >= 6);
    const a = await run(s, true);
    const b = await run(s, false);
    const charge = `C${s.subscription.slice(1)}`;
    // The money: the contract nets its value rounded, give or take the unit standard billing can leave on a
    // detached charge (it bills a charge its own rounding of nothing once that is zero, and takes none across zero:
    // `detachedValue`); path A can end that unit off too.
    const total = (n: Record<string, number>) => Object.values(n).reduce((x, y) => x + y, 0);
    expect(Math.abs(total(b.byCharge) - contractValue(s))).toBeLessThanOrEqual(1);
    // Path B nets as path A when A is exact, unless the removed charge's own rounding is 0: standard billing then
    // bills it nothing whatever the set gave it (1 / 6 / 1 yen to 04-30, S2 removed as of 01-22: B nets 0, A 1).
    if (total(a.byCharge) === contractValue(s) && contractValue(s, s.subscription) !== 0)
      expect(total(b.byCharge)).toBe(total(a.byCharge));
    // Each path ends settled: the schedule billed its actual amount, nothing left due.
    for (const path of [a, b]) {
      const end = expectOk(await getInvoiceSchedule(path.billing.context, 'IS-00000001'));
      expect([end.status, end.nextRunDate, end.unbilledAmount.toString()], charge).toEqual([
        'FullyProcessed',
        null,
        '0',
      ]);
    }
  });
});
