import { describe, expect, it } from 'vitest';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { listItemsDue } from '../../src/operations/listings';
import { previewBillRun } from '../../src/operations/preview';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  C01_ITEMS,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  removeProducts,
} from '../support/scenarios';

// A catch-up bill run: its target date, 2023-07-01, passes both a pending item's run date (item 2, 2023-05-01)
// and a credit's due date after it (2023-06-01). C11's set-up with the removal of C1–C4 effective 2023-06-01
// (see C11-removal-credit-waits-for-effective-date.test.ts): after item 1 (INV001 50,000.00) the removal
// keeps 5 months, 29,250.00, so 20,750.00 billed on INV001 is due back from 2023-06-01; decision 4 leaves
// item 2 at 0.00 and item 3 at −20,750.00. Item 2 gives only the credits due by its own run date (none), so
// once it is processed the credit is due on 2023-06-01 (§6.6 rule 3, §8.4), before the run's target date:
// one run must leave nothing due by its target date, and give what the runs of 2023-05-01 and 2023-06-01
// give together.
async function afterRemoval(items = C01_ITEMS): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({ items });
  await billAndPost(billing, ['2023-02-04']);
  await givenC01Removal(billing, '2023-03-01', '2023-06-01');
  return billing;
}

/** INV001's lines credited from 2023-06-01 (C1 26,282.05 − 15,375.00 = 10,907.05, …): CM 20,750.00. */
const CREDIT_LINES = [
  ['C1', '10907.05', 'INV00000001', '2023-06-01', '2023-09-17'],
  ['C2', '6355.06', 'INV00000001', '2023-06-01', '2023-09-17'],
  ['C3', '3251.43', 'INV00000001', '2023-06-01', '2023-09-17'],
  ['C4', '236.46', 'INV00000001', '2023-06-01', '2023-09-17'],
];

function memoOf(billing: TestBilling, number: string) {
  const memo = billing.store.probe.creditMemo(number);
  return {
    amount: memo?.amount,
    memoDate: memo?.memoDate,
    lines: memo?.lines.map((l) => [
      l.chargeNumber,
      l.amount,
      l.creditedInvoiceNumber,
      l.serviceStartDate,
      l.serviceEndDate,
    ]),
  };
}

/** listItemsDue's rows on `targetDate`: kind, sequence, due date, actual amount. */
async function dueOn(billing: TestBilling, targetDate: string) {
  const page = expectOk(await listItemsDue(billing.context, { targetDate }));
  return page.data.map((d) => [d.kind, d.sequence, d.dueDate, d.actualAmount?.toFixed(2) ?? null]);
}

function itemRows(schedule: InvoiceSchedule) {
  return schedule.items.map((i) => [
    i.status,
    i.runDate,
    i.actualAmount.toFixed(2),
    i.billedAmount.toFixed(2),
    i.invoiceNumber,
    i.creditMemoNumbers,
  ]);
}

