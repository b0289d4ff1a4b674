// Named set-ups of the worked cases (cases.md), shared by the case tests: each scenario is written once, under
// the case id it comes from, so that a test states only the steps and figures its own case adds.
import { ok } from 'neverthrow';
import { expect } from 'vitest';
import type { Invoice } from '../../src/domain/documents/invoice';
import type { CreateInvoiceScheduleInput } from '../../src/domain/schedule/create';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../src/domain/settings';
import { createMemoryStore, createSequentialIds, type MemoryStoreSeed } from '../../src/memory';
import { runBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../src/operations/contracts';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { fixedClock } from '../../src/time/clock';
import {
  C01_SUBSCRIPTIONS,
  type ChargeSpec,
  chargeInput,
  createSubscription,
  expectOk,
  newBilling,
  type SubscriptionSpec,
  setUpOrder,
  type TestBilling,
} from './billing';

// ---------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------

/** A subscription over one calendar year (2023 unless told) with the given charges. */
export function yearly(number: string, charges: readonly ChargeSpec[], year = '2023'): SubscriptionSpec {
  return { number, termStart: `${year}-01-01`, termEnd: `${year}-12-31`, charges };
}

/** A fresh billing (as `newBilling`) whose account A-001 has an activated order creating `subscriptions`. */
export async function givenSubscriptions(
  subscriptions: readonly SubscriptionSpec[],
  options: {
    readonly now?: string;
    readonly settings?: Partial<TenantSettings>;
    readonly orderNumber?: string;
  } = {},
): Promise<TestBilling> {
  const billing = newBilling(options.settings, options.now);
  await setUpOrder(billing, {
    ...(options.orderNumber === undefined ? {} : { orderNumber: options.orderNumber }),
    subscriptions,
  });
  return billing;
}

/** A billing whose memory store starts with `initial` (a tenant with history); otherwise as `newBilling`. */
export function seededBilling(initial: MemoryStoreSeed, now = '2023-01-01T12:00:00Z'): TestBilling {
  const store = createMemoryStore({ initial });
  return {
    store,
    context: { store, clock: fixedClock(now), ids: createSequentialIds(), settings: DEFAULT_TENANT_SETTINGS },
  };
}

/** Saves an account: id `acc-<number>` and named by its number unless told, USD unless told. */
export async function givenAccount(
  billing: TestBilling,
  number: string,
  account: { readonly id?: string; readonly name?: string; readonly currency?: string } = {},
): Promise<void> {
  expectOk(
    await saveNewAccount(billing.context, {
      id: account.id ?? `acc-${number}`,
      number,
      name: account.name ?? number,
      currency: account.currency ?? 'USD',
    }),
  );
}

export interface OrderSpec {
  readonly number: string;
  /** A-001 unless told. */
  readonly accountNumber?: string;
  readonly orderDate: string;
  readonly actions: readonly Record<string, unknown>[];
}

/** Saves an order without activating it. */
export async function saveOrder(billing: TestBilling, order: OrderSpec): Promise<void> {
  expectOk(
    await saveNewOrder(billing.context, {
      number: order.number,
      accountNumber: order.accountNumber ?? 'A-001',
      orderDate: order.orderDate,
      actions: order.actions,
    }),
  );
}

/** Saves and activates an order. */
export async function givenActivatedOrder(billing: TestBilling, order: OrderSpec): Promise<void> {
  await saveOrder(billing, order);
  expectOk(await activateSavedOrder(billing.context, { orderNumber: order.number }));
}

/**
 * Account A-001 with S1/C1 billed monthly from 2023-01-01 (no schedule: standard billing): `price` a year (1,200.00
 * unless told) to `termEnd` (2023-12-31 unless told), with a DiscountPercentage charge D1, D2, … per entry of
 * `discounts`, under the tenant `settings` given.
 */
export async function givenMonthlyS1(
  options: {
    readonly price?: string;
    readonly termEnd?: string;
    readonly discounts?: readonly string[];
    readonly settings?: Partial<TenantSettings>;
  } = {},
): Promise<TestBilling> {
  const billing = newBilling(options.settings ?? {});
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S1',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: options.termEnd ?? '2023-12-31',
        ratePlans: [
          {
            id: 'rp-S1',
            name: 'Plan S1',
            charges: [
              {
                number: 'C1',
                name: 'C1',
                type: 'Recurring',
                price: options.price ?? '1200.00',
                listPriceBase: 'Year',
                billingPeriod: 'Month',
              },
              ...(options.discounts ?? []).map((percentage, i) => ({
                number: `D${i + 1}`,
                name: `D${i + 1}`,
                type: 'DiscountPercentage',
                price: '0',
                discountPercentage: percentage,
              })),
            ],
          },
        ],
      },
    ],
  });
  return billing;
}

