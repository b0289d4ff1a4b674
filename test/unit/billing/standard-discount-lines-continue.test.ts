// Decision 2 as contracts.md ("Discount lines on invoices") states it: a charge billed in full has gross lines
// adding up to its gross value and discount lines to the discount, however it was split. Review 130: standard
// billing worked each line out from the net billed before at the charge's present ratio of gross to net, not from
// what the earlier lines invoiced, so after a raise from the start (the ratio re-rounded) or a canceled period
// billed again between standing ones, the lines ended a unit off (187.70 for 187.69; 100.01 / −10.01 for
// 100.00 / −10.00, the page's own example). Now they continue from the live lines' gross and discount lines.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice } from '../../../src/operations/invoices';
import {
  createSubscription,
  expectOk,
  linesAddUpTo,
  newBilling,
  recurringCharge,
  type TestBilling,
} from '../../support/billing';
import { givenAccount, givenActivatedOrder } from '../../support/scenarios';

const discount = (number: string, discountPercentage: string) => ({
  number,
  name: number,
  type: 'DiscountPercentage',
  price: '0',
  discountPercentage,
});

async function subscribed(charges: readonly Record<string, unknown>[]): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-1',
    orderDate: '2023-01-01',
    accountNumber: 'A-001',
    actions: [createSubscription('S1', charges)],
  });
  return billing;
}

const bill = async (billing: TestBilling, targetDate: string) =>
  expectOk(await runBillRun(billing.context, { targetDate }));

describe('standard billing — a discounted charge’s lines continue from what its live lines invoiced', () => {
  it('137.00/yr under 10 % + 5 %, half-yearly: H1 billed, raised to 187.69 from the start → 187.69 / −18.77 / −9.38', async () => {
    const billing = await subscribed([
      recurringCharge('C1', '137.00', 'SemiAnnual'),
      discount('D1', '10'),
      discount('D2', '5'),
    ]);
    await bill(billing, '2023-01-01');
    await givenActivatedOrder(billing, {
      number: 'O-2',
      orderDate: '2023-01-01',
      accountNumber: 'A-001',
      actions: [
        {
          type: 'UpdateProduct',
          subscriptionNumber: 'S1',
          chargeNumber: 'C1',
          effectiveDate: '2023-01-01',
          price: '187.69',
        },
      ],
    });
    await bill(billing, '2023-12-31');
    // Gross 187.69; net 159.54 (85 %); discount 28.15, shared 10 : 5 cumulatively.
    expect(linesAddUpTo(billing)).toEqual({
      'Charge C1': '187.69',
      'Discount D1': '-18.77',
      'Discount D2': '-9.38',
    });
  });

  it('100.00/yr under 10 %, monthly (contracts.md’s example): January canceled after February, billed again → 100.00 / −10.00', async () => {
    const billing = await subscribed([recurringCharge('C1', '100.00', 'Month'), discount('D1', '10')]);
    await bill(billing, '2023-01-01');
    await bill(billing, '2023-02-10');
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await bill(billing, '2023-02-11');
    // January billed again after February's 8.34 − 0.84: 8.33 − 0.83, where it repeated 8.34 − 0.84.
    expect(
      billing.store.probe.invoice('INV00000003')?.lines.map((l) => [l.kind, l.amount, l.serviceStartDate]),
    ).toEqual([
      ['Charge', '8.33', '2023-01-01'],
      ['Discount', '-0.83', '2023-01-01'],
    ]);
    await bill(billing, '2023-12-31');
    expect(linesAddUpTo(billing)).toEqual({ 'Charge C1': '100.00', 'Discount D1': '-10.00' });
  });
});
