import type { Decimal } from 'decimal.js';
import type { AccountsBillRun } from '../domain/billing/bill-run';
import type { Account } from '../domain/contract/account';
import type { RatePlan, RatePlanCharge } from '../domain/contract/charge';
import type { Subscription } from '../domain/contract/subscription';
import type { CreditMemo } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceLine } from '../domain/documents/invoice';
import type { Order } from '../domain/order/order';
import {
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  refreshSchedule,
  type ScheduleCharge,
} from '../domain/schedule/schedule';
import { Dec, isDecimal } from '../money/decimal';
import type { BusinessDate } from '../time/date';
import { deepFreeze } from './freeze';

/**
 * Overrides accepted by the builders: any field of `T`; Decimal fields also accept a decimal
 * string (`'50000.00'`), dates are plain `'YYYY-MM-DD'` strings.
 * @since 0.1.0
 */
export type BuildOverrides<T> = {
  readonly [K in keyof T]?: T[K] extends Decimal
    ? Decimal | string
    : T[K] extends Decimal | null
      ? Decimal | string | null
      : T[K] extends BusinessDate
        ? string
        : T[K] extends BusinessDate | null
          ? string | null
          : T[K] extends BusinessDate | undefined
            ? string
            : T[K];
};

const d = (value: string): Decimal => new Dec(value);
const day = (value: string): BusinessDate => value as BusinessDate;

/** Applies overrides, turning decimal strings into Decimals for the fields that hold Decimals. */
function apply<T extends object>(defaults: T, overrides: BuildOverrides<T> | undefined): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) continue;
    const current = (defaults as Record<string, unknown>)[key];
    const decimalField = isDecimal(current) || DECIMAL_FIELDS.has(key);
    out[key] = decimalField && typeof value === 'string' ? new Dec(value) : value;
  }
  return out as T;
}

/** Every Decimal field name of the built types (some default to null, so the value cannot tell). */
const DECIMAL_FIELDS: ReadonlySet<string> = new Set([
  'amount',
  'percentage',
  'actualAmount',
  'billedAmount',
  'totalAmount',
  'unbilledAmount',
  'price',
  'quantity',
  'discountPercentage',
]);

/**
 * A valid account, default `A00000001` in USD. Frozen.
 * @example buildAccount({ number: 'A00000002', currency: 'JPY' })
 * @since 0.1.0
 */
export function buildAccount(overrides?: BuildOverrides<Account>): Account {
  return deepFreeze(
    apply<Account>({ id: 'acc-1', number: 'A00000001', name: 'Acme Corp', currency: 'USD' }, overrides),
  );
}

/**
 * A rate plan charge, default the recurring C01 charge `C-00000001`: 36,900.00 per year, annual
 * billing period, 2023-01-01 → 2023-12-31. Frozen.
 * @since 0.1.0
 */
export function buildCharge(overrides?: BuildOverrides<RatePlanCharge>): RatePlanCharge {
  return deepFreeze(
    apply<RatePlanCharge>(
      {
        number: 'C-00000001',
        name: 'Platform fee',
        type: 'Recurring',
        price: d('36900.00'),
        quantity: d('1'),
        listPriceBase: 'Year',
        billingPeriod: 'Annual',
        specificBillingPeriodMonths: null,
        discountPercentage: null,
        startDate: day('2023-01-01'),
        endDate: day('2023-12-31'),
      },
      overrides,
    ),
  );
}

/**
 * A termed, active subscription `S-00000001` of account `A00000001` in USD, 2023-01-01 →
 * 2023-12-31, with one rate plan holding {@link buildCharge}'s charge (C01's S1), version 1. Frozen.
 * @since 0.1.0
 */
export function buildSubscription(overrides?: BuildOverrides<Subscription>): Subscription {
  const ratePlan: RatePlan = { id: 'rp-1', name: 'Annual plan', charges: [buildCharge()] };
  return deepFreeze(
    apply<Subscription>(
      {
        number: 'S-00000001',
        accountNumber: 'A00000001',
        currency: 'USD',
        termType: 'Termed',
        termStart: day('2023-01-01'),
        termEnd: day('2023-12-31'),
        status: 'Active',
        invoiceSeparately: false,
        ratePlans: [ratePlan],
        createdByOrder: 'O-00000001',
        version: 1,
      },
      overrides,
    ),
  );
}

/**
 * A completed order `O-00000001` of account `A00000001` that created {@link buildSubscription}'s
 * subscription. Frozen.
 * @since 0.1.0
 */
export function buildOrder(overrides?: BuildOverrides<Order>): Order {
  const sub = buildSubscription();
  return deepFreeze(
    apply<Order>(
      {
        number: 'O-00000001',
        accountNumber: 'A00000001',
        currency: 'USD',
        orderDate: day('2023-01-01'),
        status: 'Completed',
        actions: [
          {
            type: 'CreateSubscription',
            subscriptionNumber: sub.number,
            termType: sub.termType,
            termStart: sub.termStart,
            termEnd: sub.termEnd,
            invoiceSeparately: sub.invoiceSeparately,
            ratePlans: sub.ratePlans,
          },
        ],
      },
      overrides,
    ),
  );
}

