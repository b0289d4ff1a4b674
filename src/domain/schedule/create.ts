import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import type { Currency } from '../../money/currency';
import { Dec } from '../../money/decimal';
import { parseAmount } from '../../money/money';
import { roundToCurrency } from '../../money/rounding';
import { type BusinessDate, parseBusinessDate } from '../../time/date';
import { compareRational, type Rational, rational } from '../../time/rational';
import type { Account } from '../contract/account';
import { billingPeriodMonths, isRegularCharge } from '../contract/charge';
import { chargeTermMonths, chargeValueExact } from '../contract/charge-value';
import { allCharges, isSchedulable, type Subscription } from '../contract/subscription';
import {
  type DomainError,
  invalidInput,
  joinPath,
  readArray,
  readBoolean,
  readObject,
  readString,
  type SubscriptionNotSchedulable,
} from '../errors';
import type { Order } from '../order/order';
import type { TenantSettings } from '../settings';
import { chargeTargets } from './credit';
import { type ScheduleError, scheduleError } from './errors';
import {
  firstRunDateViolation,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  refreshSchedule,
  type ScheduleCharge,
  type SpecificSubscription,
} from './schedule';

/** Limits of reference §9. @category Inputs @since 0.1.0 */
export const SCHEDULE_LIMITS = Object.freeze({
  items: 50,
  orders: 10,
  subscriptions: 300,
  additionalSubscriptionsToBill: 600,
  notes: 255,
});

/**
 * One item of a create (or update) request: an `amount` or a `percentage`, an optional run date
 * (blank items only at the end), name and target date.
 * @category Inputs
 * @since 0.1.0
 */
export interface InvoiceScheduleItemInput {
  readonly name?: string | null;
  readonly runDate?: string | null;
  readonly amount?: string | Decimal | number | null;
  readonly percentage?: string | Decimal | number | null;
  readonly targetDateForAdditionalSubscriptions?: string | null;
}

/**
 * A create request (reference §4.1), as a plain object: amounts as decimal strings, dates as
 * `YYYY-MM-DD`. Checked at run time.
 * @category Inputs
 * @since 0.1.0
 */
export interface CreateInvoiceScheduleInput {
  readonly accountNumber: string;
  readonly orders: readonly string[];
  readonly specificSubscriptions?: readonly {
    readonly orderNumber: string;
    readonly subscriptionNumber: string;
    readonly chargeNumbers?: readonly string[];
  }[];
  readonly additionalSubscriptionsToBill?: readonly string[];
  readonly invoiceSeparately?: boolean;
  readonly notes?: string;
  readonly items: readonly InvoiceScheduleItemInput[];
  /** Retrying with the same key returns the first result and creates nothing new. */
  readonly idempotencyKey?: string;
}

/** A create request after shape checks. @internal */
export interface ParsedCreateInput {
  readonly accountNumber: string;
  readonly orders: readonly string[];
  readonly specificSubscriptions: readonly SpecificSubscription[];
  readonly additionalSubscriptionsToBill: readonly string[];
  readonly invoiceSeparately: boolean;
  readonly notes: string;
  readonly items: readonly ParsedItemInput[];
  readonly idempotencyKey: string | null;
}

/** An item after shape checks (amounts not yet checked against the currency). @internal */
export interface ParsedItemInput {
  readonly name: string | null;
  readonly runDate: BusinessDate | null;
  readonly amount: unknown;
  readonly percentage: unknown;
  readonly targetDateForAdditionalSubscriptions: BusinessDate | null;
}

const CREATE_KEYS = [
  'accountNumber',
  'orders',
  'specificSubscriptions',
  'additionalSubscriptionsToBill',
  'invoiceSeparately',
  'notes',
  'items',
  'idempotencyKey',
] as const;
const ITEM_KEYS = [
  'name',
  'runDate',
  'amount',
  'percentage',
  'targetDateForAdditionalSubscriptions',
] as const;

/** Reads an optional `YYYY-MM-DD` (null/undefined → null). @internal */
export function readOptionalDate(input: unknown, path: string): Result<BusinessDate | null, DomainError> {
  if (input === undefined || input === null) return ok(null);
  return parseBusinessDate(input, path);
}

