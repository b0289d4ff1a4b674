// Shared set-up for schedule tests: a memory store, a fixed clock, and contract builders
// written as a host app would write its inputs (plain JSON, decimal strings).
import { expect } from 'vitest';
import type { BillRunAccount } from '../../src/domain/billing/bill-run';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../src/domain/settings';
import { createMemoryStore, createSequentialIds, type MemoryStore } from '../../src/memory';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../src/operations/contracts';
import type { BillingContext } from '../../src/ports';
import { fixedClock } from '../../src/time/clock';

export interface TestBilling {
  readonly context: BillingContext;
  readonly store: MemoryStore;
}

export function newBilling(
  settings: Partial<TenantSettings> = {},
  now = '2023-01-01T12:00:00Z',
): TestBilling {
  const store = createMemoryStore();
  return {
    store,
    context: {
      store,
      clock: fixedClock(now),
      ids: createSequentialIds(),
      settings: { ...DEFAULT_TENANT_SETTINGS, ...settings },
    },
  };
}

export interface ChargeSpec {
  readonly number: string;
  readonly name?: string;
  readonly type?: 'OneTime' | 'Recurring' | 'DiscountPercentage';
  readonly price: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly discountPercentage?: string;
}

export interface SubscriptionSpec {
  readonly number: string;
  readonly termStart: string;
  readonly termEnd: string;
  readonly charges: readonly ChargeSpec[];
  readonly invoiceSeparately?: boolean;
}

/** A recurring "Per Year" charge billed Annually, as on almost every reference page. */
export function chargeInput(spec: ChargeSpec): Record<string, unknown> {
  const type = spec.type ?? 'Recurring';
  return {
    number: spec.number,
    name: spec.name ?? spec.number,
    type,
    price: spec.price,
    ...(type === 'Recurring' ? { listPriceBase: 'Year', billingPeriod: 'Annual' } : {}),
    ...(spec.discountPercentage ? { discountPercentage: spec.discountPercentage } : {}),
    ...(spec.startDate ? { startDate: spec.startDate } : {}),
    ...(spec.endDate ? { endDate: spec.endDate } : {}),
  };
}

/**
 * A Create Subscription action as a host sends it: one rate plan `rp-<number>` / `Plan <number>` holding the
 * given charge inputs, term 2023-01-01 → 2023-12-31 unless `extra` says otherwise (`extra` wins).
 */
export function createSubscription(
  number: string,
  charges: readonly Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'CreateSubscription',
    subscriptionNumber: number,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '2023-12-31',
    ratePlans: [{ id: `rp-${number}`, name: `Plan ${number}`, charges }],
    ...extra,
  };
}

/** Saves an account and an activated order creating the given subscriptions. */
export async function setUpOrder(
  billing: TestBilling,
  options: {
    readonly accountNumber?: string;
    readonly currency?: string;
    readonly orderNumber?: string;
    readonly orderDate?: string;
    readonly subscriptions: readonly SubscriptionSpec[];
    readonly createAccount?: boolean;
  },
): Promise<void> {
  const accountNumber = options.accountNumber ?? 'A-001';
  if (options.createAccount !== false) {
    (
      await saveNewAccount(billing.context, {
        id: `acc-${accountNumber}`,
        number: accountNumber,
        name: `Account ${accountNumber}`,
        currency: options.currency ?? 'USD',
      })
    )._unsafeUnwrap();
  }
  const orderNumber = options.orderNumber ?? 'O-0001';
  (
    await saveNewOrder(billing.context, {
      number: orderNumber,
      accountNumber,
      orderDate: options.orderDate ?? options.subscriptions[0]?.termStart ?? '2023-01-01',
      actions: options.subscriptions.map((s) =>
        createSubscription(s.number, s.charges.map(chargeInput), {
          termStart: s.termStart,
          termEnd: s.termEnd,
          ...(s.invoiceSeparately === undefined ? {} : { invoiceSeparately: s.invoiceSeparately }),
        }),
      ),
    })
  )._unsafeUnwrap();
  (await activateSavedOrder(billing.context, { orderNumber }))._unsafeUnwrap();
}

