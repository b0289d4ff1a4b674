import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

// Decision 15 (§7.1, C08, C09): zero-amount lines.
// - A charge with a positive value whose share of an item rounds to 0.00 gets no line on that document.
// - A zero-priced charge gets a 0.00 line on every invoice of its group whose computed service period ends on
//   or after the charge's start, clipped to the charge's own dates; never on earlier invoices; in both
//   grouping settings; it never shapes the groups.

const lines = (billing: TestBilling, invoiceNumber: string) =>
  billing.store.probe
    .invoice(invoiceNumber)
    ?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

/** Two 600.00 items, 2023-01-15 and 2023-07-15, on A-001's O-0001. */
const HALVES = [
  { runDate: '2023-01-15', amount: '600.00' },
  { runDate: '2023-07-15', amount: '600.00' },
];

describe('decision 15 — zero-amount lines', () => {
  it.each(['term', 'startDate'] as const)(
    'decision 15 (%s grouping): a zero-priced charge starting 2023-07-01 is not on INV001 (01-01 → 06-30) and has a 0.00 line on INV002 clipped to its dates',
    async (chargeGrouping) => {
      const billing = await givenSubscriptions(
        [
          yearly('S1', [{ number: 'C1', price: '1200.00' }]),
          yearly('S2', [{ number: 'C2', price: '0.00', startDate: '2023-07-01', endDate: '2023-12-31' }]),
        ],
        { settings: { chargeGrouping } },
      );
      await givenSchedule(billing, { items: HALVES });
      const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
      expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
      expect(lines(billing, 'INV00000001')).toEqual([['C1', '600.00', '2023-01-01', '2023-06-30']]);
      expect(lines(billing, 'INV00000002')).toEqual([
        ['C1', '600.00', '2023-07-01', '2023-12-31'],
        ['C2', '0.00', '2023-07-01', '2023-12-31'],
      ]);
    },
  );

  it('decision 15: a zero-priced charge ending 2023-03-31 gets a line clipped to 01-01 → 03-31 on INV001 and none on INV002', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [
        { number: 'C1', price: '1200.00' },
        { number: 'C0', price: '0.00', endDate: '2023-03-31' },
      ]),
    ]);
    await givenSchedule(billing, { items: HALVES });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(lines(billing, 'INV00000001')).toEqual([
      ['C1', '600.00', '2023-01-01', '2023-06-30'],
      ['C0', '0.00', '2023-01-01', '2023-03-31'],
    ]);
    expect(lines(billing, 'INV00000002')).toEqual([['C1', '600.00', '2023-07-01', '2023-12-31']]);
  });

  it('decision 15: a 0.12/yr charge next to a 12,000.00/yr one gets no line on a 1.00 first item (its share rounds to 0.00); the last item bills its 0.12', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [
        { number: 'C1', price: '12000.00' },
        { number: 'C2', price: '0.12' },
      ]),
    ]);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '1.00' },
        { runDate: '2023-06-01', amount: '11999.12' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(lines(billing, 'INV00000001')).toEqual([['C1', '1.00', '2023-01-01', '2023-01-01']]);
    expect(lines(billing, 'INV00000002')).toEqual([
      ['C1', '11999.00', '2023-01-01', '2023-12-31'],
      ['C2', '0.12', '2023-01-01', '2023-12-31'],
    ]);
  });
  it('decision 15: a 33 % discount whose share of a 1-yen line rounds to 0 gets no line (JPY, C1 101 one-time: INV001 is C1 1 alone, not C1 1 / D1 0)', async () => {
    const billing = newBilling();
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [
        yearly('S1', [
          { number: 'C1', type: 'OneTime', price: '101' },
          { number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '33' },
        ]),
      ],
    });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '1' },
        { runDate: '2023-02-01', amount: '67' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    const amounts = (n: string) =>
      billing.store.probe.invoice(n)?.lines.map((l) => [l.chargeNumber, l.amount]);
    expect(amounts('INV00000001')).toEqual([['C1', '1']]);
    // The lines still add up to the item: gross 100 − 33 = 67.
    expect(amounts('INV00000002')).toEqual([
      ['C1', '100'],
      ['D1', '-33'],
    ]);
  });

  it('decision 15: a zero-priced charge under a 10 % discount gets its 0.00 line and no 0.00 discount line', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [
        { number: 'C1', price: '1200.00' },
        { number: 'C0', price: '0.00' },
        { number: 'D1', type: 'DiscountPercentage', price: '0.00', discountPercentage: '10' },
      ]),
    ]);
    await givenSchedule(billing, { items: [{ runDate: '2023-01-15', amount: '1080.00' }] });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(lines(billing, 'INV00000001')).toEqual([
      ['C1', '1200.00', '2023-01-01', '2023-12-31'],
      ['D1', '-120.00', '2023-01-01', '2023-12-31'],
      ['C0', '0.00', '2023-01-01', '2023-12-31'],
    ]);
  });
});