/**
 * A pending schedule item (defaults: sequence 1, run date 2023-02-04, 50,000.00, nothing billed).
 * Frozen.
 * @since 0.1.0
 */
export function buildInvoiceScheduleItem(
  overrides?: BuildOverrides<InvoiceScheduleItem>,
): InvoiceScheduleItem {
  const item = apply<InvoiceScheduleItem>(
    {
      id: 'InvoiceScheduleItem-000001',
      sequence: 1,
      name: null,
      runDate: day('2023-02-04'),
      amount: d('50000.00'),
      percentage: null,
      actualAmount: d('50000.00'),
      billedAmount: d('0.00'),
      targetDateForAdditionalSubscriptions: null,
      status: 'Pending',
      invoiceNumber: null,
      dueDate: null,
      creditMemoNumbers: [],
      generation: 0,
      customFields: {},
    },
    overrides,
  );
  // An item built with another amount bills that amount unless told otherwise.
  const actual = overrides?.actualAmount === undefined ? item.amount : item.actualAmount;
  return deepFreeze({ ...item, actualAmount: actual });
}

const C01_CHARGES: readonly ScheduleCharge[] = [1, 2, 3, 4].map((n) => ({
  orderNumber: 'O-00000001',
  subscriptionNumber: `S-0000000${n}`,
  chargeNumber: `C-0000000${n}`,
  billedAmount: d('0.00'),
  servedThrough: null,
  detached: false,
  detachment: null,
}));

const C01_ITEMS: readonly [string, string][] = [
  ['2023-02-04', '50000.00'],
  ['2023-05-01', '14000.00'],
  ['2023-09-16', '6200.00'],
];

/** Fields {@link refreshSchedule} derives; an explicit override of one of them wins. */
const DERIVED_SCHEDULE_FIELDS = [
  'status',
  'statusBeforePause',
  'billedAmount',
  'unbilledAmount',
  'nextRunDate',
] as const;

/**
 * The C01 schedule `IS-00000001` before any invoice: account `A00000001`, USD, four charges of
 * order `O-00000001` (S-00000001/C-00000001 … S-00000004/C-00000004), items 2023-02-04 50,000.00,
 * 2023-05-01 14,000.00, 2023-09-16 6,200.00, total 70,200.00, version 1.
 *
 * Derived fields (status, billed/unbilled amounts, pending items' actual amounts, `nextRunDate`)
 * are recomputed from the items with the library's own rules unless overridden explicitly; when
 * `items` are given without `totalAmount`/`actualAmount`, both become Σ item amounts. Frozen.
 * Throws a `TypeError` when the overrides leave `statusBeforePause` set on a schedule that is not
 * paused (or unset on a paused one).
 * @since 0.1.0
 */
export function buildInvoiceSchedule(overrides?: BuildOverrides<InvoiceSchedule>): InvoiceSchedule {
  const items = C01_ITEMS.map(([runDate, amount], i) =>
    buildInvoiceScheduleItem({ id: `InvoiceScheduleItem-00000${i + 1}`, sequence: i + 1, runDate, amount }),
  );
  const merged = apply<InvoiceSchedule>(
    {
      id: 'InvoiceSchedule-000001',
      number: 'IS-00000001',
      accountNumber: 'A00000001',
      currency: 'USD',
      status: 'Pending',
      statusBeforePause: null,
      totalAmount: d('70200.00'),
      actualAmount: d('70200.00'),
      billedAmount: d('0.00'),
      unbilledAmount: d('70200.00'),
      nextRunDate: day('2023-02-04'),
      nextRunDateOverride: null,
      notes: '',
      invoiceSeparately: false,
      customFields: {},
      orders: ['O-00000001'],
      specificSubscriptions: [],
      additionalSubscriptionsToBill: [],
      charges: C01_CHARGES,
      items,
      version: 1,
    },
    overrides,
  );
  let schedule = merged;
  if (overrides?.items !== undefined) {
    const total = merged.items.reduce((acc, i) => acc.plus(i.amount), new Dec(0));
    schedule = {
      ...schedule,
      totalAmount: overrides.totalAmount === undefined ? total : schedule.totalAmount,
      actualAmount: overrides.actualAmount === undefined ? total : schedule.actualAmount,
    };
  }
  const refreshed: Record<string, unknown> = { ...refreshSchedule(schedule) };
  for (const field of DERIVED_SCHEDULE_FIELDS) {
    if (overrides?.[field] !== undefined)
      refreshed[field] = (merged as unknown as Record<string, unknown>)[field];
  }
  checkPausePairing(refreshed);
  return deepFreeze(refreshed as unknown as InvoiceSchedule);
}

/**
 * Overrides can still name half of a pause (`{ statusBeforePause: 'Pending' }` alone, which the
 * types allow since every override is optional): a schedule no operation can produce, so a mistake
 * in the test, not a fixture.
 */