/** The C01 order: four subscriptions, 2023-01-01 → 2023-12-31, 36,900 / 21,500 / 11,000 / 800. */
export const C01_SUBSCRIPTIONS: readonly SubscriptionSpec[] = [
  ['S1', 'C1', '36900.00'],
  ['S2', 'C2', '21500.00'],
  ['S3', 'C3', '11000.00'],
  ['S4', 'C4', '800.00'],
].map(([sub, charge, price]) => ({
  number: sub as string,
  termStart: '2023-01-01',
  termEnd: '2023-12-31',
  charges: [{ number: charge as string, price: price as string }],
}));

/** Amounts of an entity as fixed strings, for readable assertions. */
export function amounts(schedule: InvoiceSchedule) {
  return {
    status: schedule.status,
    totalAmount: schedule.totalAmount.toFixed(2),
    actualAmount: schedule.actualAmount.toFixed(2),
    billedAmount: schedule.billedAmount.toFixed(2),
    unbilledAmount: schedule.unbilledAmount.toFixed(2),
    nextRunDate: schedule.nextRunDate,
  };
}

export function expectOk<T, E>(result: { isOk(): boolean; _unsafeUnwrap(): T; _unsafeUnwrapErr(): E }): T {
  if (!result.isOk()) expect.fail(`expected Ok, got ${JSON.stringify(result._unsafeUnwrapErr())}`);
  return result._unsafeUnwrap();
}

export function expectErr<T, E>(result: { isErr(): boolean; _unsafeUnwrap(): T; _unsafeUnwrapErr(): E }): E {
  if (!result.isErr()) expect.fail(`expected Err, got Ok ${JSON.stringify(result._unsafeUnwrap())}`);
  return result._unsafeUnwrapErr();
}

/** A bill run's `Failed` part for one account (a fixture for the record and shape tests). */
export const FAILED_PART: BillRunAccount = {
  billRunNumber: 'BR-00000001',
  accountNumber: 'A00000001',
  status: 'Failed',
  itemsProcessed: 2,
  invoiceNumbers: ['INV00000001'],
  creditMemoNumbers: [],
  failure: { accountNumber: 'A00000001', errorType: 'Oops', message: 'it failed' },
  version: 1,
};

/** The same account's part once `Billed`; `overrides` change any field (a fixture for the record, shape and adapter tests). */
export function billedPart(overrides: Partial<BillRunAccount> = {}): BillRunAccount {
  // Fresh arrays: a test that changes or freezes its part's lists leaves FAILED_PART's alone.
  return {
    ...FAILED_PART,
    status: 'Billed',
    invoiceNumbers: [...FAILED_PART.invoiceNumbers],
    creditMemoNumbers: [],
    failure: null,
    ...overrides,
  };
}

/** A recurring charge input priced per year, billed every `billingPeriod` ('Month', 'Quarter', 'Annual', …). */
export function recurringCharge(
  number: string,
  price: string,
  billingPeriod: string,
): Record<string, unknown> {
  return { number, name: number, type: 'Recurring', price, listPriceBase: 'Year', billingPeriod };
}

/** What the standing (Draft and Posted) invoices' lines add up to, per kind and charge: `'Charge C1'`, `'Discount D1'`. */
export function linesAddUpTo(billing: TestBilling): Record<string, string> {
  const cents: Record<string, number> = {};
  for (const invoice of billing.store.probe.snapshot().invoices) {
    if (invoice.status !== 'Draft' && invoice.status !== 'Posted') continue;
    for (const l of invoice.lines) {
      const key = `${l.kind} ${l.chargeNumber}`;
      cents[key] = (cents[key] ?? 0) + Math.round(Number(l.amount) * 100);
    }
  }
  return Object.fromEntries(Object.entries(cents).map(([k, v]) => [k, (v / 100).toFixed(2)]));
}
