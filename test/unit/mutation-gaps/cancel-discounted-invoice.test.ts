import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { cancelInvoice } from '../../../src/operations/invoices';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk, type TestBilling } from '../../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

// Mutant L15 (lines.ts netByCharge): a discount line counted under its own charge number instead of the charge
// it applies to (`appliesToChargeNumber`). revertItemForInvoice takes off each charge what the invoice billed
// on it (its line plus its discount lines). C02 / §3.2: a canceled invoice's item goes back to Pending and is
// billed again on its original date as the same invoice.

const lines = (billing: TestBilling, number: string) =>
  billing.store.probe
    .invoice(number)
    ?.lines.map((l) => [l.kind, l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

describe('C02 / §3.2 — canceling an invoice with a discount line gives the charge back all it billed', () => {
  it('C1 1,200/yr less 10 % (D1): item 1 540.00 → INV001 C1 600.00 / D1 −60.00; canceled and billed again → INV002 the same, charge billed 540.00', async () => {
    const billing = await givenSubscriptions(
      [
        yearly('S1', [
          { number: 'C1', price: '1200.00' },
          { number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '10' },
        ]),
      ],
      { now: '2023-01-01T12:00:00Z' },
    );
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '540.00' },
        { runDate: '2023-07-01', amount: '540.00' },
      ],
    });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const first = lines(billing, 'INV00000001');
    expect(first?.map((l) => l.slice(0, 3))).toEqual([
      ['Charge', 'C1', '600.00'],
      ['Discount', 'D1', '-60.00'],
    ]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const reverted = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(reverted.charges.map((c) => [c.chargeNumber, c.billedAmount.toFixed(2)])).toEqual([
      ['C1', '0.00'],
    ]);
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(lines(billing, 'INV00000002')).toEqual(first);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after.charges.map((c) => [c.chargeNumber, c.billedAmount.toFixed(2)])).toEqual([['C1', '540.00']]);
  });
});
