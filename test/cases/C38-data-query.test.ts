import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { listInvoiceSchedules } from '../../src/operations/listings';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, chargeInput, createSubscription, expectOk } from '../support/billing';
import { givenAccount, givenActivatedOrder, seededBilling } from '../support/scenarios';

// C38 — Data Query example: IS-00000167 on order O-00001416 (subscription A-S00001427), total 800, items 500
// (run 2022-11-20) and 300 (run 2022-12-23), the first billed. The page's data query rows are read here from
// the schedule as retrieved and as listed. Doc issue: the item query shows "PartiallyProcessed" in the status
// column of both items (the schedule's status, by column aliasing); the items' own statuses are Processed and
// Pending.

describe('C38 — Data Query example', () => {
  it('C38: IS-00000167 on O-00001416 → PartiallyProcessed, total 800.00, nextRunDate 2022-12-23; items 500.00 run 2022-11-20 (Processed) and 300.00 run 2022-12-23 (Pending)', async () => {
    const billing = seededBilling({ sequences: { InvoiceSchedule: 166 } }, '2022-11-20T12:00:00Z');
    await givenAccount(billing, 'A00001416', { id: 'acc-1416' });
    await givenActivatedOrder(billing, {
      number: 'O-00001416',
      accountNumber: 'A00001416',
      orderDate: '2022-11-01',
      actions: [
        createSubscription('A-S00001427', [chargeInput({ number: 'C-00001427', price: '800.00' })], {
          termStart: '2022-11-01',
          termEnd: '2023-10-31',
        }),
      ],
    });
    const created = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A00001416',
        orders: ['O-00001416'],
        items: [
          { runDate: '2022-11-20', amount: '500' },
          { runDate: '2022-12-23', amount: '300' },
        ],
      }),
    );
    expect(created.number).toBe('IS-00000167');
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: created.number }));

    const retrieved = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000167'));
    const listed = expectOk(await listInvoiceSchedules(billing.context, {})).data;
    expect(listed).toHaveLength(1);
    for (const schedule of [retrieved, listed[0]]) {
      expect([
        schedule?.number,
        schedule?.orders,
        schedule?.charges.map((c) => c.subscriptionNumber),
      ]).toEqual(['IS-00000167', ['O-00001416'], ['A-S00001427']]);
      expect(schedule && amounts(schedule)).toEqual({
        status: 'PartiallyProcessed',
        totalAmount: '800.00',
        actualAmount: '800.00',
        billedAmount: '500.00',
        unbilledAmount: '300.00',
        nextRunDate: '2022-12-23',
      });
      expect(schedule?.items.map((i) => [i.amount.toFixed(2), i.runDate, i.status])).toEqual([
        ['500.00', '2022-11-20', 'Processed'],
        ['300.00', '2022-12-23', 'Pending'],
      ]);
    }
  });
});
