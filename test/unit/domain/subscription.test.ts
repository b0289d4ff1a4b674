import { describe, expect, it } from 'vitest';
import { allCharges, findCharge, isSchedulable } from '../../../src/domain/contract/subscription';
import { activateOrder, createOrder } from '../../../src/domain/order/order';
import {
  ACCOUNT,
  annualCharge,
  createSubscription,
  discountCharge,
  oneTimeCharge,
  orderInput,
} from './fixtures';

const order = createOrder(
  orderInput([
    {
      ...createSubscription('S1', []),
      ratePlans: [
        { id: 'RP-A', name: 'A', charges: [oneTimeCharge('C1', '400.00'), discountCharge('C2', '10')] },
        { id: 'RP-B', name: 'B', charges: [annualCharge('C3', '1200.00')] },
      ],
    },
    createSubscription('S2', [annualCharge('C4', '1.00', { endDate: '2025-12-31' })], '2023-01-01', null),
  ]),
  ACCOUNT,
)._unsafeUnwrap();
const [termed, evergreen] = activateOrder(order, [])._unsafeUnwrap().subscriptions;

describe('findCharge / allCharges', () => {
  it('finds a charge with its rate plan by number', () => {
    const found = findCharge(termed!, 'C3')!;
    expect(found.charge.number).toBe('C3');
    expect(found.ratePlan.id).toBe('RP-B');
    expect(Object.isFrozen(found)).toBe(true);
  });

  it('returns undefined for an unknown charge number', () => {
    expect(findCharge(termed!, 'C99')).toBeUndefined();
  });

  it('lists every charge in rate plan then charge order', () => {
    expect(allCharges(termed!).map(({ ratePlan, charge }) => `${ratePlan.id}/${charge.number}`)).toEqual([
      'RP-A/C1',
      'RP-A/C2',
      'RP-B/C3',
    ]);
  });
});

describe('isSchedulable (§4.2 rule 1)', () => {
  it('accepts a termed, active subscription', () => {
    expect(isSchedulable(termed!)._unsafeUnwrap()).toBe(termed);
  });

  it('flags an evergreen subscription with reason Evergreen', () => {
    expect(isSchedulable(evergreen!)._unsafeUnwrapErr()).toMatchObject({
      type: 'SubscriptionNotSchedulable',
      subscriptionNumber: 'S2',
      reason: 'Evergreen',
    });
  });

  it('flags a cancelled subscription with reason Cancelled', () => {
    expect(isSchedulable({ ...termed!, status: 'Cancelled' })._unsafeUnwrapErr()).toMatchObject({
      reason: 'Cancelled',
    });
  });
});
