import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { expectOk, newBilling, setUpOrder } from '../support/billing';
import { givenActivatedOrder, givenSchedule, removeProducts, yearly } from '../support/scenarios';

// Found by the fault simulation (issue 10; fault-free, 1 sequence in 10,000). An item's charge billed as a
// negative line of a credit memo (decision 11: a shared invoice netted below the day's credits) has no
// invoice line to credit. When that charge was removed later, its credit found no invoice line, the memo
// came out 0.00 with no lines, and the schedule still said the charge was credited: the customer kept
// paying 3.00 for a product removed from its first day.
describe('a credit of a charge billed by a netted memo line (decision 11, §8.4)', () => {
  it('S1/C1 10.00 billed 3.00 as a −3.00 line of CM00000001, then removed from its start: CM00000002 credits 3.00', async () => {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '10.00' }])] });
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'O-0002',
      subscriptions: [yearly('S2', [{ number: 'C2', price: '10.00' }])],
    });
    const schedule = await givenSchedule(billing, {
      invoiceSeparately: false,
      items: [
        { runDate: '2023-01-11', percentage: '30' },
        { runDate: '2023-03-12', percentage: '40' },
        { runDate: '2023-06-10', percentage: '30' },
      ],
    });
    // Standard billing bills C2 for the year; then S2 is removed from its first day.
    expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-01-05' }),
    );
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-06',
      actions: removeProducts(['S2'], '2023-01-01'),
    });
    // Item 1 (C1 3.00) nets with C2's 10.00 credit: one memo of 7.00.
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-11' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const first = billing.store.probe.creditMemo('CM00000001');
    expect(first?.amount).toBe('7.00');
    expect(first?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C2', '10.00'],
      ['C1', '-3.00'],
    ]);
    // S1 removed from its first day: C1 is worth nothing, and the 3.00 it was billed comes back.
    await givenActivatedOrder(billing, {
      number: 'O-0004',
      orderDate: '2023-01-12',
      actions: removeProducts(['S1'], '2023-01-01'),
    });
    const executed = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: schedule.number }),
    );
    expect(executed.creditMemoNumbers).toEqual(['CM00000002']);
    const second = billing.store.probe.creditMemo('CM00000002');
    expect(second?.amount).toBe('3.00');
    expect(second?.lines.map((l) => [l.chargeNumber, l.amount, l.creditedInvoiceNumber])).toEqual([
      ['C1', '3.00', null],
    ]);
    // Every document of C1 now nets to zero, as the schedule says.
    const after = billing.store.probe.invoiceSchedule(schedule.number);
    expect(after?.billedAmount).toBe('0.00');
  });
});
