// An item left at 0.00 that is processed with its additional subscriptions' credit memo (it links the memo, §7.7)
// recorded no dueDate, though docs/concepts/schedules.md says dueDate is null only "while pending, for an item
// processed without a document, and in records written before 0.2.0", and listItemsDue lists it due on 2024-01-15
// (review 189, shrunk from a random sequence).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { listItemsDue } from '../../../src/operations/listings';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { givenActivatedOrder, givenScheduleNamingQuarterly } from '../../support/scenarios';

const remove = (s: string, effectiveDate: string) => [
  { type: 'RemoveProduct', subscriptionNumber: s, ratePlanId: `rp-${s}`, effectiveDate },
];

describe('an item at 0.00 linking its additional subscriptions’ credit memo (review 189)', () => {
  it('item 2 (blank, filled 2024-01-15) is processed with CM00000002 dated 2024-01-15: its dueDate is 2024-01-15, as listItemsDue said', async () => {
    const billing = await givenScheduleNamingQuarterly('S3', [
      { runDate: '2023-01-01', amount: '6000.00' },
      { runDate: null, amount: '6000.00' },
    ]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-02' }));
    await givenActivatedOrder(billing, {
      number: 'O-0005',
      orderDate: '2023-01-02',
      actions: remove('S1', '2023-01-02'),
    });
    const alone = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-03' }));
    expect(alone.creditMemoNumbers).toEqual(['CM00000001']);
    await givenActivatedOrder(billing, {
      number: 'O-0006',
      orderDate: '2023-01-03',
      actions: remove('S3', '2023-01-03'),
    });
    let s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: s.items.map((i) => ({
          id: i.id,
          runDate: i.runDate ?? '2024-01-15',
          amount: i.amount.toFixed(2),
        })),
      }),
    );
    const due = expectOk(await listItemsDue(billing.context, { targetDate: '2024-01-31' })).data;
    expect(due.map((r) => [r.kind, r.sequence, r.dueDate, r.actualAmount?.toFixed(2)])).toEqual([
      ['Item', 2, '2024-01-15', '0.00'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-31' }));
    s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const item2 = s.items[1];
    const memo = billing.store.probe.creditMemo(item2?.creditMemoNumbers[0] ?? '');
    expect([run.invoiceNumbers, run.creditMemoNumbers, memo?.amount]).toEqual([[], ['CM00000002'], '293.55']);
    expect([item2?.status, item2?.creditMemoNumbers.length, memo?.memoDate]).toEqual([
      'Processed',
      1,
      '2024-01-15',
    ]);
    expect(item2?.dueDate, 'a processed item linking a document records the day it became due').toBe(
      '2024-01-15',
    );
  });
});
