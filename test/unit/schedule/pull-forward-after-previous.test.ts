// An order entered after an item was billed that removes a charge as of a day before that item's run date pulls
// the next item forward (decision 19) to a day before the previous invoice. Its invoice was dated that day
// (decision 18), a month before the invoice it follows, for later service; a date the user set there is refused
// (docs/guides/edit-pause-delete.md: "never before the previous item's", §4.2 rule 10). The next item is pulled
// to the day the previous item was due instead, and the listings and previews say so (review 178): a run before
// that day bills nothing (dated then, its invoice came after the run's target date, decision 18; review 180).
// A record written before 0.2.0 (items without `dueDate`) sets no such bound (review 180). A credit memo issued alone
// (the next item's run date blank) pulls no item and keeps the credit's own day, as on a fully processed schedule
// (review 183).
import { describe, expect, it } from 'vitest';
import {
  detachInvoiceScheduleCharges,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  listItemsDue,
  postInvoice,
  previewBillRun,
  runBillRun,
} from '../../../src/index';
import { expectOk, type TestBilling } from '../../support/billing';
import {
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  rewriteStoredSchedule,
  yearly,
} from '../../support/scenarios';

/** S1 1,200.00 and S2 2,400.00 (2023), items 2023-03-01 1,200.00 / `secondRunDate` 2,400.00, item 1 billed. */
async function givenItem1Billed(secondRunDate: string | null = '2023-09-01'): Promise<TestBilling> {
  const billing = await givenSubscriptions([
    yearly('S1', [{ number: 'C1', price: '1200.00' }]),
    yearly('S2', [{ number: 'C2', price: '2400.00' }]),
  ]);
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-03-01', amount: '1200.00' },
      { runDate: secondRunDate, amount: '2400.00' },
    ],
  });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
  return billing;
}

/** An order entered on 2023-03-05 that removes S1 as of 2023-02-01, before item 1's day. */
async function removeS1AsOfFebruary(billing: TestBilling): Promise<void> {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-03-05',
    actions: removeProducts(['S1'], '2023-02-01'),
  });
}

describe('a removal dated before the last billed item (review 178)', () => {
  it('bills the next item dated no earlier than the previous invoice; listing, preview and run agree', async () => {
    const billing = await givenItem1Billed();
    await removeS1AsOfFebruary(billing);
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe('2023-03-01');
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-02-15' })).data).toEqual([]);
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-02-15' })).invoiceNumbers).toEqual(
      [],
    );
    const rows = expectOk(await listItemsDue(billing.context, { targetDate: '2023-03-06' })).data;
    expect(rows.map((r) => [r.kind, r.sequence, r.dueDate])).toEqual([['Item', 2, '2023-03-01']]);
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-03-06' }));
    expect(preview.invoices.map((i) => i.invoiceDate)).toEqual(['2023-03-01']);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-06' }));
    const invoice = expectOk(await getInvoice(billing.context, run.invoiceNumbers[0] ?? ''));
    const memo = expectOk(await getCreditMemo(billing.context, run.creditMemoNumbers[0] ?? ''));
    // INV00000001 (2023-03-01) billed C1 400.00 and C2 800.00 for 2023-01-01 → 04-30.
    expect([invoice.invoiceDate, invoice.amount.toFixed(2)]).toEqual(['2023-03-01', '1600.00']);
    expect(invoice.lines.map((l) => [l.chargeNumber, l.amount.toFixed(2), l.serviceStartDate])).toEqual([
      ['C2', '1600.00', '2023-05-01'],
    ]);
    // The credit it gives is dated with it (decision 18), its lines from the removal's day.
    expect([memo.memoDate, memo.amount.toFixed(2)]).toEqual(['2023-03-01', '300.00']);
    expect(memo.lines.map((l) => [l.chargeNumber, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['C1', '2023-02-01', '2023-04-30'],
    ]);
  });

  it('a record written before 0.2.0 (no item dueDate) is pulled to the removal’s date as before', async () => {
    const billing = await givenItem1Billed();
    await rewriteStoredSchedule(billing, 'IS-00000001', (s) => ({
      ...s,
      items: s.items.map((i) => ({ ...i, dueDate: null })),
    }));
    await removeS1AsOfFebruary(billing);
    const rows = expectOk(await listItemsDue(billing.context, { targetDate: '2023-03-06' })).data;
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-06' }));
    const invoice = expectOk(await getInvoice(billing.context, run.invoiceNumbers[0] ?? ''));
    expect([rows.map((r) => r.dueDate), invoice.invoiceDate]).toEqual([['2023-02-01'], '2023-02-01']);
  });

  it('a credit memo alone (the next item’s run date blank) keeps its own day: no item is pulled (review 183)', async () => {
    const billing = await givenItem1Billed(null);
    await removeS1AsOfFebruary(billing);
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe('2023-02-01');
    const rows = expectOk(await listItemsDue(billing.context, { targetDate: '2023-02-15' })).data;
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-02-15' }));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-15' }));
    const memo = expectOk(await getCreditMemo(billing.context, run.creditMemoNumbers[0] ?? ''));
    expect([
      rows.map((r) => [r.kind, r.dueDate]),
      preview.creditMemos.map((m) => m.memoDate),
      memo.memoDate,
      memo.amount.toFixed(2),
    ]).toEqual([[['Credit', '2023-02-01']], ['2023-02-01'], '2023-02-01', '300.00']);
  });

  it('a detach of the removed charge releases the date it moved to item 1’s day (review 195)', async () => {
    const billing = await givenItem1Billed();
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await removeS1AsOfFebruary(billing);
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    const detached = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([detached.nextRunDate, detached.nextRunDateOverride]).toEqual(['2023-09-01', null]);
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-03-10' })).data).toEqual([]);
  });
});
