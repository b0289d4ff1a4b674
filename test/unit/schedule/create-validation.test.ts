import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../src/domain/documents/invoice';
import { createOrder } from '../../../src/domain/order/order';
import type { CreateInvoiceScheduleInput } from '../../../src/domain/schedule/create';
import { Dec } from '../../../src/money/decimal';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { businessDate } from '../../../src/time/date';
import {
  C01_SUBSCRIPTIONS,
  chargeInput,
  createSubscription,
  expectErr,
  expectOk,
  newBilling,
  type SubscriptionSpec,
  setUpOrder,
  type TestBilling,
} from '../../support/billing';
import { seedOf } from '../../support/racing';
import {
  C01_ITEMS,
  givenAccount,
  givenActivatedOrder,
  givenSubscriptions,
  saveOrder,
  seededBilling,
  yearly,
} from '../../support/scenarios';

// One test per validation error that creating a schedule can raise (src/domain/schedule/errors.ts,
// reference §4.2 and §9): the error `type`, the details naming the culprit, and nothing written.
// (IdempotencyKeyReused cannot come from a create: keys are namespaced per operation and a retry
// with the same key returns the first schedule.)

/** The C01 order O-0001 (S1–S4, 70,200) on account A-001; C01_ITEMS schedule it. */
const c01 = () => givenSubscriptions(C01_SUBSCRIPTIONS);

/** A 12,000 schedule-able order O-0001 / S1 / C1 on account A-001. */
const single = (spec: Partial<SubscriptionSpec> = {}) =>
  givenSubscriptions([{ ...yearly('S1', [{ number: 'C1', price: '12000.00' }]), ...spec }]);

/** The 12,000 of `single` in one item. */
const ONE_ITEM = [{ runDate: '2023-01-01', amount: '12000.00' }];

const base = (items: CreateInvoiceScheduleInput['items']): CreateInvoiceScheduleInput => ({
  accountNumber: 'A-001',
  orders: ['O-0001'],
  items,
});

/** Runs a create that must fail; checks the store did not change and returns the error. */
async function refused(billing: TestBilling, input: CreateInvoiceScheduleInput) {
  const before = billing.store.probe.snapshot();
  const error = expectErr(await createInvoiceSchedule(billing.context, input));
  expect(billing.store.probe.snapshot()).toEqual(before);
  expect(typeof (error as { message: unknown }).message).toBe('string');
  expect((error as { message: string }).message.length).toBeGreaterThan(10);
  return error;
}

/** Order O-0001 of A-001 creating S1 with the given charges (and `extra` action fields). */
const s1Order = (charges: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  number: 'O-0001',
  orderDate: '2023-01-01',
  actions: [createSubscription('S1', charges, extra)],
});

/** A C01 create (C01_ITEMS) with `patch` applied, which must be refused. */
async function refusedC01(patch: Partial<CreateInvoiceScheduleInput>) {
  return refused(await c01(), { ...base(C01_ITEMS), ...patch });
}

describe('createInvoiceSchedule — account and orders', () => {
  it('AccountNotFound names the account', async () => {
    const error = await refusedC01({ accountNumber: 'A-404' });
    expect(error).toMatchObject({ type: 'AccountNotFound', accountNumber: 'A-404' });
  });

  it('OrderNotFound names the order', async () => {
    const error = await refusedC01({ orders: ['O-0001', 'O-404'] });
    expect(error).toMatchObject({ type: 'OrderNotFound', orderNumber: 'O-404' });
  });

  it('OrderNotActivated names the order and its status (§4.2 rule 1)', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    await saveOrder(billing, s1Order([chargeInput({ number: 'C1', price: '12000.00' })]));
    const error = await refused(billing, base(ONE_ITEM));
    expect(error).toMatchObject({ type: 'OrderNotActivated', orderNumber: 'O-0001', status: 'Draft' });
  });

  it('DuplicateOrder names the order listed twice', async () => {
    const error = await refusedC01({ orders: ['O-0001', 'O-0001'] });
    expect(error).toMatchObject({ type: 'DuplicateOrder', orderNumber: 'O-0001' });
  });
});