describe('a catch-up bill run past an item and a later credit leaves nothing due by its target date (§6.6, §8.4, decision 18)', () => {
  it('C11 removal 2023-06-01, one run on 2023-07-01: item 2 processed with no document, item 3 pulled forward to 2023-06-01 with CM 20,750.00 dated 2023-06-01; FullyProcessed, nextRunDate null', async () => {
    const billing = await afterRemoval();
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.itemsProcessed, july.invoiceNumbers, july.creditMemoNumbers]).toEqual([
      2,
      [],
      ['CM00000001'],
    ]);
    expect(memoOf(billing, 'CM00000001')).toEqual({
      amount: '20750.00',
      memoDate: '2023-06-01',
      lines: CREDIT_LINES,
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(itemRows(schedule)).toEqual([
      ['Processed', '2023-02-04', '50000.00', '50000.00', 'INV00000001', []],
      ['Processed', '2023-05-01', '0.00', '0.00', null, []],
      ['Processed', '2023-09-16', '-20750.00', '-20750.00', null, ['CM00000001']],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '29250.00',
      billedAmount: '29250.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    // The same documents and schedule as the runs of 2023-05-01 and 2023-06-01.
    const stepwise = await afterRemoval();
    await billAndPost(stepwise, ['2023-05-01', '2023-06-01']);
    expect(memoOf(stepwise, 'CM00000001')).toEqual(memoOf(billing, 'CM00000001'));
    const stepped = expectOk(await getInvoiceSchedule(stepwise.context, 'IS-00000001'));
    expect([itemRows(stepped), amounts(stepped)]).toEqual([itemRows(schedule), amounts(schedule)]);
  });

  it('the run is safe to repeat: a second run on 2023-07-01 issues nothing, and a retry with the same key returns the first run', async () => {
    const billing = await afterRemoval();
    const request = { targetDate: '2023-07-01', idempotencyKey: 'july' };
    const first = expectOk(await runBillRun(billing.context, request));
    const retried = expectOk(await runBillRun(billing.context, request));
    expect([retried.number, retried.itemsProcessed, retried.creditMemoNumbers]).toEqual([
      first.number,
      2,
      ['CM00000001'],
    ]);
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([again.itemsProcessed, again.invoiceNumbers, again.creditMemoNumbers]).toEqual([0, [], []]);
    expect(billing.store.probe.creditMemo('CM00000002')).toBeNull();
  });

  it('item 3 with a blank run date: the run of 2023-07-01 processes item 2 and issues the credit alone (CM 20,750.00 dated 2023-06-01, linked to item 2), as the runs of 2023-05-01 and 2023-06-01 do', async () => {
    const blank = [C01_ITEMS[0], C01_ITEMS[1], { runDate: null, amount: '6200.00' }] as typeof C01_ITEMS;
    const billing = await afterRemoval(blank);
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.itemsProcessed, july.invoiceNumbers, july.creditMemoNumbers]).toEqual([
      1,
      [],
      ['CM00000001'],
    ]);
    expect(memoOf(billing, 'CM00000001')).toEqual({
      amount: '20750.00',
      memoDate: '2023-06-01',
      lines: CREDIT_LINES,
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(itemRows(schedule)).toEqual([
      ['Processed', '2023-02-04', '50000.00', '50000.00', 'INV00000001', []],
      ['Processed', '2023-05-01', '-20750.00', '-20750.00', null, ['CM00000001']],
      ['Pending', null, '0.00', '0.00', null, []],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '70200.00',
      actualAmount: '29250.00',
      billedAmount: '29250.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    const stepwise = await afterRemoval(blank);
    await billAndPost(stepwise, ['2023-05-01', '2023-06-01']);
    expect(memoOf(stepwise, 'CM00000001')).toEqual(memoOf(billing, 'CM00000001'));
    const stepped = expectOk(await getInvoiceSchedule(stepwise.context, 'IS-00000001'));
    expect([itemRows(stepped), amounts(stepped)]).toEqual([itemRows(schedule), amounts(schedule)]);
  });

  it('previewBillRun and listItemsDue on 2023-07-01 say what the run does: items 2 and 3 (3 due 2023-06-01), CM 20,750.00 dated 2023-06-01; with item 3 blank, item 2 and the credit alone', async () => {
    const billing = await afterRemoval();
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect(preview.accounts.map((a) => [a.accountNumber, a.itemsProcessed])).toEqual([['A-001', 2]]);
    expect(preview.invoices).toEqual([]);
    expect(preview.creditMemos.map((m) => [m.amount.toFixed(2), m.memoDate])).toEqual([
      ['20750.00', '2023-06-01'],
    ]);
    expect(await dueOn(billing, '2023-07-01')).toEqual([
      ['Item', 2, '2023-05-01', '0.00'],
      ['Item', 3, '2023-06-01', '-20750.00'],
    ]);
    // Before the credit's due date only item 2 is due, as before.
    expect(await dueOn(billing, '2023-05-31')).toEqual([['Item', 2, '2023-05-01', '0.00']]);
    const blank = await afterRemoval([
      C01_ITEMS[0],
      C01_ITEMS[1],
      { runDate: null, amount: '6200.00' },
    ] as typeof C01_ITEMS);
    const blankPreview = expectOk(await previewBillRun(blank.context, { targetDate: '2023-07-01' }));
    expect(blankPreview.accounts.map((a) => a.itemsProcessed)).toEqual([1]);
    expect(blankPreview.creditMemos.map((m) => [m.amount.toFixed(2), m.memoDate])).toEqual([
      ['20750.00', '2023-06-01'],
    ]);
    // A schedule's Credit row comes first (sequence 0 in the listing's order).
    expect(await dueOn(blank, '2023-07-01')).toEqual([
      ['Credit', null, '2023-06-01', null],
      ['Item', 2, '2023-05-01', '0.00'],
    ]);
    // No credit left by the target date once item 2 is billed: no row beyond the due items.
    expect(await dueOn(blank, '2023-05-31')).toEqual([['Item', 2, '2023-05-01', '0.00']]);
  });

  it('generateBillingDocuments catches up too; an execution by hand executes one item (§6.2): item 2, and the credit waits for the next execution or run', async () => {
    const generated = await afterRemoval();
    const documents = expectOk(
      await generateBillingDocuments(generated.context, { accountNumber: 'A-001', targetDate: '2023-07-01' }),
    );
    expect([documents.itemsProcessed, documents.invoiceNumbers, documents.creditMemoNumbers]).toEqual([
      2,
      [],
      ['CM00000001'],
    ]);
    expect(memoOf(generated, 'CM00000001').memoDate).toBe('2023-06-01');
    const byHand = await afterRemoval();
    const executed = expectOk(
      await executeInvoiceSchedule(byHand.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect([executed.itemsProcessed, executed.invoiceNumbers, executed.creditMemoNumbers]).toEqual([
      1,
      [],
      [],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(byHand.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Processed', 'Pending']);
    expect(schedule.nextRunDate).toBe('2023-06-01');
  });
});

// The same catch-up with an invoice: after item 1, only S4 is removed as of 2023-06-01. C4 keeps 5 months,
// 800 ÷ 12 × 5 = 333.33, and INV001 billed it 800 ÷ 70,200 × 50,000 = 569.80: 236.47 is due back from
// 2023-06-01. Actual 70,200 − 466.67 = 69,733.33; items 50,000.00 / 14,000.00 / 5,733.33. Item 2 gives no
// credit (none due by 2023-05-01) and item 3 is still to bill, so the credit pulls item 3 forward to 2023-06-01:
// it invoices 5,733.33 + 236.47 = 5,969.80 over C1–C3 and credits 236.47 on C4 (§8.3, §8.4, decision 18).
async function afterS4Removal(invoiceSeparately: boolean): Promise<TestBilling> {
  const { billing } = await givenC01Schedule();
  if (!invoiceSeparately) {
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        invoiceSeparately: false,
      }),
    );
  }
  await billAndPost(billing, ['2023-02-04']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-03-01',
    actions: removeProducts(['S4'], '2023-06-01'),
  });
  return billing;
}

function invoiceOf(billing: TestBilling, number: string) {
  const invoice = billing.store.probe.invoice(number);
  return {
    amount: invoice?.amount,
    invoiceDate: invoice?.invoiceDate,
    lines: invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
  };
}

const ITEM_2_LINES = [
  ['C1', '7430.44', '2023-09-17', '2023-11-29'],
  ['C2', '4346.01', '2023-09-17', '2023-11-30'],
  ['C3', '2223.55', '2023-09-17', '2023-11-30'],
];
const ITEM_3_LINES = [
  ['C1', '3187.51', '2023-11-29', '2023-12-31'],
  ['C2', '1840.60', '2023-11-30', '2023-12-31'],
  ['C3', '941.69', '2023-11-30', '2023-12-31'],
];
const C4_CREDIT = {
  amount: '236.47',
  memoDate: '2023-06-01',
  lines: [['C4', '236.47', 'INV00000001', '2023-06-01', '2023-09-17']],
};

describe('a catch-up bill run that pulls an item forward keeps the consolidation rules (§7.8, decisions 11 and 18)', () => {
  it('invoiceSeparately true: one run on 2023-07-01 issues INV 14,000.00 dated 2023-05-01, INV 5,969.80 and CM 236.47 dated 2023-06-01 — the documents of the runs of 2023-05-01 and 2023-06-01', async () => {
    const billing = await afterS4Removal(true);
    expect(await dueOn(billing, '2023-07-01')).toEqual([
      ['Item', 2, '2023-05-01', '14000.00'],
      ['Item', 3, '2023-06-01', '5733.33'],
    ]);
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.itemsProcessed, july.invoiceNumbers, july.creditMemoNumbers]).toEqual([
      2,
      ['INV00000002', 'INV00000003'],
      ['CM00000001'],
    ]);
    expect(invoiceOf(billing, 'INV00000002')).toEqual({
      amount: '14000.00',
      invoiceDate: '2023-05-01',
      lines: ITEM_2_LINES,
    });
    expect(invoiceOf(billing, 'INV00000003')).toEqual({
      amount: '5969.80',
      invoiceDate: '2023-06-01',
      lines: ITEM_3_LINES,
    });
    expect(memoOf(billing, 'CM00000001')).toEqual(C4_CREDIT);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(itemRows(schedule)).toEqual([
      ['Processed', '2023-02-04', '50000.00', '50000.00', 'INV00000001', []],
      ['Processed', '2023-05-01', '14000.00', '14000.00', 'INV00000002', []],
      ['Processed', '2023-09-16', '5733.33', '5733.33', 'INV00000003', ['CM00000001']],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '69733.33',
      billedAmount: '69733.33',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    const stepwise = await afterS4Removal(true);
    await billAndPost(stepwise, ['2023-05-01', '2023-06-01']);
    for (const n of ['INV00000002', 'INV00000003'])
      expect(invoiceOf(stepwise, n)).toEqual(invoiceOf(billing, n));
    expect(memoOf(stepwise, 'CM00000001')).toEqual(C4_CREDIT);
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([again.itemsProcessed, again.invoiceNumbers, again.creditMemoNumbers]).toEqual([0, [], []]);
  });

  it('invoiceSeparately false: items 2 and 3 go on one invoice, 19,969.80 dated 2023-06-01 (the later of its parts), beside CM 236.47 dated 2023-06-01', async () => {
    const billing = await afterS4Removal(false);
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.itemsProcessed, july.invoiceNumbers, july.creditMemoNumbers]).toEqual([
      2,
      ['INV00000002'],
      ['CM00000001'],
    ]);
    expect(invoiceOf(billing, 'INV00000002')).toEqual({
      amount: '19969.80',
      invoiceDate: '2023-06-01',
      lines: [...ITEM_2_LINES, ...ITEM_3_LINES],
    });
    expect(memoOf(billing, 'CM00000001')).toEqual(C4_CREDIT);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(itemRows(schedule).slice(1)).toEqual([
      ['Processed', '2023-05-01', '14000.00', '14000.00', 'INV00000002', []],
      ['Processed', '2023-09-16', '5733.33', '5733.33', 'INV00000002', ['CM00000001']],
    ]);
    expect(amounts(schedule).nextRunDate).toBeNull();
  });
});

describe('a late run past two removals of a fully processed schedule gives a credit memo per removal date (§8.4, decision 18)', () => {
  // C01 fully billed (INV001–INV003), then S1 removed from 2023-10-01 and S2 from 2023-11-01: the runs of
  // 2023-10-01 and 2023-11-01 give CM 9,225.00 dated 2023-10-01 (C1) and CM 3,583.33 dated 2023-11-01 (C2). One run
  // on 2023-12-01 must give the same two memos: it gave one of 12,808.33 dated 2023-10-01, crediting C2 a month
  // before its removal took effect (found by the catch-up model's daily-runs comparison).
  async function fullyBilledThenTwoRemovals(): Promise<TestBilling> {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-09-20',
      actions: [...removeProducts(['S1'], '2023-10-01'), ...removeProducts(['S2'], '2023-11-01')],
    });
    return billing;
  }
  const memos = (billing: TestBilling, numbers: readonly string[]) =>
    numbers.map((n) => {
      const m = memoOf(billing, n);
      return [m.memoDate, String(m.amount), m.lines?.map((l) => l[0])];
    });

  it('one run on 2023-12-01 gives what the runs of 2023-10-01 and 2023-11-01 give', async () => {
    const daily = await fullyBilledThenTwoRemovals();
    const numbers: string[] = [];
    for (const targetDate of ['2023-10-01', '2023-11-01', '2023-12-01'])
      numbers.push(...expectOk(await runBillRun(daily.context, { targetDate })).creditMemoNumbers);
    expect(memos(daily, numbers)).toEqual([
      ['2023-10-01', '9225.00', ['C1', 'C1']],
      ['2023-11-01', '3583.33', ['C2', 'C2']],
    ]);
    const late = await fullyBilledThenTwoRemovals();
    const run = expectOk(await runBillRun(late.context, { targetDate: '2023-12-01' }));
    expect(memos(late, run.creditMemoNumbers)).toEqual(memos(daily, numbers));
    expect(await dueOn(late, '2023-12-01')).toEqual([]);
  });
});

describe('C11 billed in one run with both items reached', () => {
  // Items 2 (2023-05-01) and 3 (2023-09-16) both due by 2023-09-20: the run bills item 2 (0.00) and, the credit
  // falling due on 2023-06-01 before item 3's run date, item 3 on that day: CM 20,750.00 dated 2023-06-01. The
  // listing dated item 3 on its run date (it read no credit when every pending item was due).
  it('listItemsDue on 2023-09-20 dates item 3 on 2023-06-01, the day the run dates its credit memo', async () => {
    const billing = await afterRemoval();
    expect(await dueOn(billing, '2023-09-20')).toEqual([
      ['Item', 2, '2023-05-01', '0.00'],
      ['Item', 3, '2023-06-01', '-20750.00'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-20' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    expect(memoOf(billing, 'CM00000001').memoDate).toBe('2023-06-01');
  });
});
