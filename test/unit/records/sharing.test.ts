// What a store keeps may share the parts that cannot change: `frozenCopy` and the codecs' `adopt` keep a value
// that is frozen through and through as it is, instead of copying it. Sharing must never let a stored value
// change later (a getter, an unfrozen part) nor differ from what the records' round trip gives.
import { Decimal } from 'decimal.js';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from 'invoice-schedules';
import { createMemoryStore } from 'invoice-schedules/memory';
import { buildAccount, buildBillRun, buildOrder, buildSubscription } from 'invoice-schedules/testing';
import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../../src/domain/contract/subscription';
import { frozenCopy, isShareable } from '../../../src/domain/freeze';
import { Dec } from '../../../src/money/decimal';
import { adoptDecimal } from '../../../src/ports/codec';
import {
  adoptRecord,
  fromAccountRecord,
  fromBillRunRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  toAccountRecord,
  toBillRunRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../../../src/ports/records';
import { newBilling } from '../../support/billing';
import { expectSame } from '../../support/mutations';

const subscription = (): Subscription =>
  fromSubscriptionRecord(toSubscriptionRecord(buildSubscription()))._unsafeUnwrap();
const roundTrip = (s: Subscription) => fromSubscriptionRecord(toSubscriptionRecord(s))._unsafeUnwrap();

/** `value`'s own fields in reverse order, frozen (its parts shared). */
function reversed<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).reverse()) out[k] = (value as Record<string, unknown>)[k];
  return Object.freeze(out) as T;
}

describe('adopt keeps a value frozen through and through as it is', () => {
  it('for each aggregate whose values the codecs read back', () => {
    const values = [
      [adoptRecord.subscription, subscription()],
      [adoptRecord.order, fromOrderRecord(toOrderRecord(buildOrder()))._unsafeUnwrap()],
      [adoptRecord.account, fromAccountRecord(toAccountRecord(buildAccount()))._unsafeUnwrap()],
      [adoptRecord.billRun, fromBillRunRecord(toBillRunRecord(buildBillRun()))._unsafeUnwrap()],
    ] as const;
    for (const [adopt, value] of values) expect((adopt as (v: unknown) => unknown)(value)).toBe(value);
  });

  it('shares the frozen parts of a value it copies', () => {
    const stored = subscription();
    const unfrozen = { ...stored };
    const adopted = adoptRecord.subscription(unfrozen);
    expect(adopted).not.toBe(unfrozen);
    expect(adopted?.ratePlans).toBe(stored.ratePlans);
    expectSame(adopted, roundTrip(stored));
  });

  it('copies what could differ from the round trip or change later', () => {
    const stored = subscription();
    const [plan] = stored.ratePlans;
    const withGetter = { ...stored };
    Object.defineProperty(withGetter, 'termEnd', { get: () => stored.termEnd, enumerable: true });
    Object.freeze(withGetter);
    const planWithGetter = [plan];
    Object.defineProperty(planWithGetter, 0, { get: () => plan, enumerable: true });
    Object.freeze(planWithGetter);
    const arrayWithExtra = Object.freeze(Object.assign([plan], { extra: 1 }));
    const copies: Subscription[] = [
      reversed(stored),
      withGetter,
      Object.freeze(Object.assign(Object.create(null), stored)),
      Object.freeze({ ...stored, ratePlans: planWithGetter }) as Subscription,
      Object.freeze({ ...stored, ratePlans: arrayWithExtra }) as Subscription,
      Object.freeze({ ...stored, ratePlans: [plan] }) as Subscription,
    ];
    for (const value of copies) {
      const adopted = adoptRecord.subscription(value);
      expect(adopted).not.toBe(value);
      expectSame(adopted, roundTrip(stored));
    }
  });
});

