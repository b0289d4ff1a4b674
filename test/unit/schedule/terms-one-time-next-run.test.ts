import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { detachInvoiceScheduleCharges } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  yearly,
} from '../../support/scenarios';

// A Terms and Conditions that moves a scheduled one-time charge's end earlier (§8.7's go-live realignment: the
// one-time total stays) is not a removal or cancellation (decision 19): it moved nextRunDate to the day after the
// new end, and that day's bill run billed item 2 three months early (review 140). A shortened recurring charge
// still moves it (its value changes: a credit is due), as does a removal of the one-time charge.

/** S1's one-time C1 of 40,000.00 on a schedule of `items`; the first billed when its run date is 2023-01-01. */
async function oneTimeSchedule(
  items: readonly { runDate: string; amount: string }[] = [
    { runDate: '2023-01-01', amount: '4000.00' },
    { runDate: '2023-10-01', amount: '8000.00' },
    { runDate: '2023-12-01', amount: '28000.00' },
  ],
) {
  const billing = await givenSubscriptions(
    [yearly('S1', [{ number: 'C1', type: 'OneTime', price: '40000.00' }])],
    { now: '2023-01-01T12:00:00Z', orderNumber: 'O-001' },
  );
  await givenSchedule(billing, { orders: ['O-001'], items });
  if (items[0]?.runDate === '2023-01-01')
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  return billing;
}

describe('Terms and Conditions on a scheduled one-time charge (§8.7, decision 19)', () => {
  it('a term end moved earlier leaves nextRunDate on the next item; the run of the day after bills nothing', async () => {
    const billing = await oneTimeSchedule();
    await givenActivatedOrder(billing, {
      number: 'O-002',
      orderDate: '2023-02-01',
      actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2023-06-30' }],
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.actualAmount.toFixed(2), schedule.nextRunDate]).toEqual(['40000.00', '2023-10-01']);
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([july.invoiceNumbers, july.creditMemoNumbers]).toEqual([[], []]);
    const october = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect(october.invoiceNumbers).toEqual(['INV00000002']);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2023-10-01', '8000.00']);
  });

  it('a removal of the one-time charge still moves nextRunDate to its effective date (decision 19)', async () => {
    const billing = await oneTimeSchedule();
    await givenActivatedOrder(billing, {
      number: 'O-002',
      orderDate: '2023-02-01',
      actions: [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-07-01' },
      ],
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.nextRunDate).toBe('2023-07-01');
  });

  it('with an Update Product from the start in the same order: the price moves the value, not the dates (review 147)', async () => {
    const billing = await oneTimeSchedule([
      { runDate: '2023-08-01', amount: '20000.00' },
      { runDate: '2023-12-01', amount: '20000.00' },
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-002',
      orderDate: '2023-02-01',
      actions: [
        {
          type: 'UpdateProduct',
          subscriptionNumber: 'S1',
          chargeNumber: 'C1',
          effectiveDate: '2023-01-01',
          price: '44000.00',
        },
        { type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2023-06-30' },
      ],
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.actualAmount.toFixed(2), schedule.nextRunDate]).toEqual(['44000.00', '2023-08-01']);
    const july = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect(july.invoiceNumbers).toEqual([]);
  });

  it("its moved end does not keep a detached charge's removal cut standing (review 147)", async () => {
    // S2's removal as of 07-01 pulled item 2 (10-01) to 07-01; detaching C2 takes that cut away with it, as
    // without the T&C — C1's new end (06-30, "due" 07-01) is no cut of its own.
    const scenario = async (withTerms: boolean) => {
      const billing = await givenSubscriptions(
        [
          yearly('S1', [{ number: 'C1', type: 'OneTime', price: '40000.00' }]),
          yearly('S2', [{ number: 'C2', price: '12000.00' }]),
        ],
        { now: '2023-01-01T12:00:00Z', orderNumber: 'O-001' },
      );
      await givenSchedule(billing, {
        orders: ['O-001'],
        items: [
          { runDate: '2023-03-01', amount: '20000.00' },
          { runDate: '2023-10-01', amount: '32000.00' },
        ],
      });
      await billAndPost(billing, ['2023-03-01']);
      await givenActivatedOrder(billing, {
        number: 'O-002',
        orderDate: '2023-04-01',
        actions: [
          {
            type: 'RemoveProduct',
            subscriptionNumber: 'S2',
            ratePlanId: 'rp-S2',
            effectiveDate: '2023-07-01',
          },
        ],
      });
      if (withTerms)
        await givenActivatedOrder(billing, {
          number: 'O-003',
          orderDate: '2023-04-02',
          actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2023-06-30' }],
        });
      expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe(
        '2023-07-01',
      );
      const detached = expectOk(
        await detachInvoiceScheduleCharges(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          specificSubscriptions: [{ subscriptionNumber: 'S2', chargeNumbers: ['C2'] }],
        }),
      );
      return detached.nextRunDate;
    };
    expect(await scenario(false)).toBe('2023-10-01');
    expect(await scenario(true)).toBe('2023-10-01');
  });
});
