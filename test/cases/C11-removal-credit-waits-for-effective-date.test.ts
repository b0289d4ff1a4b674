import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { billAndPost, givenC01Removal, givenC01Schedule } from '../support/scenarios';

// C11's set-up (C01 after item 1: INV001 50,000.00, billed through 2023-09-17) with the removal of C1–C4
// effective 2023-06-01 instead of 2023-11-01: only 5 months are kept, 29,250.00 (70,200 ÷ 12 × 5), so
// 20,750.00 billed on INV001 must be credited. Decision 4: item 2 keeps min(14,000, −20,750) → 0.00 and the
// last pending item, item 3, holds the rest, −20,750.00. §8.3: a zero item is processed with no document;
// §8.4 / §6.6 rule 3: the credit is issued on the removal's effective date with the next pending item, and
// decision 18 dates it that day.
async function afterRemoval(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule();
  await billAndPost(billing, ['2023-02-04']);
  await givenC01Removal(billing, '2023-03-01', '2023-06-01');
  return billing;
}

describe('C11 with the removal effective 2023-06-01 — the credit waits for its effective date (decision 4, §8.3, §8.4)', () => {
  it('after the order: actual 29,250.00, unbilled −20,750.00; items 50,000.00 / 0.00 / −20,750.00; nextRunDate stays on item 2 (2023-05-01, earlier than the removal)', async () => {
    const billing = await afterRemoval();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '70200.00',
      actualAmount: '29250.00',
      billedAmount: '50000.00',
      unbilledAmount: '-20750.00',
      nextRunDate: '2023-05-01',
    });
    expect(schedule.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['50000.00', '0.00', '-20750.00']);
  });

  it('the bill run of 2023-05-01 processes item 2 (actual 0.00) with no document; item 3 keeps the −20,750.00 and nextRunDate moves to 2023-06-01', async () => {
    const billing = await afterRemoval();
    const may = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([may.itemsProcessed, may.invoiceNumbers, may.creditMemoNumbers]).toEqual([1, [], []]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(
      schedule.items.map((i) => [
        i.status,
        i.actualAmount.toFixed(2),
        i.billedAmount.toFixed(2),
        i.invoiceNumber,
        i.creditMemoNumbers,
      ]),
    ).toEqual([
      ['Processed', '50000.00', '50000.00', 'INV00000001', []],
      ['Processed', '0.00', '0.00', null, []],
      ['Pending', '-20750.00', '0.00', null, []],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '70200.00',
      actualAmount: '29250.00',
      billedAmount: '50000.00',
      unbilledAmount: '-20750.00',
      nextRunDate: '2023-06-01',
    });
  });

  it('the bill run of 2023-06-01 processes item 3: CM 20,750.00 dated 2023-06-01 crediting INV001 from 2023-06-01; the schedule ends FullyProcessed', async () => {
    const billing = await afterRemoval();
    await billAndPost(billing, ['2023-05-01']);
    const june = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([june.invoiceNumbers, june.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['20750.00', '2023-06-01']);
    // Per charge: what INV001 billed above the 5 months kept (C1 26,282.05 − 15,375.00 = 10,907.05, …).
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.amount,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    ).toEqual([
      ['C1', '10907.05', 'INV00000001', '2023-06-01', '2023-09-17'],
      ['C2', '6355.06', 'INV00000001', '2023-06-01', '2023-09-17'],
      ['C3', '3251.43', 'INV00000001', '2023-06-01', '2023-09-17'],
      ['C4', '236.46', 'INV00000001', '2023-06-01', '2023-09-17'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.creditMemoNumbers])).toEqual([
      ['Processed', '50000.00', []],
      ['Processed', '0.00', []],
      ['Processed', '-20750.00', ['CM00000001']],
    ]);
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '29250.00',
      billedAmount: '29250.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
