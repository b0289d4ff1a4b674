// Decision 19: a removal on a schedule with pending items moves nextRunDate to the change's effective date when
// that is earlier. The recorded cut held one date and the schedule-wide processing mark, so (review findings of
// the forty-first session):
// - of two cuts before the next item only the earlier was recorded, and detaching its charge lost the later one;
// - processing or reverting an item other than the one the cut moved used the cut up (item 1 canceled and billed
//   again; item 2 billed on a date the user set, then canceled).
// The schedule now records its cuts by the item that was next (`removalCuts`), with every date: a cut holds while
// its item is pending; an item billed before it uses up only the dates on or before its own due date.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice } from '../../../src/operations/invoices';
import { detachInvoiceScheduleCharges, updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { listItemsDue } from '../../../src/operations/listings';
import { previewBillRun } from '../../../src/operations/preview';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  C01_CUT_ITEMS,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  givenCutAfterPostedItem1,
  removeProducts,
  renameItem3,
} from '../../support/scenarios';

/** The date of the invoice that billed item 2 of the schedule (processed). */
async function item2InvoiceDate(billing: TestBilling, number: string) {
  const item2 = expectOk(await getInvoiceSchedule(billing.context, number)).items[1];
  expect(item2?.status).toBe('Processed');
  return billing.store.probe.invoice(item2?.invoiceNumber as string)?.invoiceDate;
}

describe('decision 19: two cuts before the next item', () => {
  it.each([
    ['S3 cut as of 2023-10-01, then S4 as of 2023-09-20', 'S3', '2023-10-01', 'S4', '2023-09-20'],
    ['S4 cut as of 2023-09-20, then S3 as of 2023-10-01', 'S4', '2023-09-20', 'S3', '2023-10-01'],
  ])(
    '%s, then C4 detached: both dates recorded; after the detach nextRunDate 2023-10-01 (S3 still cut), also after an items update; the bill run of 2023-10-05 bills item 2 dated 2023-10-01',
    async (_, first, firstDate, second, secondDate) => {
      const { billing, schedule } = await givenC01Schedule({
        now: '2023-02-04T12:00:00Z',
        items: C01_CUT_ITEMS,
      });
      const number = schedule.number;
      await billAndPost(billing, ['2023-02-04']);
      await givenActivatedOrder(billing, {
        number: 'O-0002',
        orderDate: '2023-02-10',
        actions: removeProducts([first], firstDate),
      });
      await givenActivatedOrder(billing, {
        number: 'O-0003',
        orderDate: '2023-02-11',
        actions: removeProducts([second], secondDate),
      });
      const cut = expectOk(await getInvoiceSchedule(billing.context, number));
      expect([cut.nextRunDate, cut.removalCuts?.map((c) => c.effectiveDates)]).toEqual([
        '2023-09-20',
        [['2023-09-20', '2023-10-01']],
      ]);
      const detached = expectOk(
        await detachInvoiceScheduleCharges(billing.context, {
          invoiceScheduleNumber: number,
          specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
        }),
      );
      expect(detached.nextRunDate).toBe('2023-10-01');
      expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
      expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
      expect(await item2InvoiceDate(billing, number)).toBe('2023-10-01');
    },
  );
});

