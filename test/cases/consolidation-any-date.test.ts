import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { generateBillingDocuments } from '../../src/operations/generate';
import { cancelInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, type TestBilling } from '../support/billing';
import {
  givenActivatedOrder,
  givenQuarterlyS3,
  givenS1Order,
  givenSchedule,
  givenTwoOrders,
  removeProducts,
} from '../support/scenarios';

// Consolidation whatever the run dates (§7.8 "picked up together by a preview/bill run", decision 11 as
// revised): with invoiceSeparately = false, every document one bill run (or one generate) produces for an
// account merges into ONE invoice, one line group per item, whatever the items' run dates; the account's
// standard billing of that run joins it (C23's reading); a net negative merge is one credit memo. The merged
// document takes the latest date of its parts, never after the run's target date (decision 18).

// Set-ups: givenS1Order — account A-001 with S1/C1 12,000 (O-0001), 2023-01-01 → 2023-12-31; givenTwoOrders —
// and S2/C2 6,000 (O-0002) over the same year.

async function schedule(
  billing: TestBilling,
  order: string,
  invoiceSeparately: boolean,
  items: readonly { runDate: string; amount: string }[],
): Promise<string> {
  return (await givenSchedule(billing, { orders: [order], invoiceSeparately, items })).number;
}

const summary = (billing: TestBilling, number: string) => {
  const invoice = billing.store.probe.invoice(number);
  return [invoice?.invoiceDate, invoice?.amount];
};

const lineGroups = (billing: TestBilling, number: string) =>
  billing.store.probe
    .invoice(number)
    ?.lines.map((l) => [
      l.invoiceScheduleNumber,
      l.invoiceScheduleItemId === null ? null : 'item',
      l.subscriptionNumber,
      l.amount,
      l.serviceStartDate,
      l.serviceEndDate,
    ]);

async function itemRows(billing: TestBilling, number: string) {
  const s = expectOk(await getInvoiceSchedule(billing.context, number));
  return s.items.map((i) => [
    i.runDate,
    i.status,
    i.billedAmount.toFixed(2),
    i.invoiceNumber,
    i.creditMemoNumbers,
  ]);
}