/** Saves and activates order `number`: Update Product (§8.5) of S1/C1 to `price` from 2023-01-01, unless told. */
export async function repriceFromStart(
  billing: TestBilling,
  {
    number,
    orderDate,
    price,
    subscriptionNumber = 'S1',
    chargeNumber = 'C1',
    effectiveDate = '2023-01-01',
  }: {
    readonly number: string;
    readonly orderDate: string;
    readonly price: string;
    readonly subscriptionNumber?: string;
    readonly chargeNumber?: string;
    readonly effectiveDate?: string;
  },
): Promise<void> {
  await givenActivatedOrder(billing, {
    number,
    orderDate,
    actions: [{ type: 'UpdateProduct', subscriptionNumber, chargeNumber, effectiveDate, price }],
  });
}

/**
 * JPY, A-001: S1/C1 at `prices[0]` yen a year, S2/C2 at `prices[1]` and so on, each from 2023-01-01 to `termEnd`; one
 * item on 2023-01-01 (`amount`, or 100 % when not given), executed: the schedule IS-00000001 is FullyProcessed.
 */
export async function givenYenChargesBilledInFull(
  prices: readonly string[],
  termEnd: string,
  amount?: string,
): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-15T12:00:00Z');
  await setUpOrder(billing, {
    currency: 'JPY',
    subscriptions: prices.map((price, i) => ({
      number: `S${i + 1}`,
      termStart: '2023-01-01',
      termEnd,
      charges: [{ number: `C${i + 1}`, price }],
    })),
  });
  await givenSchedule(billing, {
    items: [{ runDate: '2023-01-01', ...(amount === undefined ? { percentage: '100' } : { amount }) }],
  });
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
  return billing;
}

/** Remove Product of each subscription's plan `rp-<number>` as of `effectiveDate`. */
export function removeProducts(subscriptions: readonly string[], effectiveDate: string) {
  return subscriptions.map((s) => ({
    type: 'RemoveProduct',
    subscriptionNumber: s,
    ratePlanId: `rp-${s}`,
    effectiveDate,
  }));
}

/**
 * An early renewal (§8.7) as one order's three actions: Remove Product of the plan `rp-<subscription>` as of the
 * new term's start, Terms And Conditions with the new term, Add Product of the renewal charge over that term.
 */
export function earlyRenewal(
  subscription: string,
  renewal: { readonly start: string; readonly end: string; readonly charge: string; readonly price: string },
) {
  return [
    {
      type: 'RemoveProduct',
      subscriptionNumber: subscription,
      ratePlanId: `rp-${subscription}`,
      effectiveDate: renewal.start,
    },
    {
      type: 'TermsAndConditions',
      subscriptionNumber: subscription,
      termStart: renewal.start,
      termEnd: renewal.end,
    },
    {
      type: 'AddProduct',
      subscriptionNumber: subscription,
      ratePlan: {
        id: `rp-${subscription}-renewal`,
        name: `Plan ${subscription} (renewed)`,
        charges: [
          chargeInput({
            number: renewal.charge,
            price: renewal.price,
            startDate: renewal.start,
            endDate: renewal.end,
          }),
        ],
      },
    },
  ];
}

