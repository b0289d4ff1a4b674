import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { expectOk, newBilling, setUpOrder } from '../../support/billing';

// Decision 2 (revised): what each charge is billed in total is the charges' values rounded as a set, ties
// going to the EARLIER charge in consumption order. Two equal charges worth half a minor unit over a whole
// number each (a yearly price of an odd number of units over six months) and one item of that odd number of
// units: the first charge gets the extra unit.
const currencies = [
  { code: 'JPY', minorUnits: 0 },
  { code: 'USD', minorUnits: 2 },
  { code: 'KWD', minorUnits: 3 },
] as const;

const format = (units: bigint, minorUnits: number): string => {
  if (minorUnits === 0) return units.toString();
  const s = units.toString().padStart(minorUnits + 1, '0');
  return `${s.slice(0, -minorUnits)}.${s.slice(-minorUnits)}`;
};

describe('rounding ties (decision 2)', () => {
  test.prop(
    [
      fc.constantFrom(...currencies),
      fc.bigInt({ min: 1n, max: 5_000_000n }).map((k) => 2n * k + 1n), // ≥ 3: both charges get a line
      fc.constantFrom('term', 'startDate' as const),
      fc.boolean(),
    ],
    { numRuns: 30, seed: 20261201 },
  )(
    'two equal charges and one item of an odd number of minor units: the first charge gets the extra unit',
    async (currency, units, chargeGrouping, sameSubscription) => {
      const billing = newBilling({ chargeGrouping: chargeGrouping as 'term' | 'startDate' });
      const price = format(units, currency.minorUnits);
      const term = { termStart: '2023-01-01', termEnd: '2023-06-30' };
      await setUpOrder(billing, {
        currency: currency.code,
        subscriptions: sameSubscription
          ? [
              {
                number: 'S1',
                ...term,
                charges: [
                  { number: 'C1', price },
                  { number: 'C2', price },
                ],
              },
            ]
          : [
              { number: 'S1', ...term, charges: [{ number: 'C1', price }] },
              { number: 'S2', ...term, charges: [{ number: 'C2', price }] },
            ],
      });
      expectOk(
        await createInvoiceSchedule(billing.context, {
          accountNumber: 'A-001',
          orders: ['O-0001'],
          items: [{ runDate: '2023-01-01', amount: price }],
        }),
      );
      const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
      expect(run.invoiceNumbers).toEqual(['INV00000001']);
      const invoice = billing.store.probe.invoice('INV00000001');
      expect(invoice?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
        ['C1', format(units / 2n + 1n, currency.minorUnits)],
        ['C2', format(units / 2n, currency.minorUnits)],
      ]);
    },
  );
});