function readStringList(
  input: unknown,
  path: string,
  allowEmpty: boolean,
): Result<readonly string[], DomainError> {
  if (allowEmpty && Array.isArray(input) && input.length === 0) return ok(Object.freeze([]));
  return readArray(input, path, (e, p) => readString(e, p));
}

/** Reads one item of a create/update request. @internal */
export function readItemInput(
  input: unknown,
  path: string,
  extraKeys: readonly string[] = [],
): Result<ParsedItemInput & { readonly raw: Readonly<Record<string, unknown>> }, DomainError> {
  return readObject(input, path, [...ITEM_KEYS, ...extraKeys]).andThen((o) => {
    const name =
      o.name === undefined || o.name === null ? ok(null) : readString(o.name, joinPath(path, 'name'));
    if (name.isErr()) return err(name.error);
    const runDate = readOptionalDate(o.runDate, joinPath(path, 'runDate'));
    if (runDate.isErr()) return err(runDate.error);
    const target = readOptionalDate(
      o.targetDateForAdditionalSubscriptions,
      joinPath(path, 'targetDateForAdditionalSubscriptions'),
    );
    if (target.isErr()) return err(target.error);
    return ok({
      name: name.value,
      runDate: runDate.value,
      amount: o.amount ?? null,
      percentage: o.percentage ?? null,
      targetDateForAdditionalSubscriptions: target.value,
      raw: o,
    });
  });
}

/**
 * Checks the shape of a create request (types, dates, unknown fields) without loading anything.
 * @since 0.1.0
 */
export function parseCreateInvoiceScheduleInput(input: unknown): Result<ParsedCreateInput, DomainError> {
  const read = readObject(input, '', CREATE_KEYS);
  if (read.isErr()) return err(read.error);
  const o = read.value;
  const accountNumber = readString(o.accountNumber, 'accountNumber');
  if (accountNumber.isErr()) return err(accountNumber.error);
  const orders = readStringList(o.orders, 'orders', false);
  if (orders.isErr()) return err(orders.error);
  const specific: SpecificSubscription[] = [];
  if (o.specificSubscriptions !== undefined) {
    if (!Array.isArray(o.specificSubscriptions)) {
      return err(invalidInput('specificSubscriptions', 'an array', o.specificSubscriptions));
    }
    for (let i = 0; i < o.specificSubscriptions.length; i++) {
      const path = joinPath('specificSubscriptions', i);
      const s = readObject(o.specificSubscriptions[i], path, [
        'orderNumber',
        'subscriptionNumber',
        'chargeNumbers',
      ]);
      if (s.isErr()) return err(s.error);
      const orderNumber = readString(s.value.orderNumber, joinPath(path, 'orderNumber'));
      if (orderNumber.isErr()) return err(orderNumber.error);
      const subscriptionNumber = readString(s.value.subscriptionNumber, joinPath(path, 'subscriptionNumber'));
      if (subscriptionNumber.isErr()) return err(subscriptionNumber.error);
      const chargeNumbers =
        s.value.chargeNumbers === undefined
          ? ok(Object.freeze([]) as readonly string[])
          : readStringList(s.value.chargeNumbers, joinPath(path, 'chargeNumbers'), true);
      if (chargeNumbers.isErr()) return err(chargeNumbers.error);
      specific.push(
        Object.freeze({
          orderNumber: orderNumber.value,
          subscriptionNumber: subscriptionNumber.value,
          chargeNumbers: chargeNumbers.value,
        }),
      );
    }
  }
  const additional =
    o.additionalSubscriptionsToBill === undefined
      ? ok(Object.freeze([]) as readonly string[])
      : readStringList(o.additionalSubscriptionsToBill, 'additionalSubscriptionsToBill', true);
  if (additional.isErr()) return err(additional.error);
  const invoiceSeparately =
    o.invoiceSeparately === undefined ? ok(true) : readBoolean(o.invoiceSeparately, 'invoiceSeparately');
  if (invoiceSeparately.isErr()) return err(invoiceSeparately.error);
  if (o.notes !== undefined && typeof o.notes !== 'string')
    return err(invalidInput('notes', 'a string', o.notes));
  const idempotencyKey =
    o.idempotencyKey === undefined ? ok(null) : readString(o.idempotencyKey, 'idempotencyKey');
  if (idempotencyKey.isErr()) return err(idempotencyKey.error);
  if (!Array.isArray(o.items)) return err(invalidInput('items', 'an array of schedule items', o.items));
  const items: ParsedItemInput[] = [];
  for (let i = 0; i < o.items.length; i++) {
    const item = readItemInput(o.items[i], joinPath('items', i));
    if (item.isErr()) return err(item.error);
    items.push(item.value);
  }
  return ok(
    Object.freeze({
      accountNumber: accountNumber.value,
      orders: orders.value,
      specificSubscriptions: Object.freeze(specific),
      additionalSubscriptionsToBill: additional.value,
      invoiceSeparately: invoiceSeparately.value,
      notes: (o.notes as string | undefined) ?? '',
      items: Object.freeze(items),
      idempotencyKey: idempotencyKey.value,
    }),
  );
}

