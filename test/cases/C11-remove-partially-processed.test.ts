import { describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../src/domain/billing/events';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { postInvoice } from '../../src/operations/invoices';
import { previewBillRun } from '../../src/operations/preview';
import { getBillRun, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { givenC01Removal, givenC01Schedule } from '../support/scenarios';

// C11 — remove all four C01 charges as of 2023-11-01 after item 1 (INV001 50,000, billed through
// 2023-09-17): 11,700 (70,200 ÷ 12 × 2) no longer needs billing, 8,500 is left.
async function afterRemoval(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule();
  const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
  expect(first.invoiceNumbers).toEqual(['INV00000001']);
  expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  await givenC01Removal(billing, '2023-03-01', '2023-11-01');
  return billing;
}

describe('C11 — remove all charges from a partially processed schedule', () => {
  it('C11 (derived): after the order actual 58,500, billed 50,000, unbilled 8,500; item 2 actual 8,500, item 3 actual 0; no credit so nextRunDate stays 2023-05-01', async () => {
    const billing = await afterRemoval();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    // Derived figures of the case; they follow from §8.1–8.2 / decision 4 as implemented.
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '50000.00',
      unbilledAmount: '8500.00',
      nextRunDate: '2023-05-01',
    });
    expect(schedule.items.map((i) => [i.amount.toFixed(2), i.actualAmount.toFixed(2), i.status])).toEqual([
      ['50000.00', '50000.00', 'Processed'],
      ['14000.00', '8500.00', 'Pending'],
      ['6200.00', '0.00', 'Pending'],
    ]);
  });

  it('C11: 2023-05-01 INV002 = 8,500.00; 2023-09-16 item 3 Processed with no document; schedule FullyProcessed; no credit memo', async () => {
    const billing = await afterRemoval();
    const second = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect(second.invoiceNumbers).toEqual(['INV00000002']);
    const inv2 = billing.store.probe.invoice('INV00000002');
    expect(inv2?.amount).toBe('8500.00');
    expect(inv2?.invoiceDate).toBe('2023-05-01');
    // C11's derived lines (decision 2, revised): the new charge totals are the values rounded as a set
    // with ties to the earlier charge — 30,750 / 17,916.67 / 9,166.67 / 666.66 — and item 2 exhausts
    // the schedule, so each charge bills its remainder: C2 2,603.28 and C4 96.86.
    expect(inv2?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1', '4467.95'],
      ['C2', '2603.28'],
      ['C3', '1331.91'],
      ['C4', '96.86'],
    ]);
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    // Decision 19: item 3 was left with an actual amount of 0, so it became Processed (no document) in the
    // same operation that billed item 2; its run date finds nothing left to process.
    const afterItem2 = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(afterItem2.items.map((i) => i.status)).toEqual(['Processed', 'Processed', 'Processed']);
    expect(afterItem2.nextRunDate).toBeNull();
    const third = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-16' }));
    expect(third.itemsProcessed).toBe(0);
    expect(third.invoiceNumbers).toEqual([]);
    expect(third.creditMemoNumbers).toEqual([]);
    expect(billing.store.probe.invoice('INV00000003')).toBeNull();
    expect(billing.store.probe.creditMemo('CM00000001')).toBeNull();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(
      schedule.items.map((i) => [
        i.amount.toFixed(2),
        i.billedAmount.toFixed(2),
        i.status,
        i.invoiceNumber,
        i.creditMemoNumbers,
      ]),
    ).toEqual([
      ['50000.00', '50000.00', 'Processed', 'INV00000001', []],
      ['14000.00', '8500.00', 'Processed', 'INV00000002', []],
      ['6200.00', '0.00', 'Processed', null, []],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '58500.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});

// Decision 19: item 3, left at 0.00, is processed in the same operation as item 2, so that operation processed
// two items — as its two ItemProcessed events say — and every count of it says 2 (`itemsProcessed`: "Number of
// schedule items processed").
describe('C11 — the operation that bills item 2 processes two items (item 3 as the zero tail)', () => {
  /** [ItemProcessed events' item sequences, BillRunCompleted's itemsProcessed]. */
  function counted(events: readonly BillingEvent[]) {
    return [
      events.flatMap((e) => (e.type === 'ItemProcessed' ? [e.sequence] : [])),
      events.flatMap((e) => (e.type === 'BillRunCompleted' ? [e.itemsProcessed] : [])),
    ];
  }

  it('C11: runBillRun 2023-05-01 — preview, run, its account part, its stored record and BillRunCompleted all say itemsProcessed 2', async () => {
    const billing = await afterRemoval();
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect(preview.accounts.map((a) => [a.accountNumber, a.itemsProcessed])).toEqual([['A-001', 2]]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    expect(run.itemsProcessed).toBe(2);
    expect(counted(run.events)).toEqual([[2, 3], [2]]);
    expect(billing.store.probe.billRunAccount(run.number, 'A-001')?.itemsProcessed).toBe(2);
    expect(expectOk(await getBillRun(billing.context, run.number)).itemsProcessed).toBe(2);
  });

  it('C11: executeInvoiceSchedule (item 2, the next one) — the ScheduleExecution run says itemsProcessed 2', async () => {
    const billing = await afterRemoval();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    expect(run.itemsProcessed).toBe(2);
    expect(counted(run.events)).toEqual([[2, 3], [2]]);
    expect(expectOk(await getBillRun(billing.context, run.number)).itemsProcessed).toBe(2);
  });

  it('C11: generateBillingDocuments 2023-05-01 — the AccountDocuments run says itemsProcessed 2', async () => {
    const billing = await afterRemoval();
    const run = expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-05-01' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    expect(run.itemsProcessed).toBe(2);
    expect(counted(run.events)).toEqual([[2, 3], [2]]);
  });
});