describe('consolidation whatever the run dates (§7.8, decision 11 revised, decision 18)', () => {
  it('decision 11: two catch-up items of IS-00000001 (6,000.00 on 2023-03-01 and 2023-06-01), invoiceSeparately false, billed by one run on 2023-06-15 → ONE invoice INV00000001 12,000.00 dated 2023-06-01 with two line groups', async () => {
    const billing = await givenS1Order();
    const is1 = await schedule(billing, 'O-0001', false, [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-06-01', amount: '6000.00' },
    ]);
    const run = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-06-15', accountNumbers: ['A-001'] }),
    );
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([2, ['INV00000001'], []]);
    // Decision 18: the later run date of its parts (2023-06-01), not the target date 2023-06-15.
    expect(summary(billing, 'INV00000001')).toEqual(['2023-06-01', '12000.00']);
    // §7.4: item 2's service period goes on from item 1's.
    expect(lineGroups(billing, 'INV00000001')).toEqual([
      [is1, 'item', 'S1', '6000.00', '2023-01-01', '2023-06-30'],
      [is1, 'item', 'S1', '6000.00', '2023-07-01', '2023-12-31'],
    ]);
    expect(await itemRows(billing, is1)).toEqual([
      ['2023-03-01', 'Processed', '6000.00', 'INV00000001', []],
      ['2023-06-01', 'Processed', '6000.00', 'INV00000001', []],
    ]);
    expect(billing.store.probe.invoice('INV00000002')).toBeNull();
  });

  // A merged invoice carries two items of one schedule: canceling it reverts both (it once reverted only the
  // first, leaving item 2 Processed on a canceled invoice).
  it('§6.4 (C02): canceling the merged Draft INV00000001 returns BOTH items of IS-00000001 to Pending (billed 0.00)', async () => {
    const billing = await givenS1Order();
    const is1 = await schedule(billing, 'O-0001', false, [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-06-01', amount: '6000.00' },
    ]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-15' }));
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const after = expectOk(await getInvoiceSchedule(billing.context, is1));
    expect([
      after.status,
      after.billedAmount.toFixed(2),
      after.items.map((i) => [i.status, i.invoiceNumber]),
    ]).toEqual([
      'Pending',
      '0.00',
      [
        ['Pending', null],
        ['Pending', null],
      ],
    ]);
  });

  it('§7.8: the same catch-up with invoiceSeparately true → two invoices, INV00000001 6,000.00 dated 2023-03-01 and INV00000002 6,000.00 dated 2023-06-01', async () => {
    const billing = await givenS1Order();
    await schedule(billing, 'O-0001', true, [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-06-01', amount: '6000.00' },
    ]);
    const run = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-06-15', accountNumbers: ['A-001'] }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
    expect([summary(billing, 'INV00000001'), summary(billing, 'INV00000002')]).toEqual([
      ['2023-03-01', '6000.00'],
      ['2023-06-01', '6000.00'],
    ]);
  });

  it('decision 11: two schedules of A-001 with different run dates (IS-00000001 4,000.00 on 2023-02-01, IS-00000002 3,000.00 on 2023-03-15), one run on 2023-03-31 → ONE invoice 7,000.00 dated 2023-03-15', async () => {
    const billing = await givenTwoOrders();
    const is1 = await schedule(billing, 'O-0001', false, [
      { runDate: '2023-02-01', amount: '4000.00' },
      { runDate: '2023-09-01', amount: '8000.00' },
    ]);
    const is2 = await schedule(billing, 'O-0002', false, [
      { runDate: '2023-03-15', amount: '3000.00' },
      { runDate: '2023-09-01', amount: '3000.00' },
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-31' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([2, ['INV00000001'], []]);
    expect(summary(billing, 'INV00000001')).toEqual(['2023-03-15', '7000.00']);
    // 4,000/12,000 and 3,000/6,000 of a year (§7.4).
    expect(lineGroups(billing, 'INV00000001')).toEqual([
      [is1, 'item', 'S1', '4000.00', '2023-01-01', '2023-04-30'],
      [is2, 'item', 'S2', '3000.00', '2023-01-01', '2023-06-30'],
    ]);
    expect((await itemRows(billing, is1))[0]).toEqual([
      '2023-02-01',
      'Processed',
      '4000.00',
      'INV00000001',
      [],
    ]);
    expect((await itemRows(billing, is2))[0]).toEqual([
      '2023-03-15',
      'Processed',
      '3000.00',
      'INV00000001',
      [],
    ]);
    // The September items of both schedules are merged by the September run: INV00000002 11,000.00.
    const september = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-01' }));
    expect(september.invoiceNumbers).toEqual(['INV00000002']);
    expect(summary(billing, 'INV00000002')).toEqual(['2023-09-01', '11000.00']);
  });

  it('decision 18: a merged invoice is never dated after the target date — IS-00000002 2023-05-01 (2,000.00) with IS-00000001’s 2023-09-01 item pulled forward to 2023-06-01 (nextRunDate) → INV00000002 8,000.00 dated 2023-06-01', async () => {
    const billing = await givenTwoOrders();
    const is1 = await schedule(billing, 'O-0001', false, [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-09-01', amount: '6000.00' },
    ]);
    await schedule(billing, 'O-0002', false, [
      { runDate: '2023-05-01', amount: '2000.00' },
      { runDate: '2023-10-01', amount: '4000.00' },
    ]);
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' })).invoiceNumbers).toEqual([
      'INV00000001',
    ]);
    expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: is1, nextRunDate: '2023-06-01' }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers]).toEqual([2, ['INV00000002']]);
    expect(summary(billing, 'INV00000002')).toEqual(['2023-06-01', '8000.00']);
  });

  it('decision 11 / C23 reading: the account’s standard billing joins the merged invoice — IS-00000001 item of 2023-01-01 (8,000.00) and S3’s quarters up to 2023-04-01 (2 × 1,000.00) billed by one run on 2023-04-01 → ONE invoice 10,000.00 dated 2023-04-01', async () => {
    // S1/C1 12,000 (O-0001) next to S3/C3 4,000/yr billed per quarter (O-0002).
    const billing = await givenS1Order();
    await givenQuarterlyS3(billing);
    const is1 = await schedule(billing, 'O-0001', false, [
      { runDate: '2023-01-01', amount: '8000.00' },
      { runDate: '2023-07-01', amount: '4000.00' },
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([1, ['INV00000001'], []]);
    // Standard billing is dated on the target date, the latest part.
    expect(summary(billing, 'INV00000001')).toEqual(['2023-04-01', '10000.00']);
    expect(lineGroups(billing, 'INV00000001')).toEqual([
      [is1, 'item', 'S1', '8000.00', '2023-01-01', '2023-08-31'],
      [null, null, 'S3', '1000.00', '2023-01-01', '2023-03-31'],
      [null, null, 'S3', '1000.00', '2023-04-01', '2023-06-30'],
    ]);
  });

  it('§6.5 / decision 11: generateBillingDocuments merges the same way — the two catch-up items of IS-00000001 → ONE invoice 12,000.00 dated 2023-06-01', async () => {
    const billing = await givenS1Order();
    await schedule(billing, 'O-0001', false, [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-06-01', amount: '6000.00' },
    ]);
    const run = expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-06-15' }),
    );
    expect([run.kind, run.itemsProcessed, run.invoiceNumbers]).toEqual([
      'AccountDocuments',
      2,
      ['INV00000001'],
    ]);
    expect(summary(billing, 'INV00000001')).toEqual(['2023-06-01', '12000.00']);
  });
});

