import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { cancelInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  removeProducts,
} from '../support/scenarios';

// Decision 19 (§8.4): a removal on a schedule with pending items moves nextRunDate to its effective date when
// earlier, credit or not; once an item is billed and every later pending item is left at 0, those items are
// Processed without a document at once. Decision 18 (§6.6): a document is dated the day its item became due —
// the run date, or the nextRunDate it was pulled forward to.

/** C01's order with its items on 2023-04-01 50,000 / 2023-07-01 14,000 / 2023-10-01 6,200. */
async function c01Schedule(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({
    items: [
      { runDate: '2023-04-01', amount: '50000.00' },
      { runDate: '2023-07-01', amount: '14000.00' },
      { runDate: '2023-10-01', amount: '6200.00' },
    ],
  });
  return billing;
}

describe('decisions 18 and 19 — removals pull the schedule forward, documents dated the day they became due', () => {
  it('decision 19: removing C1–C4 as of 2023-03-01 before anything is billed moves nextRunDate 2023-04-01 → 2023-03-01 (no credit due); the bill run of 03-01 bills 11,700.00 dated 2023-03-01 (decision 18) and items 2 and 3 end Processed without a document', async () => {
    const billing = await c01Schedule();
    await givenC01Removal(billing, '2023-02-15', '2023-03-01');
    const moved = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(moved)).toEqual({
      status: 'Pending',
      totalAmount: '70200.00',
      actualAmount: '11700.00',
      billedAmount: '0.00',
      unbilledAmount: '11700.00',
      nextRunDate: '2023-03-01',
    });
    expect(moved.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['11700.00', '0.00', '0.00']);

    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const inv1 = billing.store.probe.invoice('INV00000001');
    expect([inv1?.amount, inv1?.invoiceDate]).toEqual(['11700.00', '2023-03-01']);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.invoiceNumber])).toEqual([
      ['Processed', '11700.00', 'INV00000001'],
      ['Processed', '0.00', null],
      ['Processed', '0.00', null],
    ]);
    expect(amounts(after)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '11700.00',
      billedAmount: '11700.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    // Nothing is left for the later run dates.
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.itemsProcessed, later.invoiceNumbers]).toEqual([0, []]);
  });

  it('decision 19: a removal effective after the next run date leaves nextRunDate alone', async () => {
    const billing = await c01Schedule();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-15',
      actions: removeProducts(['S4'], '2023-05-01'),
    });
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe('2023-04-01');
  });

  it('decision 18: an item pulled forward by a nextRunDate override (2023-05-15 for a 2023-07-01 item) is invoiced on 2023-05-15', async () => {
    const billing = await c01Schedule();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-05-15',
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-15' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const inv2 = billing.store.probe.invoice('INV00000002');
    expect([inv2?.amount, inv2?.invoiceDate]).toEqual(['14000.00', '2023-05-15']);
  });

  const removeAll = (billing: TestBilling, effectiveDate: string) =>
    givenC01Removal(billing, '2023-01-15', effectiveDate);

  it('decision 18: a credit memo a bill run of 2023-11-20 produces for a credit due 2023-11-01 (C10 set-up, nothing pending) is dated 2023-11-01', async () => {
    const billing = await c01Schedule();
    await billAndPost(billing, ['2023-04-01', '2023-07-01', '2023-10-01']);
    await removeAll(billing, '2023-11-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-20' }));
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['11700.00', '2023-11-01']);
  });

  it('decision 19: canceling the invoice of the item that settled a zero tail returns the tail to Pending with it (no item stays Processed after a pending one); billed again, it is dated 2023-03-01 as INV001 was (C02)', async () => {
    const billing = await c01Schedule();
    await removeAll(billing, '2023-03-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.status, i.actualAmount.toFixed(2), i.invoiceNumber])).toEqual([
      ['Pending', '11700.00', null],
      ['Pending', '0.00', null],
      ['Pending', '0.00', null],
    ]);
    // Item 1 is due again on the day it first became due, the removal's 2023-03-01 (C02, decision 18).
    expect(amounts(schedule)).toMatchObject({
      status: 'Pending',
      billedAmount: '0.00',
      unbilledAmount: '11700.00',
      nextRunDate: '2023-03-01',
    });
    // Billing again settles the tail again: one invoice, the same as INV001, nothing for the later run dates.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(again.invoiceNumbers).toEqual(['INV00000002']);
    const inv2 = billing.store.probe.invoice('INV00000002');
    expect([inv2?.amount, inv2?.invoiceDate]).toEqual(['11700.00', '2023-03-01']);
  });

  it('decision 19 with a cancel: a credit due (S4 removed as of 2023-04-10 after INV002, nextRunDate 2023-05-01, the day INV002 was due) moves nextRunDate to 2023-04-10 when INV002 is canceled; item 2 is billed again on that day with the credit, both dated 2023-04-10 (found in review: the cancel moved nextRunDate to 2023-05-01 while the documents kept 04-10)', async () => {
    const { billing } = await givenC01Schedule({ now: '2023-05-02T12:00:00Z' });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-05-02',
      actions: removeProducts(['S4'], '2023-04-10'),
    });
    // Not before the day item 2 was billed (2023-05-01): item 3 would be dated before INV002 (review 180).
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'))).nextRunDate).toBe(
      '2023-05-01',
    );
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule).nextRunDate).toBe('2023-04-10');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-20' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000003'], ['CM00000001']]);
    const invoice = billing.store.probe.invoice('INV00000003');
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['14349.80', '2023-04-10']);
    expect([memo?.amount, memo?.memoDate]).toEqual(['349.80', '2023-04-10']);
  });
});
