// Decisions 11 and 18: a merged invoice takes the latest date of its parts. Canceling or reversing it made a
// pulled-forward item due again on the merged invoice's date instead of its own: IS1's item 2 pulled to 2023-06-01
// (a date the user set) and merged with IS2's item due 2023-08-01 was due on 2023-08-01 after the cancel (review
// finding of the forty-first session). A processed item now keeps the day it became due (`dueDate`).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { C01_SUBSCRIPTIONS, chargeInput, createSubscription, expectOk } from '../../support/billing';
import {
  givenActivatedOrder,
  givenC01Removal,
  givenC35Ex4,
  givenSchedule,
  givenSubscriptions,
  givenTwoOrders,
} from '../../support/scenarios';

/**
 * A-001 with S1/C1 12,000.00 (O-0001) and S2/C2 6,000.00 (O-0002) over 2023; IS1 bills O-0001 in two items (2023-03-01,
 * 2023-09-01), IS2 bills O-0002 in one (2023-08-01); both consolidate. Item 1 of IS1 is billed on 2023-03-01, then
 * IS1's next run is set to 2023-06-01, and the bill run of 2023-08-05 merges IS1's item 2 (due 2023-06-01) and IS2's
 * item (due 2023-08-01) into INV00000002, dated 2023-08-01.
 */
async function mergedAfterPullForward() {
  const billing = await givenTwoOrders();
  const is1 = await givenSchedule(billing, {
    orders: ['O-0001'],
    invoiceSeparately: false,
    items: [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-09-01', amount: '6000.00' },
    ],
  });
  const is2 = await givenSchedule(billing, {
    orders: ['O-0002'],
    invoiceSeparately: false,
    items: [{ runDate: '2023-08-01', amount: '6000.00' }],
  });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
  expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: is1.number,
      nextRunDate: '2023-06-01',
    }),
  );
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-05' }));
  expect(run.invoiceNumbers).toEqual(['INV00000002']);
  const merged = billing.store.probe.invoice('INV00000002');
  expect([merged?.invoiceDate, String(merged?.amount)]).toEqual(['2023-08-01', '12000.00']);
  const items = expectOk(await getInvoiceSchedule(billing.context, is1.number)).items;
  return { billing, is1: is1.number, is2: is2.number, dueDates: items.map((i) => i.dueDate) };
}

describe('decisions 11 and 18: a merged invoice reverted makes each item due on its own day', () => {
  it.each([
    ['canceled', false],
    ['reversed', true],
  ])(
    "INV00000002 %s: IS1 is due on 2023-06-01 (its item 2 was pulled there), IS2 on 2023-08-01; the bill run of 2023-07-01 bills IS1's item 2 again dated 2023-06-01",
    async (_, reverse) => {
      const { billing, is1, is2, dueDates } = await mergedAfterPullForward();
      if (reverse) {
        expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
        expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
      } else {
        expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
      }
      const one = expectOk(await getInvoiceSchedule(billing.context, is1));
      const two = expectOk(await getInvoiceSchedule(billing.context, is2));
      expect([one.nextRunDate, two.nextRunDate]).toEqual(['2023-06-01', '2023-08-01']);
      // Each processed item kept its own day, the merged invoice's date being IS2's.
      expect(dueDates).toEqual(['2023-03-01', '2023-06-01']);
      expect(one.items.map((i) => [i.status, i.dueDate])).toEqual([
        ['Processed', '2023-03-01'],
        ['Pending', null],
      ]);
      // Billed again alone on 2023-07-01, IS1's item 2 is dated on its own day.
      const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
      expect(again.invoiceNumbers).toEqual(['INV00000003']);
      const invoice = billing.store.probe.invoice('INV00000003');
      expect([invoice?.invoiceDate, String(invoice?.amount)]).toEqual(['2023-06-01', '6000.00']);
    },
  );
});

describe('decisions 11, 18 and 19: a merged invoice reverted brings back a removal cut of its own item', () => {
  it("IS1 (C01, cut to 2023-10-01 for item 2) merged with IS2's item due 2023-10-03 on one invoice dated 2023-10-03; canceled, IS1 is due on 2023-10-01, also after an items update", async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS, { now: '2023-02-04T12:00:00Z' });
    await givenActivatedOrder(billing, {
      number: 'O-0009',
      orderDate: '2023-01-01',
      actions: [createSubscription('S5', [chargeInput({ number: 'C5', price: '1200.00' })])],
    });
    const is1 = await givenSchedule(billing, {
      invoiceSeparately: false,
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-10-15', amount: '14000.00' },
        { runDate: '2023-12-01', amount: '6200.00' },
      ],
    });
    const is2 = await givenSchedule(billing, {
      orders: ['O-0009'],
      invoiceSeparately: false,
      items: [
        { runDate: '2023-02-04', amount: '600.00' },
        { runDate: '2023-10-03', amount: '600.00' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    await givenC01Removal(billing, '2023-02-10', '2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const merged = billing.store.probe.invoice('INV00000002');
    // IS1's item 2 (2,650.00 left after the removal) and IS2's item 2 (600.00), dated the later day.
    expect([merged?.invoiceDate, String(merged?.amount)]).toEqual(['2023-10-03', '3250.00']);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const reverted = expectOk(await getInvoiceSchedule(billing.context, is1.number));
    expect(reverted.nextRunDate).toBe('2023-10-01');
    expect(expectOk(await getInvoiceSchedule(billing.context, is2.number)).nextRunDate).toBe('2023-10-03');
    const renamed = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: is1.number,
        items: reverted.items.map((i) => ({ id: i.id, runDate: i.runDate, amount: i.amount.toFixed(2) })),
        notes: 'items sent back',
      }),
    );
    expect(renamed.nextRunDate).toBe('2023-10-01');
  });
});

describe('decision 18: an item billed by a credit memo alone has its due day too', () => {
  // Review 71: the −400.00 item (its credit memo its only document) had no due date, while the +100.00 item whose
  // invoice was netted into the same memo (decision 11) kept one.
  it('C35 Ex.4 on 2023-06-01: IS1 item 2 (−400.00, CM00000001 alone) and IS2 item 1 (+100.00 netted into it) are both due 2023-06-01', async () => {
    const billing = await givenC35Ex4('100.00');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    const one = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).items[1];
    const two = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000002')).items[0];
    expect([one, two].map((i) => [i?.status, i?.invoiceNumber, i?.creditMemoNumbers, i?.dueDate])).toEqual([
      ['Processed', null, ['CM00000001'], '2023-06-01'],
      ['Processed', null, ['CM00000001'], '2023-06-01'],
    ]);
  });
});