/**
 * Net negative across dates (§7.8 C35 Ex.4, decision 11): IS-00000001 bills C1 6,400 on 2023-03-01 and
 * 5,600 on 2023-06-01; C1 is removed from 2023-07-01 (worth 6,000 then) so its last item nets −400 (a credit
 * of 400.00). IS-00000002 bills C2 100.00 on 2023-05-15 — a different date — and 5,900.00 on 2023-09-01.
 */
async function netNegativeAcrossDates(): Promise<TestBilling> {
  const billing = await givenTwoOrders();
  await schedule(billing, 'O-0001', false, [
    { runDate: '2023-03-01', amount: '6400.00' },
    { runDate: '2023-06-01', amount: '5600.00' },
  ]);
  await schedule(billing, 'O-0002', false, [
    { runDate: '2023-05-15', amount: '100.00' },
    { runDate: '2023-09-01', amount: '5900.00' },
  ]);
  expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' })).invoiceNumbers).toEqual([
    'INV00000001',
  ]);
  await givenActivatedOrder(billing, {
    number: 'O-0003',
    orderDate: '2023-04-15',
    actions: removeProducts(['S1'], '2023-07-01'),
  });
  return billing;
}

describe('consolidation whatever the run dates — a net negative merge is one credit memo', () => {
  it('C35 Ex.4 across dates: −400 (IS-00000001, 2023-06-01) and +100 (IS-00000002, 2023-05-15) in one run on 2023-06-01 → CM00000001 300.00 dated 2023-06-01 with lines 400.00 and −100.00; no invoice', async () => {
    const billing = await netNegativeAcrossDates();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([2, [], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.memoDate, memo?.amount]).toEqual(['2023-06-01', '300.00']);
    expect(
      memo?.lines.map((l) => [l.invoiceScheduleNumber, l.chargeNumber, l.amount, l.creditedInvoiceNumber]),
    ).toEqual([
      ['IS-00000001', 'C1', '400.00', 'INV00000001'],
      ['IS-00000002', 'C2', '-100.00', null],
    ]);
    expect(billing.store.probe.invoice('INV00000002')).toBeNull();
    expect(billing.store.probe.creditMemo('CM00000002')).toBeNull();
    expect((await itemRows(billing, 'IS-00000002'))[0]).toEqual([
      '2023-05-15',
      'Processed',
      '100.00',
      null,
      ['CM00000001'],
    ]);
  });
});
