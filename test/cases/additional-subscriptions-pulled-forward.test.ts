import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { previewBillRun, previewExecution } from '../../src/operations/preview';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, type TestBilling } from '../support/billing';
import { givenActivatedOrder, givenScheduleNamingQuarterly, removeProducts } from '../support/scenarios';

// §7.7 with decision 18: an item pulled forward (here by a nextRunDate override, §6.6 rule 4) runs on the day it
// became due, and so do its additional subscriptions. Their documents are dated like the item's (decision 18:
// "the nextRunDate it was pulled forward to"), and their target date, when the item has none, is that day
// (§7.7 "else the run date": the day the item runs), so the item bills no period its documents' date has not
// reached. Before: the additional subscriptions used the item's original run date for both, so the credit memo
// was dated after the bill run's own target date and the invoice billed a quarter ahead.
//
// S1/C1 12,000.00 a year billed annually; S2/C2 1,200.00 a year billed per quarter (300.00 a quarter).
// IS-00000001 covers C1 and names S2: item 1 on 2023-02-01 6,000.00, item 2 on 2023-12-01 6,000.00. Item 1 is
// executed (INV00000001: C1 6,000.00 + S2's first quarter 300.00), then item 2 is pulled forward to 2023-09-15.
async function itemOneBilled(): Promise<TestBilling> {
  const billing = await givenScheduleNamingQuarterly('S2', [
    { runDate: '2023-02-01', amount: '6000.00' },
    { runDate: '2023-12-01', amount: '6000.00' },
  ]);
  const first = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(first.invoiceNumbers).toEqual(['INV00000001']);
  expect(billing.store.probe.invoice('INV00000001')?.amount).toBe('6300.00');
  return billing;
}

const pullForward = async (billing: TestBilling, nextRunDate: string) =>
  expectOk(
    await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', nextRunDate }),
  );

/**
 * The reviewer's case: standard billing bills S2's second and third quarters (INV00000002, 2023-07-01), S2 is
 * removed from 2023-08-01 (200.00 of the third quarter to credit), item 2 is pulled forward to 2023-09-15.
 */
async function creditPulledForward(): Promise<TestBilling> {
  const billing = await itemOneBilled();
  const standard = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
  expect(standard.invoiceNumbers).toEqual(['INV00000002']);
  expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('600.00');
  await givenActivatedOrder(billing, {
    number: 'O-003',
    orderDate: '2023-07-15',
    actions: removeProducts(['S2'], '2023-08-01'),
  });
  await pullForward(billing, '2023-09-15');
  return billing;
}

/** A credit memo as [amount, memo date, its lines as subscription, charge, amount, service start, end]. */
function memoOf(billing: TestBilling, number: string) {
  const memo = billing.store.probe.creditMemo(number);
  return [
    memo?.amount,
    memo?.memoDate,
    memo?.lines.map((l) => [
      l.subscriptionNumber,
      l.chargeNumber,
      l.amount,
      l.serviceStartDate,
      l.serviceEndDate,
    ]),
  ];
}

describe('decision 18: a pulled-forward item dates its additional subscriptions documents like its own', () => {
  it('bill run 2023-09-15 (IS-00000001): INV00000003 6,000.00 and CM00000001 200.00 (S2 C2 2023-08-01 → 09-30), both dated 2023-09-15, not 2023-12-01', async () => {
    const billing = await creditPulledForward();
    const run = expectOk(
      await runBillRun(billing.context, {
        targetDate: '2023-09-15',
        invoiceScheduleNumbers: ['IS-00000001'],
      }),
    );
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000003'], ['CM00000001']]);
    const invoice = billing.store.probe.invoice('INV00000003');
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['6000.00', '2023-09-15']);
    expect(memoOf(billing, 'CM00000001')).toEqual([
      '200.00',
      '2023-09-15',
      [['S2', 'C2', '200.00', '2023-08-01', '2023-09-30']],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(
      schedule.items[1] && [schedule.items[1].invoiceNumber, schedule.items[1].creditMemoNumbers],
    ).toEqual(['INV00000003', ['CM00000001']]);
  });

  it('executed by hand: the same documents, both dated 2023-09-15', async () => {
    const billing = await creditPulledForward();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000003'], ['CM00000001']]);
    expect(billing.store.probe.invoice('INV00000003')?.invoiceDate).toBe('2023-09-15');
    expect(memoOf(billing, 'CM00000001')).toEqual([
      '200.00',
      '2023-09-15',
      [['S2', 'C2', '200.00', '2023-08-01', '2023-09-30']],
    ]);
  });

  it('previewExecution and previewBillRun agree: the credit memo of 200.00 is dated 2023-09-15', async () => {
    const billing = await creditPulledForward();
    const documents = (p: {
      invoices: readonly { invoiceDate: string; amount: { toFixed(n: number): string } }[];
      creditMemos: readonly { memoDate: string; amount: { toFixed(n: number): string } }[];
    }) => [
      p.invoices.map((i) => [i.amount.toFixed(2), i.invoiceDate]),
      p.creditMemos.map((m) => [m.amount.toFixed(2), m.memoDate]),
    ];
    const expected = [[['6000.00', '2023-09-15']], [['200.00', '2023-09-15']]];
    const execution = expectOk(
      await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(documents(execution)).toEqual(expected);
    const run = expectOk(
      await previewBillRun(billing.context, {
        targetDate: '2023-09-15',
        invoiceScheduleNumbers: ['IS-00000001'],
      }),
    );
    expect(documents(run)).toEqual(expected);
  });
});

describe('§7.7: without a target date, a pulled-forward item bills its additional subscriptions up to the day it runs', () => {
  it('item 2 pulled forward to 2023-09-15: INV00000002 6,600.00 dated 2023-09-15 = C1 6,000.00 + S2 300.00 (Q2) + 300.00 (Q3); S2 Q4 (2023-10-01 → 12-31) is left to the bill run of 2023-10-01', async () => {
    const billing = await itemOneBilled();
    await pullForward(billing, '2023-09-15');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-15' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], []]);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['6600.00', '2023-09-15']);
    expect(
      invoice?.lines.map((l) => [
        l.subscriptionNumber,
        l.chargeNumber,
        l.amount,
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    ).toEqual([
      ['S1', 'C1', '6000.00', '2023-07-01', '2023-12-31'],
      ['S2', 'C2', '300.00', '2023-04-01', '2023-06-30'],
      ['S2', 'C2', '300.00', '2023-07-01', '2023-09-30'],
    ]);
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect(later.invoiceNumbers).toEqual(['INV00000003']);
    const q4 = billing.store.probe.invoice('INV00000003');
    expect([
      q4?.amount,
      q4?.invoiceDate,
      q4?.lines.map((l) => [l.serviceStartDate, l.serviceEndDate]),
    ]).toEqual(['300.00', '2023-10-01', [['2023-10-01', '2023-12-31']]]);
  });

  it('executed by hand after the same override: 6,600.00 dated 2023-09-15 too', async () => {
    const billing = await itemOneBilled();
    await pullForward(billing, '2023-09-15');
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    const invoice = billing.store.probe.invoice(run.invoiceNumbers[0] ?? '');
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['6600.00', '2023-09-15']);
  });

  it('not pulled forward: item 2 on its run date 2023-12-01 bills S2 Q2 to Q4 (900.00), 6,900.00 dated 2023-12-01', async () => {
    const billing = await itemOneBilled();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.amount, invoice?.invoiceDate]).toEqual(['6900.00', '2023-12-01']);
  });
});
