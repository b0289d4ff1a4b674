import { describe, expect, it } from 'vitest';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import {
  C06_SUBSCRIPTIONS,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
} from '../../support/scenarios';

// §5.1 (reference lines 287–291): "if all items are pending you may change percentages"; only "once any item
// is processed" are percentages locked when the total changed. Here the total changed (S2 removed, actual
// 1,000 of total 2,000) but nothing is processed: a new split of percentages must be accepted.
// Mutant update.ts replaceItems `percentagesLocked = some(Processed) && !actual.eq(total)` →
// `!actual.eq(total)` survives the suite (PercentageLocked instead).
describe('review-56: percentages stay editable while every item is pending (§5.1)', () => {
  it('total changed by a removal, no item processed: 60/25/15 → 50/30/20 is accepted', async () => {
    const billing = await givenSubscriptions(C06_SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
    await givenSchedule(billing, {
      items: [
        { runDate: '2022-02-04', percentage: '60' },
        { runDate: '2023-01-05', percentage: '25' },
        { runDate: '2023-07-15', percentage: '15' },
      ],
    });
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2022-01-20',
      actions: removeProducts(['S2'], '2022-01-25'),
    });
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([before.status, before.totalAmount.toFixed(2), before.actualAmount.toFixed(2)]).toEqual([
      'Pending',
      '2000.00',
      '1000.00',
    ]);
    const ids = before.items.map((i) => i.id) as [string, string, string];
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        expectedVersion: before.version,
        items: [
          { id: ids[0], runDate: '2022-02-04', percentage: '50' },
          { id: ids[1], runDate: '2023-01-05', percentage: '30' },
          { id: ids[2], runDate: '2023-07-15', percentage: '20' },
        ],
      }),
    );
    expect(updated.items.map((i) => i.percentage?.toFixed())).toEqual(['50', '30', '20']);
  });
});
