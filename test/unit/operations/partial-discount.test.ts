// A discount covering part of a charge (found in review, F1): C1 12,000/yr over 2023 with D1 50 % from 2023-07-01
// to 2023-12-31 in its rate plan was valued 6,000.00 (50 % off the whole year) instead of 9,000.00, and a Remove
// Product as of 2023-06-01 left it worth 5,000.00 but one as of 2023-09-01 4,000.00: keeping the service longer
// cost less. The library does not pro-rate discounts, so it refuses such an order (DiscountCoversPartOfCharge);
// the discounted part goes in a charge of its own, with the discount, in a rate plan of its own.
import { describe, expect, it } from 'vitest';
import { saveNewOrder } from '../../../src/operations/contracts';
import { chargeInput, createSubscription, expectErr, newBilling } from '../../support/billing';
import { createSchedule, givenAccount, givenActivatedOrder } from '../../support/scenarios';

const D1 = {
  number: 'D1',
  name: 'Second-half discount',
  type: 'DiscountPercentage',
  discountPercentage: '50',
  startDate: '2023-07-01',
  endDate: '2023-12-31',
};

describe('F1: a discount covering half of a charge is refused; its own rate plan is the way', () => {
  it('saveNewOrder refuses C1 12,000/yr over 2023 with D1 50 % over its second half, and saves nothing', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await saveNewOrder(billing.context, {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: [createSubscription('S1', [chargeInput({ number: 'C1', price: '12000.00' }), D1])],
      }),
    );
    expect(error).toMatchObject({
      type: 'DiscountCoversPartOfCharge',
      path: 'actions[0].ratePlans[0].charges[1]',
      discountNumber: 'D1',
      chargeNumber: 'C1',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.order('O-0001')).toBeNull();
  });

  it('C1 over January–June, and C1b over July–December with D1 in a rate plan of their own: 6,000 + 3,000 = 9,000.00', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    await givenActivatedOrder(billing, {
      number: 'O-0001',
      orderDate: '2023-01-01',
      actions: [
        createSubscription('S1', [], {
          ratePlans: [
            {
              id: 'rp-S1',
              name: 'Plan S1',
              charges: [chargeInput({ number: 'C1', price: '12000.00', endDate: '2023-06-30' })],
            },
            {
              id: 'rp-S1-discounted',
              name: 'Plan S1, second half',
              charges: [chargeInput({ number: 'C1b', price: '12000.00', startDate: '2023-07-01' }), D1],
            },
          ],
        }),
      ],
    });
    // The schedule's total is the charges' value: 12,000 × 6/12 + 12,000 × 6/12 × (1 − 50 %).
    const wrong = await createSchedule(billing, { items: [{ runDate: '2023-01-15', amount: '6000.00' }] });
    expect(wrong.isErr() && wrong.error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '9000.00',
    });
    const schedule = await createSchedule(billing, { items: [{ runDate: '2023-01-15', amount: '9000.00' }] });
    expect(schedule.isOk()).toBe(true);
  });
});
