import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk } from '../support/billing';
import { billAndPost, givenC01Removal, givenC01Schedule } from '../support/scenarios';

// C10 variant: the same removal, but the credit memo comes from a bill run whose target date is the
// removal's effective date (Scheduler's next scan, §8.4 / decision 5) instead of Execute.
describe('C10 — credit memo from a bill run on 2023-11-01', () => {
  it('C10: bill run 2023-11-01 → CM00000001 11,700.00 in eight lines, latest invoice first; schedule back to FullyProcessed with billed 58,500', async () => {
    // C01 billed in full by bill runs on its run dates, then O-0002 removes C1–C4 as of 2023-11-01.
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    // A bill run the day before the effective date finds nothing to credit yet.
    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-31' }));
    expect(early.creditMemoNumbers).toEqual([]);
    expect(billing.store.probe.creditMemo('CM00000001')).toBeNull();

    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    expect(run.kind).toBe('BillRun');
    expect(run.invoiceNumbers).toEqual([]);
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('11700.00');
    expect(memo?.memoDate).toBe('2023-11-01');
    expect(memo?.billRunNumber).toBe(run.number);
    expect(
      memo?.lines.map((l) => [
        l.creditedInvoiceNumber,
        l.chargeNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([
      ['INV00000003', 'C1', '2023-11-29', '2023-12-31', '3258.97'],
      ['INV00000002', 'C1', '2023-11-01', '2023-11-29', '2891.03'],
      ['INV00000003', 'C2', '2023-11-29', '2023-12-31', '1898.86'],
      ['INV00000002', 'C2', '2023-11-01', '2023-11-29', '1684.48'],
      ['INV00000003', 'C3', '2023-11-29', '2023-12-31', '971.51'],
      ['INV00000002', 'C3', '2023-11-01', '2023-11-29', '861.82'],
      ['INV00000003', 'C4', '2023-11-29', '2023-12-31', '70.66'],
      ['INV00000002', 'C4', '2023-11-01', '2023-11-29', '62.67'],
    ]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(after)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '58500.00',
      billedAmount: '58500.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(after.items[2]?.creditMemoNumbers).toEqual(['CM00000001']);
    // Running the same target date again credits nothing more.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    expect(again.creditMemoNumbers).toEqual([]);
    expect(billing.store.probe.creditMemo('CM00000002')).toBeNull();
  });
});
