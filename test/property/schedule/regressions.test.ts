// Minimal counterexamples the schedule properties found, kept as fixed examples.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { listScheduleInvoices } from '../../../src/operations/queries';
import { expectOk, newBilling, setUpOrder } from '../../support/billing';

async function linesOf(currency: string, prices: string[], items: string[]) {
  const billing = newBilling();
  await setUpOrder(billing, {
    currency,
    subscriptions: [
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: prices.map((price, i) => ({ number: `C${i + 1}`, price })),
      },
    ],
  });
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: items.map((amount, i) => ({ amount, runDate: `2023-0${i + 1}-01` })),
    }),
  );
  expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
  const invoices = expectOk(await listScheduleInvoices(billing.context, 'IS-00000001'));
  return invoices.map((inv) =>
    inv.lines.map((l) => [l.chargeNumber, l.amount.toFixed(), l.serviceStartDate, l.serviceEndDate]),
  );
}

describe('schedule property counterexamples', () => {
  it('a charge completed by rounding before its group gets no $0 line after its end (§7.1)', async () => {
    // USD 1,000.00 + 0.01 a year; items 600.00 / 400.01. The cascade bills C2's cent with item 1.
    const lines = await linesOf('USD', ['1000.00', '0.01'], ['600.00', '400.01']);
    expect(lines).toEqual([
      [
        ['C1', '599.99', '2023-01-01', '2023-08-07'],
        ['C2', '0.01', '2023-01-01', '2023-12-31'],
      ],
      [['C1', '400.01', '2023-08-07', '2023-12-31']],
    ]);
  });

  it('a charge whose share is under one minor unit is never billed negatively (§7.3, §7.4)', async () => {
    // JPY 1,000 / 1 / 1,000; items 1 / 1 / 1,999. The plain cascade gives C2 +1, −1, +1.
    const lines = await linesOf('JPY', ['1000', '1', '1000'], ['1', '1', '1999']);
    const c2 = lines.map((inv) => inv.filter((l) => l[0] === 'C2').map((l) => l[1]));
    expect(c2).toEqual([['1'], [], []]);
    for (const inv of lines) for (const l of inv) expect(Number(l[1])).toBeGreaterThanOrEqual(0);
    expect(lines.map((inv) => inv.reduce((a, l) => a + Number(l[1]), 0))).toEqual([1, 1, 1999]);
  });
});
