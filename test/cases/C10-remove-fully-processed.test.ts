import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../src/operations/contracts';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../support/billing';

describe('C10 — remove all charges after the schedule is fully processed', () => {
  it('C10: CM001 11,700.00 in eight lines, latest invoice first, C2 with the balancing cent', async () => {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
    expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-02-04', amount: '50000.00' },
          { runDate: '2023-05-01', amount: '14000.00' },
          { runDate: '2023-09-16', amount: '6200.00' },
        ],
      }),
    );
    for (const date of ['2023-02-04', '2023-05-01', '2023-09-16']) {
      const run = expectOk(await runBillRun(billing.context, { targetDate: date }));
      for (const n of run.invoiceNumbers) expectOk(await postInvoice(billing.context, { invoiceNumber: n }));
    }
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2023-10-15',
        actions: ['S1', 'S2', 'S3', 'S4'].map((s) => ({
          type: 'RemoveProduct',
          subscriptionNumber: s,
          ratePlanId: `rp-${s}`,
          effectiveDate: '2023-11-01',
        })),
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(before)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '70200.00',
      unbilledAmount: '-11700.00',
      nextRunDate: '2023-11-01',
    });
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.number).toBe('BR-00000004');
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('11700.00');
    expect(
      memo?.lines.map((l) => [
        l.creditedInvoiceNumber,
        l.chargeNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([
      ['INV00000003', 'C1', '2023-11-29', '2023-12-31', '3258.97'],
      ['INV00000002', 'C1', '2023-11-01', '2023-11-29', '2891.03'],
      ['INV00000003', 'C2', '2023-11-29', '2023-12-31', '1898.86'],
      ['INV00000002', 'C2', '2023-11-01', '2023-11-29', '1684.48'],
      ['INV00000003', 'C3', '2023-11-29', '2023-12-31', '971.51'],
      ['INV00000002', 'C3', '2023-11-01', '2023-11-29', '861.82'],
      ['INV00000003', 'C4', '2023-11-29', '2023-12-31', '70.66'],
      ['INV00000002', 'C4', '2023-11-01', '2023-11-29', '62.67'],
    ]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(after)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '58500.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(after.items[2]?.creditMemoNumbers).toEqual(['CM00000001']);
  });
});
