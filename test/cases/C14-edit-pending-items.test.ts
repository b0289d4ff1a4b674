import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { postInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { C06_SUBSCRIPTIONS, givenSchedule, givenSubscriptions } from '../support/scenarios';

// C14 — change dates and amounts of pending items of a partially processed schedule. C06's
// subscriptions (S1/C1 2022 1,000; S2/C2 2023 1,000; total 2,000). Doc issue: the setup text gives
// items 2/3 as 2023-01-05 / 2023-07-15, the table 2023-05-01 / 2023-09-16; we use the table.
async function afterItem1(): Promise<TestBilling> {
  const billing = await givenSubscriptions(C06_SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
  await givenSchedule(billing, {
    items: [
      { runDate: '2022-02-04', amount: '1200.00' },
      { runDate: '2023-05-01', amount: '500.00' },
      { runDate: '2023-09-16', amount: '300.00' },
    ],
  });
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2022-02-04' }));
  expect(run.invoiceNumbers).toEqual(['INV00000001']);
  expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  return billing;
}

async function edit(billing: TestBilling, item2: { runDate: string; amount: string }, item3Amount: string) {
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  const [i1, i2, i3] = schedule.items;
  return updateInvoiceSchedule(billing.context, {
    invoiceScheduleNumber: 'IS-00000001',
    items: [
      // The processed item is sent back with its original values (§5.1).
      { id: i1?.id as string, runDate: '2022-02-04', amount: '1200.00' },
      { id: i2?.id as string, ...item2 },
      { id: i3?.id as string, runDate: '2023-09-16', amount: item3Amount },
    ],
  });
}

describe('C14 — change dates and amounts of pending items of a partially processed schedule', () => {
  it('C14: before the edit: #1 2022-02-04 1,200 billed 1,200 Processed INV001; #2 2023-05-01 500 Pending; #3 2023-09-16 300 Pending', async () => {
    const billing = await afterItem1();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(
      schedule.items.map((i) => [
        i.runDate,
        i.amount.toFixed(2),
        i.billedAmount.toFixed(2),
        i.status,
        i.invoiceNumber,
      ]),
    ).toEqual([
      ['2022-02-04', '1200.00', '1200.00', 'Processed', 'INV00000001'],
      ['2023-05-01', '500.00', '0.00', 'Pending', null],
      ['2023-09-16', '300.00', '0.00', 'Pending', null],
    ]);
    expect(schedule.status).toBe('PartiallyProcessed');
  });

  it('C14: item 2 → 2022-06-01 / 600 and item 3 → 200: #1 unchanged, #2 2022-06-01 600 Pending, #3 2023-09-16 200 Pending; later invoices 600.00 and 200.00', async () => {
    const billing = await afterItem1();
    const updated = expectOk(await edit(billing, { runDate: '2022-06-01', amount: '600.00' }, '200.00'));
    expect(
      updated.items.map((i) => [
        i.runDate,
        i.amount.toFixed(2),
        i.actualAmount.toFixed(2),
        i.status,
        i.invoiceNumber,
      ]),
    ).toEqual([
      ['2022-02-04', '1200.00', '1200.00', 'Processed', 'INV00000001'],
      ['2022-06-01', '600.00', '600.00', 'Pending', null],
      ['2023-09-16', '200.00', '200.00', 'Pending', null],
    ]);
    // §6.6 rule 2: changing a pending run date recomputes nextRunDate.
    expect(amounts(updated)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '2000.00',
      actualAmount: '2000.00',
      billedAmount: '1200.00',
      unbilledAmount: '800.00',
      nextRunDate: '2022-06-01',
    });
    const second = expectOk(await runBillRun(billing.context, { targetDate: '2022-06-01' }));
    expect(second.invoiceNumbers).toEqual(['INV00000002']);
    expect(billing.store.probe.invoice('INV00000002')).toMatchObject({
      invoiceDate: '2022-06-01',
      amount: '600.00',
    });
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const third = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-16' }));
    expect(third.invoiceNumbers).toEqual(['INV00000003']);
    expect(billing.store.probe.invoice('INV00000003')).toMatchObject({
      invoiceDate: '2023-09-16',
      amount: '200.00',
    });
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toEqual({
      status: 'FullyProcessed',
      totalAmount: '2000.00',
      actualAmount: '2000.00',
      billedAmount: '2000.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });

  it('C14: amounts that no longer sum to 2,000 are refused (ScheduleTotalMismatch) and nothing changes', async () => {
    const billing = await afterItem1();
    const before = billing.store.probe.snapshot();
    const error = expectErr(await edit(billing, { runDate: '2022-06-01', amount: '600.00' }, '300.00'));
    expect(error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '2000.00',
      itemsSum: '2100.00',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });
});
