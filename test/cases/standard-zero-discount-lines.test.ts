import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import { createSchedule, yearly } from '../support/scenarios';

// Decision 15 in standard billing (§7.1, §7.7): a discount that takes nothing from a line gets no line, as on
// schedule invoices (zero-amount-lines.test.ts); the invoice's lines still add up (gross + Σ discounts = net).
// Before: standard billing wrote the discount line with amount 0 (JPY: C1 1 / D1 0), both in a bill run's
// standard invoice and in the standard lines an item's invoice takes for its additional subscriptions. A
// zero-priced charge's 0.00 line: test/unit/billing/standard-invoice-lines.test.ts.

const lines = (billing: TestBilling, invoiceNumber: string) =>
  billing.store.probe.invoice(invoiceNumber)?.lines.map((l) => [l.kind, l.chargeNumber, l.amount]);

const amountOf = (billing: TestBilling, invoiceNumber: string) =>
  billing.store.probe.invoice(invoiceNumber)?.amount;

describe('decision 15 — standard billing writes no zero discount line', () => {
  it('decision 15 (JPY): a one-time C1 priced 1 under a 33 % discount is billed C1 1 alone, not C1 1 / D1 0; invoice 1', async () => {
    const billing = newBilling();
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [
        yearly('S1', [
          { number: 'C1', type: 'OneTime', price: '1' },
          { number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '33' },
        ]),
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    expect(lines(billing, 'INV00000001')).toEqual([['Charge', 'C1', '1']]);
    expect(amountOf(billing, 'INV00000001')).toBe('1');
  });

  it('decision 15 (§7.7, JPY): an item invoice of C1 100 takes additional subscription S2 (C2 1 one-time under 33 %) as C2 1 alone; invoice 101', async () => {
    const billing = newBilling();
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [yearly('S1', [{ number: 'C1', type: 'OneTime', price: '100' }])],
    });
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'O-0002',
      subscriptions: [
        yearly('S2', [
          { number: 'C2', type: 'OneTime', price: '1' },
          { number: 'D2', type: 'DiscountPercentage', price: '0', discountPercentage: '33' },
        ]),
      ],
    });
    expectOk(
      await createSchedule(billing, {
        orders: ['O-0001'],
        additionalSubscriptionsToBill: ['S2'],
        items: [{ runDate: '2023-01-01', amount: '100' }],
      }),
    );
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    expect(lines(billing, 'INV00000001')).toEqual([
      ['Charge', 'C1', '100'],
      ['Charge', 'C2', '1'],
    ]);
    expect(amountOf(billing, 'INV00000001')).toBe('101');
  });
});
