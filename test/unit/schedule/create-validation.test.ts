import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../src/domain/documents/invoice';
import { createOrder } from '../../../src/domain/order/order';
import type { CreateInvoiceScheduleInput } from '../../../src/domain/schedule/create';
import { DEFAULT_TENANT_SETTINGS } from '../../../src/domain/settings';
import { createMemoryStore, createSequentialIds } from '../../../src/memory';
import { Dec } from '../../../src/money/decimal';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { fixedClock } from '../../../src/time/clock';
import { businessDate } from '../../../src/time/date';
import {
  C01_SUBSCRIPTIONS,
  chargeInput,
  expectErr,
  expectOk,
  newBilling,
  type SubscriptionSpec,
  setUpOrder,
  type TestBilling,
} from '../../support/billing';

// One test per validation error that creating a schedule can raise (src/domain/schedule/errors.ts,
// reference §4.2 and §9): the error `type`, the details naming the culprit, and nothing written.
// (IdempotencyKeyReused cannot come from a create: keys are namespaced per operation and a retry
// with the same key returns the first schedule.)

const YEAR = { termStart: '2023-01-01', termEnd: '2023-12-31' };
const C01_ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-05-01', amount: '14000.00' },
  { runDate: '2023-09-16', amount: '6200.00' },
];

async function c01(): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  return billing;
}

/** A 12,000 schedule-able order O-0001 / S1 / C1 on account A-001. */
async function single(spec: Partial<SubscriptionSpec> = {}): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, {
    subscriptions: [{ number: 'S1', ...YEAR, charges: [{ number: 'C1', price: '12000.00' }], ...spec }],
  });
  return billing;
}

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

async function account(billing: TestBilling, number: string, currency = 'USD') {
  expectOk(await saveNewAccount(billing.context, { id: `acc-${number}`, number, name: number, currency }));
}

function createSubscription(number: string, charges: readonly Record<string, unknown>[], extra = {}) {
  return {
    type: 'CreateSubscription',
    subscriptionNumber: number,
    termType: 'Termed',
    ...YEAR,
    ...extra,
    ratePlans: [{ id: `rp-${number}`, name: `Plan ${number}`, charges }],
  };
}

describe('createInvoiceSchedule — account and orders', () => {
  it('AccountNotFound names the account', async () => {
    const billing = await c01();
    const error = await refused(billing, { ...base(C01_ITEMS), accountNumber: 'A-404' });
    expect(error).toMatchObject({ type: 'AccountNotFound', accountNumber: 'A-404' });
  });

  it('OrderNotFound names the order', async () => {
    const billing = await c01();
    const error = await refused(billing, { ...base(C01_ITEMS), orders: ['O-0001', 'O-404'] });
    expect(error).toMatchObject({ type: 'OrderNotFound', orderNumber: 'O-404' });
  });

  it('OrderNotActivated names the order and its status (§4.2 rule 1)', async () => {
    const billing = newBilling();
    await account(billing, 'A-001');
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: [createSubscription('S1', [chargeInput({ number: 'C1', price: '12000.00' })])],
      }),
    );
    const error = await refused(billing, base([{ runDate: '2023-01-01', amount: '12000.00' }]));
    expect(error).toMatchObject({ type: 'OrderNotActivated', orderNumber: 'O-0001', status: 'Draft' });
  });

  it('DuplicateOrder names the order listed twice', async () => {
    const billing = await c01();
    const error = await refused(billing, { ...base(C01_ITEMS), orders: ['O-0001', 'O-0001'] });
    expect(error).toMatchObject({ type: 'DuplicateOrder', orderNumber: 'O-0001' });
  });
});