describe('decision 19: the cut belongs to the item it moved', () => {
  it("item 1's invoice canceled and item 1 billed again: item 2 is still due on 2023-10-01, also after an items update", async () => {
    const { billing, number } = await cutAfterItem1();
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-02-04');
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-12' }));
    expect(again.invoiceNumbers).toEqual(['INV00000002']);
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-01');
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers).toEqual(['INV00000003']);
    const invoice = billing.store.probe.invoice('INV00000003');
    expect([invoice?.invoiceDate, String(invoice?.amount)]).toEqual(['2023-10-01', '2650.00']);
  });

  it("item 1's invoice canceled, then one bill run on 2023-10-05: it bills item 1 (dated 2023-02-04) and item 2 (2,650.00 dated 2023-10-01, item 3 processed with it), as listItemsDue and previewBillRun foresee", async () => {
    const { billing } = await cutAfterItem1();
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const due = expectOk(await listItemsDue(billing.context, { targetDate: '2023-10-05' }));
    expect(due.data.map((d) => [d.sequence, d.dueDate, d.actualAmount?.toFixed(2)])).toEqual([
      [1, '2023-02-04', '50000.00'],
      [2, '2023-10-01', '2650.00'],
    ]);
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-10-05' }));
    // Item 3, left at 0.00, is processed with item 2 (decision 19).
    expect(preview.accounts.map((a) => a.itemsProcessed)).toEqual([3]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002', 'INV00000003']);
    const invoices = ['INV00000002', 'INV00000003'].map((n) => billing.store.probe.invoice(n));
    expect(invoices.map((i) => [i?.invoiceDate, String(i?.amount)])).toEqual([
      ['2023-02-04', '50000.00'],
      ['2023-10-01', '2650.00'],
    ]);
  });

  it('item 2 billed on a date the user set (2023-09-15) and its invoice canceled: an items update brings 2023-10-01 back, not 2023-10-15', async () => {
    const { billing, number } = await cutAfterItem1();
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        nextRunDate: '2023-09-15',
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-15' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-09-15');
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(await item2InvoiceDate(billing, number)).toBe('2023-10-01');
  });
});

