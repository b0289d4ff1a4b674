// A percentage discount takes its whole percentage off the whole value of each regular charge of its rate plan it
// overlaps (§4.4), so a discount covering part of a charge would bill a wrong amount (found in review: 50 % over
// the second half of a 12,000/yr charge valued it 6,000.00, not 9,000.00, and removing the product earlier made
// it worth more). Such an order is refused with DiscountCoversPartOfCharge; no later order action makes a
// discount cover part of a charge it covered.
import { describe, expect, it } from 'vitest';
import { applicableDiscounts, chargeValue } from '../../../src/domain/contract/charge-value';
import { findCharge, type Subscription } from '../../../src/domain/contract/subscription';
import {
  activateOrder,
  type CreateSubscriptionAction,
  createOrder,
  type Order,
} from '../../../src/domain/order/order';
import { addDays, type BusinessDate } from '../../../src/time/date';
import {
  ACCOUNT,
  annualCharge,
  createSubscription,
  discountCharge,
  oneTimeCharge,
  orderInput,
} from './fixtures';

const refusal = (charges: readonly unknown[]) =>
  createOrder(orderInput([createSubscription('S1', charges)]), ACCOUNT)._unsafeUnwrapErr();

describe('DiscountCoversPartOfCharge: a discount must cover each regular charge of its rate plan it overlaps', () => {
  it('refuses 50 % over 2023-07-01 → 2023-12-31 on a 12,000/yr charge over 2023, naming the discount', () => {
    const error = refusal([
      annualCharge('C1', '12000.00'),
      discountCharge('D1', '50', { startDate: '2023-07-01', endDate: '2023-12-31' }),
    ]);
    expect(error).toEqual({
      type: 'DiscountCoversPartOfCharge',
      message: expect.stringContaining('Give the discount the dates of the charges it discounts'),
      path: 'actions[0].ratePlans[0].charges[1]',
      discountNumber: 'D1',
      chargeNumber: 'C1',
    });
    expect(error.message).toContain('covers only part of charge C1 (2023-01-01 to 2023-12-31)');
    expect(error.message).toContain('in a rate plan of its own');
    expect(Object.isFrozen(error)).toBe(true);
  });

  it('refuses a discount ending before the charge ends, and one inside it; reports the first charge and its first such discount', () => {
    expect(
      refusal([annualCharge('C1', '12000.00'), discountCharge('D1', '10', { endDate: '2023-06-30' })]),
    ).toMatchObject({ discountNumber: 'D1', chargeNumber: 'C1' });
    expect(
      refusal([
        annualCharge('C0', '1.00', { endDate: '2023-01-31' }),
        discountCharge('D1', '10', { startDate: '2023-03-01', endDate: '2023-12-31' }),
        annualCharge('C1', '12000.00', { startDate: '2023-02-01' }),
        discountCharge('D2', '10', { startDate: '2023-02-01', endDate: '2023-06-30' }),
        annualCharge('C2', '12000.00'),
      ]),
    ).toMatchObject({ path: 'actions[0].ratePlans[0].charges[1]', discountNumber: 'D1', chargeNumber: 'C1' });
  });

  it('accepts a discount covering the charge exactly or more widely, and one that does not overlap it', () => {
    const charges = [
      annualCharge('C1', '6000.00', { startDate: '2023-03-01', endDate: '2023-08-31' }),
      discountCharge('D1', '10', { startDate: '2023-03-01', endDate: '2023-08-31' }),
      discountCharge('D2', '10', { startDate: '2023-02-01', endDate: '2023-09-30' }),
      discountCharge('D3', '10', { startDate: '2023-09-01' }),
      discountCharge('D4', '10', { endDate: '2023-02-28' }),
    ];
    expect(createOrder(orderInput([createSubscription('S1', charges)]), ACCOUNT).isOk()).toBe(true);
  });

  it('a one-time charge (billed once, on its start) needs the discount to cover its start, wherever either ends', () => {
    // Its end date is the term end by default; a discount need not reach it.
    const covered = [oneTimeCharge('C1', '600.00', { startDate: '2023-04-01' })];
    for (const d of [
      discountCharge('D1', '10', { startDate: '2023-04-01', endDate: '2023-04-01' }),
      discountCharge('D1', '10', { endDate: '2023-06-30' }),
      discountCharge('D1', '10'),
    ]) {
      expect(createOrder(orderInput([createSubscription('S1', [...covered, d])]), ACCOUNT).isOk()).toBe(true);
    }
    const error = refusal([...covered, discountCharge('D1', '10', { startDate: '2023-04-02' })]);
    expect(error).toMatchObject({
      type: 'DiscountCoversPartOfCharge',
      discountNumber: 'D1',
      chargeNumber: 'C1',
    });
    expect(error.message).toContain('starts after the start of one-time charge C1 (2023-04-01)');
    expect(error.message).toContain('Start the discount on or before 2023-04-01');
    // Ended before the discount starts, the one-time charge is not discounted: accepted.
    const ended = oneTimeCharge('C1', '600.00', { startDate: '2023-04-01', endDate: '2023-04-01' });
    const later = discountCharge('D1', '10', { startDate: '2023-04-02' });
    expect(createOrder(orderInput([createSubscription('S1', [ended, later])]), ACCOUNT).isOk()).toBe(true);
  });

  it('reports DiscountTotalTooHigh first when a rate plan has both faults', () => {
    expect(
      refusal([
        annualCharge('C1', '12000.00'),
        discountCharge('D1', '60'),
        discountCharge('D2', '50', { startDate: '2023-07-01' }),
      ]).type,
    ).toBe('DiscountTotalTooHigh');
  });

  it('refuses it in an Add Product rate plan too, at the discount of that rate plan', () => {
    const error = createOrder(
      orderInput([
        {
          type: 'AddProduct',
          subscriptionNumber: 'S1',
          ratePlan: {
            id: 'RP-2',
            name: 'Extra',
            charges: [
              annualCharge('C5', '500.00', { startDate: '2023-06-01', endDate: '2023-12-31' }),
              discountCharge('D5', '10', { startDate: '2023-06-01', endDate: '2023-11-30' }),
            ],
          },
        },
      ]),
      ACCOUNT,
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({
      type: 'DiscountCoversPartOfCharge',
      path: 'actions[0].ratePlan.charges[1]',
      discountNumber: 'D5',
      chargeNumber: 'C5',
    });
  });

  it('activation refuses an order saved before the check (built by hand) with such a discount', () => {
    const order = createOrder(
      orderInput([createSubscription('S1', [annualCharge('C1', '12000.00'), discountCharge('D1', '50')])]),
      ACCOUNT,
    )._unsafeUnwrap();
    const action = order.actions[0] as CreateSubscriptionAction;
    const plan = action.ratePlans[0]!;
    const partial = plan.charges.map((c) =>
      c.number === 'D1' ? { ...c, startDate: '2023-07-01' as BusinessDate } : c,
    );
    const old: Order = { ...order, actions: [{ ...action, ratePlans: [{ ...plan, charges: partial }] }] };
    expect(activateOrder(old, [])._unsafeUnwrapErr()).toMatchObject({
      type: 'DiscountCoversPartOfCharge',
      path: 'actions[0].ratePlans[0].charges[1]',
      discountNumber: 'D1',
      chargeNumber: 'C1',
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// No later order action makes a discount cover part of a charge.

/**
 * S1 over 2023, three rate plans whose discounts cover their charges:
 * RP-A: C1 12,000/yr over 2023, one-time OT1 600 from 2023-02-01 (ends at the term end), D1 10 % periodic and
 * D1b 5 % (no billing period) over 2023;
 * RP-B: C2 2,400/yr 2023-03-01 → 2023-08-31, one-time OT2 300 from 2023-04-01, D2 20 % 2023-02-01 → 2023-09-30;
 * RP-C: C3 1,200/yr 2023-07-01 → 2023-12-31 and D3 50 % periodic over the same dates.
 */
function base(): Subscription[] {
  const order = createOrder(
    orderInput([
      createSubscription('S1', [], '2023-01-01', '2023-12-31', {
        ratePlans: [
          {
            id: 'RP-A',
            name: 'A',
            charges: [
              annualCharge('C1', '12000.00'),
              oneTimeCharge('OT1', '600.00', { startDate: '2023-02-01' }),
              discountCharge('D1', '10', { billingPeriod: 'Annual' }),
              discountCharge('D1b', '5'),
            ],
          },
          {
            id: 'RP-B',
            name: 'B',
            charges: [
              annualCharge('C2', '2400.00', { startDate: '2023-03-01', endDate: '2023-08-31' }),
              oneTimeCharge('OT2', '300.00', { startDate: '2023-04-01' }),
              discountCharge('D2', '20', { startDate: '2023-02-01', endDate: '2023-09-30' }),
            ],
          },
          {
            id: 'RP-C',
            name: 'C',
            charges: [
              annualCharge('C3', '1200.00', { startDate: '2023-07-01' }),
              discountCharge('D3', '50', { startDate: '2023-07-01', billingPeriod: 'Annual' }),
            ],
          },
        ],
      }),
    ]),
    ACCOUNT,
  )._unsafeUnwrap();
  return [...activateOrder(order, [])._unsafeUnwrap().subscriptions];
}

/**
 * Each regular charge a discount applies to (today's overlap rule) that the discount does not cover, as
 * `discount/charge`, checked pair by pair: a recurring charge's whole period, a one-time charge's start.
 */
function partlyCovered(sub: Subscription): string[] {
  const found: string[] = [];
  for (const rp of sub.ratePlans) {
    for (const c of rp.charges) {
      if (c.endDate < c.startDate) continue; // removed entirely: worth 0
      for (const d of applicableDiscounts(c, rp)) {
        if (d.startDate > c.startDate || (c.type === 'Recurring' && d.endDate < c.endDate))
          found.push(`${d.number}/${c.number}`);
      }
    }
  }
  return found;
}

let orders = 1;
function activated(actions: readonly unknown[], current = base()) {
  orders += 1;
  const order = createOrder(
    orderInput(actions, { number: `O-${String(orders).padStart(8, '0')}`, orderDate: '2023-01-15' }),
    ACCOUNT,
  )._unsafeUnwrap();
  return activateOrder(order, current);
}

/** Every day from `from` for `days` days, one in `step`. */
function days(from: string, count: number, step = 1): string[] {
  return Array.from({ length: Math.ceil(count / step) }, (_, i) => addDays(from as BusinessDate, i * step));
}

// Every boundary of the fixture's dates and the day either side, and every 9th day of 2022-12 → 2024-02.
const DATES = [
  ...new Set([
    ...[
      '2023-01-01',
      '2023-02-01',
      '2023-03-01',
      '2023-04-01',
      '2023-07-01',
      '2023-09-01',
      '2023-10-01',
    ].flatMap((d) => [addDays(d as BusinessDate, -1), d, addDays(d as BusinessDate, 1)]),
    '2023-12-31',
    '2024-01-01',
    '2024-01-02',
    ...days('2022-12-20', 430, 9),
  ]),
].sort();

describe('after any order action, every discount still covers each regular charge it overlaps', () => {
  it('the fixture itself: every discount covers its charges', () => {
    expect(partlyCovered(base()[0]!)).toEqual([]);
  });

  it('RemoveProduct of each rate plan on any day cuts its charges and discounts to the same day', () => {
    for (const ratePlanId of ['RP-A', 'RP-B', 'RP-C']) {
      for (const effectiveDate of DATES) {
        const sub = activated([
          { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId, effectiveDate },
        ]);
        expect(
          partlyCovered(sub._unsafeUnwrap().subscriptions[0]!),
          `${ratePlanId} ${effectiveDate}`,
        ).toEqual([]);
      }
    }
  });

  it('CancelSubscription on any day', () => {
    for (const effectiveDate of DATES) {
      const sub = activated([{ type: 'CancelSubscription', subscriptionNumber: 'S1', effectiveDate }]);
      expect(partlyCovered(sub._unsafeUnwrap().subscriptions[0]!), effectiveDate).toEqual([]);
    }
  });

  it('TermsAndConditions moves the charges and discounts ending on the old term end alike (longer or shorter terms)', () => {
    let accepted = 0;
    for (const termEnd of [...DATES, '2024-06-30', '2025-12-31']) {
      const result = activated([{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd }]);
      if (result.isErr()) continue; // a term end before a charge that follows it starts (ChargeOutsideTerm)
      accepted += 1;
      expect(partlyCovered(result.value.subscriptions[0]!), termEnd).toEqual([]);
    }
    expect(accepted).toBeGreaterThan(15);
  });

  it('Renew gives a periodic discount the same segment as the charges it renews; others are not renewed', () => {
    for (const renewalTermMonths of [1, 6, 12, 25]) {
      const sub = activated([{ type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths }])._unsafeUnwrap()
        .subscriptions[0]!;
      expect(partlyCovered(sub), String(renewalTermMonths)).toEqual([]);
      expect(findCharge(sub, 'C1-R1')!.charge.endDate).toBe(findCharge(sub, 'D1-R1')!.charge.endDate);
      expect(findCharge(sub, 'C3-R1')!.charge.endDate).toBe(findCharge(sub, 'D3-R1')!.charge.endDate);
      expect(findCharge(sub, 'D1b-R1')).toBeUndefined();
    }
  });

  it('removals, term ends and renewals in any order, in one order or several', () => {
    const removals = ['2023-06-15', '2023-12-31', '2024-01-01', '2024-03-01'];
    const termEnds = ['2023-10-31', '2024-06-30'];
    for (const ratePlanId of ['RP-A', 'RP-B', 'RP-C']) {
      for (const effectiveDate of removals) {
        const remove = { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId, effectiveDate };
        const renew = { type: 'Renew', subscriptionNumber: 'S1', renewalTermMonths: 12 };
        for (const termEnd of termEnds) {
          const terms = { type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd };
          for (const steps of [
            [[remove, terms, renew]],
            [[renew, remove], [terms]],
            [[terms], [remove], [renew]],
          ]) {
            let current: Subscription[] = base();
            for (const actions of steps) {
              const result = activated(actions, current);
              if (result.isErr()) break;
              current = [...result.value.subscriptions];
              expect(partlyCovered(current[0]!), JSON.stringify(actions)).toEqual([]);
            }
          }
        }
      }
    }
  });

  it('UpdateProduct changes a price or quantity from the charge start, never a date; a discount has neither', () => {
    const sub = activated([
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S1',
        chargeNumber: 'C2',
        effectiveDate: '2023-03-01',
        price: '3600.00',
      },
    ])._unsafeUnwrap().subscriptions[0]!;
    expect(partlyCovered(sub)).toEqual([]);
    const c2 = findCharge(sub, 'C2')!;
    expect(c2.charge).toMatchObject({ startDate: '2023-03-01', endDate: '2023-08-31' });
    expect(chargeValue(c2.charge, c2.ratePlan, 'USD').toFixed(2)).toBe('1440.00'); // 3,600 × 6/12 × 80 %
    expect(
      activated([
        {
          type: 'UpdateProduct',
          subscriptionNumber: 'S1',
          chargeNumber: 'D2',
          effectiveDate: '2023-02-01',
          price: '1.00',
        },
      ])._unsafeUnwrapErr().type,
    ).toBe('ChargeFieldNotAllowed');
  });
});