describe('createInvoiceSchedule — subscriptions and charges', () => {
  it('SubscriptionNotFound names a subscription the (completed) order lists but the store lacks', async () => {
    const billing = newBilling();
    await account(billing, 'A-001');
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
    const error = await refused(billing, base([{ runDate: '2023-01-01', amount: '12000.00' }]));
    expect(error).toMatchObject({ type: 'SubscriptionNotFound', subscriptionNumber: 'S-GHOST' });
  });

  it('SubscriptionNotInOrder names the order and the subscription it does not create', async () => {
    const billing = await c01();
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'O-0002',
      subscriptions: [{ number: 'S9', ...YEAR, charges: [{ number: 'C9', price: '100.00' }] }],
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

  it('SpecificSubscriptionOrderNotListed names the order missing from orders', async () => {
    const billing = await c01();
    const error = await refused(billing, {
      ...base(C01_ITEMS),
      specificSubscriptions: [{ orderNumber: 'O-0002', subscriptionNumber: 'S1' }],
    });
    expect(error).toMatchObject({
      type: 'SpecificSubscriptionOrderNotListed',
      orderNumber: 'O-0002',
      subscriptionNumber: 'S1',
    });
  });

  it('SubscriptionOwnerMismatch names the subscription, its owner and the schedule account (§4.2 rule 6)', async () => {
    const billing = newBilling();
    await account(billing, 'A-001');
    await account(billing, 'A-002');
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: [
          createSubscription('S1', [chargeInput({ number: 'C1', price: '12000.00' })], {
            invoiceOwnerAccountNumber: 'A-002',
          }),
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }));
    const error = await refused(billing, base([{ runDate: '2023-01-01', amount: '12000.00' }]));
    expect(error).toMatchObject({
      type: 'SubscriptionOwnerMismatch',
      subscriptionNumber: 'S1',
      accountNumber: 'A-002',
      expectedAccountNumber: 'A-001',
    });
  });

  it('SubscriptionCurrencyMismatch names the subscription, its currency and the schedule currency (§4.2 rule 6)', async () => {
    const billing = await single();
    await account(billing, 'B-EUR', 'EUR');
    // An order of a EUR account creates S2 owned by A-001: same owner, another currency.
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-EUR',
        accountNumber: 'B-EUR',
        orderDate: '2023-01-01',
        actions: [
          createSubscription('S2', [chargeInput({ number: 'C2', price: '1000.00' })], {
            invoiceOwnerAccountNumber: 'A-001',
          }),
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-EUR' }));
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
      ...base([{ runDate: '2023-01-01', amount: '12000.00' }]),
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
        },
      ],
      billRunNumber: null,
      version: 1,
    };
    const store = createMemoryStore({ initial: { invoices: [invoice], sequences: { Invoice: 1 } } });
    const billing: TestBilling = {
      store,
      context: {
        store,
        clock: fixedClock('2023-01-01T12:00:00Z'),
        ids: createSequentialIds(),
        settings: DEFAULT_TENANT_SETTINGS,
      },
    };
    await setUpOrder(billing, {
      subscriptions: [{ number: 'S1', ...YEAR, charges: [{ number: 'C1', price: '12000.00' }] }],
    });
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
    await account(billing, 'A-001');
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: [
          createSubscription('S1', [
            {
              number: 'C1',
              name: 'Quarterly',
              type: 'Recurring',
              price: '12000.00',
              listPriceBase: 'Year',
              billingPeriod: 'Quarter',
            },
          ]),
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }));
    const error = await refused(billing, base([{ runDate: '2023-01-01', amount: '12000.00' }]));
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
      const error = await refused(billing, {
        ...base([{ runDate: '2023-01-01', amount: '12000.00' }]),
        ...patch,
      });
      expect(error).toMatchObject({ type: 'LimitExceeded', field, limit, actual });
    },
  );

  it('LimitExceeded names the field subscriptions when the orders cover 301 subscriptions', async () => {
    const billing = newBilling();
    await setUpOrder(billing, {
      subscriptions: Array.from({ length: 301 }, (_, i) => ({
        number: `S${i}`,
        ...YEAR,
        charges: [{ number: `C${i}`, price: '12.00' }],
      })),
    });
    const error = await refused(billing, base([{ runDate: '2023-01-01', amount: '3612.00' }]));
    expect(error).toMatchObject({ type: 'LimitExceeded', field: 'subscriptions', limit: 300, actual: 301 });
  });
});

describe('createInvoiceSchedule — items (§4.2 rules 7–10)', () => {
  it('NoScheduleItems', async () => {
    const billing = await single();
    expect(await refused(billing, base([]))).toMatchObject({ type: 'NoScheduleItems' });
  });

  it('ItemAmountAndPercentage names the item index', async () => {
    const billing = await single();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-01-01', amount: '6000.00' },
        { runDate: '2023-06-01', amount: '6000.00', percentage: '50' },
      ]),
    );
    expect(error).toMatchObject({ type: 'ItemAmountAndPercentage', itemIndex: 1 });
  });

  it('ItemAmountMissing names the item index', async () => {
    const billing = await single();
    const error = await refused(
      billing,
      base([{ runDate: '2023-01-01', amount: '12000.00' }, { runDate: '2023-06-01' }]),
    );
    expect(error).toMatchObject({ type: 'ItemAmountMissing', itemIndex: 1 });
  });

  it('ItemAmountNotPositive names the item index and the amount (no $0 item, C37)', async () => {
    const billing = await single();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-01-01', amount: '12000.00' },
        { runDate: '2023-06-01', amount: '0.00' },
      ]),
    );
    expect(error).toMatchObject({ type: 'ItemAmountNotPositive', itemIndex: 1, amount: '0' });
  });

  it('ItemAmountNotPositive also refuses a negative amount', async () => {
    const billing = await single();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-01-01', amount: '12100.00' },
        { runDate: '2023-06-01', amount: '-100.00' },
      ]),
    );
    expect(error).toMatchObject({ type: 'ItemAmountNotPositive', itemIndex: 1, amount: '-100' });
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

  it('PercentagesDoNotSumTo100 gives the sum', async () => {
    const billing = await single();
    const error = await refused(
      billing,
      base([{ percentage: '20' }, { percentage: '30' }, { percentage: '40' }]),
    );
    expect(error).toMatchObject({ type: 'PercentagesDoNotSumTo100', sum: '90' });
  });

  it('ScheduleTotalMismatch gives the total and the items sum (§4.2 rule 8)', async () => {
    const billing = await c01();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6199.99' },
      ]),
    );
    expect(error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '70200.00',
      itemsSum: '70199.99',
    });
  });

  it('AmountTooPrecise (money) names the item amount field: decimals must match the currency (§4.2 rule 9)', async () => {
    const billing = await single();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-01-01', amount: '6000.005' },
        { runDate: '2023-06-01', amount: '5999.995' },
      ]),
    );
    expect(error).toMatchObject({ type: 'AmountTooPrecise', field: 'items[0].amount', currency: 'USD' });
  });

  it('RunDatesNotIncreasing names the item, its run date and the previous one', async () => {
    const billing = await c01();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-05-01', amount: '6200.00' },
      ]),
    );
    expect(error).toMatchObject({
      type: 'RunDatesNotIncreasing',
      itemIndex: 2,
      runDate: '2023-05-01',
      previousRunDate: '2023-05-01',
    });
  });

  it('BlankRunDateNotLast names the dated item that follows a blank one', async () => {
    const billing = await c01();
    const error = await refused(
      billing,
      base([
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: null, amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6200.00' },
      ]),
    );
    expect(error).toMatchObject({ type: 'BlankRunDateNotLast', itemIndex: 2 });
  });
});