export type ScheduleInput = Omit<CreateInvoiceScheduleInput, 'accountNumber' | 'orders'> &
  Partial<Pick<CreateInvoiceScheduleInput, 'accountNumber' | 'orders'>>;

/** Creates a schedule, of account A-001 on order O-0001 unless the input says otherwise; the result as is. */
export function createSchedule(billing: TestBilling, input: ScheduleInput) {
  return createInvoiceSchedule(billing.context, { accountNumber: 'A-001', orders: ['O-0001'], ...input });
}

/** As `createSchedule`, for a schedule the test builds on: it must be created. */
export async function givenSchedule(billing: TestBilling, input: ScheduleInput): Promise<InvoiceSchedule> {
  return expectOk(await createSchedule(billing, input));
}

/**
 * Rewrites a stored schedule through the store's port, bypassing the operations: a record as an earlier release
 * (or a host writing directly) left it. `edit` gives the new value; its version is the stored one's next.
 */
export async function rewriteStoredSchedule(
  billing: TestBilling,
  number: string,
  edit: (stored: InvoiceSchedule) => InvoiceSchedule,
): Promise<void> {
  expectOk(
    await billing.store.transaction(async (repos) => {
      const stored = await repos.invoiceSchedules.get(number);
      if (stored === null) throw new Error(`${number} is missing`);
      const saved = await repos.invoiceSchedules.save({ ...edit(stored), version: stored.version + 1 });
      return saved.isErr() ? saved : ok(undefined);
    }),
  );
}

/** A bill run on each date in turn, posting every invoice it produces. */
export async function billAndPost(billing: TestBilling, dates: readonly string[]): Promise<void> {
  for (const targetDate of dates) {
    const run = expectOk(await runBillRun(billing.context, { targetDate }));
    for (const invoiceNumber of run.invoiceNumbers) {
      expectOk(await postInvoice(billing.context, { invoiceNumber }));
    }
  }
}

/** An invoice's lines as [charge, amount, service start, service end]: the columns of the cases' tables. */
export function invoiceLines(invoice: Invoice) {
  return invoice.lines.map((l) => [
    l.chargeNumber,
    l.amount.toFixed(2),
    l.serviceStartDate,
    l.serviceEndDate,
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// C01 and the cases built on it (C02, C10–C13, C15, paused schedules, removals)
// ---------------------------------------------------------------------------------------------------------

/** C01's items: 2023-02-04 50,000.00 / 2023-05-01 14,000.00 / 2023-09-16 6,200.00 (70,200). */
export const C01_ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-05-01', amount: '14000.00' },
  { runDate: '2023-09-16', amount: '6200.00' },
];

/**
 * C01: account A-001 with order O-0001 of S1–S4 (C1 36,900 / C2 21,500 / C3 11,000 / C4 800, all
 * 2023-01-01 → 2023-12-31) and schedule IS-00000001 on O-0001 with C01's items (or `items`).
 */
export async function givenC01Schedule(
  options: { readonly now?: string; readonly items?: ScheduleInput['items'] } = {},
): Promise<{ billing: TestBilling; schedule: InvoiceSchedule }> {
  const billing = await givenSubscriptions(C01_SUBSCRIPTIONS, options.now ? { now: options.now } : {});
  const schedule = await givenSchedule(billing, { items: options.items ?? C01_ITEMS });
  return { billing, schedule };
}

/**
 * Decision 19's set-ups: C01's charges (70,200.00 over 2023) with items 2023-02-04 50,000 / 2023-10-15 14,000 /
 * 2023-12-01 6,200 (a removal's date falls before item 2).
 */
export const C01_CUT_ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-10-15', amount: '14000.00' },
  { runDate: '2023-12-01', amount: '6200.00' },
];

/**
 * Decision 19: {@link C01_CUT_ITEMS} with item 1 billed and posted on 2023-02-04, then order O-0002 (2023-02-10)
 * removing the plans of `subscriptions` as of `effectiveDate`.
 */
export async function givenCutAfterPostedItem1(
  subscriptions: readonly string[],
  effectiveDate: string,
): Promise<{ billing: TestBilling; number: string }> {
  const { billing, schedule } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z', items: C01_CUT_ITEMS });
  await billAndPost(billing, ['2023-02-04']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-02-10',
    actions: removeProducts(subscriptions, effectiveDate),
  });
  return { billing, number: schedule.number };
}

