import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

// Decision 15 clips a zero-priced charge's 0.00 lines to "the charge's own dates"; a one-time charge's own dates
// are its start day (docs/concepts/schedules.md, "Service periods": "a one-time charge: its start date, for
// both"; contracts.md: "billed once, on its start"). Review 124: a zero-priced one-time charge whose endDate
// defaulted to the term's end got a 0.00 line on every invoice, dated like a recurring charge (01-01 → 06-30, then
// 07-01 → 12-31, a period that does not hold its start), and its endDate — "which changes nothing it bills"
// (docs/errors/domain.md) — changed the invoices.

const linesOf = (billing: TestBilling, numbers: readonly string[]) =>
  numbers.map((n) =>
    billing.store.probe
      .invoice(n)
      ?.lines.map((l) => [l.chargeNumber, String(l.amount), l.serviceStartDate, l.serviceEndDate]),
  );

const TWO_HALVES = [
  { runDate: '2023-01-15', amount: '600.00' },
  { runDate: '2023-07-15', amount: '600.00' },
] as const;

describe('decision 15 — a zero-priced one-time charge gets one 0.00 line, on its start day', () => {
  it.each([
    ['its endDate left to the term end', undefined],
    ['its endDate its start day', '2023-01-01'],
  ])(
    'C1 1,200.00/yr and Z1 one-time 0.00 (%s), two items of 600.00: Z1 only on INV1, 01-01 → 01-01',
    async (_, endDate) => {
      const billing = await givenSubscriptions([
        yearly('S1', [
          { number: 'C1', price: '1200.00' },
          { number: 'Z1', type: 'OneTime', price: '0.00', ...(endDate === undefined ? {} : { endDate }) },
        ]),
      ]);
      await givenSchedule(billing, { items: TWO_HALVES });
      const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
      expect(linesOf(billing, run.invoiceNumbers)).toEqual([
        [
          ['C1', '600.00', '2023-01-01', '2023-06-30'],
          ['Z1', '0.00', '2023-01-01', '2023-01-01'],
        ],
        [['C1', '600.00', '2023-07-01', '2023-12-31']],
      ]);
    },
  );

  it('a one-time Z1 starting 2023-09-01, in the second invoice’s period: its one line is there, 09-01 → 09-01', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [
        { number: 'C1', price: '1200.00' },
        { number: 'Z1', type: 'OneTime', price: '0.00', startDate: '2023-09-01' },
      ]),
    ]);
    await givenSchedule(billing, { items: TWO_HALVES });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(linesOf(billing, run.invoiceNumbers)).toEqual([
      [['C1', '600.00', '2023-01-01', '2023-06-30']],
      [
        ['C1', '600.00', '2023-07-01', '2023-12-31'],
        ['Z1', '0.00', '2023-09-01', '2023-09-01'],
      ],
    ]);
  });

  it('Z1 from 2023-03-15, a day C1 partly consumes (247.00 then 953.00): both invoices hold that day, both get Z1', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [
        { number: 'C1', price: '1200.00' },
        { number: 'Z1', type: 'OneTime', price: '0.00', startDate: '2023-03-15' },
      ]),
    ]);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-15', amount: '247.00' },
        { runDate: '2023-07-15', amount: '953.00' },
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    // Decision 15 as written: each invoice whose period for the group (01-01 → 03-15, then 03-15 → 12-31) holds
    // Z1's day gets its line (review 126).
    expect(linesOf(billing, run.invoiceNumbers)).toEqual([
      [
        ['C1', '247.00', '2023-01-01', '2023-03-15'],
        ['Z1', '0.00', '2023-03-15', '2023-03-15'],
      ],
      [
        ['C1', '953.00', '2023-03-15', '2023-12-31'],
        ['Z1', '0.00', '2023-03-15', '2023-03-15'],
      ],
    ]);
  });

  it.each(['term', 'startDate'] as const)(
    'only one-time charges (%s grouping): P1 600.00 and Z1 0.00 from 2023-06-01, two items of 300.00: Z1 beside each P1 line, on 06-01',
    async (chargeGrouping) => {
      const billing = newBilling({ chargeGrouping });
      await setUpOrder(billing, {
        subscriptions: [
          {
            number: 'S1',
            termStart: '2023-06-01',
            termEnd: '2024-05-31',
            charges: [
              { number: 'P1', type: 'OneTime', price: '600.00' },
              { number: 'Z1', type: 'OneTime', price: '0.00' },
            ],
          },
        ],
      });
      await givenSchedule(billing, {
        items: [
          { runDate: '2023-06-01', amount: '300.00' },
          { runDate: '2023-07-01', amount: '300.00' },
        ],
      });
      const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
      expect(linesOf(billing, run.invoiceNumbers)).toEqual([
        [
          ['P1', '300.00', '2023-06-01', '2023-06-01'],
          ['Z1', '0.00', '2023-06-01', '2023-06-01'],
        ],
        // Both invoices' period for the group is 06-01 → 06-01 (P1's value is split over the two items), which
        // holds Z1's day: decision 15 gives it a line on each, as it gives P1 one.
        [
          ['P1', '300.00', '2023-06-01', '2023-06-01'],
          ['Z1', '0.00', '2023-06-01', '2023-06-01'],
        ],
      ]);
    },
  );
});