/**
 * What creating a schedule needs from the store, loaded by the operation.
 * @since 0.1.0
 */
export interface CreateScheduleContext {
  readonly account: Account;
  readonly currency: Currency;
  /** The listed orders that exist, by number. */
  readonly orders: ReadonlyMap<string, Order>;
  /** Every subscription the orders and specific subscriptions name, by number. */
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Charges already in a schedule: key `subscription/charge` → schedule number. */
  readonly scheduledCharges: ReadonlyMap<string, string>;
  /** Charges already billed: key `subscription/charge` → invoice number. */
  readonly billedCharges: ReadonlyMap<string, string>;
  readonly settings: TenantSettings;
}

/**
 * Fresh identifiers for the new schedule, allocated by the operation.
 * @since 0.1.0
 */
export interface NewScheduleIds {
  readonly id: string;
  readonly number: string;
  readonly itemIds: readonly string[];
}

/**
 * The charges an order brought to a subscription, which a schedule on that order covers (§2.1):
 * all charges of a Create Subscription, the charges of an Add Product, the newest renewal
 * segments of a Renew (§8.7: the renewed term is not billed by the old schedule). Removals,
 * updates and term changes bring no charge.
 * @since 0.1.0
 */
export function chargesIntroducedBy(order: Order, subscription: Subscription): readonly string[] {
  const out: string[] = [];
  for (const action of order.actions) {
    if (action.subscriptionNumber !== subscription.number) continue;
    if (action.type === 'CreateSubscription') {
      for (const plan of action.ratePlans) for (const c of plan.charges) out.push(c.number);
    } else if (action.type === 'AddProduct') {
      for (const c of action.ratePlan.charges) out.push(c.number);
    } else if (action.type === 'Renew') {
      const latest = new Map<string, { n: number; number: string }>();
      for (const { charge } of allCharges(subscription)) {
        const m = /^(.*)-R(\d+)$/.exec(charge.number);
        if (!m) continue;
        const base = m[1] as string;
        const n = Number(m[2]);
        if ((latest.get(base)?.n ?? 0) < n) latest.set(base, { n, number: charge.number });
      }
      for (const { number } of latest.values()) out.push(number);
    }
  }
  return out;
}

/** Subscription numbers an order creates or changes, in action order. @internal */
export function orderSubscriptionNumbers(order: Order): readonly string[] {
  const seen: string[] = [];
  for (const action of order.actions) {
    if (!seen.includes(action.subscriptionNumber)) seen.push(action.subscriptionNumber);
  }
  return seen;
}

type CreateError = ScheduleError | DomainError | SubscriptionNotSchedulable;

/**
 * Resolves the charges a schedule covers: every regular charge of the listed orders'
 * subscriptions, narrowed by specific subscriptions (§2.1), in order / subscription / rate plan
 * / charge order. Discount charges are not covered themselves; they reduce the regular charges
 * of their rate plan (§4.2 rule 3).
 * @since 0.1.0
 */