describe('adopt never keeps what could throw or hide a field', () => {
  it('copies a Proxy over a frozen value, and one over a part of it, so revoking it changes nothing stored', async () => {
    const stored = subscription();
    const whole = Proxy.revocable(stored, {});
    const part = Proxy.revocable(stored.ratePlans, {});
    const values = [whole.proxy, Object.freeze({ ...stored, ratePlans: part.proxy })];
    const adopted = values.map((value) => adoptRecord.subscription(value));
    for (const [i, value] of values.entries()) {
      expect(adopted[i]).not.toBe(value);
      expect(adopted[i]?.ratePlans).not.toBe(part.proxy);
    }
    whole.revoke();
    part.revoke();
    for (const value of adopted) expectSame(value, roundTrip(stored));
    // Through the memory store: what it stored still reads after the revocation.
    const store = createMemoryStore();
    const third = Proxy.revocable(subscription(), {});
    await store.transaction(async (r) => ok(await r.subscriptions.save(third.proxy)));
    third.revoke();
    const read = await store.transaction(async (r) =>
      ok(await r.subscriptions.listByAccount(stored.accountNumber)),
    );
    expectSame(read._unsafeUnwrap()[0], roundTrip(stored));
  });

  it("checks the codec's key order every time, even for a value already found shareable", () => {
    const out = reversed(subscription());
    expect(frozenCopy(out)).toBe(out); // found shareable (its own order is not the codec's)
    const adopted = adoptRecord.subscription(out);
    expect(adopted).not.toBe(out);
    expectSame(adopted, roundTrip(out));
    expect(adoptRecord.subscription(adopted)).toBe(adopted);
  });

  it('copies a frozen value with a symbol key or a non-enumerable field, and a Decimal Proxy is declined', () => {
    const stored = subscription();
    const withSymbol = Object.freeze({ ...stored, [Symbol('x')]: 1 });
    const withHidden = Object.freeze(Object.defineProperty({ ...stored }, 'hidden', { value: 1 }));
    for (const value of [withSymbol, withHidden]) {
      const adopted = adoptRecord.subscription(value);
      expect(adopted).not.toBe(value);
      expectSame(adopted, roundTrip(stored));
    }
    expect(adoptDecimal(new Dec('1.5'))).toBeDefined();
    expect(adoptDecimal(new Proxy(new Dec('1.5'), {}))).toBeUndefined();
  });

  it('copies a value holding a zero other than the shared one (the round trip gives that zero)', () => {
    const stored = subscription();
    const [plan] = stored.ratePlans;
    const charge = plan?.charges[0];
    const zero = Object.freeze({
      ...stored,
      ratePlans: Object.freeze([
        Object.freeze({
          ...plan,
          charges: Object.freeze([Object.freeze({ ...charge, price: new Dec('-0') })]),
        }),
      ]),
    }) as Subscription;
    const adopted = adoptRecord.subscription(zero);
    expect(adopted).not.toBe(zero);
    expect(adopted?.ratePlans[0]?.charges[0]?.price.isNeg()).toBe(false);
    expectSame(adopted, roundTrip(zero));
  });
});

