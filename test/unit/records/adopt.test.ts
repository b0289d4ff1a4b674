// Each codec's `adopt` stands in for the records' round trip when a store checks a value it saves (the
// memory store's tables, the PostgreSQL adapter's `vouches`): whatever it adopts must be exactly what
// `fromXxxRecord(toXxxRecord(value))` gives, and anything it cannot vouch for is left to that round trip.
import { fc, test } from '@fast-check/vitest';
import { Decimal } from 'decimal.js';
import { createMemoryStore } from 'invoice-schedules/memory';
import {
  buildAccount,
  buildBillRun,
  buildCreditMemo,
  buildOrder,
  buildSubscription,
} from 'invoice-schedules/testing';
import {
  arbAccount,
  arbBillRun,
  arbInvoice,
  arbInvoiceSchedule,
  arbOrder,
  arbSubscription,
} from 'invoice-schedules/testing/arbitraries';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../../src/domain/contract/subscription';
import { Dec } from '../../../src/money/decimal';
import { adoptDecimal } from '../../../src/ports/codec';
import {
  adoptRecord,
  decodeRecordFully,
  fromAccountRecord,
  fromBillRunAccountRecord,
  fromBillRunRecord,
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  readRecordQuickly,
  toAccountRecord,
  toBillRunAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../../../src/ports/records';
import { billedPart, FAILED_PART } from '../../support/billing';
import { arbMutated, expectSame, expectVouchedByCodecs } from '../../support/mutations';

interface Case {
  readonly name: string;
  readonly arb: fc.Arbitrary<unknown>;
  readonly adopt: (value: unknown) => unknown;
  readonly to: (value: never) => unknown;
  readonly from: (record: unknown) => { isOk(): boolean; _unsafeUnwrap(): unknown };
  readonly fully: (record: unknown) => { isOk(): boolean; _unsafeUnwrap(): unknown };
  readonly quick: (record: unknown) => unknown;
}

const arbCreditMemo = fc
  .tuple(fc.boolean(), fc.constantFrom('0.00', '12.50', '-0'))
  .map(([applied, amount]) =>
    buildCreditMemo({
      amount: new Dec(amount),
      ...(applied ? { billRunNumber: 'BR-00000001' } : {}),
    }),
  );

const CASES: readonly Case[] = [
  {
    name: 'Account',
    arb: arbAccount(),
    adopt: adoptRecord.account,
    to: toAccountRecord,
    from: fromAccountRecord,
    fully: decodeRecordFully.account,
    quick: readRecordQuickly.account,
  },
  {
    name: 'Order',
    arb: arbOrder(),
    adopt: adoptRecord.order,
    to: toOrderRecord,
    from: fromOrderRecord,
    fully: decodeRecordFully.order,
    quick: readRecordQuickly.order,
  },
  {
    name: 'Subscription',
    arb: arbSubscription(),
    adopt: adoptRecord.subscription,
    to: toSubscriptionRecord,
    from: fromSubscriptionRecord,
    fully: decodeRecordFully.subscription,
    quick: readRecordQuickly.subscription,
  },
  {
    name: 'InvoiceSchedule',
    arb: arbInvoiceSchedule(),
    adopt: adoptRecord.invoiceSchedule,
    to: toInvoiceScheduleRecord,
    from: fromInvoiceScheduleRecord,
    fully: decodeRecordFully.invoiceSchedule,
    quick: readRecordQuickly.invoiceSchedule,
  },
  {
    name: 'Invoice',
    arb: arbInvoice(),
    adopt: adoptRecord.invoice,
    to: toInvoiceRecord,
    from: fromInvoiceRecord,
    fully: decodeRecordFully.invoice,
    quick: readRecordQuickly.invoice,
  },
  {
    name: 'BillRun',
    arb: arbBillRun(),
    adopt: adoptRecord.billRun,
    to: toBillRunRecord,
    from: fromBillRunRecord,
    fully: decodeRecordFully.billRun,
    quick: readRecordQuickly.billRun,
  },
  {
    name: 'BillRunAccount',
    arb: fc.constantFrom(FAILED_PART, billedPart()),
    adopt: adoptRecord.billRunAccount,
    to: toBillRunAccountRecord,
    from: fromBillRunAccountRecord,
    fully: decodeRecordFully.billRunAccount,
    quick: readRecordQuickly.billRunAccount,
  },
  {
    name: 'CreditMemo',
    arb: arbCreditMemo,
    adopt: adoptRecord.creditMemo,
    to: toCreditMemoRecord,
    from: fromCreditMemoRecord,
    fully: decodeRecordFully.creditMemo,
    quick: readRecordQuickly.creditMemo,
  },
];

describe('adopt gives what the records round trip gives', () => {
  for (const c of CASES) {
    test.prop([c.arb], { numRuns: 100 })(`${c.name}: adopted as the codecs read it back`, (value) => {
      const adopted = c.adopt(value);
      expect(adopted).toBeDefined();
      expectSame(adopted, c.from(c.to(value as never))._unsafeUnwrap());
    });

    test.prop([arbMutated(c.arb)], { numRuns: 300 })(
      `${c.name}: with an odd field, adopted only as the codecs read it back`,
      (value) => expectVouchedByCodecs(c.adopt(value), value, c.to, c.from),
    );
  }

  it('declines what it cannot vouch for, so the round trip decides', () => {
    const subscription = buildSubscription();
    const [plan] = subscription.ratePlans;
    const declined: unknown[] = [
      { ...subscription, extra: 1 },
      { ...subscription, previousAccountNumbers: undefined },
      { ...subscription, currency: 'XXX' },
      { ...subscription, termStart: '2023-02-30' },
      { ...subscription, version: 0 },
      Object.assign(Object.create({ inherited: 1 }), subscription),
      {
        ...subscription,
        ratePlans: [{ ...plan, charges: [{ ...plan?.charges[0], price: new Decimal('100') }] }],
      },
      {
        ...subscription,
        ratePlans: [{ ...plan, charges: [{ ...plan?.charges[0], price: new Dec(Number.NaN) }] }],
      },
      { ...subscription, ratePlans: [{ ...plan, charges: [{ ...plan?.charges[0], price: '100.00' }] }] },
    ];
    for (const value of declined) expect(adoptRecord.subscription(value)).toBeUndefined();
    expect(adoptRecord.order({ ...buildOrder(), actions: [{ type: 'Unknown' }] })).toBeUndefined();
    expect(adoptRecord.account({ ...buildAccount(), name: 1 })).toBeUndefined();
  });

  it('reads a negative zero back as zero, as the codecs do', () => {
    const subscription = buildSubscription();
    const [plan] = subscription.ratePlans;
    const zero = {
      ...subscription,
      ratePlans: [{ ...plan, charges: [{ ...plan?.charges[0], price: new Dec('-0') }] }],
    } as Subscription;
    const adopted = adoptRecord.subscription(zero);
    expect(adopted?.ratePlans[0]?.charges[0]?.price.isNeg()).toBe(false);
    expectSame(adopted, fromSubscriptionRecord(toSubscriptionRecord(zero))._unsafeUnwrap());
  });
});

describe('adoptDecimal takes only a Decimal as decimal.js builds it', () => {
  const roundTrip = (d: Decimal) => new Dec(d.toFixed());
  const arbDecimalText = fc
    .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }))
    .map(([units, scale]) => new Dec(units.toString()).dividedBy(new Dec(10).pow(scale)));

  test.prop([arbDecimalText], { numRuns: 500 })(
    'adopts what decimal.js builds, as its text reads back',
    (d) => {
      const adopted = adoptDecimal(d);
      expect(adopted).toBeDefined();
      expect(adopted?.equals(roundTrip(d))).toBe(true);
      expect(adopted?.toFixed()).toBe(roundTrip(d).toFixed());
    },
  );

  const forged = (patch: Record<string, unknown>) => Object.assign(new Dec('12.5'), patch);
  it.each([
    ['an extra own key', forged({ note: 1 })],
    ['a sign of 2', forged({ s: 2 })],
    ['a fractional exponent', forged({ e: 0.5 })],
    ['a digit word that is a fraction', forged({ d: [12, 5000000.5] })],
    ['a digit word of eight digits', forged({ d: [12, 50000000] })],
    ['a negative digit word', forged({ d: [12, -5] })],
    ['a digit word that is a string', forged({ d: [12, '5000000'] })],
    ['a trailing zero word', forged({ d: [12, 5000000, 0] })],
    ['a leading zero word', forged({ d: [0, 12, 5000000] })],
    ['digits not aligned with the exponent', forged({ e: 3 })],
    ['no digits', forged({ d: [] })],
    ['an exponent too large to write out', new Dec('1e600000000')],
    ['a tiny exponent', new Dec('1e-600000000')],
    ['NaN', new Dec(Number.NaN)],
    ['Infinity', new Dec(Number.POSITIVE_INFINITY)],
    ['a Decimal of another constructor', new Decimal('12.5')],
    ['a plain object', { constructor: Dec, s: 1, e: 1, d: [12, 5000000] }],
  ])('declines %s', (_, value) => {
    expect(adoptDecimal(value)).toBeUndefined();
  });

  test.prop([arbDecimalText], { numRuns: 200 })(
    "never freezes or changes the caller's Decimal: an unfrozen one is copied",
    (d) => {
      const digits = d.d;
      const text = d.toFixed();
      const adopted = adoptDecimal(d);
      expect(adopted?.toFixed()).toBe(text);
      expect(Object.isFrozen(d)).toBe(false);
      expect(d.d).toBe(digits);
      expect(Object.isFrozen(digits)).toBe(false);
      expect(d.toFixed()).toBe(text);
      expect(adopted === undefined || adopted.isZero() || adopted !== d).toBe(true);
      expect(Object.isFrozen(adopted) && Object.isFrozen(adopted?.d)).toBe(true);
    },
  );

  it('keeps a plain copy of a Decimal with an accessor in place of its digits (no accessor is kept)', () => {
    const d = new Dec('12.5');
    Object.defineProperty(d, 'd', { get: () => [12, 5000000], enumerable: true });
    const adopted = adoptDecimal(d);
    expect(adopted?.toFixed()).toBe('12.5');
    expect(Object.hasOwn(Object.getOwnPropertyDescriptor(adopted, 'd') ?? {}, 'value')).toBe(true);
  });

  it('declines a Decimal whose digits read well once and badly the next time', () => {
    const d = new Dec('12.5');
    let reads = 0;
    Object.defineProperty(d, 'd', {
      get: () => (reads++ === 0 ? [12, 5000000] : [12, 50000000]),
      enumerable: true,
    });
    expect(adoptDecimal(d)).toBeUndefined();
  });

  it('copies, without throwing, a Decimal whose digits are read-only and unfrozen', () => {
    const d = new Dec('12.5');
    Object.defineProperty(d, 'd', { writable: false });
    expect(adoptDecimal(d)?.toFixed()).toBe('12.5');
    expect(Object.isFrozen(d)).toBe(false);
  });

  it('keeps a Decimal frozen with its digits as it is, and copies one of which only a part is frozen', () => {
    const d = new Dec('12.5');
    Object.freeze(d.d);
    const frozen = Object.freeze(d);
    expect(adoptDecimal(frozen)).toBe(frozen);
    const shell = Object.freeze(new Dec('12.5'));
    expect(adoptDecimal(shell)?.toFixed()).toBe('12.5');
    expect(adoptDecimal(shell)).not.toBe(shell);
    expect(Object.isFrozen(shell.d)).toBe(false);
    const digitsFrozen = new Dec('-0.001');
    Object.freeze(digitsFrozen.d);
    expect(adoptDecimal(digitsFrozen)?.toFixed()).toBe('-0.001');
    expect(Object.isFrozen(digitsFrozen)).toBe(false);
  });
});

