import type { Decimal } from 'decimal.js';
import { err, ok, type Result, safeTry } from 'neverthrow';
import { type Currency, getCurrency } from '../money/currency';
import { Dec, isDecimal } from '../money/decimal';
import { type AmountInput, parseAmount } from '../money/money';
import { type BusinessDate, isAfter, isBefore, parseBusinessDate } from '../time/date';
import type { Account } from './account';
import {
  BILLING_PERIODS,
  type BillingPeriod,
  CHARGE_TYPES,
  type ChargeType,
  isRegularCharge,
  LIST_PRICE_BASES,
  type ListPriceBase,
  type RatePlan,
  type RatePlanCharge,
} from './charge';
import { totalDiscountPercentage } from './charge-value';
import {
  type DomainError,
  deepFreeze,
  describeReceived,
  frozenCopy,
  invalidInput,
  joinPath,
  readArray,
  readBoolean,
  readEnum,
  readObject,
  readString,
} from './errors';
import type { Subscription } from './subscription';

/**
 * Lifecycle of an order: drafted, pending activation, completed (activated: its actions are applied).
 * @since 0.1.0
 */
export type OrderStatus = 'Draft' | 'Pending' | 'Completed';

/**
 * The stable list of {@link OrderStatus} values.
 * @since 0.1.0
 */
export const ORDER_STATUSES: readonly OrderStatus[] = Object.freeze(['Draft', 'Pending', 'Completed']);

/**
 * Order action that creates a new subscription with its rate plans and charges.
 * @since 0.1.0
 */
export interface CreateSubscriptionAction {
  readonly type: 'CreateSubscription';
  readonly subscriptionNumber: string;
  /** Invoice owner when it is not the order's account; the subscription's `accountNumber` becomes it. */
  readonly invoiceOwnerAccountNumber?: string;
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: BusinessDate;
  /** Last day of the term, inclusive; null for an evergreen term. */
  readonly termEnd: BusinessDate | null;
  readonly invoiceSeparately: boolean;
  readonly ratePlans: readonly RatePlan[];
}

/**
 * The actions an order can carry, discriminated on `type`. Later actions (Remove Product, Cancel Subscription,
 * Update Product, Add Product, Terms And Conditions, Renew, Owner Transfer) join this union, each with its
 * input parser and its activation handler below.
 * @since 0.1.0
 */
export type OrderAction = CreateSubscriptionAction;

/**
 * The `type` discriminants of {@link OrderAction}.
 * @since 0.1.0
 */
export type OrderActionType = OrderAction['type'];

/**
 * The stable list of supported order action types.
 * @since 0.1.0
 */
export const ORDER_ACTION_TYPES: readonly OrderActionType[] = Object.freeze(['CreateSubscription']);

/**
 * An order of one account: a dated list of actions applied together when the order is activated.
 * @since 0.1.0
 */
export interface Order {
  readonly number: string;
  readonly accountNumber: string;
  /** ISO 4217 code of the account; every amount of the order is at its scale. */
  readonly currency: string;
  readonly orderDate: BusinessDate;
  readonly status: OrderStatus;
  readonly actions: readonly OrderAction[];
}

/**
 * What activating an order yields: the completed order and the subscriptions it created or changed (only those).
 * @since 0.1.0
 */
