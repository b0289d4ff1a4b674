import { describe, expect, it } from 'vitest';
import type { UpdateInvoiceScheduleInput } from '../../../src/domain/schedule/update';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import {
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
  updateInvoiceSchedule,
} from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../../support/billing';
import { givenC01Schedule, givenSubscriptions, saveOrder, yearly } from '../../support/scenarios';

// An update's `orders` and `specificSubscriptions` (§5.1): they replace the stored lists, and changing them
// is allowed only while the schedule is Pending; lists sent back as stored are no change (C36 d), in any
// status. A changed covered set is checked like a create's (§2.1: one entry per subscription of an order).

const update = (billing: TestBilling, input: Omit<UpdateInvoiceScheduleInput, 'invoiceScheduleNumber'>) =>
  updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', ...input });

/** Runs an update that must be refused; checks the store did not change and returns the error. */
async function refused(
  billing: TestBilling,
  input: Omit<UpdateInvoiceScheduleInput, 'invoiceScheduleNumber'>,
) {
  const before = billing.store.probe.snapshot();
  const error = expectErr(await update(billing, input));
  expect(billing.store.probe.snapshot()).toEqual(before);
  return error;
}

/**
 * O-0001 creates S1 with C1 and C2 (600.00 each over 2023); IS-00000001 covers C1 only
 * (`specificSubscriptions`), in items of 300.00 on 2023-01-15 and 2023-06-01.
 */
async function c1Only(): Promise<TestBilling> {
  const billing = await givenSubscriptions([
    yearly('S1', [
      { number: 'C1', price: '600.00' },
      { number: 'C2', price: '600.00' },
    ]),
  ]);
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      items: [
        { runDate: '2023-01-15', amount: '300.00' },
        { runDate: '2023-06-01', amount: '300.00' },
      ],
    }),
  );
  return billing;
}

const STORED = {
  orders: ['O-0001'],
  specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
};

describe('§2.1: one specificSubscriptions entry per subscription of an order, on update too', () => {
  it('a Pending schedule widened by a second entry for S1 → DuplicateSpecificSubscription; nothing is saved', async () => {
    const billing = await c1Only();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const error = await refused(billing, {
      specificSubscriptions: [
        { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1'] },
        { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C2'] },
      ],
      items: [
        { id: schedule.items[0]?.id as string, runDate: '2023-01-15', amount: '600.00' },
        { id: schedule.items[1]?.id as string, runDate: '2023-06-01', amount: '600.00' },
      ],
    });
    expect(error).toMatchObject({
      type: 'DuplicateSpecificSubscription',
      orderNumber: 'O-0001',
      subscriptionNumber: 'S1',
      index: 1,
      firstIndex: 0,
    });
  });

  it('one entry naming C1 and C2 widens it: total 1,200.00, both charges covered', async () => {
    const billing = await c1Only();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const widened = expectOk(
      await update(billing, {
        specificSubscriptions: [
          { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1', 'C2'] },
        ],
        items: [
          { id: schedule.items[0]?.id as string, runDate: '2023-01-15', amount: '600.00' },
          { id: schedule.items[1]?.id as string, runDate: '2023-06-01', amount: '600.00' },
        ],
      }),
    );
    expect(widened.totalAmount.toFixed(2)).toBe('1200.00');
    expect(widened.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2']);
  });
});

describe('§5.1 / C36 d): orders and specific subscriptions sent back as stored are no change', () => {
  /** `c1Only` with its first item billed by the bill run of 2023-01-15 (which standard-bills C2 too). */
  async function partiallyProcessed(): Promise<TestBilling> {
    const billing = await c1Only();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).status).toBe(
      'PartiallyProcessed',
    );
    return billing;
  }

  it('PartiallyProcessed: the stored orders and specificSubscriptions with new notes → accepted, coverage and amounts unchanged', async () => {
    const billing = await partiallyProcessed();
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const updated = expectOk(await update(billing, { ...STORED, notes: 'resent as read' }));
    expect(updated.notes).toBe('resent as read');
    expect([updated.orders, updated.specificSubscriptions, updated.charges]).toEqual([
      before.orders,
      before.specificSubscriptions,
      before.charges,
    ]);
    expect(amounts(updated)).toEqual(amounts(before));
    // Either list alone, as stored, is no change either, in any status.
    expectOk(await update(billing, { orders: ['O-0001'] }));
    expectOk(await update(billing, { specificSubscriptions: STORED.specificSubscriptions }));
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(expectOk(await update(billing, STORED)).status).toBe('Paused');
  });

  it.each([
    [
      'C2 instead of C1',
      { specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C2'] }] },
    ],
    ['no narrowing (the whole order)', { specificSubscriptions: [] }],
    [
      'C2 added',
      {
        specificSubscriptions: [
          { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1', 'C2'] },
        ],
      },
    ],
  ])(
    'PartiallyProcessed: %s → InvalidScheduleStatus (changeOrders); nothing is saved',
    async (_what, change) => {
      const billing = await partiallyProcessed();
      const error = await refused(billing, { orders: ['O-0001'], ...change });
      expect(error).toMatchObject({
        type: 'InvalidScheduleStatus',
        status: 'PartiallyProcessed',
        operation: 'changeOrders',
      });
    },
  );

  it('Paused from Pending: widening C1 to C1 + C2 → InvalidScheduleStatus (changeOrders), resume it first (§3.3: Paused — no; it was accepted as the status before the pause); after resuming it is accepted', async () => {
    const billing = await c1Only();
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const widen = {
      specificSubscriptions: [
        { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1', 'C2'] },
      ],
      items: [
        { runDate: '2023-01-15', amount: '600.00' },
        { runDate: '2023-06-01', amount: '600.00' },
      ],
    };
    const error = await refused(billing, widen);
    expect(error).toMatchObject({
      type: 'InvalidScheduleStatus',
      status: 'Paused',
      operation: 'changeOrders',
    });
    expect(error.message).toBe(
      'Invoice schedule IS-00000001 is Paused; its orders can change only while it is Pending, not paused — resume it first (§3.3, §5.3).',
    );
    // Sent back as stored, the lists are still no change while paused.
    expect(expectOk(await update(billing, STORED)).status).toBe('Paused');
    expectOk(await resumeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(expectOk(await update(billing, widen)).totalAmount.toFixed(2)).toBe('1200.00');
  });

  it('Pending (C13 way 2): after C4 800 → 1,000, resending orders [O-0001] leaves totalAmount 70,200 (§2.1: refreshed only when the covered set is edited); adding O-0002 refreshes it to 70,400 (§8.5 way 1)', async () => {
    const { billing, schedule } = await givenC01Schedule();
    await saveOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-02',
      actions: [
        {
          type: 'UpdateProduct',
          subscriptionNumber: 'S4',
          chargeNumber: 'C4',
          effectiveDate: '2023-01-01',
          price: '1000.00',
        },
      ],
    });
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const resent = expectOk(await update(billing, { orders: ['O-0001'] }));
    expect(amounts(resent)).toMatchObject({ totalAmount: '70200.00', actualAmount: '70400.00' });
    const [i1, i2, i3] = schedule.items;
    const added = expectOk(
      await update(billing, {
        orders: ['O-0001', 'O-0002'],
        items: [
          { id: i1?.id as string, runDate: '2023-02-04', amount: '50000.00' },
          { id: i2?.id as string, runDate: '2023-05-01', amount: '14000.00' },
          { id: i3?.id as string, runDate: '2023-09-16', amount: '6400.00' },
        ],
      }),
    );
    expect(amounts(added)).toMatchObject({ totalAmount: '70400.00', actualAmount: '70400.00' });
  });
});