/** The schedule's items sent back as stored, item 3 renamed `Final`: an update that clears a date override. */
export async function renameItem3(billing: TestBilling, number: string): Promise<InvoiceSchedule> {
  const s = expectOk(await getInvoiceSchedule(billing.context, number));
  return expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: number,
      items: s.items.map((i, k) => ({
        id: i.id,
        runDate: i.runDate,
        amount: i.amount.toFixed(2),
        ...(k === 2 ? { name: 'Final' } : {}),
      })),
    }),
  );
}

/** C10 / C11: order O-0002 (ordered `orderDate`) removes the plans of S1–S4 (C1–C4) as of `effectiveDate`. */
export async function givenC01Removal(billing: TestBilling, orderDate: string, effectiveDate: string) {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: removeProducts(['S1', 'S2', 'S3', 'S4'], effectiveDate),
  });
}

// ---------------------------------------------------------------------------------------------------------
// C06 / C14, C08
// ---------------------------------------------------------------------------------------------------------

/** C06 (and C14): S1/C1 1,000.00 over 2022, S2/C2 1,000.00 over 2023; total 2,000. */
export const C06_SUBSCRIPTIONS = [
  yearly('S1', [{ number: 'C1', price: '1000.00' }], '2022'),
  yearly('S2', [{ number: 'C2', price: '1000.00' }], '2023'),
];

/** C08: S1/C1 2,000.00 and the zero-priced S2/C2 0.00, both 2023-01-01 → 2023-12-31. */
const C08_SUBSCRIPTIONS = [
  yearly('S1', [{ number: 'C1', price: '2000.00' }]),
  yearly('S2', [{ number: 'C2', price: '0.00' }]),
];

/** C08's items: 2023-02-04 1,000.00 / 2023-05-01 500.00 / 2023-11-14 500.00. */
const C08_ITEMS = [
  { runDate: '2023-02-04', amount: '1000.00' },
  { runDate: '2023-05-01', amount: '500.00' },
  { runDate: '2023-11-14', amount: '500.00' },
];

/** C08: its subscriptions and schedule IS-00000001 with C08's items, "now" being `now`. */
export async function givenC08Schedule(
  now: string,
): Promise<{ billing: TestBilling; schedule: InvoiceSchedule }> {
  const billing = await givenSubscriptions(C08_SUBSCRIPTIONS, { now });
  const schedule = await givenSchedule(billing, { items: C08_ITEMS });
  return { billing, schedule };
}

/**
 * C08 fully processed: its three items executed and posted on "now" 2023-11-01 (INV00000001–3), then O-0002
 * (ordered `orderDate`) cancels S1 and S2 as of `effectiveDate`.
 */
export async function givenC08Cancelled(orderDate: string, effectiveDate: string): Promise<TestBilling> {
  const { billing } = await givenC08Schedule('2023-11-01T12:00:00Z');
  for (let n = 1; n <= 3; n++) {
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: `INV0000000${n}` }));
  }
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: ['S1', 'S2'].map((s) => ({ type: 'CancelSubscription', subscriptionNumber: s, effectiveDate })),
  });
  return billing;
}

// ---------------------------------------------------------------------------------------------------------
// C16 / C17
// ---------------------------------------------------------------------------------------------------------

