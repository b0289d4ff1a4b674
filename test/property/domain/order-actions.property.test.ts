import { fc, test } from '@fast-check/vitest';
import { arbSubscription } from 'invoice-schedules/testing/arbitraries';
import { describe, expect } from 'vitest';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import { chargeValue, chargeValueThrough } from '../../../src/domain/contract/charge-value';
import { findCharge, type Subscription } from '../../../src/domain/contract/subscription';
import { activateOrder, type Order, type OrderAction } from '../../../src/domain/order/order';
import { addDays, type BusinessDate, daysBetween } from '../../../src/time/date';

/** A subscription and an effective date from a year before its term to a year after it. */
const subscriptionAndDate = arbSubscription().chain((sub) => {
  const from = addDays(sub.termStart, -365);
  const span = daysBetween(from, addDays(sub.termEnd as BusinessDate, 365));
  return fc.tuple(
    fc.constant(sub),
    fc.integer({ min: 0, max: span }).map((n) => addDays(from, n)),
    fc.nat({ max: sub.ratePlans.length - 1 }),
  );
});

function activate(sub: Subscription, action: OrderAction): Subscription {
  const order: Order = {
    number: 'O-P',
    accountNumber: sub.accountNumber,
    currency: sub.currency,
    orderDate: sub.termStart,
    status: 'Draft',
    actions: [action],
  };
  const [changed] = activateOrder(order, [sub])._unsafeUnwrap().subscriptions;
  if (changed === undefined) throw new Error('no subscription changed');
  return changed;
}

function eachCharge(
  before: Subscription,
  after: Subscription,
  check: (was: RatePlanCharge, now: RatePlanCharge) => void,
) {
  for (const rp of before.ratePlans) {
    for (const charge of rp.charges) {
      const now = findCharge(after, charge.number);
      expect(now).toBeDefined();
      if (now) check(charge, now.charge);
    }
  }
}

const value = (sub: Subscription, chargeNumber: string) => {
  const found = findCharge(sub, chargeNumber)!;
  return chargeValue(found.charge, found.ratePlan, sub.currency);
};

describe('RemoveProduct and CancelSubscription', () => {
  test.prop([subscriptionAndDate], { numRuns: 150 })(
    'removal never increases a charge value',
    ([sub, effectiveDate, p]) => {
      const ratePlanId = sub.ratePlans[p]!.id;
      for (const action of [
        { type: 'RemoveProduct' as const, subscriptionNumber: sub.number, ratePlanId, effectiveDate },
        { type: 'CancelSubscription' as const, subscriptionNumber: sub.number, effectiveDate },
      ]) {
        const after = activate(sub, action);
        eachCharge(sub, after, (was) => {
          expect(value(after, was.number).lessThanOrEqualTo(value(sub, was.number))).toBe(true);
        });
        expect(after.version).toBe(sub.version + 1);
      }
    },
  );

  test.prop([subscriptionAndDate], { numRuns: 150 })(
    'a removed recurring charge is worth its value through the day before the effective date; a one-time charge 0',
    ([sub, effectiveDate]) => {
      const after = activate(sub, {
        type: 'CancelSubscription',
        subscriptionNumber: sub.number,
        effectiveDate,
      });
      eachCharge(sub, after, (was) => {
        const ratePlan = findCharge(sub, was.number)!.ratePlan;
        const expected =
          was.type === 'OneTime'
            ? '0'
            : chargeValueThrough(was, ratePlan, addDays(effectiveDate, -1), sub.currency).toFixed();
        expect(value(after, was.number).toFixed()).toBe(expected);
      });
    },
  );

  test.prop([subscriptionAndDate], { numRuns: 100 })(
    'removal never mutates the subscription it changes',
    ([sub, effectiveDate, p]) => {
      const before = JSON.stringify(sub);
      activate(sub, {
        type: 'RemoveProduct',
        subscriptionNumber: sub.number,
        ratePlanId: sub.ratePlans[p]!.id,
        effectiveDate,
      });
      expect(JSON.stringify(sub)).toBe(before);
    },
  );
});
