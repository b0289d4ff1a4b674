// Review 218 (mutation): ChargeAlreadyExists after review 209's one-pass chargeOwners must name what the former
// scan named (CHANGELOG 755e8b7: "The error named is unchanged (pinned)"): the first subscription in the state's
// order that uses one of the action's numbers, and, of that subscription's, the action's first such charge.
import { describe, expect, it } from 'vitest';
import { activateOrder, createOrder } from '../../../src/domain/order/order';
import { ACCOUNT, annualCharge, createSubscription, orderInput } from '../domain/fixtures';

const order = (number: string, actions: readonly unknown[]) =>
  createOrder(orderInput(actions, { number }), ACCOUNT)._unsafeUnwrap();

describe('ChargeAlreadyExists names the first owner and its first charge in the action', () => {
  it('two of the action’s numbers owned by the same (earliest) subscription: the first in the action', () => {
    const { subscriptions } = activateOrder(
      order('O-00000001', [
        createSubscription('S1', [annualCharge('C1', '1.00'), annualCharge('C2', '1.00')]),
        createSubscription('S2', [annualCharge('C3', '1.00')]),
      ]),
      [],
    )._unsafeUnwrap();
    const again = order('O-00000002', [
      createSubscription('S9', [
        annualCharge('C3', '1.00'),
        annualCharge('C2', '1.00'),
        annualCharge('C1', '1.00'),
      ]),
    ]);
    // The former scan: S1 first, then the action's charges in order: C3 (not S1's), C2 (S1's) → charges[1].
    expect(activateOrder(again, subscriptions)._unsafeUnwrapErr()).toMatchObject({
      type: 'ChargeAlreadyExists',
      chargeNumber: 'C2',
      subscriptionNumber: 'S1',
      path: 'actions[0].ratePlans[0].charges[1].number',
    });
  });

  it('a number used by two subscriptions of the state (data from before the check): the first one is named', () => {
    const s1 = activateOrder(
      order('O-00000001', [createSubscription('S1', [annualCharge('C1', '1.00')])]),
      [],
    )._unsafeUnwrap().subscriptions;
    const s2 = activateOrder(
      order('O-00000002', [createSubscription('S2', [annualCharge('C1', '1.00')])]),
      [],
    )._unsafeUnwrap().subscriptions;
    const again = order('O-00000003', [createSubscription('S9', [annualCharge('C1', '1.00')])]);
    expect(activateOrder(again, [...s1, ...s2])._unsafeUnwrapErr()).toMatchObject({
      type: 'ChargeAlreadyExists',
      chargeNumber: 'C1',
      subscriptionNumber: 'S1',
    });
  });
});