export function resolveCoveredCharges(
  orders: readonly string[],
  specific: readonly SpecificSubscription[],
  context: Pick<CreateScheduleContext, 'orders' | 'subscriptions'>,
): Result<readonly { orderNumber: string; subscription: Subscription; chargeNumber: string }[], CreateError> {
  const out: { orderNumber: string; subscription: Subscription; chargeNumber: string }[] = [];
  for (const s of specific) {
    if (!orders.includes(s.orderNumber)) {
      return err(
        scheduleError({
          type: 'SpecificSubscriptionOrderNotListed',
          message: `specificSubscriptions names order ${s.orderNumber}, which is not in orders; add it to orders or remove the entry.`,
          orderNumber: s.orderNumber,
          subscriptionNumber: s.subscriptionNumber,
        }),
      );
    }
  }
  for (const orderNumber of orders) {
    const order = context.orders.get(orderNumber);
    if (!order)
      return err(
        scheduleError({
          type: 'OrderNotFound',
          message: `Order ${orderNumber} does not exist.`,
          orderNumber,
        }),
      );
    const inOrder = orderSubscriptionNumbers(order);
    const narrowed = specific.filter((s) => s.orderNumber === orderNumber);
    for (const s of narrowed) {
      if (!inOrder.includes(s.subscriptionNumber)) {
        return err(
          scheduleError({
            type: 'SubscriptionNotInOrder',
            message: `Subscription ${s.subscriptionNumber} is not created or changed by order ${orderNumber}; list it under its own order.`,
            orderNumber,
            subscriptionNumber: s.subscriptionNumber,
          }),
        );
      }
    }
    const subscriptionNumbers = narrowed.length > 0 ? narrowed.map((s) => s.subscriptionNumber) : inOrder;
    for (const subscriptionNumber of subscriptionNumbers) {
      const subscription = context.subscriptions.get(subscriptionNumber);
      if (!subscription) {
        return err(
          scheduleError({
            type: 'SubscriptionNotFound',
            message: `Subscription ${subscriptionNumber} does not exist.`,
            subscriptionNumber,
          }),
        );
      }
      const wanted = narrowed.find((s) => s.subscriptionNumber === subscriptionNumber)?.chargeNumbers ?? [];
      const regular = allCharges(subscription).filter((c) => isRegularCharge(c.charge));
      for (const chargeNumber of wanted) {
        if (!allCharges(subscription).some((c) => c.charge.number === chargeNumber)) {
          return err(
            scheduleError({
              type: 'ChargeNotFound',
              message: `Charge ${chargeNumber} is not a charge of subscription ${subscriptionNumber}.`,
              subscriptionNumber,
              chargeNumber,
            }),
          );
        }
      }
      const introduced = chargesIntroducedBy(order, subscription);
      for (const { charge } of regular) {
        if (wanted.length > 0 ? !wanted.includes(charge.number) : !introduced.includes(charge.number))
          continue;
        out.push({ orderNumber, subscription, chargeNumber: charge.number });
      }
    }
  }
  return ok(out);
}

/**
 * Builds a new invoice schedule from a parsed request and what the store holds, enforcing every
 * rule of reference §4.2 and the limits of §9. Pure: nothing is read or written.
 * @since 0.1.0
 */
