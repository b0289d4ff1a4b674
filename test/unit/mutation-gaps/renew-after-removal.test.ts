// Mutant H08 (src/domain/order/handlers.ts, endUntilRemoval): `if (!isAfter(removedFrom, from)) return null;` →
// `if (isBefore(removedFrom, from)) return null;`. A product removed as of the day the renewal starts
// (RemoveProduct RP-S1 effective 2024-01-01 on a term ending 2023-12-31, §8.4) must not come back in the renewed
// term (§8.7: renewal adds a segment per recurring charge running to the old term end, "until its removal").
// Under the mutant Renew adds C1-R1 from 2024-01-01 to 2023-12-31: a segment ending before it starts.
import { describe, expect, it } from 'vitest';
import { activateOrder, createOrder } from '../../../src/domain/order/order';
import {
  ACCOUNT,
  annualCharge,
  createSubscription,
  discountCharge,
  oneTimeCharge,
  orderInput,
} from '../domain/fixtures';

function base() {
  const create = createSubscription('S1', [annualCharge('C1', '12000.00'), oneTimeCharge('C2', '600.00')]);
  const withSecondPlan = {
    ...create,
    ratePlans: [
      ...create.ratePlans,
      { id: 'RP-X', name: 'Extra', charges: [annualCharge('C3', '2400.00'), discountCharge('D3', '10')] },
    ],
  };
  const order = createOrder(orderInput([withSecondPlan]), ACCOUNT)._unsafeUnwrap();
  return activateOrder(order, [])._unsafeUnwrap().subscriptions;
}

const activate = (actions: readonly unknown[], current: ReturnType<typeof base>, number: string) =>
  activateOrder(
    createOrder(orderInput(actions, { number, orderDate: '2023-03-01' }), ACCOUNT)._unsafeUnwrap(),
    current,
  )._unsafeUnwrap().subscriptions;

describe('Renew after a removal as of the renewal start (mutant H08)', () => {
  it('RP-S1 removed as of 2024-01-01, then Renew 12 months: only C3 of RP-X renews (C3-R1); no C1-R1', () => {
    const removed = activate(
      [{ type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'RP-S1', effectiveDate: '2024-01-01' }],
      base(),
      'O-00000002',
    );
    const renewed = activate(
      [{ type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 12 }],
      removed,
      'O-00000003',
    );
    const s1 = renewed.find((s) => s.number === 'S1');
    expect(s1?.termEnd).toBe('2024-12-31');
    expect(
      s1?.ratePlans.map((rp) => [rp.id, rp.charges.map((c) => [c.number, c.startDate, c.endDate])]),
    ).toEqual([
      // C2 (one-time) is credited back in full by the removal: it ends the day before its start (§4.2 rule 12).
      [
        'RP-S1',
        [
          ['C1', '2023-01-01', '2023-12-31'],
          ['C2', '2023-01-01', '2022-12-31'],
        ],
      ],
      [
        'RP-X',
        [
          ['C3', '2023-01-01', '2023-12-31'],
          ['C3-R1', '2024-01-01', '2024-12-31'],
          ['D3', '2023-01-01', '2023-12-31'],
        ],
      ],
    ]);
  });
});