describe('frozenCopy shares what is frozen through and through', () => {
  it('keeps a deep-frozen plain value, copies one with an unfrozen part', () => {
    const leaf = Object.freeze({ b: 1, d: new Decimal(2) });
    const frozen = Object.freeze({ a: Object.freeze([leaf]) });
    expect(frozenCopy(frozen)).toBe(frozen);
    const open = Object.freeze({ a: [leaf], c: Object.freeze({ x: 1 }) });
    const copy = frozenCopy(open);
    expect(copy).not.toBe(open);
    expect(copy.a).not.toBe(open.a);
    expect(Object.isFrozen(copy.a)).toBe(true);
    expect(Object.isFrozen(open.a)).toBe(false);
    expect(copy.a[0]).toBe(leaf);
    expect(copy.c).toBe(open.c);
  });

  it('copies a Proxy, even over a frozen value', () => {
    const frozen = Object.freeze({ a: Object.freeze([Object.freeze({ b: 1 })]) });
    const { proxy, revoke } = Proxy.revocable(frozen, {});
    const copy = frozenCopy(proxy);
    expect(copy).not.toBe(proxy);
    revoke();
    expect(copy).toStrictEqual({ a: [{ b: 1 }] });
  });

  it('copies a frozen value with a getter, a hidden field or no prototype', () => {
    const withGetter = Object.freeze(Object.defineProperty({}, 'a', { get: () => 1, enumerable: true }));
    const hidden = Object.freeze(Object.defineProperty({ a: 1 }, 'h', { value: 2, enumerable: false }));
    const bare = Object.freeze(Object.assign(Object.create(null), { a: 1 }));
    for (const value of [withGetter, hidden, bare]) {
      const copy = frozenCopy(value);
      expect(copy).not.toBe(value);
      expect(copy).toStrictEqual({ a: 1 });
    }
  });
});

describe('memory store: what an order and its subscriptions share', () => {
  it("a subscription keeps its order's rate plans, not a copy of them", async () => {
    const { store, context } = newBilling();
    (await saveNewAccount(context, { id: 'A1', number: 'A1', name: 'A1', currency: 'USD' }))._unsafeUnwrap();
    const charge = (n: number) => ({
      number: `C${n}`,
      name: `Charge ${n}`,
      type: 'Recurring',
      price: '1200.00',
      listPriceBase: 'Year',
      billingPeriod: 'Annual',
    });
    (
      await saveNewOrder(context, {
        number: 'O-1',
        accountNumber: 'A1',
        orderDate: '2023-01-01',
        actions: [1, 2].map((n) => ({
          type: 'CreateSubscription',
          subscriptionNumber: `S${n}`,
          termType: 'Termed',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          ratePlans: [{ id: `RP${n}`, name: 'Plan', charges: [charge(n)] }],
        })),
      })
    )._unsafeUnwrap();
    (await activateSavedOrder(context, { orderNumber: 'O-1' }))._unsafeUnwrap();
    const read = await store.transaction(async (r) =>
      ok({ order: await r.orders.get('O-1'), subscriptions: await r.subscriptions.listByAccount('A1') }),
    );
    const { order, subscriptions } = read._unsafeUnwrap();
    expect(order?.status).toBe('Completed');
    expect(subscriptions).toHaveLength(2);
    for (const [i, s] of subscriptions.entries()) {
      const action = order?.actions[i];
      expect(action?.type).toBe('CreateSubscription');
      expect(s.ratePlans).toBe((action as { ratePlans: unknown }).ratePlans);
    }
  });
});

describe('frozenCopy and frozen arrays', () => {
  it('copies a frozen array with a getter element or an extra field', () => {
    const leaf = Object.freeze({ b: 1 });
    const plain = Object.freeze([leaf]);
    expect(frozenCopy(plain)).toBe(plain);
    const withGetter = [leaf];
    Object.defineProperty(withGetter, 0, { get: () => leaf, enumerable: true });
    const withExtra = Object.assign([leaf], { extra: 1 });
    for (const value of [Object.freeze(withGetter), Object.freeze(withExtra)]) {
      const copy = frozenCopy(value);
      expect(copy).not.toBe(value);
      expect(copy).toStrictEqual([leaf]);
      expect(copy[0]).toBe(leaf);
    }
  });
});