export function createInvoiceScheduleFrom(
  input: ParsedCreateInput,
  context: CreateScheduleContext,
  ids: NewScheduleIds,
): Result<InvoiceSchedule, CreateError> {
  const limits = checkLimits(input);
  if (limits.isErr()) return err(limits.error);
  const cover = coverOrders(input.orders, input.specificSubscriptions, context);
  if (cover.isErr()) return err(cover.error);
  const { charges, total } = cover.value;
  const amounts = resolveItemAmounts(input.items, total, context.currency, context.settings);
  if (amounts.isErr()) return err(amounts.error);
  const violation = firstRunDateViolation(input.items.map((i) => i.runDate));
  if (violation >= 0) return err(runDateError(input.items, violation));
  const items: InvoiceScheduleItem[] = input.items.map((item, index) => {
    const resolved = amounts.value[index] as ResolvedAmount;
    return Object.freeze({
      id: ids.itemIds[index] as string,
      sequence: index + 1,
      name: item.name,
      runDate: item.runDate,
      amount: resolved.amount,
      percentage: resolved.percentage,
      actualAmount: resolved.amount,
      billedAmount: new Dec(0),
      targetDateForAdditionalSubscriptions: item.targetDateForAdditionalSubscriptions,
      status: 'Pending' as const,
      invoiceNumber: null,
      creditMemoNumbers: Object.freeze([]),
      generation: 0,
    });
  });
  return ok(
    refreshSchedule({
      id: ids.id,
      number: ids.number,
      accountNumber: context.account.number,
      currency: context.currency.code,
      status: 'Pending',
      statusBeforePause: null,
      totalAmount: total,
      actualAmount: total,
      billedAmount: new Dec(0),
      unbilledAmount: total,
      nextRunDate: null,
      nextRunDateOverride: null,
      notes: input.notes,
      invoiceSeparately: input.invoiceSeparately,
      orders: Object.freeze([...input.orders]),
      specificSubscriptions: input.specificSubscriptions,
      additionalSubscriptionsToBill: input.additionalSubscriptionsToBill,
      charges: Object.freeze(charges),
      items: Object.freeze(items),
      version: 1,
    }),
  );
}

function limitExceeded(
  field: 'items' | 'orders' | 'subscriptions' | 'additionalSubscriptionsToBill' | 'notes',
  limit: number,
  actual: number,
) {
  return scheduleError({
    type: 'LimitExceeded',
    message: `${field} has ${actual} ${field === 'notes' ? 'characters' : 'entries'}; at most ${limit} are allowed (§9).`,
    field,
    limit,
    actual,
  });
}

function checkLimits(
  input:
    | ParsedCreateInput
    | {
        items: readonly unknown[];
        orders: readonly string[];
        additionalSubscriptionsToBill: readonly string[];
        notes: string;
      },
): Result<void, ScheduleError> {
  if (input.items.length === 0) {
    return err(
      scheduleError({ type: 'NoScheduleItems', message: 'An invoice schedule needs at least one item.' }),
    );
  }
  if (input.items.length > SCHEDULE_LIMITS.items)
    return err(limitExceeded('items', SCHEDULE_LIMITS.items, input.items.length));
  if (input.orders.length > SCHEDULE_LIMITS.orders)
    return err(limitExceeded('orders', SCHEDULE_LIMITS.orders, input.orders.length));
  if (input.additionalSubscriptionsToBill.length > SCHEDULE_LIMITS.additionalSubscriptionsToBill) {
    return err(
      limitExceeded(
        'additionalSubscriptionsToBill',
        SCHEDULE_LIMITS.additionalSubscriptionsToBill,
        input.additionalSubscriptionsToBill.length,
      ),
    );
  }
  if (input.notes.length > SCHEDULE_LIMITS.notes)
    return err(limitExceeded('notes', SCHEDULE_LIMITS.notes, input.notes.length));
  return ok(undefined);
}

/** Shared limit checks for create and update. @internal */
export const checkScheduleLimits = checkLimits;

function checkSubscription(
  subscription: Subscription,
  context: CreateScheduleContext,
): Result<void, CreateError> {
  const schedulable = isSchedulable(subscription);
  if (schedulable.isErr()) return err(schedulable.error);
  if (subscription.accountNumber !== context.account.number) {
    return err(
      scheduleError({
        type: 'SubscriptionOwnerMismatch',
        message: `Subscription ${subscription.number} is owned by account ${subscription.accountNumber}, not ${context.account.number}; a schedule covers one owner's subscriptions (§4.2 rule 6).`,
        subscriptionNumber: subscription.number,
        accountNumber: subscription.accountNumber,
        expectedAccountNumber: context.account.number,
      }),
    );
  }
  if (subscription.currency !== context.currency.code) {
    return err(
      scheduleError({
        type: 'SubscriptionCurrencyMismatch',
        message: `Subscription ${subscription.number} is in ${subscription.currency} but the schedule bills in ${context.currency.code}; put subscriptions of another currency in their own schedule (§4.2 rule 6).`,
        subscriptionNumber: subscription.number,
        currency: subscription.currency,
        expectedCurrency: context.currency.code,
      }),
    );
  }
  return ok(undefined);
}

