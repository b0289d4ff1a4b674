import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { listItemsDue } from '../../../src/operations/listings';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { fixedClock } from '../../../src/time/clock';
import { amounts, expectOk, type TestBilling } from '../../support/billing';
import { givenActivatedOrder, givenC01Schedule, removeProducts } from '../../support/scenarios';

// Decision 19: when an item is billed and every later pending item is left at zero, those items are
// Processed without a document in the same operation, and nextRunDate becomes null unless a credit is still
// due (§6.6 rules 1 and 5). C01's charges are billed as a set (decision 2): after a removal of S2 and S4 and
// item 2's credit memo, C4 stands a cent above its rounded value while item 3 is still pending, and that cent
// read as a credit due kept the removal's date as nextRunDate of a FullyProcessed schedule — for ever, since no
// execution was left to use it up (found by a reviewer: 46 of 240 removal scenarios of C01).

/** C01 with item 1 billed, S2 and S4 removed as of 2023-03-01 (ordered 2023-02-05). */
async function removalAfterItem1(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({ now: '2023-02-04T10:00:00Z' });
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
  await givenActivatedOrder(billing, {
    number: 'O-0009',
    orderDate: '2023-02-05',
    actions: removeProducts(['S2', 'S4'], '2023-03-01'),
  });
  return billing;
}

async function expectNothingLeft(billing: TestBilling): Promise<void> {
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  expect(amounts(schedule)).toMatchObject({
    status: 'FullyProcessed',
    unbilledAmount: '0.00',
    nextRunDate: null,
  });
  expect(schedule.nextRunDateOverride).toBeNull();
  expect(schedule.items.map((i) => [i.status, i.actualAmount.toFixed(2)])).toEqual([
    ['Processed', '50000.00'],
    ['Processed', expect.any(String)],
    ['Processed', '0.00'],
  ]);
  // Nothing is due any more: not listed as due, and a later bill run makes nothing.
  const at = { ...billing.context, clock: fixedClock('2023-12-31T10:00:00Z') };
  const due = expectOk(await listItemsDue(at, { targetDate: '2023-12-31' }));
  expect(due.data).toEqual([]);
  const run = expectOk(await runBillRun(at, { targetDate: '2023-12-31' }));
  expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], []]);
}

describe('a zero tail settled by an execution leaves no nextRunDate (decision 19)', () => {
  it('item 2 executed after the removal: credit memo, item 3 Processed at 0.00, nextRunDate null', async () => {
    const billing = await removalAfterItem1();
    const at = { ...billing.context, clock: fixedClock('2023-05-02T10:00:00Z') };
    const executed = expectOk(await executeInvoiceSchedule(at, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(executed.creditMemoNumbers).toHaveLength(1);
    await expectNothingLeft(billing);
    // Item 3 was processed without an invoice: the refusal to execute it names none to cancel.
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const refused = await executeInvoiceSchedule(at, {
      invoiceScheduleNumber: 'IS-00000001',
      itemId: schedule.items[2]?.id as string,
    });
    expect(refused.isErr() && refused.error.message).toBe(
      'Item 3 of IS-00000001 is already processed. To bill the next item, execute without an itemId.',
    );
  });

  it('item 2 billed by a bill run after the removal: the same', async () => {
    const billing = await removalAfterItem1();
    const at = { ...billing.context, clock: fixedClock('2023-05-02T10:00:00Z') };
    const run = expectOk(await runBillRun(at, { targetDate: '2023-05-01' }));
    expect(run.creditMemoNumbers).toHaveLength(1);
    await expectNothingLeft(billing);
  });
});