/**
 * C17's setup, shared by C16: order O-001 of account A1 creates S1/C1 1,200.00 and S2/C2 1,300.00 priced per
 * two-year billing period (list price base BillingPeriod, TwoYears) over 2022-01-01 → 2023-12-31 (total 2,500),
 * and schedule IS-00000001 of A1 bills 2022-01-01 1,200.00 / 2022-12-01 1,300.00. `accounts` are saved first.
 */
export async function givenC17Schedule(
  accounts: readonly string[] = ['A1'],
): Promise<{ billing: TestBilling; schedule: InvoiceSchedule }> {
  const billing = newBilling({}, '2022-01-01T12:00:00Z');
  for (const number of accounts) await givenAccount(billing, number);
  const twoYears = (number: string, price: string) => ({
    number,
    name: number,
    type: 'Recurring',
    price,
    listPriceBase: 'BillingPeriod',
    billingPeriod: 'TwoYears',
  });
  const term = { termStart: '2022-01-01', termEnd: '2023-12-31' };
  await givenActivatedOrder(billing, {
    number: 'O-001',
    accountNumber: 'A1',
    orderDate: '2022-01-01',
    actions: [
      createSubscription('S1', [twoYears('C1', '1200.00')], term),
      createSubscription('S2', [twoYears('C2', '1300.00')], term),
    ],
  });
  const schedule = await givenSchedule(billing, {
    accountNumber: 'A1',
    orders: ['O-001'],
    items: [
      { runDate: '2022-01-01', amount: '1200.00' },
      { runDate: '2022-12-01', amount: '1300.00' },
    ],
  });
  return { billing, schedule };
}

// ---------------------------------------------------------------------------------------------------------
// C25 / C26
// ---------------------------------------------------------------------------------------------------------

/** C25 / C26: C-00000001 Software Base Subscription, 14,000.00 per year billed annually. */
export const C25_BASE_SUBSCRIPTION = {
  number: 'C-00000001',
  name: 'Software Base Subscription',
  type: 'Recurring',
  price: '14000.00',
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
};

/**
 * C25 / C26: account A00000861 with order O-00000001 creating S-00000001 over 2024-01-01 → 2024-12-31 with the
 * given rate plans; "now" 2024-01-01.
 */
export async function givenC25Subscription(
  ratePlans: readonly Record<string, unknown>[],
): Promise<TestBilling> {
  const billing = newBilling({}, '2024-01-01T12:00:00Z');
  await givenAccount(billing, 'A00000861', { id: 'acc-861' });
  await givenActivatedOrder(billing, {
    number: 'O-00000001',
    accountNumber: 'A00000861',
    orderDate: '2024-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S-00000001',
        termType: 'Termed',
        termStart: '2024-01-01',
        termEnd: '2024-12-31',
        ratePlans,
      },
    ],
  });
  return billing;
}

// ---------------------------------------------------------------------------------------------------------
// C30
// ---------------------------------------------------------------------------------------------------------

/** C30: S1/C1, S2/C2, S3/C3 at 15,000.00 each over 2025-01-01 → 2025-12-31 (45,000). */
const C30_SUBSCRIPTIONS = (['S1', 'S2', 'S3'] as const).map((s, i) =>
  yearly(s, [{ number: `C${i + 1}`, price: '15000.00' }], '2025'),
);

/** C30: its subscriptions and IS1 on O-0001: 2025-01-10 30,000.00 / 2025-10-05 15,000.00; "now" 2025-01-10. */
export async function givenC30Schedule(): Promise<TestBilling> {
  const billing = await givenSubscriptions(C30_SUBSCRIPTIONS, { now: '2025-01-10T12:00:00Z' });
  await givenSchedule(billing, {
    items: [
      { runDate: '2025-01-10', amount: '30000.00' },
      { runDate: '2025-10-05', amount: '15000.00' },
    ],
  });
  return billing;
}