interface ResolvedAmount {
  readonly amount: Decimal;
  readonly percentage: Decimal | null;
}

/**
 * Turns item amounts and percentages into amounts (§4.2 rules 7–9, §7.6): amount xor
 * percentage, no zero item, decimals within the currency, percentages resolved against the
 * total with the last percentage item taking the rounding remainder, Σ = total.
 * @since 0.1.0
 */
export function resolveItemAmounts(
  items: readonly Pick<ParsedItemInput, 'amount' | 'percentage'>[],
  total: Decimal,
  currency: Currency,
  settings: Pick<TenantSettings, 'rounding'>,
): Result<readonly ResolvedAmount[], CreateError> {
  const fixed: (Decimal | null)[] = [];
  const percentages: (Decimal | null)[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Pick<ParsedItemInput, 'amount' | 'percentage'>;
    const hasAmount = item.amount !== null && item.amount !== undefined;
    const hasPercentage = item.percentage !== null && item.percentage !== undefined;
    if (hasAmount && hasPercentage) {
      return err(
        scheduleError({
          type: 'ItemAmountAndPercentage',
          message: `items[${index}] gives both an amount and a percentage; give one of them (§4.2 rule 7).`,
          itemIndex: index,
        }),
      );
    }
    if (!hasAmount && !hasPercentage) {
      return err(
        scheduleError({
          type: 'ItemAmountMissing',
          message: `items[${index}] needs an amount or a percentage.`,
          itemIndex: index,
        }),
      );
    }
    if (hasAmount) {
      const amount = parseAmount(item.amount as string, currency, `items[${index}].amount`);
      if (amount.isErr()) return err(amount.error);
      if (amount.value.lte(0)) {
        return err(
          scheduleError({
            type: 'ItemAmountNotPositive',
            message: `items[${index}].amount is ${amount.value.toFixed()}; item amounts must be above zero — leave a zero milestone out (§4.2 rule 7).`,
            itemIndex: index,
            amount: amount.value.toFixed(),
          }),
        );
      }
      fixed.push(amount.value);
      percentages.push(null);
    } else {
      const pct = parsePercentage(item.percentage, index);
      if (pct.isErr()) return err(pct.error);
      fixed.push(null);
      percentages.push(pct.value);
    }
  }
  const pctIndexes = percentages.flatMap((p, i) => (p === null ? [] : [i]));
  if (pctIndexes.length === items.length) {
    const sum = percentages.reduce((acc: Decimal, p) => acc.plus(p ?? 0), new Dec(0));
    if (!sum.eq(100)) {
      return err(
        scheduleError({
          type: 'PercentagesDoNotSumTo100',
          message: `The item percentages add up to ${sum.toFixed()}; they must add up to 100.`,
          sum: sum.toFixed(),
        }),
      );
    }
  }
  const amounts = fixed.map((f, i) =>
    f !== null
      ? f
      : roundToCurrency(total.times(percentages[i] as Decimal).div(100), currency, settings.rounding),
  );
  // §7.6: the last percentage item takes the rounding remainder when the shares cover the total.
  const lastPct = pctIndexes[pctIndexes.length - 1];
  if (lastPct !== undefined) {
    const fixedSum = fixed.reduce((acc: Decimal, f) => acc.plus(f ?? 0), new Dec(0));
    const exactShares = pctIndexes.reduce(
      (acc: Decimal, i) => acc.plus(total.times(percentages[i] as Decimal).div(100)),
      new Dec(0),
    );
    if (fixedSum.plus(exactShares).eq(total)) {
      const others = amounts.reduce((acc: Decimal, a, i) => (i === lastPct ? acc : acc.plus(a)), new Dec(0));
      amounts[lastPct] = total.minus(others);
    }
  }
  for (let i = 0; i < amounts.length; i++) {
    if ((amounts[i] as Decimal).lte(0)) {
      return err(
        scheduleError({
          type: 'ItemAmountNotPositive',
          message: `items[${i}] resolves to ${(amounts[i] as Decimal).toFixed()}; item amounts must be above zero.`,
          itemIndex: i,
          amount: (amounts[i] as Decimal).toFixed(),
        }),
      );
    }
  }
  const itemsSum = amounts.reduce((acc: Decimal, a) => acc.plus(a), new Dec(0));
  if (!itemsSum.eq(total)) {
    return err(
      scheduleError({
        type: 'ScheduleTotalMismatch',
        message: `The items add up to ${itemsSum.toFixed(currency.minorUnits)} but the covered charges are worth ${total.toFixed(currency.minorUnits)}; change the item amounts so they add up to the total (§4.2 rule 8).`,
        totalAmount: total.toFixed(currency.minorUnits),
        itemsSum: itemsSum.toFixed(currency.minorUnits),
      }),
    );
  }
  return ok(amounts.map((amount, i) => Object.freeze({ amount, percentage: percentages[i] ?? null })));
}