describe("a record's quick read gives what the long decode gives", () => {
  for (const c of CASES) {
    const same = (record: unknown) => {
      const quick = c.from(record);
      const long = c.fully(record);
      expect(quick.isOk()).toBe(long.isOk());
      if (long.isOk()) expectSame(quick._unsafeUnwrap(), long._unsafeUnwrap());
      else expect(quick).toStrictEqual(long);
    };
    test.prop([c.arb.map((v) => c.to(v as never))], { numRuns: 100 })(
      `${c.name}: a record read back`,
      (record) => {
        const stored = JSON.parse(JSON.stringify(record));
        // The quick read takes every record the store wrote (the long way is for the refusals).
        expect(c.quick(stored)).toBeDefined();
        same(stored);
      },
    );
    test.prop([arbMutated(c.arb.map((v) => JSON.parse(JSON.stringify(c.to(v as never)))))], { numRuns: 300 })(
      `${c.name}: a record with an odd field, read or refused as the long decode does`,
      same,
    );
  }
});

describe('memory store: saves checked by adopt', () => {
  it('stores a frozen copy of a subscription, and refuses one its record could not hold', async () => {
    const store = createMemoryStore();
    const mine = { ...buildSubscription(), extra: 'dropped' } as Subscription & { extra: string };
    await expect(store.transaction(async (r) => r.subscriptions.save(mine))).resolves.toBeDefined();
    const stored = store.probe.subscription(mine.number);
    expect(stored).not.toHaveProperty('extra');
    const bad = { ...buildSubscription({ number: 'S-bad' }), termStart: '2023-02-30' } as Subscription;
    await expect(store.transaction(async (r) => r.subscriptions.save(bad))).rejects.toThrow(
      /refusing to save an invalid Subscription/,
    );
    expect(store.probe.subscription('S-bad')).toBeNull();
  });

  it('a bill run with a bad instant is still refused (adopt declines, the codecs word it)', async () => {
    const store = createMemoryStore();
    await expect(
      store.transaction(async (r) => r.billRuns.insert({ ...buildBillRun(), createdAt: 'yesterday' })),
    ).rejects.toThrow(/refusing to save an invalid BillRun/);
  });
});