/**
 * C30 step 1: O-0002 (2025-05-01) renews S3 early on 2025-06-01 — C3 removed, C4 15,000.00 over
 * 2025-06-01 → 2026-05-31.
 */
export async function givenC30EarlyRenewal(billing: TestBilling): Promise<void> {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2025-05-01',
    actions: earlyRenewal('S3', { start: '2025-06-01', end: '2026-05-31', charge: 'C4', price: '15000.00' }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// One or two yearly subscriptions of account A-001 (consolidation, overview and rule tests)
// ---------------------------------------------------------------------------------------------------------

/** S1/C1 12,000.00 over 2023-01-01 → 2023-12-31. */
const S1_12000 = yearly('S1', [{ number: 'C1', price: '12000.00' }]);

/** Account A-001 with S1/C1 12,000 (O-0001), 2023-01-01 → 2023-12-31; "now" 2023-01-01. */
export async function givenS1Order(): Promise<TestBilling> {
  return givenSubscriptions([S1_12000], { now: '2023-01-01T12:00:00Z' });
}

/** Account A-001 with S1/C1 12,000 (O-0001) and S2/C2 6,000 (O-0002), both 2023-01-01 → 2023-12-31. */
export async function givenTwoOrders(): Promise<TestBilling> {
  const billing = await givenS1Order();
  await setUpOrder(billing, {
    createAccount: false,
    orderNumber: 'O-0002',
    subscriptions: [yearly('S2', [{ number: 'C2', price: '6000.00' }])],
  });
  return billing;
}

/**
 * C35 Ex.4's account (§7.8, decision 11), A-001: S1/C1 12,000 (O-0001) and S2/C2 6,000 (O-0002), 2023.
 * IS-00000001 bills C1 6,400 on 2023-03-01 and 5,600 on 2023-06-01; IS-00000002 bills C2 `firstAmount` on
 * 2023-06-01 and the rest on 2023-09-01 (`null`: all of it on 2023-09-01); both with invoiceSeparately false.
 * The run of 2023-03-01 bills INV00000001; then C1 is removed from 2023-07-01 (O-0003, worth 6,000 then), so
 * IS-00000001's last item nets −400 (a credit memo of 400.00 and no invoice). `additionalS9`: S9 at that
 * price (`givenS9`, ordered 2023-01-01) is IS-00000001's additional subscription (§7.7).
 */
export async function givenC35Ex4(firstAmount: string | null, additionalS9?: string): Promise<TestBilling> {
  const billing = await givenTwoOrders();
  if (additionalS9 !== undefined) await givenS9(billing, additionalS9, '2023-01-01');
  await givenSchedule(billing, {
    invoiceSeparately: false,
    ...(additionalS9 === undefined ? {} : { additionalSubscriptionsToBill: ['S9'] }),
    items: [
      { runDate: '2023-03-01', amount: '6400.00' },
      { runDate: '2023-06-01', amount: '5600.00' },
    ],
  });
  await givenSchedule(billing, {
    orders: ['O-0002'],
    invoiceSeparately: false,
    items:
      firstAmount === null
        ? [{ runDate: '2023-09-01', amount: '6000.00' }]
        : [
            { runDate: '2023-06-01', amount: firstAmount },
            { runDate: '2023-09-01', amount: (6000 - Number(firstAmount)).toFixed(2) },
          ],
  });
  const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
  expect([first.invoiceNumbers, first.creditMemoNumbers]).toEqual([['INV00000001'], []]);
  await givenActivatedOrder(billing, {
    number: 'O-0003',
    orderDate: '2023-05-15',
    actions: removeProducts(['S1'], '2023-07-01'),
  });
  return billing;
}

/**
 * Order O-0009 of A-001: S9/C9 `price` a year from 2023-06-01, billed by standard billing unless a schedule bills
 * it; with `discountPercentage`, D9 takes that percentage off C9 (a DiscountPercentage charge).
 */
export async function givenS9(
  billing: TestBilling,
  price: string,
  orderDate = '2023-05-20',
  discountPercentage?: string,
): Promise<void> {
  await setUpOrder(billing, {
    createAccount: false,
    orderNumber: 'O-0009',
    orderDate,
    subscriptions: [
      {
        number: 'S9',
        termStart: '2023-06-01',
        termEnd: '2024-05-31',
        charges: [
          { number: 'C9', price },
          ...(discountPercentage === undefined
            ? []
            : [{ number: 'D9', type: 'DiscountPercentage' as const, price: '0', discountPercentage }]),
        ],
      },
    ],
  });
}

/** Order O-0002 of A-001: S3/C3 4,000/yr billed per quarter (1,000.00 a quarter), 2023-01-01 → 2023-12-31. */
export async function givenQuarterlyS3(billing: TestBilling): Promise<void> {
  const quarterly = {
    number: 'C3',
    name: 'C3',
    type: 'Recurring',
    price: '4000.00',
    listPriceBase: 'Year',
    billingPeriod: 'Quarter',
  };
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-01',
    actions: [createSubscription('S3', [quarterly])],
  });
}