function parsePercentage(input: unknown, index: number): Result<Decimal, CreateError> {
  const path = `items[${index}].percentage`;
  let value: Decimal;
  if (typeof input === 'number' && Number.isFinite(input)) value = new Dec(input);
  else if (typeof input === 'string' && /^-?\d+(\.\d+)?$/.test(input)) value = new Dec(input);
  else if (Dec.isDecimal(input) && (input as Decimal).isFinite())
    value = new Dec((input as Decimal).toString());
  else return err(invalidInput(path, 'a percentage as a decimal string such as "20"', input));
  if (value.lte(0) || value.gt(100)) {
    return err(
      scheduleError({
        type: 'ItemPercentageOutOfRange',
        message: `${path} is ${value.toFixed()}; a percentage must be above 0 and at most 100 (§4.2 rule 7).`,
        itemIndex: index,
        percentage: value.toFixed(),
      }),
    );
  }
  return ok(value);
}

/** The error for the first run-date violation at `index`. @internal */
export function runDateError(
  items: readonly { readonly runDate: BusinessDate | null }[],
  index: number,
): ScheduleError {
  const item = items[index] as { readonly runDate: BusinessDate | null };
  const previous = items
    .slice(0, index)
    .map((i) => i.runDate)
    .filter((d): d is BusinessDate => d !== null)
    .at(-1);
  if (items.slice(0, index).some((i) => i.runDate === null)) {
    return scheduleError({
      type: 'BlankRunDateNotLast',
      message: `items[${index}] has a run date but an earlier item has none; blank run dates are allowed only at the end (§4.2 rule 10).`,
      itemIndex: index,
    });
  }
  return scheduleError({
    type: 'RunDatesNotIncreasing',
    message: `items[${index}] runs on ${item.runDate} which is not after the previous item's ${previous}; run dates must be strictly increasing (§4.2 rule 10).`,
    itemIndex: index,
    runDate: String(item.runDate),
    previousRunDate: String(previous),
  });
}

/**
 * Checks the orders and resolves the charges they cover with their total (§4.2 rules 1–6,
 * §4.4): activated orders, schedulable subscriptions of one owner and currency, charges not in
 * another schedule and not billed, billing periods covering the terms. Shared by create and by
 * updates that change the orders.
 * @since 0.1.0
 */
