// §5.5: a charge is attached back only if no schedule item was processed since it was detached. The schedule's
// processing mark (processed items plus twice each item's reverts) grows with every process and revert, but an
// update that deletes a pending item whose invoice was reverted lowers it: the detachment's mark then matched
// again after items were processed. Attach was accepted on a fully processed schedule, which then held C3's
// 11,000.00 with 6,299.14 of it never billed, by the schedule or by standard billing (review finding). An update
// now restamps each detachment with the schedule's new mark, as it did the removal cut (decision 19).
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { cancelInvoice } from '../../../src/operations/invoices';
import {
  attachInvoiceScheduleCharges,
  detachInvoiceScheduleCharges,
  updateInvoiceSchedule,
} from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectErr, expectOk, type TestBilling } from '../../support/billing';
import { billAndPost, givenC01Schedule } from '../../support/scenarios';

const C3 = { subscriptionNumber: 'S3', chargeNumbers: ['C3'] };

/**
 * C01's charges (70,200.00) on four items: 2023-02-04 30,000 (billed and posted), 2023-03-01 20,000, 2023-06-01
 * 14,000, 2023-09-01 6,200; today 2023-12-01, so an execution by hand takes the earliest pending item.
 */
async function givenFourItems(): Promise<{ billing: TestBilling; number: string }> {
  const { billing, schedule } = await givenC01Schedule({
    now: '2023-12-01T12:00:00Z',
    items: [
      { runDate: '2023-02-04', amount: '30000.00' },
      { runDate: '2023-03-01', amount: '20000.00' },
      { runDate: '2023-06-01', amount: '14000.00' },
      { runDate: '2023-09-01', amount: '6200.00' },
    ],
  });
  await billAndPost(billing, ['2023-02-04']);
  return { billing, number: schedule.number };
}

/** Executes the earliest pending item by hand and cancels its invoice: the item is pending again (generation 1). */
async function executeAndCancel(billing: TestBilling, number: string): Promise<void> {
  const executed = expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: number }));
  expect(executed.invoiceNumbers).toHaveLength(1);
  expectOk(await cancelInvoice(billing.context, { invoiceNumber: executed.invoiceNumbers[0] as string }));
}

/** Sends the items back without item 2 (pending, its invoice canceled), item 3 taking its amount. */
async function deleteItem2(billing: TestBilling, number: string): Promise<void> {
  const s = expectOk(await getInvoiceSchedule(billing.context, number));
  const [i1, i2, i3, i4] = s.items;
  if (i1 === undefined || i2 === undefined || i3 === undefined || i4 === undefined)
    throw new Error('4 items');
  expect([i2.status, i2.generation]).toEqual(['Pending', 1]);
  expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: number,
      items: [
        { id: i1.id, runDate: i1.runDate, amount: i1.amount.toFixed(2) },
        { id: i3.id, runDate: i3.runDate, amount: i3.amount.plus(i2.amount).toFixed(2) },
        { id: i4.id, runDate: i4.runDate, amount: i4.amount.toFixed(2) },
      ],
    }),
  );
}

async function attachRefused(billing: TestBilling, number: string): Promise<void> {
  const before = billing.store.probe.snapshot();
  const error = expectErr(
    await attachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: number,
      specificSubscriptions: [C3],
    }),
  );
  expect(error).toMatchObject({
    type: 'AttachNotAllowed',
    chargeNumber: 'C3',
    reason: 'ItemProcessedSinceDetach',
  });
  expect(billing.store.probe.snapshot()).toEqual(before);
}

describe('§5.5 after an update deleted a pending item whose invoice was reverted', () => {
  it('C3 detached after item 2 was reverted, item 2 deleted, items 3 and 4 processed: attach refused, and standard billing bills C3 the 6,299.14 the schedule did not', async () => {
    const { billing, number } = await givenFourItems();
    await executeAndCancel(billing, number);
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: number,
        specificSubscriptions: [C3],
      }),
    );
    await deleteItem2(billing, number);
    // One execution processes item 3 (33,900.86 without C3) and the 0.00 item 4 with it.
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: number }));
    const processed = expectOk(await getInvoiceSchedule(billing.context, number));
    expect([processed.status, processed.items.map((i) => [i.status, i.billedAmount.toFixed(2)])]).toEqual([
      'FullyProcessed',
      [
        ['Processed', '30000.00'],
        ['Processed', '33900.86'],
        ['Processed', '0.00'],
      ],
    ]);
    await attachRefused(billing, number);
    // C3 stays detached: standard billing bills what the schedule's lines did not (11,000.00 in all).
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-06-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000004']);
    const lines = billing.store.probe
      .invoice('INV00000004')
      ?.lines.map((l) => [l.chargeNumber, String(l.amount)]);
    expect(lines).toEqual([['C3', '6299.14']]);
    const c3Billed = ['INV00000001', 'INV00000003', 'INV00000004']
      .flatMap((n) => billing.store.probe.invoice(n)?.lines ?? [])
      .filter((l) => l.chargeNumber === 'C3')
      .reduce((sum, l) => sum.plus(l.amount), new Dec(0));
    expect(c3Billed.toFixed(2)).toBe('11000.00');
  });

  it('C3 detached, item 2 then processed and its invoice canceled, item 2 deleted (the mark back to the detachment’s): attach refused, now and after item 3', async () => {
    const { billing, number } = await givenFourItems();
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: number,
        specificSubscriptions: [C3],
      }),
    );
    await executeAndCancel(billing, number);
    await deleteItem2(billing, number);
    await attachRefused(billing, number);
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: number }));
    await attachRefused(billing, number);
  });
});