describe('frozenCopy keeps the holes of a sparse array', () => {
  it('a hole stays a hole, before and after a part that is copied', () => {
    // biome-ignore lint/suspicious/noSparseArray: the holes are what is tested
    const sparse = [, { a: 1 }, , Object.freeze({ b: 2 })];
    const copy = frozenCopy(sparse);
    expect(copy).toHaveLength(4);
    expect([0, 1, 2, 3].map((i) => i in copy)).toEqual([false, true, false, true]);
    expect(copy[1]).toEqual({ a: 1 });
    expect(Object.isFrozen(copy) && Object.isFrozen(copy[1])).toBe(true);
    // biome-ignore lint/suspicious/noSparseArray: the holes are what is tested
    const frozenSparse = Object.freeze([, Object.freeze({ a: 1 })]);
    const second = frozenCopy(frozenSparse);
    expect(0 in second).toBe(false);
    expect(second[1]).toBe(frozenSparse[1]);
    expect(Object.isFrozen(second)).toBe(true);
  });
});

describe("frozenCopy gives plain arrays, never a caller's subclass", () => {
  it('an array subclass is copied into a plain array, its constructor not run again', () => {
    let built = 0;
    class Tracked<T> extends Array<T> {
      constructor(...items: T[]) {
        super(...items);
        built += 1;
      }
    }
    const tracked = Tracked.from([{ a: 1 }, Object.freeze({ b: 2 })]) as unknown as Tracked<object>;
    const before = built;
    const copy = frozenCopy(tracked);
    expect(built).toBe(before);
    expect(Object.getPrototypeOf(copy)).toBe(Array.prototype);
    expect(copy).toEqual([{ a: 1 }, { b: 2 }]);
    expect(Object.isFrozen(copy)).toBe(true);
  });
});

describe('isShareable remembers the values it found shareable, and answers as the full check would', () => {
  it('a frozen value with a getter is never shareable (and so never remembered), however often it is asked', () => {
    const withGetter = Object.freeze(
      Object.defineProperty({ a: 1 }, 'b', { get: () => 2, enumerable: true }),
    );
    for (let i = 0; i < 3; i += 1) expect(isShareable(withGetter)).toBe(false);
    expect(isShareable(withGetter, ['a', 'b'])).toBe(false);
  });

  it('a value remembered still has its keys checked against the order asked for', () => {
    const value = Object.freeze({ a: 1, b: 2 });
    expect(isShareable(value)).toBe(true);
    expect(isShareable(value, ['a', 'b'])).toBe(true);
    expect(isShareable(value, ['b', 'a'])).toBe(false);
    expect(isShareable(value, ['a'])).toBe(false);
    expect(isShareable(value, ['a', 'b', 'c'])).toBe(false);
  });

  it('a non-enumerable field found by a keyed check does not make the value shareable without keys', () => {
    const value = Object.freeze(Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }));
    expect(isShareable(value, ['a', 'hidden'])).toBe(true);
    expect(isShareable(value)).toBe(false);
    expect(isShareable(value, ['a', 'hidden'])).toBe(true);
  });

  it('arrays: holes, extra fields and unfrozen ones are not shareable, before and after a known one', () => {
    const known = Object.freeze([1, 2, 3]);
    expect(isShareable(known)).toBe(true);
    expect(isShareable(known)).toBe(true);
    expect(isShareable(known, ['x'])).toBe(true); // an array's keys are its indexes: keys asked for are not
    expect(isShareable(Object.freeze(new Uint8Array(0)))).toBe(false); // a view, which may grow
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is checked.
    expect(isShareable(Object.freeze([1, , 3]))).toBe(false);
    expect(isShareable(Object.freeze(Object.assign([1], { extra: true })))).toBe(false);
    expect(isShareable([1, 2, 3])).toBe(false);
  });

  it('answers the same after it has started again (more than 65,536 values remembered)', () => {
    const first = Object.freeze({ n: -1 });
    expect(isShareable(first)).toBe(true);
    for (let n = 0; n < 70_000; n += 1) isShareable(Object.freeze({ n }));
    expect(isShareable(first)).toBe(true);
    expect(isShareable(first, ['m'])).toBe(false);
    const withGetter = Object.freeze(Object.defineProperty({}, 'n', { get: () => 1, enumerable: true }));
    expect(isShareable(withGetter)).toBe(false);
  });
});