export function coverOrders(
  orders: readonly string[],
  specificSubscriptions: readonly SpecificSubscription[],
  context: CreateScheduleContext,
): Result<{ readonly charges: readonly ScheduleCharge[]; readonly total: Decimal }, CreateError> {
  for (let i = 0; i < orders.length; i++) {
    const orderNumber = orders[i] as string;
    if (orders.indexOf(orderNumber) !== i) {
      return err(
        scheduleError({
          type: 'DuplicateOrder',
          message: `Order ${orderNumber} is listed twice.`,
          orderNumber,
        }),
      );
    }
    const order = context.orders.get(orderNumber);
    if (!order)
      return err(
        scheduleError({
          type: 'OrderNotFound',
          message: `Order ${orderNumber} does not exist.`,
          orderNumber,
        }),
      );
    if (order.status !== 'Completed') {
      return err(
        scheduleError({
          type: 'OrderNotActivated',
          message: `Order ${orderNumber} is ${order.status}: activate it before putting it in an invoice schedule (§4.2 rule 1).`,
          orderNumber,
          status: order.status,
        }),
      );
    }
  }
  const covered = resolveCoveredCharges(orders, specificSubscriptions, context);
  if (covered.isErr()) return err(covered.error);
  const subscriptionCount = new Set(covered.value.map((c) => c.subscription.number)).size;
  if (subscriptionCount > SCHEDULE_LIMITS.subscriptions) {
    return err(limitExceeded('subscriptions', SCHEDULE_LIMITS.subscriptions, subscriptionCount));
  }
  if (covered.value.length === 0) {
    return err(
      scheduleError({
        type: 'NoChargesToSchedule',
        message: 'The orders (narrowed by specificSubscriptions) cover no one-time or recurring charge.',
        orders: orders,
      }),
    );
  }
  let total = new Dec(0);
  const exact: Rational[] = [];
  const charges: ScheduleCharge[] = [];
  for (const { orderNumber, subscription, chargeNumber } of covered.value) {
    const checked = checkSubscription(subscription, context);
    if (checked.isErr()) return err(checked.error);
    const key = `${subscription.number}/${chargeNumber}`;
    // Two orders can reach one subscription (C12: an Add Product order); cover each charge once.
    if (
      charges.some((c) => c.subscriptionNumber === subscription.number && c.chargeNumber === chargeNumber)
    ) {
      continue;
    }
    const inSchedule = context.scheduledCharges.get(key);
    if (inSchedule !== undefined) {
      return err(
        scheduleError({
          type: 'ChargeAlreadyScheduled',
          message: `Charge ${chargeNumber} of ${subscription.number} is already in invoice schedule ${inSchedule}; detach it there or leave it out (specificSubscriptions).`,
          subscriptionNumber: subscription.number,
          chargeNumber,
          invoiceScheduleNumber: inSchedule,
        }),
      );
    }
    const billedBy = context.billedCharges.get(key);
    if (billedBy !== undefined) {
      return err(
        scheduleError({
          type: 'ChargeAlreadyBilled',
          message: `Charge ${chargeNumber} of ${subscription.number} was billed by ${billedBy}; only unbilled charges can be scheduled (§4.2 rule 2).`,
          subscriptionNumber: subscription.number,
          chargeNumber,
          invoiceNumber: billedBy,
        }),
      );
    }
    const found = allCharges(subscription).find((c) => c.charge.number === chargeNumber);
    /* v8 ignore next */
    if (!found) throw new Error(`resolved charge ${key} vanished`);
    const months = billingPeriodMonths(found.charge);
    const term = chargeTermMonths(found.charge);
    if (found.charge.type === 'Recurring' && months !== null && compareRational(rational(months), term) < 0) {
      return err(
        scheduleError({
          type: 'BillingPeriodShorterThanTerm',
          message: `Charge ${chargeNumber} of ${subscription.number} is billed every ${months} months but its term is longer; a scheduled charge's billing period must cover its whole term (§4.2 rule 5).`,
          subscriptionNumber: subscription.number,
          chargeNumber,
          billingPeriodMonths: months,
          termMonths: `${term.num}/${term.den}`,
        }),
      );
    }
    exact.push(chargeValueExact(found.charge, found.ratePlan));
    charges.push(
      Object.freeze({
        orderNumber,
        subscriptionNumber: subscription.number,
        chargeNumber,
        billedAmount: new Dec(0),
        detached: false,
        detachment: null,
      }),
    );
  }
  // Rounded once over all charges, as execution bills them (decision 2): Σ item amounts must match.
  for (const value of chargeTargets(exact, context.currency, context.settings.rounding))
    total = total.plus(value);
  return ok({ charges: Object.freeze(charges), total });
}