/**
 * Accounts … (`count` of them), each with an activated C01 order (its subscriptions renamed per
 * account) and a schedule of one item of 70,200.00 due 2023-02-04: a bill run for that date bills one
 * invoice per account, numbered in account order. On `billing` when given (a fresh `newBilling()` otherwise).
 */
export async function givenAccountsDue(count: number, billing = newBilling()): Promise<TestBilling> {
  for (let i = 1; i <= count; i++) {
    const suffix = String(i).padStart(3, '0');
    const accountNumber = `A-${suffix}`;
    const orderNumber = `O-${String(i).padStart(4, '0')}`;
    await setUpOrder(billing, {
      accountNumber,
      orderNumber,
      subscriptions: C01_SUBSCRIPTIONS.map((s) => ({
        ...s,
        number: i === 1 ? s.number : `${suffix}${s.number}`,
      })),
    });
    await givenSchedule(billing, {
      accountNumber,
      orders: [orderNumber],
      items: [{ runDate: '2023-02-04', amount: '70200.00' }],
    });
  }
  return billing;
}

/** A recurring charge input of `price` a year, billed every `billingPeriod`. */
export const perYear = (number: string, price: string, billingPeriod: string) => ({
  number,
  name: number,
  type: 'Recurring',
  price,
  listPriceBase: 'Year',
  billingPeriod,
});

/**
 * A-001 with S1/C1 12,000.00 a year billed annually (order O-001) and `additional` (its charge `C` + the same
 * digits) 1,200.00 a year billed per quarter (O-002); IS-00000001 covers C1 with `items` and names `additional` to
 * bill with each item (§7.7).
 */
export async function givenScheduleNamingQuarterly(
  additional: string,
  items: ScheduleInput['items'],
  /** `flagged`: the additional subscription is invoiced separately; the schedule's `invoiceSeparately`. */
  options: { readonly flagged?: boolean; readonly invoiceSeparately?: boolean } = {},
): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-001',
    orderDate: '2023-01-01',
    actions: [createSubscription('S1', [perYear('C1', '12000.00', 'Annual')])],
  });
  await givenActivatedOrder(billing, {
    number: 'O-002',
    orderDate: '2023-01-01',
    actions: [
      createSubscription(
        additional,
        [perYear(`C${additional.slice(1)}`, '1200.00', 'Quarter')],
        options.flagged === true ? { invoiceSeparately: true } : {},
      ),
    ],
  });
  expectOk(
    await createSchedule(billing, {
      orders: ['O-001'],
      ...(options.invoiceSeparately === undefined ? {} : { invoiceSeparately: options.invoiceSeparately }),
      additionalSubscriptionsToBill: [additional],
      items,
    }),
  );
  return billing;
}
