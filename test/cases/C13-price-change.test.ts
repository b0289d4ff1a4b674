import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal';
import { runBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder } from '../../src/operations/contracts';
import { postInvoice } from '../../src/operations/invoices';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenC01Schedule, saveOrder } from '../support/scenarios';

// C13 / §8.5 — Update Product (price) from the charge start on a Pending C01 schedule: C4 800 → 1,000.
// "Do nothing" way: Zuora assigns the price difference to the last item's actual amount (6,200 → 6,400).
async function c01Schedule(): Promise<TestBilling> {
  return (await givenC01Schedule()).billing;
}

async function saveC4PriceChange(billing: TestBilling): Promise<void> {
  await saveOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-02',
    actions: [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S4',
        chargeNumber: 'C4',
        effectiveDate: '2023-01-01',
        price: '1000.00',
      },
    ],
  });
}

describe('C13 / §8.5 — price change from the charge start on a Pending schedule', () => {
  it('C13: C4 800 → 1,000 from 2023-01-01: total stays 70,200, actual 70,400, item 3 actual 6,400 (last item absorbs)', async () => {
    const billing = await c01Schedule();
    await saveC4PriceChange(billing);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'Pending',
      totalAmount: '70200.00',
      actualAmount: '70400.00',
      billedAmount: '0.00',
      unbilledAmount: '70400.00',
      nextRunDate: '2023-02-04',
    });
    expect(schedule.items.map((i) => [i.amount.toFixed(2), i.actualAmount.toFixed(2)])).toEqual([
      ['50000.00', '50000.00'],
      ['14000.00', '14000.00'],
      ['6200.00', '6400.00'],
    ]);
  });

  it('C13: billed through the year → INV001 50,000.00, INV002 14,000.00, INV003 6,400.00; every charge billed its new value (C4 1,000.00)', async () => {
    const billing = await c01Schedule();
    await saveC4PriceChange(billing);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const totals: string[] = [];
    const perCharge = new Map<string, Decimal>();
    for (const date of ['2023-02-04', '2023-05-01', '2023-09-16']) {
      const run = expectOk(await runBillRun(billing.context, { targetDate: date }));
      expect(run.invoiceNumbers).toHaveLength(1);
      const number = run.invoiceNumbers[0] as string;
      expectOk(await postInvoice(billing.context, { invoiceNumber: number }));
      const invoice = billing.store.probe.invoice(number);
      totals.push(invoice?.amount as string);
      for (const l of invoice?.lines ?? []) {
        perCharge.set(l.chargeNumber, (perCharge.get(l.chargeNumber) ?? new Dec(0)).plus(l.amount));
      }
    }
    expect(totals).toEqual(['50000.00', '14000.00', '6400.00']);
    expect(Object.fromEntries([...perCharge].map(([c, v]) => [c, v.toFixed(2)]))).toEqual({
      C1: '36900.00',
      C2: '21500.00',
      C3: '11000.00',
      C4: '1000.00',
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '70400.00',
      billedAmount: '70400.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(schedule.items.map((i) => i.billedAmount.toFixed(2))).toEqual(['50000.00', '14000.00', '6400.00']);
    expect(schedule.charges.map((c) => [c.chargeNumber, c.billedAmount.toFixed(2)])).toEqual([
      ['C1', '36900.00'],
      ['C2', '21500.00'],
      ['C3', '11000.00'],
      ['C4', '1000.00'],
    ]);
  });

  it('§8.5: Update Product on a PartiallyProcessed schedule is refused (OrderActionNotSupported) and nothing changes', async () => {
    const billing = await c01Schedule();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    await saveC4PriceChange(billing);
    const before = billing.store.probe.snapshot();
    const error = expectErr(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      orderNumber: 'O-0002',
      actionIndex: 0,
      action: 'UpdateProduct',
      invoiceScheduleNumber: 'IS-00000001',
      scheduleStatus: 'PartiallyProcessed',
      reason: 'UpdateProductScheduleNotPending',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.order('O-0002')?.status).not.toBe('Completed');
    expect(billing.store.probe.subscription('S4')?.version).toBe(1);
  });
});