// A re-read of the first version (review 69): each of these failed on it.
describe('decision 19: the cut against later items, added items, deleted items and later cuts', () => {
  const replaceItems = async (billing: TestBilling, number: string, items: readonly object[]) =>
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        items: items as NonNullable<Parameters<typeof updateInvoiceSchedule>[1]['items']>,
      }),
    );

  it('item 2 billed on the cut (2023-10-01), item 3 on 2023-12-01, both invoices canceled: item 2 is due on 2023-10-01, also after an items update, and billed again dated 2023-10-01', async () => {
    const { billing, number } = await givenCutAfterPostedItem1(['S3'], '2023-10-01');
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' })).invoiceNumbers).toEqual([
      'INV00000002',
    ]);
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-12-01' })).invoiceNumbers).toEqual([
      'INV00000003',
    ]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000003' }));
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-01');
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.invoiceDate)).toEqual([
      '2023-10-01',
    ]);
  });

  it('an items update adds an item on 2023-10-05, between the cut (2023-10-01) and item 2: the new item is due on 2023-10-01 and billed dated so; item 2 then keeps 2023-10-15', async () => {
    const { billing, number } = await cutAfterItem1();
    const s = expectOk(await getInvoiceSchedule(billing.context, number));
    const [i1, i2, i3] = s.items;
    const updated = await replaceItems(billing, number, [
      { id: i1?.id, runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-10-05', amount: '1000.00' },
      { id: i2?.id, runDate: '2023-10-15', amount: '13000.00' },
      { id: i3?.id, runDate: '2023-12-01', amount: '6200.00' },
    ]);
    expect(updated.nextRunDate).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-06' }));
    expect(run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.invoiceDate)).toEqual([
      '2023-10-01',
    ]);
    // The new item billed the removal (its due date is the cut's): item 2 is due on its own run date.
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-15');
  });

  it("item 1's invoice canceled, then an update deletes item 2: item 3, next in its place, takes the cut (due 2023-10-01 once item 1 is billed again)", async () => {
    const { billing, number } = await cutAfterItem1();
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const s = expectOk(await getInvoiceSchedule(billing.context, number));
    await replaceItems(billing, number, [
      { id: s.items[0]?.id, runDate: '2023-02-04', amount: '50000.00' },
      { id: s.items[2]?.id, runDate: '2023-12-01', amount: '20200.00' },
    ]);
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-02-12' })).invoiceNumbers).toEqual([
      'INV00000002',
    ]);
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-01');
  });

  // Review 70: the cut went with its item when the update sent the remaining items again without their ids.
  it('an update sends items 2 and 3 again without their ids (same dates and amounts): the cut goes to the new item 2, nextRunDate stays 2023-10-01 and the bill run of 2023-10-05 dates it so', async () => {
    const { billing, number } = await cutAfterItem1();
    const s = expectOk(await getInvoiceSchedule(billing.context, number));
    const updated = await replaceItems(billing, number, [
      { id: s.items[0]?.id, runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-10-15', amount: '14000.00' },
      { runDate: '2023-12-01', amount: '6200.00' },
    ]);
    expect(updated.nextRunDate).toBe('2023-10-01');
    expect(updated.removalCuts?.map((c) => [c.itemId === updated.items[1]?.id, c.effectiveDates])).toEqual([
      [true, ['2023-10-01']],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.invoiceDate)).toEqual([
      '2023-10-01',
    ]);
  });

  // Final re-read: the cut went to a later item the update kept, or was dropped when the new list was shorter.
  it('an update replaces item 2 by a new item at its place (item 3 kept): the cut goes to the new item, which is billed on 2023-10-01; its invoice canceled and the items sent again, it is due on 2023-10-01', async () => {
    const { billing, number } = await givenCutAfterPostedItem1(['S3'], '2023-10-01');
    const s = expectOk(await getInvoiceSchedule(billing.context, number));
    const updated = await replaceItems(billing, number, [
      { id: s.items[0]?.id, runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-10-15', amount: '14000.00' },
      { id: s.items[2]?.id, runDate: '2023-12-01', amount: '6200.00' },
    ]);
    expect([updated.nextRunDate, updated.removalCuts?.[0]?.itemId === updated.items[1]?.id]).toEqual([
      '2023-10-01',
      true,
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    expect(billing.store.probe.invoice('INV00000002')?.invoiceDate).toBe('2023-10-01');
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
  });

  it('a cut for item 3 (item 2 billed on 2023-05-01, then S3 removed as of 2023-10-01), item 2 canceled, then an update sends item 1 and one new item on 2023-10-15: the new item takes the cut, due 2023-10-01', async () => {
    const { billing, schedule } = await givenC01Schedule({
      now: '2023-05-01T12:00:00Z',
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-10-15', amount: '6200.00' },
      ],
    });
    const number = schedule.number;
    expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-05-10',
      actions: removeProducts(['S3'], '2023-10-01'),
    });
    const cut = expectOk(await getInvoiceSchedule(billing.context, number));
    expect(cut.removalCuts?.map((c) => [c.itemId === cut.items[2]?.id, c.effectiveDates])).toEqual([
      [true, ['2023-10-01']],
    ]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const updated = await replaceItems(billing, number, [
      { id: cut.items[0]?.id, runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-10-15', amount: '20200.00' },
    ]);
    expect(updated.nextRunDate).toBe('2023-10-01');
  });

  it('a later cut for item 3 (S4 as of 2023-11-15) after item 2 was billed on its cut: canceling INV00000002 brings 2023-10-01 back, also after an items update', async () => {
    const { billing, number } = await givenCutAfterPostedItem1(['S3'], '2023-10-01');
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' })).invoiceNumbers).toEqual([
      'INV00000002',
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-10-02',
      actions: removeProducts(['S4'], '2023-11-15'),
    });
    const later = expectOk(await getInvoiceSchedule(billing.context, number));
    expect(later.nextRunDate).toBe('2023-11-15');
    expect(later.removalCuts?.map((c) => c.effectiveDates)).toEqual([['2023-10-01'], ['2023-11-15']]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-01');
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
  });

  it("item 1's invoice canceled, one bill run on 2023-10-20 (item 2's own run date reached too): listItemsDue dates item 2 on 2023-10-01 as the run does", async () => {
    const { billing } = await cutAfterItem1();
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const due = expectOk(await listItemsDue(billing.context, { targetDate: '2023-10-20' }));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-20' }));
    const dates = run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.invoiceDate);
    expect(dates).toEqual(['2023-02-04', '2023-10-01']);
    expect(due.data.map((d) => d.dueDate)).toEqual(dates);
  });
});

/** Item 1 billed on 2023-02-04 (a Draft), then C1–C4 removed as of 2023-10-01: item 2 moved to 2023-10-01. */
async function cutAfterItem1() {
  const { billing, schedule } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z', items: C01_CUT_ITEMS });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
  await givenC01Removal(billing, '2023-02-10', '2023-10-01');
  expect(expectOk(await getInvoiceSchedule(billing.context, schedule.number)).nextRunDate).toBe('2023-10-01');
  return { billing, number: schedule.number };
}