function checkPausePairing(schedule: Readonly<Record<string, unknown>>): void {
  if ((schedule.status === 'Paused') === (schedule.statusBeforePause !== null)) return;
  throw new TypeError(
    `buildInvoiceSchedule: statusBeforePause is set exactly when status is 'Paused', but status is ${String(schedule.status)} and statusBeforePause ${String(schedule.statusBeforePause)}. Override status too, or status alone (the status before the pause is then derived from the items).`,
  );
}

/**
 * An invoice line (default: C01 INV001's C1 line, 26,282.05 for 2023-01-01 → 2023-09-17, from
 * item 1 of `IS-00000001`). Frozen.
 * @since 0.1.0
 */
export function buildInvoiceLine(overrides?: BuildOverrides<InvoiceLine>): InvoiceLine {
  return deepFreeze(
    apply<InvoiceLine>(
      {
        id: 'Invoice-000001-1',
        kind: 'Charge',
        subscriptionNumber: 'S-00000001',
        chargeNumber: 'C-00000001',
        chargeName: 'Platform fee',
        appliesToChargeNumber: null,
        amount: d('26282.05'),
        serviceStartDate: day('2023-01-01'),
        serviceEndDate: day('2023-09-17'),
        invoiceScheduleNumber: 'IS-00000001',
        invoiceScheduleItemId: 'InvoiceScheduleItem-000001',
        customFields: {},
      },
      overrides,
    ),
  );
}

const INV001_LINES: readonly string[] = ['26282.05', '15313.39', '7834.76', '569.80'];

/**
 * C01's INV001 (`INV00000001`, Draft, 2023-02-04, 50,000.00): four lines, one per charge, from
 * item 1 of `IS-00000001`, bill run `BR-00000001`, version 1. When `lines` are given without
 * `amount`, the amount is Σ line amounts. Frozen.
 * @since 0.1.0
 */
export function buildInvoice(overrides?: BuildOverrides<Invoice>): Invoice {
  const lines = INV001_LINES.map((amount, i) =>
    buildInvoiceLine({
      id: `Invoice-000001-${i + 1}`,
      subscriptionNumber: `S-0000000${i + 1}`,
      chargeNumber: `C-0000000${i + 1}`,
      chargeName: `Charge ${i + 1}`,
      amount,
    }),
  );
  const invoice = apply<Invoice>(
    {
      id: 'Invoice-000001',
      number: 'INV00000001',
      accountNumber: 'A00000001',
      currency: 'USD',
      invoiceDate: day('2023-02-04'),
      status: 'Draft',
      amount: d('50000.00'),
      lines,
      billRunNumber: 'BR-00000001',
      creditApplications: [],
      version: 1,
    },
    overrides,
  );
  const amount =
    overrides?.lines !== undefined && overrides.amount === undefined
      ? invoice.lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0))
      : invoice.amount;
  return deepFreeze({ ...invoice, amount });
}

/**
 * A Posted credit memo `CM00000001` crediting 333.33 of `INV00000003` (C08). Frozen.
 * @since 0.1.0
 */
export function buildCreditMemo(overrides?: BuildOverrides<CreditMemo>): CreditMemo {
  const memo = apply<CreditMemo>(
    {
      id: 'CreditMemo-000001',
      number: 'CM00000001',
      accountNumber: 'A00000001',
      currency: 'USD',
      memoDate: day('2023-11-01'),
      status: 'Posted',
      amount: d('333.33'),
      lines: [
        {
          id: 'CreditMemo-000001-1',
          subscriptionNumber: 'S-00000001',
          chargeNumber: 'C-00000001',
          chargeName: 'Charge 1',
          amount: d('333.33'),
          serviceStartDate: day('2023-11-01'),
          serviceEndDate: day('2023-12-31'),
          creditedInvoiceNumber: 'INV00000003',
          creditedInvoiceLineId: 'Invoice-000003-1',
          invoiceScheduleNumber: 'IS-00000001',
          invoiceScheduleItemId: 'InvoiceScheduleItem-000003',
        },
      ],
      billRunNumber: 'BR-00000001',
      applications: [],
      version: 1,
    },
    overrides,
  );
  return deepFreeze(memo);
}

/**
 * A completed bill run over accounts `BR-00000001` for target date 2023-02-04 that created
 * `INV00000001`. With `status: 'Running'` it holds no summary (items processed 0, no documents: a running run's
 * parts hold the progress) unless the overrides give one. Frozen.
 * @since 0.1.0
 */
export function buildBillRun(overrides?: BuildOverrides<AccountsBillRun>): AccountsBillRun {
  const running = overrides?.status === 'Running';
  return deepFreeze(
    apply<AccountsBillRun>(
      {
        id: 'BillRun-000001',
        number: 'BR-00000001',
        kind: 'BillRun',
        targetDate: day('2023-02-04'),
        createdAt: '2023-02-04T00:00:00.000Z',
        accountNumbers: [],
        invoiceScheduleNumbers: [],
        includePausedSchedules: false,
        status: 'Completed',
        itemsProcessed: running ? 0 : 1,
        invoiceNumbers: running ? [] : ['INV00000001'],
        creditMemoNumbers: [],
        failures: [],
        version: 1,
      },
      overrides,
    ),
  );
}
