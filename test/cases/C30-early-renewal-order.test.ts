// C30 step 1 — an early renewal as one order of three actions on 2025-06-01 (Remove Product, Terms And
// Conditions with a new term start, Add Product), and its effect on the subscription's charges (§8.1, §8.7).
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/domain/contract/account';
import { chargeValue, subscriptionValue } from '../../src/domain/contract/charge-value';
import { findCharge, type Subscription } from '../../src/domain/contract/subscription';
import { activateOrder, createOrder } from '../../src/domain/order/order';

const account = createAccount({ id: 'acc-30', number: 'A30', name: 'C30', currency: 'USD' })._unsafeUnwrap();

const annual = (number: string, extra: Record<string, unknown> = {}) => ({
  number,
  name: `Subscription fee ${number}`,
  type: 'Recurring',
  price: '15000.00',
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
  ...extra,
});
const create = (sub: string, charge: string) => ({
  type: 'CreateSubscription',
  subscriptionNumber: sub,
  termType: 'Termed',
  termStart: '2025-01-01',
  termEnd: '2025-12-31',
  ratePlans: [{ id: `RP-${sub}`, name: 'Annual', charges: [annual(charge)] }],
});

// Setup: S1/C1, S2/C2, S3/C3 2025-01-01 → 2025-12-31, 15,000 each (45,000).
const created = activateOrder(
  createOrder(
    {
      number: 'O-1',
      orderDate: '2025-01-01',
      actions: [create('S1', 'C1'), create('S2', 'C2'), create('S3', 'C3')],
    },
    account,
  )._unsafeUnwrap(),
  [],
)._unsafeUnwrap().subscriptions;

const renewal = createOrder(
  {
    number: 'O-2',
    orderDate: '2025-05-01',
    actions: [
      { type: 'RemoveProduct', subscriptionNumber: 'S3', ratePlanId: 'RP-S3', effectiveDate: '2025-06-01' },
      {
        type: 'TermsAndConditions',
        subscriptionNumber: 'S3',
        termStart: '2025-06-01',
        termEnd: '2026-05-31',
      },
      {
        type: 'AddProduct',
        subscriptionNumber: 'S3',
        ratePlan: {
          id: 'RP-S3-renewal',
          name: 'Annual (renewed)',
          charges: [annual('C4', { startDate: '2025-06-01', endDate: '2026-05-31' })],
        },
      },
    ],
  },
  account,
)._unsafeUnwrap();

const { order, subscriptions } = activateOrder(renewal, created)._unsafeUnwrap();
const s3 = subscriptions[0] as Subscription;

const value = (sub: Subscription, chargeNumber: string): string => {
  const found = findCharge(sub, chargeNumber);
  if (found === undefined) throw new Error(`no charge ${chargeNumber}`);
  return chargeValue(found.charge, found.ratePlan, sub.currency).toFixed(2);
};

describe('C30 step 1 — early renewal of S3 on 2025-06-01', () => {
  it('C30: before the order, S1, S2, S3 are worth 15,000 each (45,000)', () => {
    expect(created.map((s) => subscriptionValue(s).toFixed(2))).toEqual(['15000.00', '15000.00', '15000.00']);
  });

  it('C30: the order changes only S3 (version 2) and completes', () => {
    expect(order.status).toBe('Completed');
    expect(subscriptions.map((s) => [s.number, s.version])).toEqual([['S3', 2]]);
  });

  it('C30: C3 now runs 2025-01-01 → 2025-05-31 (5 months) and is worth 6,250 (= 15,000 ÷ 12 × 5)', () => {
    expect(findCharge(s3, 'C3')?.charge).toMatchObject({ startDate: '2025-01-01', endDate: '2025-05-31' });
    expect(value(s3, 'C3')).toBe('6250.00');
  });

  it('C30: C4 is added 2025-06-01 → 2026-05-31 at 15,000/yr', () => {
    expect(findCharge(s3, 'C4')?.charge).toMatchObject({ startDate: '2025-06-01', endDate: '2026-05-31' });
    expect(value(s3, 'C4')).toBe('15000.00');
    expect(s3.ratePlans.map((rp) => rp.id)).toEqual(['RP-S3', 'RP-S3-renewal']);
  });

  it('C30: the current term is 2025-06-01 → 2026-05-31', () => {
    expect([s3.termStart, s3.termEnd]).toEqual(['2025-06-01', '2026-05-31']);
    expect(s3.status).toBe('Active');
  });

  it('C30 (§8.1): the schedule covering C1, C2, C3 would now be worth 15,000 + 15,000 + 6,250 = 36,250', () => {
    const [s1, s2] = created;
    const covered = [value(s1 as Subscription, 'C1'), value(s2 as Subscription, 'C2'), value(s3, 'C3')];
    expect(covered.reduce((sum, v) => sum + Number(v), 0)).toBe(36250);
  });

  it('C30: the subscriptions before the order are unchanged', () => {
    expect(findCharge(created[2] as Subscription, 'C3')?.charge.endDate).toBe('2025-12-31');
    expect(created[2]?.termStart).toBe('2025-01-01');
  });
});
