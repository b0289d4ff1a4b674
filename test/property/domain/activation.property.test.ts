import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Subscription } from '../../../src/domain/contract/subscription';
import {
  activateOrder,
  type CreateSubscriptionAction,
  createOrder,
  type Order,
} from '../../../src/domain/order/order';
import {
  ACCOUNT,
  annualCharge,
  createSubscription,
  discountCharge,
  oneTimeCharge,
  orderInput,
} from '../../unit/domain/fixtures';

/** Order input: 1–4 subscriptions of 1–3 charges each, unique numbers, cents prices. */
const orderInputArb = fc
  .array(
    fc.array(
      fc.record({
        kind: fc.constantFrom('annual', 'oneTime', 'discount'),
        cents: fc.integer({ min: 0, max: 10_000_000 }),
        pct: fc.integer({ min: 1, max: 40 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((subs) => {
    let n = 0;
    return orderInput(
      subs.map((charges, s) =>
        createSubscription(
          `S${s + 1}`,
          charges.map(({ kind, cents, pct }) => {
            n += 1;
            const price = (cents / 100).toFixed(2);
            if (kind === 'annual') return annualCharge(`C${n}`, price);
            if (kind === 'oneTime') return oneTimeCharge(`C${n}`, price);
            return discountCharge(`C${n}`, String(pct));
          }),
        ),
      ),
    );
  });

/** An unfrozen structural copy (Decimals shared), to check that activation neither mutates nor freezes it. */
function thaw<T>(value: T): T {
  if (Array.isArray(value)) return value.map(thaw) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, thaw(v)])) as T;
  }
  return value;
}

const snapshot = (x: unknown): string => JSON.stringify(x);

describe('activateOrder', () => {
  test.prop([orderInputArb], { numRuns: 100 })('activation does not mutate inputs', (input) => {
    const inputBefore = snapshot(input);
    const order: Order = thaw(createOrder(input, ACCOUNT)._unsafeUnwrap());
    expect(snapshot(input)).toBe(inputBefore);
    const current: Subscription[] = [];
    const orderBefore = snapshot(order);
    const result = activateOrder(order, current)._unsafeUnwrap();
    expect(snapshot(order)).toBe(orderBefore);
    expect(order.status).toBe('Draft');
    expect(current).toEqual([]);
    expect(Object.isFrozen(order)).toBe(false);
    expect(Object.isFrozen((order.actions[0] as CreateSubscriptionAction).ratePlans[0])).toBe(false);
    expect(Object.isFrozen(result.subscriptions[0]!.ratePlans[0])).toBe(true);

    // Activating a second order against the first one's subscriptions leaves those untouched too.
    const existing = thaw(result.subscriptions);
    const existingBefore = snapshot(existing);
    const next = createOrder(
      orderInput([createSubscription('S-NEW', [oneTimeCharge('C-NEW', '1.00')])], { number: 'O-2' }),
      ACCOUNT,
    )._unsafeUnwrap();
    activateOrder(next, existing)._unsafeUnwrap();
    expect(snapshot(existing)).toBe(existingBefore);
    expect(Object.isFrozen(existing[0])).toBe(false);
  });

  test.prop([orderInputArb], { numRuns: 100 })('same inputs give the same outputs', (input) => {
    const a = createOrder(input, ACCOUNT)._unsafeUnwrap();
    const b = createOrder(input, ACCOUNT)._unsafeUnwrap();
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(activateOrder(a, [])._unsafeUnwrap())).toBe(
      snapshot(activateOrder(b, [])._unsafeUnwrap()),
    );
  });

  test.prop([orderInputArb], { numRuns: 100 })(
    'activation creates one version-1 subscription per Create Subscription action',
    (input) => {
      const order = createOrder(input, ACCOUNT)._unsafeUnwrap();
      const { subscriptions } = activateOrder(order, [])._unsafeUnwrap();
      expect(subscriptions.map((s) => s.number)).toEqual(order.actions.map((a) => a.subscriptionNumber));
      expect(
        subscriptions.every(
          (s) => s.version === 1 && s.status === 'Active' && s.createdByOrder === order.number,
        ),
      ).toBe(true);
    },
  );
});