export interface OrderActivation {
  readonly order: Order;
  readonly subscriptions: readonly Subscription[];
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

/** Per-order parse context: the currency and the numbers already used (paths of their first use). */
interface ParseContext {
  readonly currency: Currency;
  readonly chargeNumbers: Map<string, string>;
  readonly subscriptionNumbers: Map<string, string>;
}

/** A parser for one action type; `record` is the action object, its `type` already read. */
type ActionParser<A extends OrderAction> = (
  record: Readonly<Record<string, unknown>>,
  path: string,
  ctx: ParseContext,
) => Result<A, DomainError>;

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Reads a finite decimal given as a plain decimal string, a finite JS number or a Decimal. */
function readDecimal(input: unknown, path: string, expected: string): Result<Decimal, DomainError> {
  if (typeof input === 'string' && DECIMAL_PATTERN.test(input)) return ok(new Dec(input));
  if (typeof input === 'number' && Number.isFinite(input)) return ok(new Dec(input));
  if (isDecimal(input) && input.isFinite()) return ok(new Dec(input));
  return err(invalidInput(path, expected, input));
}

const isPresent = (x: unknown): boolean => x !== undefined && x !== null;

function missingField(
  path: string,
  chargeNumber: string,
  chargeType: ChargeType,
  field: string,
): DomainError {
  return Object.freeze({
    type: 'MissingChargeField' as const,
    message: `${path}: charge ${chargeNumber} (${chargeType}) needs "${field}".`,
    path: joinPath(path, field),
    chargeNumber,
    chargeType,
    field,
  });
}

function fieldNotAllowed(
  path: string,
  chargeNumber: string,
  chargeType: ChargeType,
  field: string,
): DomainError {
  return Object.freeze({
    type: 'ChargeFieldNotAllowed' as const,
    message: `${path}: "${field}" does not apply to charge ${chargeNumber} of type ${chargeType}; remove it.`,
    path: joinPath(path, field),
    chargeNumber,
    chargeType,
    field,
  });
}

const CHARGE_KEYS = [
  'number',
  'name',
  'type',
  'price',
  'quantity',
  'listPriceBase',
  'billingPeriod',
  'specificBillingPeriodMonths',
  'discountPercentage',
  'startDate',
  'endDate',
] as const;

interface Term {
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: BusinessDate;
  readonly termEnd: BusinessDate | null;
}

function parseCharge(
  input: unknown,
  path: string,
  term: Term,
  ctx: ParseContext,
): Result<RatePlanCharge, DomainError> {
  return safeTry<RatePlanCharge, DomainError>(function* () {
    const r = yield* readObject(input, path, CHARGE_KEYS);
    const at = (key: (typeof CHARGE_KEYS)[number]): string => joinPath(path, key);
    const number = yield* readString(r.number, at('number'));
    const firstUse = ctx.chargeNumbers.get(number);
    if (firstUse !== undefined) {
      return err(
        Object.freeze({
          type: 'DuplicateChargeNumber' as const,
          message: `${at('number')}: charge number ${number} is already used at ${firstUse}; charge numbers must be unique.`,
          path: at('number'),
          firstPath: firstUse,
          chargeNumber: number,
        }),
      );
    }
    ctx.chargeNumbers.set(number, at('number'));
    const name = yield* readString(r.name, at('name'));
    const type = yield* readEnum(CHARGE_TYPES)(r.type, at('type'));

    // Price: an amount at the currency scale; discounts carry no price of their own (0).
    let price: Decimal = new Dec(0);
    if (type === 'DiscountPercentage') {
      if (isPresent(r.price)) {
        const given = yield* parseAmount(r.price as AmountInput, ctx.currency, at('price'));
        if (!given.isZero()) return err(fieldNotAllowed(path, number, type, 'price'));
      }
    } else {
      if (!isPresent(r.price)) return err(missingField(path, number, type, 'price'));
      price = yield* parseAmount(r.price as AmountInput, ctx.currency, at('price'));
      if (price.isNegative()) return err(invalidInput(at('price'), 'an amount ≥ 0', r.price));
    }

    let quantity: Decimal = new Dec(1);
    if (isPresent(r.quantity)) {
      quantity = yield* readDecimal(
        r.quantity,
        at('quantity'),
        'a positive decimal number such as "1" or "2.5"',
      );
      if (!quantity.isPositive() || quantity.isZero()) {
        return err(
          invalidInput(at('quantity'), 'a positive decimal number such as "1" or "2.5"', r.quantity),
        );
      }
    }

    // Recurring charges need their price base and billing period; one-time charges have neither.
    let listPriceBase: ListPriceBase | null = null;
    let billingPeriod: BillingPeriod | null = null;
    if (type === 'OneTime') {
      if (isPresent(r.listPriceBase)) return err(fieldNotAllowed(path, number, type, 'listPriceBase'));
      if (isPresent(r.billingPeriod)) return err(fieldNotAllowed(path, number, type, 'billingPeriod'));
    } else {
      if (type === 'Recurring' && !isPresent(r.listPriceBase)) {
        return err(missingField(path, number, type, 'listPriceBase'));
      }
      if (type === 'Recurring' && !isPresent(r.billingPeriod)) {
        return err(missingField(path, number, type, 'billingPeriod'));
      }
      if (isPresent(r.listPriceBase))
        listPriceBase = yield* readEnum(LIST_PRICE_BASES)(r.listPriceBase, at('listPriceBase'));
      if (isPresent(r.billingPeriod))
        billingPeriod = yield* readEnum(BILLING_PERIODS)(r.billingPeriod, at('billingPeriod'));
      if (listPriceBase === 'BillingPeriod' && billingPeriod === null) {
        return err(missingField(path, number, type, 'billingPeriod'));
      }
    }

    let specificBillingPeriodMonths: number | null = null;
    if (billingPeriod === 'SpecificMonths') {
      if (!isPresent(r.specificBillingPeriodMonths)) {
        return err(missingField(path, number, type, 'specificBillingPeriodMonths'));
      }
      const months = r.specificBillingPeriodMonths;
      if (typeof months !== 'number' || !Number.isSafeInteger(months) || months < 1) {
        return err(invalidInput(at('specificBillingPeriodMonths'), 'a whole number of months ≥ 1', months));
      }
      specificBillingPeriodMonths = months;
    } else if (isPresent(r.specificBillingPeriodMonths)) {
      return err(fieldNotAllowed(path, number, type, 'specificBillingPeriodMonths'));
    }

    let discountPercentage: Decimal | null = null;
    if (type === 'DiscountPercentage') {
      if (!isPresent(r.discountPercentage))
        return err(missingField(path, number, type, 'discountPercentage'));
      const pct = readDecimal(r.discountPercentage, at('discountPercentage'), 'a percentage');
      if (pct.isErr() || !pct.value.isPositive() || pct.value.isZero() || pct.value.greaterThan(100)) {
        return err(
          Object.freeze({
            type: 'InvalidDiscountPercentage' as const,
            message: `${at('discountPercentage')}: expected a percentage in (0, 100] such as "10" for 10 %, received ${describeReceived(r.discountPercentage)}.`,
            path: at('discountPercentage'),
            chargeNumber: number,
            received: describeReceived(r.discountPercentage),
          }),
        );
      }
      discountPercentage = pct.value;
    } else if (isPresent(r.discountPercentage)) {
      return err(fieldNotAllowed(path, number, type, 'discountPercentage'));
    }

    // Dates default to the term; an evergreen term has no end to default to.
    const startDate = isPresent(r.startDate)
      ? yield* parseBusinessDate(r.startDate, at('startDate'))
      : term.termStart;
    let endDate: BusinessDate;
    if (isPresent(r.endDate)) endDate = yield* parseBusinessDate(r.endDate, at('endDate'));
    else if (term.termEnd !== null) endDate = term.termEnd;
    else return err(missingField(path, number, type, 'endDate'));

    if (isBefore(endDate, startDate)) {
      return err(
        Object.freeze({
          type: 'ChargeEndBeforeStart' as const,
          message: `${path}: charge ${number} ends ${endDate}, before its start ${startDate}; the end date is inclusive and must be on or after the start.`,
          path: at('endDate'),
          chargeNumber: number,
          startDate,
          endDate,
        }),
      );
    }
    if (isBefore(startDate, term.termStart) || (term.termEnd !== null && isAfter(endDate, term.termEnd))) {
      const range = `${term.termStart} → ${term.termEnd ?? '(evergreen)'}`;
      return err(
        Object.freeze({
          type: 'ChargeOutsideTerm' as const,
          message: `${path}: charge ${number} runs ${startDate} → ${endDate}, outside the subscription term ${range}; move its dates inside the term.`,
          path: isBefore(startDate, term.termStart) ? at('startDate') : at('endDate'),
          chargeNumber: number,
          startDate,
          endDate,
          termStart: term.termStart,
          termEnd: term.termEnd,
        }),
      );
    }

    return ok({
      number,
      name,
      type,
      price,
      quantity,
      listPriceBase,
      billingPeriod,
      specificBillingPeriodMonths,
      discountPercentage,
      startDate,
      endDate,
    });
  });
}

function parseRatePlan(
  input: unknown,
  path: string,
  term: Term,
  ctx: ParseContext,
): Result<RatePlan, DomainError> {
  return safeTry<RatePlan, DomainError>(function* () {
    const r = yield* readObject(input, path, ['id', 'name', 'charges']);
    const id = yield* readString(r.id, joinPath(path, 'id'));
    const name = yield* readString(r.name, joinPath(path, 'name'));
    const charges = yield* readArray(r.charges, joinPath(path, 'charges'), (c, p) =>
      parseCharge(c, p, term, ctx),
    );
    const ratePlan: RatePlan = { id, name, charges };
    // Discounts add (§4.4); more than 100 % would make a charge worth less than nothing.
    for (const [i, charge] of charges.entries()) {
      if (!isRegularCharge(charge)) continue;
      const total = totalDiscountPercentage(charge, ratePlan);
      if (total.greaterThan(100)) {
        return err(
          Object.freeze({
            type: 'DiscountTotalTooHigh' as const,
            message: `${joinPath(joinPath(path, 'charges'), i)}: the percentage discounts of rate plan ${id} that apply to charge ${charge.number} add up to ${total.toFixed()} %; at most 100 % is allowed.`,
            path: joinPath(joinPath(path, 'charges'), i),
            chargeNumber: charge.number,
            totalPercentage: total.toFixed(),
          }),
        );
      }
    }
    return ok(ratePlan);
  });
}

const CREATE_SUBSCRIPTION_KEYS = [
  'type',
  'subscriptionNumber',
  'invoiceOwnerAccountNumber',
  'termType',
  'termStart',
  'termEnd',
  'invoiceSeparately',
  'ratePlans',
] as const;

const parseCreateSubscription: ActionParser<CreateSubscriptionAction> = (record, path, ctx) =>
  safeTry<CreateSubscriptionAction, DomainError>(function* () {
    const r = yield* readObject(record, path, CREATE_SUBSCRIPTION_KEYS);
    const at = (key: (typeof CREATE_SUBSCRIPTION_KEYS)[number]): string => joinPath(path, key);
    const subscriptionNumber = yield* readString(r.subscriptionNumber, at('subscriptionNumber'));
    const firstUse = ctx.subscriptionNumbers.get(subscriptionNumber);
    if (firstUse !== undefined) {
      return err(
        Object.freeze({
          type: 'DuplicateSubscriptionNumber' as const,
          message: `${at('subscriptionNumber')}: subscription ${subscriptionNumber} is already created at ${firstUse}; each action must create a different subscription.`,
          path: at('subscriptionNumber'),
          firstPath: firstUse,
          subscriptionNumber,
        }),
      );
    }
    ctx.subscriptionNumbers.set(subscriptionNumber, at('subscriptionNumber'));
    const owner = isPresent(r.invoiceOwnerAccountNumber)
      ? yield* readString(r.invoiceOwnerAccountNumber, at('invoiceOwnerAccountNumber'))
      : undefined;
    const termType = yield* readEnum(['Termed', 'Evergreen'] as const)(r.termType, at('termType'));
    const termStart = yield* parseBusinessDate(r.termStart, at('termStart'));
    let termEnd: BusinessDate | null = null;
    if (termType === 'Termed') {
      if (!isPresent(r.termEnd)) {
        return err(
          invalidInput(
            at('termEnd'),
            'the last day of the term (YYYY-MM-DD) for a Termed subscription',
            r.termEnd,
          ),
        );
      }
      termEnd = yield* parseBusinessDate(r.termEnd, at('termEnd'));
      if (isBefore(termEnd, termStart)) {
        return err(
          Object.freeze({
            type: 'TermEndBeforeStart' as const,
            message: `${at('termEnd')}: the term ends ${termEnd}, before it starts ${termStart}; the end is the inclusive last day of the term.`,
            path: at('termEnd'),
            termStart,
            termEnd,
          }),
        );
      }
    } else if (isPresent(r.termEnd)) {
      return err(invalidInput(at('termEnd'), 'no term end (null) for an Evergreen subscription', r.termEnd));
    }
    const invoiceSeparately = isPresent(r.invoiceSeparately)
      ? yield* readBoolean(r.invoiceSeparately, at('invoiceSeparately'))
      : false;
    const term: Term = { termType, termStart, termEnd };
    const ratePlans = yield* readArray(r.ratePlans, at('ratePlans'), (rp, p) =>
      parseRatePlan(rp, p, term, ctx),
    );
    return ok({
      type: 'CreateSubscription' as const,
      subscriptionNumber,
      ...(owner === undefined ? {} : { invoiceOwnerAccountNumber: owner }),
      termType,
      termStart,
      termEnd,
      invoiceSeparately,
      ratePlans,
    });
  });

/** One parser per action type: adding an action to the union without a parser is a compile error. */
const ACTION_PARSERS: { readonly [K in OrderActionType]: ActionParser<Extract<OrderAction, { type: K }>> } =
  Object.freeze({ CreateSubscription: parseCreateSubscription });

function parseAction(input: unknown, path: string, ctx: ParseContext): Result<OrderAction, DomainError> {
  return safeTry<OrderAction, DomainError>(function* () {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return err(invalidInput(path, 'an order action object with a "type"', input));
    }
    const type = yield* readEnum(ORDER_ACTION_TYPES)(
      (input as { type?: unknown }).type,
      joinPath(path, 'type'),
    );
    return ACTION_PARSERS[type](input as Readonly<Record<string, unknown>>, path, ctx);
  });
}

