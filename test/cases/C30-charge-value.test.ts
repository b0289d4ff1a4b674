// C30 — detach a partly early-renewed subscription (cases.md, §8.1): value of a charge cut short.
import { describe, expect, it } from 'vitest';
import { chargeValue, chargeValueThrough } from '../../src/domain/contract/charge-value';
import { findCharge } from '../../src/domain/contract/subscription';
import { activateOrder, createOrder } from '../../src/domain/order/order';
import { Dec } from '../../src/money/decimal';
import { businessDate } from '../../src/time/date';
import { ACCOUNT, annualCharge, createSubscription, orderInput } from '../unit/domain/fixtures';

// S1/C1, S2/C2, S3/C3: 2025-01-01 → 2025-12-31, 15,000/yr each (45,000).
const order = createOrder(
  orderInput(
    [
      createSubscription('S1', [annualCharge('C1', '15000.00')], '2025-01-01', '2025-12-31'),
      createSubscription('S2', [annualCharge('C2', '15000.00')], '2025-01-01', '2025-12-31'),
      createSubscription('S3', [annualCharge('C3', '15000.00')], '2025-01-01', '2025-12-31'),
    ],
    { orderDate: '2025-01-01' },
  ),
  ACCOUNT,
)._unsafeUnwrap();
const [s1, s2, s3] = activateOrder(order, [])._unsafeUnwrap().subscriptions;
const c1 = findCharge(s1!, 'C1')!;
const c2 = findCharge(s2!, 'C2')!;
const c3 = findCharge(s3!, 'C3')!;
const removal = businessDate(2025, 5, 31); // Remove Product effective 2025-06-01: C3 keeps 5 months.

describe('C30 — current total of a charge cut by an early renewal', () => {
  it('C30: each charge is worth 15,000.00 over its full term (45,000 in total)', () => {
    const total = [c1, c2, c3].reduce(
      (s, { charge, ratePlan }) => s.plus(chargeValue(charge, ratePlan, 'USD')),
      new Dec(0),
    );
    expect(total.toFixed(2)).toBe('45000.00');
  });

  it('C30: 15,000/yr from 2025-01-01 through 2025-05-31 (5 months) → 6,250.00', () => {
    expect(chargeValueThrough(c3.charge, c3.ratePlan, removal, 'USD').toFixed(2)).toBe('6250.00');
  });

  it('C30: 6,250 = 10,000 billed − 3,750 credited (15,000/12 × 3)', () => {
    const billedThroughAugust = chargeValueThrough(c3.charge, c3.ratePlan, businessDate(2025, 8, 31), 'USD');
    expect(billedThroughAugust.toFixed(2)).toBe('10000.00');
    const credit = billedThroughAugust.minus(chargeValueThrough(c3.charge, c3.ratePlan, removal, 'USD'));
    expect(credit.toFixed(2)).toBe('3750.00');
  });

  it('C30: actual amount 36,250.00 = 15,000 + 15,000 + 6,250', () => {
    const actual = chargeValue(c1.charge, c1.ratePlan, 'USD')
      .plus(chargeValue(c2.charge, c2.ratePlan, 'USD'))
      .plus(chargeValueThrough(c3.charge, c3.ratePlan, removal, 'USD'));
    expect(actual.toFixed(2)).toBe('36250.00');
  });
});
