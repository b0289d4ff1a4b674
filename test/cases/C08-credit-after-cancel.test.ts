import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { givenC08Cancelled } from '../support/scenarios';

// C08 — zero-amount price charge in the schedule; cancel after full processing (credit part).
// Setup: S1/C1 2,000/yr and S2/C2 0.00/yr, 2023-01-01 → 2023-12-31; items 2023-02-04 1,000,
// 2023-05-01 500, 2023-11-14 500, all executed and posted. Then O-002 cancels S1 and S2 as of
// 2023-11-01; "Create Bill Run" → CM001 333.33 (2,000 ÷ 12 × 2).
const fullyProcessedThenCancelled = (): Promise<TestBilling> => givenC08Cancelled('2023-10-20', '2023-11-01');

function memoLines(billing: TestBilling, number: string) {
  return billing.store.probe
    .creditMemo(number)
    ?.lines.map((l) => [
      l.subscriptionNumber,
      l.chargeNumber,
      l.creditedInvoiceNumber,
      l.serviceStartDate,
      l.serviceEndDate,
      l.amount,
    ]);
}

const EXPECTED_LINES = [
  ['S1', 'C1', 'INV00000003', '2023-11-01', '2023-12-31', '333.33'],
  ['S2', 'C2', 'INV00000003', '2023-11-01', '2023-12-31', '0.00'],
];

const AFTER_CREDIT = {
  status: 'FullyProcessed',
  totalAmount: '2000.00',
  actualAmount: '1666.67',
  billedAmount: '1666.67',
  unbilledAmount: '0.00',
  nextRunDate: null,
};

describe('C08 — cancel S1 and S2 after the schedule is fully processed (credit memo)', () => {
  it('C08: cancelling as of 2023-11-01 moves nextRunDate to 2023-11-01 (§6.6 rule 3); 333.33 is owed back', async () => {
    const billing = await fullyProcessedThenCancelled();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    // Derived (§8.1 as implemented): actual = 2,000 − 333.33 = 1,666.67; unbilled = actual − billed.
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '2000.00',
      actualAmount: '1666.67',
      billedAmount: '2000.00',
      unbilledAmount: '-333.33',
      nextRunDate: '2023-11-01',
    });
  });

  it('C08: a bill run on 2023-11-01 → CM00000001 333.33: S1/C1 2023-11-01→2023-12-31 333.33 from INV003, S2/C2 same period 0.00', async () => {
    const billing = await fullyProcessedThenCancelled();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('333.33');
    expect(memo?.memoDate).toBe('2023-11-01');
    expect(memoLines(billing, 'CM00000001')).toEqual(EXPECTED_LINES);
    // The lines credit INV003's C1 line (item 1) and C2 line (item 2).
    const inv3 = billing.store.probe.invoice('INV00000003');
    expect(memo?.lines.map((l) => l.creditedInvoiceLineId)).toEqual(inv3?.lines.map((l) => l.id));
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(after)).toEqual(AFTER_CREDIT);
    // Decision 5: the credit memo is linked to the last item; decision 6: its billed amount is net.
    expect(after.items[2]?.creditMemoNumbers).toEqual(['CM00000001']);
    expect(after.items.map((i) => i.billedAmount.toFixed(2))).toEqual(['1000.00', '500.00', '166.67']);
  });

  it('C08: Execute without an item gives the same CM00000001 333.33 in the same two lines', async () => {
    const billing = await fullyProcessedThenCancelled();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    expect(run.invoiceNumbers).toEqual([]);
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('333.33');
    expect(memoLines(billing, 'CM00000001')).toEqual(EXPECTED_LINES);
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toEqual(AFTER_CREDIT);
  });
});