const ORDER_KEYS = ['number', 'accountNumber', 'orderDate', 'status', 'actions'] as const;

/**
 * Parses and validates an order of `account` from plain JSON-like input (amounts as decimal strings at the
 * account currency's scale, dates as `YYYY-MM-DD`). Defaults: status `Draft`, quantity 1, `invoiceSeparately`
 * false, charge dates the term's. Returns the first broken rule as a typed error naming its path, e.g.
 * `actions[0].ratePlans[1].charges[0].price`. The order is deep-frozen; the input is never mutated.
 * @since 0.1.0
 */
export function createOrder(input: unknown, account: Account): Result<Order, DomainError> {
  return safeTry<Order, DomainError>(function* () {
    const currency = yield* getCurrency(account.currency);
    const r = yield* readObject(input, '', ORDER_KEYS);
    const number = yield* readString(r.number, 'number');
    if (isPresent(r.accountNumber) && r.accountNumber !== account.number) {
      const given = typeof r.accountNumber === 'string' ? r.accountNumber : describeReceived(r.accountNumber);
      return err(
        Object.freeze({
          type: 'OrderAccountMismatch' as const,
          message: `accountNumber: the order names account ${given} but is created for account ${account.number}; omit the field or use ${account.number}.`,
          path: 'accountNumber',
          accountNumber: account.number,
          orderAccountNumber: given,
        }),
      );
    }
    const orderDate = yield* parseBusinessDate(r.orderDate, 'orderDate');
    const status = isPresent(r.status) ? yield* readEnum(ORDER_STATUSES)(r.status, 'status') : 'Draft';
    const ctx: ParseContext = { currency, chargeNumbers: new Map(), subscriptionNumbers: new Map() };
    const actions = yield* readArray(r.actions, 'actions', (a, p) => parseAction(a, p, ctx));
    return ok(
      deepFreeze<Order>({
        number,
        accountNumber: account.number,
        currency: currency.code,
        orderDate,
        status,
        actions,
      }),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// Activation (pure: the caller persists the result)

/** The subscriptions as seen while applying an order's actions one after the other. */
interface ActivationState {
  readonly order: Order;
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Numbers of the subscriptions created or changed so far, in first-change order. */
  readonly changed: readonly string[];
}

/** Applies one action of the order to the state; `path` locates the action (`actions[2]`). */
type ActionHandler<A extends OrderAction> = (
  state: ActivationState,
  action: A,
  path: string,
) => Result<ActivationState, DomainError>;

function withSubscription(state: ActivationState, sub: Subscription): ActivationState {
  const subscriptions = new Map(state.subscriptions);
  subscriptions.set(sub.number, sub);
  const changed = state.changed.includes(sub.number) ? state.changed : [...state.changed, sub.number];
  return { order: state.order, subscriptions, changed };
}

const activateCreateSubscription: ActionHandler<CreateSubscriptionAction> = (state, action, path) => {
  if (state.subscriptions.has(action.subscriptionNumber)) {
    return err(
      Object.freeze({
        type: 'SubscriptionAlreadyExists' as const,
        message: `${path}: subscription ${action.subscriptionNumber} already exists; choose a new subscription number or change the existing subscription with another action.`,
        path: joinPath(path, 'subscriptionNumber'),
        subscriptionNumber: action.subscriptionNumber,
      }),
    );
  }
  for (const sub of state.subscriptions.values()) {
    for (const [p, ratePlan] of action.ratePlans.entries()) {
      for (const [c, charge] of ratePlan.charges.entries()) {
        if (sub.ratePlans.some((rp) => rp.charges.some((existing) => existing.number === charge.number))) {
          return err(
            Object.freeze({
              type: 'ChargeAlreadyExists' as const,
              message: `${path}: charge number ${charge.number} is already used by subscription ${sub.number}; charge numbers are unique across subscriptions.`,
              path: joinPath(
                joinPath(joinPath(joinPath(joinPath(path, 'ratePlans'), p), 'charges'), c),
                'number',
              ),
              chargeNumber: charge.number,
              subscriptionNumber: sub.number,
            }),
          );
        }
      }
    }
  }
  return ok(
    withSubscription(state, {
      number: action.subscriptionNumber,
      accountNumber: action.invoiceOwnerAccountNumber ?? state.order.accountNumber,
      currency: state.order.currency,
      termType: action.termType,
      termStart: action.termStart,
      termEnd: action.termEnd,
      status: 'Active',
      invoiceSeparately: action.invoiceSeparately,
      ratePlans: frozenCopy(action.ratePlans),
      createdByOrder: state.order.number,
      version: 1,
    }),
  );
};

/** One handler per action type: adding an action to the union without a handler is a compile error. */
const ACTION_HANDLERS: { readonly [K in OrderActionType]: ActionHandler<Extract<OrderAction, { type: K }>> } =
  Object.freeze({ CreateSubscription: activateCreateSubscription });

function applyAction(
  state: ActivationState,
  action: OrderAction,
  path: string,
): Result<ActivationState, DomainError> {
  // The mapped type pairs each action with its handler; TypeScript cannot correlate the two, hence the cast.
  const handler = ACTION_HANDLERS[action.type] as ActionHandler<OrderAction>;
  return handler(state, action, path);
}

/**
 * Activates an order, purely: applies its actions in order to the `current` subscriptions and returns the order
 * as `Completed` with the subscriptions it created or changed (only those; version 1 for new ones, status
 * Active, `createdByOrder` the order number, the order's currency). Refuses an order that is already Completed
 * and a subscription number that already exists. Inputs are never mutated; outputs are deep-frozen.
 * @since 0.1.0
 */
export function activateOrder(
  order: Order,
  current: readonly Subscription[],
): Result<OrderActivation, DomainError> {
  if (order.status === 'Completed') {
    return err(
      Object.freeze({
        type: 'OrderAlreadyActivated' as const,
        message: `Order ${order.number} is already Completed; its actions were applied when it was activated. Create a new order for further changes.`,
        orderNumber: order.number,
      }),
    );
  }
  let state: ActivationState = {
    order,
    subscriptions: new Map(current.map((s) => [s.number, s])),
    changed: [],
  };
  for (const [i, action] of order.actions.entries()) {
    const next = applyAction(state, action, joinPath('actions', i));
    if (next.isErr()) return err(next.error);
    state = next.value;
  }
  const subscriptions = state.changed.map((n) => state.subscriptions.get(n)!);
  return ok(frozenCopy({ order: { ...order, status: 'Completed' as const }, subscriptions }));
}