describe('createInvoiceSchedule — subscriptions and charges', () => {
  it('SubscriptionNotFound names a subscription the (completed) order lists but the store lacks', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    // saveNewOrder refuses a Completed order, so the test writes one straight to the store: an
    // order marked Completed whose subscription was never created (e.g. a host's data migration).
    const order = createOrder(
      {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        status: 'Completed',
        actions: [createSubscription('S-GHOST', [chargeInput({ number: 'C1', price: '12000.00' })])],
      },
      { id: 'acc-A-001', number: 'A-001', name: 'A', currency: 'USD' },
    );
    await billing.store.transaction(async (repos) => {
      await repos.orders.put(order._unsafeUnwrap());
      return ok(undefined);
    });
    const error = await refused(billing, base(ONE_ITEM));
    expect(error).toMatchObject({ type: 'SubscriptionNotFound', subscriptionNumber: 'S-GHOST' });
  });

  it('SubscriptionNotInOrder names the order and the subscription it does not create', async () => {
    const billing = await c01();
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'O-0002',
      subscriptions: [yearly('S9', [{ number: 'C9', price: '100.00' }])],
    });
    const error = await refused(billing, {
      ...base(C01_ITEMS),
      orders: ['O-0001', 'O-0002'],
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S9' }],
    });
    expect(error).toMatchObject({
      type: 'SubscriptionNotInOrder',
      orderNumber: 'O-0001',
      subscriptionNumber: 'S9',
    });
  });

  // §2.1: an entry narrows its order to some of that order's charges. C5, added to S4 by O-0002, was covered
  // under O-0001 when named in chargeNumbers (stored as O-0001's, O-0002 not among the orders), while the same
  // entry without chargeNumbers covered only O-0001's C4.
  it('ChargeNotInOrder names a charge another order brought; under its own order it is covered', async () => {
    const billing = await c01();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-01',
      actions: [
        {
          type: 'AddProduct',
          subscriptionNumber: 'S4',
          ratePlan: {
            id: 'rp-S4-x',
            name: 'X',
            charges: [
              chargeInput({ number: 'C5', price: '500.00', startDate: '2023-01-01', endDate: '2023-12-31' }),
            ],
          },
        },
      ],
    });
    const error = await refused(billing, {
      ...base([{ runDate: '2023-02-04', amount: '500.00' }]),
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S4', chargeNumbers: ['C5'] }],
    });
    expect(error).toMatchObject({
      type: 'ChargeNotInOrder',
      orderNumber: 'O-0001',
      subscriptionNumber: 'S4',
      chargeNumber: 'C5',
    });
    expect((error as { message: string }).message).toContain('it brought C4');
    const created = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0002'],
        specificSubscriptions: [{ orderNumber: 'O-0002', subscriptionNumber: 'S4', chargeNumbers: ['C5'] }],
        items: [{ runDate: '2023-02-04', amount: '500.00' }],
      }),
    );
    expect(created.charges.map((c) => `${c.orderNumber}:${c.chargeNumber}`)).toEqual(['O-0002:C5']);
    expect(created.totalAmount.toFixed(2)).toBe('500.00');
  });

  it('SpecificSubscriptionOrderNotListed names the order missing from orders', async () => {
    const error = await refusedC01({
      specificSubscriptions: [{ orderNumber: 'O-0002', subscriptionNumber: 'S1' }],
    });
    expect(error).toMatchObject({
      type: 'SpecificSubscriptionOrderNotListed',
      orderNumber: 'O-0002',
      subscriptionNumber: 'S1',
    });
  });

  // §2.1: an entry narrows an order to a subscription and optionally to some charges. Two entries for S1 of
  // O-0001 naming C1 and C2 (600.00 each) were read as the first only: 1,200.00 of items was refused as
  // ScheduleTotalMismatch (600.00), and 600.00 created a schedule billing C1 while it stored C2 too.
  it.each([
    ['1200.00', 'the items of both charges'],
    ['600.00', 'the items of the first entry alone'],
  ])(
    'DuplicateSpecificSubscription names the subscription listed twice under one order, with %s (%s)',
    async (amount) => {
      const billing = await givenSubscriptions([
        yearly('S1', [
          { number: 'C1', price: '600.00' },
          { number: 'C2', price: '600.00' },
        ]),
      ]);
      const error = await refused(billing, {
        ...base([{ runDate: '2023-01-01', amount }]),
        specificSubscriptions: [
          { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1'] },
          { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C2'] },
        ],
      });
      expect(error).toMatchObject({
        type: 'DuplicateSpecificSubscription',
        orderNumber: 'O-0001',
        subscriptionNumber: 'S1',
        index: 1,
        firstIndex: 0,
      });
      // One entry with both charges is the request meant: it covers 1,200.00.
      const created = expectOk(
        await createInvoiceSchedule(billing.context, {
          ...base([{ runDate: '2023-01-01', amount: '1200.00' }]),
          specificSubscriptions: [
            { orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C1', 'C2'] },
          ],
        }),
      );
      expect(created.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2']);
    },
  );

  it('SubscriptionOwnerMismatch names the subscription, its owner and the schedule account (§4.2 rule 6)', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    await givenAccount(billing, 'A-002');
    await givenActivatedOrder(
      billing,
      s1Order([chargeInput({ number: 'C1', price: '12000.00' })], { invoiceOwnerAccountNumber: 'A-002' }),
    );
    const error = await refused(billing, base(ONE_ITEM));
    expect(error).toMatchObject({
      type: 'SubscriptionOwnerMismatch',
      subscriptionNumber: 'S1',
      accountNumber: 'A-002',
      expectedAccountNumber: 'A-001',
    });
  });

  it('SubscriptionCurrencyMismatch names the subscription, its currency and the schedule currency (§4.2 rule 6)', async () => {
    const first = await single();
    await givenAccount(first, 'B-EUR', { currency: 'EUR' });
    await givenActivatedOrder(first, {
      number: 'O-EUR',
      accountNumber: 'B-EUR',
      orderDate: '2023-01-01',
      actions: [createSubscription('S2', [chargeInput({ number: 'C2', price: '1000.00' })])],
    });
    // S2 (EUR) owned by A-001 (USD): same owner, another currency. No order makes one since 0.2.0 (activation
    // refuses an invoice owner of another currency); a store may hold one saved before.
    const seed = seedOf(first.store.probe.snapshot());
    const billing = seededBilling({
      ...seed,
      subscriptions: (seed.subscriptions ?? []).map((sub) =>
        sub.number === 'S2' ? { ...sub, accountNumber: 'A-001' } : sub,
      ),
    });
    const error = await refused(billing, {
      ...base([{ runDate: '2023-01-01', amount: '13000.00' }]),
      orders: ['O-0001', 'O-EUR'],
    });
    expect(error).toMatchObject({
      type: 'SubscriptionCurrencyMismatch',
      subscriptionNumber: 'S2',
      currency: 'EUR',
      expectedCurrency: 'USD',
    });
  });

  it('ChargeNotFound names the subscription and the unknown charge number', async () => {
    const billing = await single();
    const error = await refused(billing, {
      ...base(ONE_ITEM),
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['C-404'] }],
    });
    expect(error).toMatchObject({ type: 'ChargeNotFound', subscriptionNumber: 'S1', chargeNumber: 'C-404' });
  });

  it('ChargeAlreadyScheduled names the charge and the schedule holding it (§2.3)', async () => {
    const billing = await c01();
    expectOk(await createInvoiceSchedule(billing.context, base(C01_ITEMS)));
    const error = await refused(billing, base(C01_ITEMS));
    expect(error).toMatchObject({
      type: 'ChargeAlreadyScheduled',
      subscriptionNumber: 'S1',
      chargeNumber: 'C1',
      invoiceScheduleNumber: 'IS-00000001',
    });
  });

  it('ChargeAlreadyBilled names the charge and the invoice that billed it (§4.2 rule 2)', async () => {
    // A standard-billing invoice of S1/C1 already in the store (seeded: standard bill runs are out of scope).
    const amount = new Dec('3000.00');
    const invoice: Invoice = {
      id: 'inv-std-1',
      number: 'INV00000001',
      accountNumber: 'A-001',
      currency: 'USD',
      invoiceDate: businessDate(2023, 1, 1),
      status: 'Posted',
      amount,
      lines: [
        {
          id: 'inv-std-1-1',
          kind: 'Charge',
          subscriptionNumber: 'S1',
          chargeNumber: 'C1',
          chargeName: 'C1',
          appliesToChargeNumber: null,
          amount,
          serviceStartDate: businessDate(2023, 1, 1),
          serviceEndDate: businessDate(2023, 3, 31),
          invoiceScheduleNumber: null,
          invoiceScheduleItemId: null,
          customFields: {},
        },
      ],
      billRunNumber: null,
      creditApplications: [],
      version: 1,
    };
    const billing = seededBilling({ invoices: [invoice], sequences: { Invoice: 1 } });
    await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '12000.00' }])] });
    const error = await refused(billing, base([{ runDate: '2023-04-01', amount: '12000.00' }]));
    expect(error).toMatchObject({
      type: 'ChargeAlreadyBilled',
      subscriptionNumber: 'S1',
      chargeNumber: 'C1',
      invoiceNumber: 'INV00000001',
    });
  });

  it('BillingPeriodShorterThanTerm names the charge, its billing period and term (§4.2 rule 5)', async () => {
    const billing = newBilling();
    await givenAccount(billing, 'A-001');
    await givenActivatedOrder(
      billing,
      s1Order([
        {
          number: 'C1',
          name: 'Quarterly',
          type: 'Recurring',
          price: '12000.00',
          listPriceBase: 'Year',
          billingPeriod: 'Quarter',
        },
      ]),
    );
    const error = await refused(billing, base(ONE_ITEM));
    expect(error).toMatchObject({
      type: 'BillingPeriodShorterThanTerm',
      subscriptionNumber: 'S1',
      chargeNumber: 'C1',
      billingPeriodMonths: 3,
      termMonths: '12/1',
    });
  });

  it('NoChargesToSchedule names the orders when narrowing leaves only a discount charge', async () => {
    const billing = await single({
      charges: [
        { number: 'C1', price: '12000.00' },
        { number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '10' },
      ],
    });
    const error = await refused(billing, {
      ...base([{ runDate: '2023-01-01', amount: '100.00' }]),
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1', chargeNumbers: ['D1'] }],
    });
    expect(error).toMatchObject({ type: 'NoChargesToSchedule', orders: ['O-0001'] });
  });
});

