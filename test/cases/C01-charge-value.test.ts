// C01 — single-year schedule, four subscriptions, same 12-month term (cases.md); C03 — 10-month charge (§4.4).
import { describe, expect, it } from 'vitest';
import {
  chargeTermMonths,
  chargeValue,
  monthlyPrice,
  subscriptionValue,
} from '../../src/domain/contract/charge-value';
import { allCharges } from '../../src/domain/contract/subscription';
import { activateOrder, type CreateSubscriptionAction, createOrder } from '../../src/domain/order/order';
import { Dec } from '../../src/money/decimal';
import { rational } from '../../src/time/rational';
import {
  ACCOUNT,
  annualCharge,
  c01OrderInput,
  createSubscription,
  orderInput,
} from '../unit/domain/fixtures';

describe('C01 — charge values of the base case', () => {
  const order = createOrder(c01OrderInput(), ACCOUNT)._unsafeUnwrap();
  const { subscriptions } = activateOrder(order, [])._unsafeUnwrap();

  it('C01: each 12-month charge is worth its annual price: 36,900 / 21,500 / 11,000 / 800', () => {
    const values = subscriptions.flatMap((s) =>
      allCharges(s).map(({ charge, ratePlan }) => [
        charge.number,
        chargeValue(charge, ratePlan, s.currency).toFixed(2),
      ]),
    );
    expect(values).toEqual([
      ['C1', '36900.00'],
      ['C2', '21500.00'],
      ['C3', '11000.00'],
      ['C4', '800.00'],
    ]);
  });

  it('C01: the four subscriptions total 70,200.00', () => {
    const total = subscriptions.reduce((sum, s) => sum.plus(subscriptionValue(s)), new Dec(0));
    expect(total.toFixed(2)).toBe('70200.00');
  });

  it('C01: each charge runs exactly 12 months (2023-01-01 → 2023-12-31) at 3,075.00 a month for C1', () => {
    const { charge } = allCharges(subscriptions[0]!)[0]!;
    expect(chargeTermMonths(charge)).toEqual(rational(12));
    expect(monthlyPrice(charge).toFixed(2)).toBe('3075.00');
  });

  it('C03 (§4.4): 10 months of 36,900/yr → 30,750.00', () => {
    const tenMonths = createOrder(
      orderInput([
        createSubscription('S1', [
          annualCharge('C1', '36900.00', { startDate: '2023-03-01', endDate: '2023-12-31' }),
        ]),
      ]),
      ACCOUNT,
    )._unsafeUnwrap();
    const action = tenMonths.actions[0] as CreateSubscriptionAction;
    const ratePlan = action.ratePlans[0]!;
    expect(chargeTermMonths(ratePlan.charges[0]!)).toEqual(rational(10));
    expect(chargeValue(ratePlan.charges[0]!, ratePlan, 'USD').toFixed(2)).toBe('30750.00');
  });

  it('§4.4: 7 months of 12,000/yr (2023-06-01 → 2023-12-31) → 7,000.00', () => {
    const o = createOrder(
      orderInput([createSubscription('S1', [annualCharge('C1', '12000.00', { startDate: '2023-06-01' })])]),
      ACCOUNT,
    )._unsafeUnwrap();
    const ratePlan = (o.actions[0] as CreateSubscriptionAction).ratePlans[0]!;
    expect(chargeValue(ratePlan.charges[0]!, ratePlan, 'USD').toFixed(2)).toBe('7000.00');
  });
});
