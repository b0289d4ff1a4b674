import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { deleteInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenC17Schedule } from '../support/scenarios';

// C17 — delete a partially processed schedule: generate, post, reverse, delete (payments are out
// of scope).
//
// Setup as C16: S1/C1 1,200 and S2/C2 1,300 over a 24-month term 2022-01-01 → 2023-12-31, order total
// 2,500. Doc issue: at 1,200/yr and 1,300/yr, 24 months are worth 5,000, and an Annual billing period
// is shorter than the 24-month term (§4.2 rule 5). Our reading, consistent with the stated 2,500 and
// rule 5: the prices are per two-year billing period (list price base BillingPeriod, TwoYears).
async function setUp(): Promise<TestBilling> {
  // Account A1; IS-00000001: 2022-01-01 1,200 / 2022-12-01 1,300.
  const { billing, schedule } = await givenC17Schedule();
  expect(schedule.totalAmount.toFixed(2)).toBe('2500.00');
  return billing;
}

describe('C17 — reverse the invoice of a partially processed schedule', () => {
  it('C17: Generate #1 → INV001 1,200.00 posted; schedule Partially Processed', async () => {
    const billing = await setUp();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const posted = expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expect(posted.status).toBe('Posted');
    expect(posted.amount.toFixed(2)).toBe('1200.00');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Pending']);
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '2500.00',
      actualAmount: '2500.00',
      billedAmount: '1200.00',
      unbilledAmount: '1300.00',
      nextRunDate: '2022-12-01',
    });
  });

  it('C17: reversing INV001 sends item 1 Processed → Pending and the schedule Partially Processed → Pending', async () => {
    const billing = await setUp();
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    // (The page pays INV001, then unapplies the payment; payments are out of scope.)
    const reversed = expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expect(reversed.status).toBe('Reversed');
    expect(expectOk(await getInvoice(billing.context, 'INV00000001')).status).toBe('Reversed');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Pending', 'Pending']);
    expect(schedule.items.map((i) => i.invoiceNumber)).toEqual([null, null]);
    expect(amounts(schedule)).toEqual({
      status: 'Pending',
      totalAmount: '2500.00',
      actualAmount: '2500.00',
      billedAmount: '0.00',
      unbilledAmount: '2500.00',
      nextRunDate: '2022-01-01',
    });
  });

  it('C17: Delete is refused while Partially Processed and succeeds once the reversal made the schedule Pending', async () => {
    const billing = await setUp();
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const before = billing.store.probe.snapshot();
    const refused = expectErr(
      await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(refused).toMatchObject({
      type: 'InvalidScheduleStatus',
      status: 'PartiallyProcessed',
      operation: 'delete',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expectOk(await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    // The record is kept, marked deleted (issue 13); for the operations the schedule is gone.
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toMatchObject({
      deleted: true,
      status: 'Pending',
    });
    expect(expectErr(await getInvoiceSchedule(billing.context, 'IS-00000001'))).toMatchObject({
      type: 'InvoiceScheduleNotFound',
    });
  });
});