describe('createInvoiceSchedule — limits (§9)', () => {
  const dated = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      runDate: `2023-${String(Math.floor(i / 28) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      amount: '1.00',
    }));

  it.each([
    ['items', 50, 51, { items: dated(51) }],
    ['orders', 10, 11, { orders: Array.from({ length: 11 }, (_, i) => `O-${i}`) }],
    [
      'additionalSubscriptionsToBill',
      600,
      601,
      { additionalSubscriptionsToBill: Array.from({ length: 601 }, (_, i) => `S-X${i}`) },
    ],
    ['notes', 255, 256, { notes: 'x'.repeat(256) }],
  ] as const)(
    'LimitExceeded names the field %s (limit %i, actual %i)',
    async (field, limit, actual, patch) => {
      const billing = await single();
      const error = await refused(billing, { ...base(ONE_ITEM), ...patch });
      expect(error).toMatchObject({ type: 'LimitExceeded', field, limit, actual });
    },
  );

  // §9 "notes ≤ 255 chars", counted as every text limit of the library is: in UTF-16 code units (JavaScript's
  // `length`), so an emoji counts as 2. The message said "256 characters" for 128 emoji (review finding): it names
  // the unit, and the characters too when they are fewer.
  it.each([
    [
      '256 × "x"',
      'x'.repeat(256),
      'notes has 256 UTF-16 code units; at most 255 are allowed (§9; a character beyond U+FFFF, such as an emoji, counts as 2).',
    ],
    [
      '128 emoji',
      '\u{1F600}'.repeat(128),
      'notes has 256 UTF-16 code units (128 characters); at most 255 are allowed (§9; a character beyond U+FFFF, such as an emoji, counts as 2).',
    ],
  ])(
    'notes of %s → LimitExceeded (actual 256) whose message names UTF-16 code units; nothing is saved',
    async (_label, notes, message) => {
      const billing = await single();
      const error = await refused(billing, { ...base(ONE_ITEM), notes });
      expect(error).toEqual({ type: 'LimitExceeded', message, field: 'notes', limit: 255, actual: 256 });
    },
  );

  it('notes of 127 emoji and one "x" (255 UTF-16 code units) are within the limit', async () => {
    const billing = await single();
    const notes = `${'\u{1F600}'.repeat(127)}x`;
    const created = expectOk(
      await createInvoiceSchedule(billing.context, {
        ...base(ONE_ITEM),
        notes,
      } as CreateInvoiceScheduleInput),
    );
    expect(created.notes).toBe(notes);
  });

  it('LimitExceeded names the field subscriptions when the orders cover 301 subscriptions', async () => {
    const billing = await givenSubscriptions(
      Array.from({ length: 301 }, (_, i) => yearly(`S${i}`, [{ number: `C${i}`, price: '12.00' }])),
    );
    const error = await refused(billing, base([{ runDate: '2023-01-01', amount: '3612.00' }]));
    expect(error).toMatchObject({ type: 'LimitExceeded', field: 'subscriptions', limit: 300, actual: 301 });
  });
});

/** [test name, the order it runs on, the items, the error it must be refused with] */
type ItemsRefusal = [
  string,
  () => Promise<TestBilling>,
  CreateInvoiceScheduleInput['items'],
  Record<string, unknown>,
];

describe('createInvoiceSchedule — items (§4.2 rules 7–10)', () => {
  it.each<ItemsRefusal>([
    ['NoScheduleItems', single, [], { type: 'NoScheduleItems' }],
    [
      'ItemAmountAndPercentage names the item index',
      single,
      [
        { runDate: '2023-01-01', amount: '6000.00' },
        { runDate: '2023-06-01', amount: '6000.00', percentage: '50' },
      ],
      { type: 'ItemAmountAndPercentage', itemIndex: 1 },
    ],
    [
      'ItemAmountMissing names the item index',
      single,
      [{ runDate: '2023-01-01', amount: '12000.00' }, { runDate: '2023-06-01' }],
      { type: 'ItemAmountMissing', itemIndex: 1 },
    ],
    [
      'ItemAmountNotPositive names the item index and the amount (no $0 item, C37)',
      single,
      [
        { runDate: '2023-01-01', amount: '12000.00' },
        { runDate: '2023-06-01', amount: '0.00' },
      ],
      { type: 'ItemAmountNotPositive', itemIndex: 1, amount: '0' },
    ],
    [
      'ItemAmountNotPositive also refuses a negative amount',
      single,
      [
        { runDate: '2023-01-01', amount: '12100.00' },
        { runDate: '2023-06-01', amount: '-100.00' },
      ],
      { type: 'ItemAmountNotPositive', itemIndex: 1, amount: '-100' },
    ],
  ])('%s', async (_name, given, items, error) => {
    expect(await refused(await given(), base(items))).toMatchObject(error);
  });

  it.each([
    ['0', 1],
    ['-10', 0],
    ['101', 2],
  ] as const)('ItemPercentageOutOfRange names the item index for %s%%', async (percentage, itemIndex) => {
    const billing = await single();
    const items = [{ percentage: '50' }, { percentage: '50' }, { percentage: '50' }].map((item, i) =>
      i === itemIndex ? { percentage } : item,
    );
    const error = await refused(billing, base(items));
    expect(error).toMatchObject({ type: 'ItemPercentageOutOfRange', itemIndex, percentage });
  });

  describe('percentages have at most SCHEDULE_LIMITS.percentageDecimalPlaces (10) decimal places, so their sum is exact', () => {
    it('50 + 50.000…0001 (71 decimal places, 100 + 10^-71 in all) → ItemPercentageTooPrecise naming the item and the limit; nothing is stored', async () => {
      const long = `50.${'0'.repeat(70)}1`;
      const error = await refused(await single(), base([{ percentage: '50' }, { percentage: long }]));
      expect(error).toMatchObject({
        type: 'ItemPercentageTooPrecise',
        itemIndex: 1,
        maxDecimalPlaces: 10,
        percentage: `50.${'0'.repeat(37)}…`,
      });
      expect((error as { message: string }).message).toContain('with 71 decimal places');
      expect((error as { message: string }).message).toContain(
        'at most 10 (SCHEDULE_LIMITS.percentageDecimalPlaces)',
      );
    });

    it('a JS number such as 100 / 3 (33.333333333333336, 15 decimal places) → ItemPercentageTooPrecise', async () => {
      const third = 100 / 3;
      const error = await refused(
        await single(),
        base([{ percentage: third }, { percentage: third }, { percentage: '33.3333333333' }]),
      );
      expect(error).toMatchObject({
        type: 'ItemPercentageTooPrecise',
        itemIndex: 0,
        percentage: '33.333333333333336',
      });
    });

    it('50 + 50.0000000001 (10 decimal places) → PercentagesDoNotSumTo100 with the exact sum 100.0000000001', async () => {
      const error = await refused(
        await single(),
        base([{ percentage: '50' }, { percentage: '50.0000000001' }]),
      );
      expect(error).toMatchObject({ type: 'PercentagesDoNotSumTo100', sum: '100.0000000001' });
    });

    it('33.3333333333 + 33.3333333333 + 33.3333333334 (10 decimal places, trailing zeros not counted) of 12,000 → 4,000.00 each', async () => {
      const billing = await single();
      const created = expectOk(
        await createInvoiceSchedule(
          billing.context,
          base([
            { percentage: '33.3333333333' },
            { percentage: '33.33333333330000' },
            { percentage: '33.3333333334' },
          ]),
        ),
      );
      expect(created.items.map((i) => [i.percentage?.toFixed(), i.amount.toFixed(2)])).toEqual([
        ['33.3333333333', '4000.00'],
        ['33.3333333333', '4000.00'],
        ['33.3333333334', '4000.00'],
      ]);
    });
  });

  it.each<ItemsRefusal>([
    [
      'PercentagesDoNotSumTo100 gives the sum',
      single,
      [{ percentage: '20' }, { percentage: '30' }, { percentage: '40' }],
      { type: 'PercentagesDoNotSumTo100', sum: '90' },
    ],
    [
      'ScheduleTotalMismatch gives the total and the items sum (§4.2 rule 8)',
      c01,
      [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6199.99' },
      ],
      { type: 'ScheduleTotalMismatch', totalAmount: '70200.00', itemsSum: '70199.99' },
    ],
    [
      'AmountTooPrecise (money) names the item amount field: decimals must match the currency (§4.2 rule 9)',
      single,
      [
        { runDate: '2023-01-01', amount: '6000.005' },
        { runDate: '2023-06-01', amount: '5999.995' },
      ],
      { type: 'AmountTooPrecise', field: 'items[0].amount', currency: 'USD' },
    ],
    [
      'RunDatesNotIncreasing names the item, its run date and the previous one',
      c01,
      [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-05-01', amount: '6200.00' },
      ],
      { type: 'RunDatesNotIncreasing', itemIndex: 2, runDate: '2023-05-01', previousRunDate: '2023-05-01' },
    ],
    [
      'BlankRunDateNotLast names the dated item that follows a blank one',
      c01,
      [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: null, amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6200.00' },
      ],
      { type: 'BlankRunDateNotLast', itemIndex: 2 },
    ],
  ])('%s', async (_name, given, items, error) => {
    expect(await refused(await given(), base(items))).toMatchObject(error);
  });
});
