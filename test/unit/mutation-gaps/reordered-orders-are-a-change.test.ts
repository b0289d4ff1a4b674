import { describe, expect, it } from 'vitest';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { chargeInput, expectOk } from '../../support/billing';
import { givenActivatedOrder, givenC01Schedule } from '../../support/scenarios';

// update.ts sameCoverage: "Order counts: the orders and entries give the charges' consumption order (§7.2), so
// a reordered list is a change" (and §5.1 / API table: lists replace existing ones). Mutant update.ts
// sameCoverage `sameList(orders, schedule.orders)` → compare sorted copies survives the suite: the reordered
// list is then dropped silently (orders and charges keep the old order).
describe('review-56: reordering the orders of a pending schedule is stored (§5.1, §7.2)', () => {
  it('C12 variant: [O-0001, O-0002] → [O-0002, O-0001] reorders orders and charges', async () => {
    const { billing, schedule } = await givenC01Schedule();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-02',
      actions: [
        {
          type: 'AddProduct',
          subscriptionNumber: 'S4',
          ratePlan: {
            id: 'rp-S4-C5',
            name: 'Plan C5',
            charges: [
              chargeInput({ number: 'C5', price: '500.00', startDate: '2023-01-01', endDate: '2023-12-31' }),
            ],
          },
        },
      ],
    });
    const [i1, i2, i3] = schedule.items;
    const items = [
      { id: i1?.id as string, runDate: '2023-02-04', amount: '50000.00' },
      { id: i2?.id as string, runDate: '2023-05-01', amount: '14000.00' },
      { id: i3?.id as string, runDate: '2023-09-16', amount: '6700.00' },
    ];
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        orders: ['O-0001', 'O-0002'],
        items,
      }),
    );
    const reordered = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        orders: ['O-0002', 'O-0001'],
      }),
    );
    expect(reordered.orders).toEqual(['O-0002', 'O-0001']);
    expect(reordered.charges.map((c) => c.chargeNumber)).toEqual(['C5', 'C1', 'C2', 'C3', 'C4']);
    const read = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(read.orders).toEqual(['O-0002', 'O-0001']);
  });
});
