// Parsing an order from plain input: one parser per action type (createOrder is the entry point).
import type { Decimal } from 'decimal.js';
import { err, ok, type Result, safeTry } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { type BusinessDate, isBefore, parseBusinessDate } from '../../time/date';
import type { Account } from '../contract/account';
import {
  type DomainError,
  deepFreeze,
  describeReceived,
  invalidInput,
  joinPath,
  readArray,
  readBoolean,
  readEnum,
  readObject,
  readString,
} from '../errors';
import { checkInputSize } from '../input';
import { termEndBeforeStart } from './errors';
import {
  type AddProductAction,
  type CreateSubscriptionAction,
  ORDER_ACTION_TYPES,
  ORDER_STATUSES,
  type Order,
  type OrderAction,
  type OrderActionType,
  type OwnerTransferAction,
  type RemoveProductAction,
  type RenewAction,
  type TermsAndConditionsAction,
  type UpdateProductAction,
} from './model';
import {
  claimNumber,
  isPresent,
  type ParseContext,
  parseRatePlan,
  readPrice,
  readQuantity,
  type Term,
} from './parse-rate-plan';

/** A parser for one action type; `record` is the action object, its `type` already read. */
type ActionParser<A extends OrderAction> = (
  record: Readonly<Record<string, unknown>>,
  path: string,
  ctx: ParseContext,
) => Result<A, DomainError>;

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
    yield* claimNumber(ctx.subscriptionNumbers, subscriptionNumber, at('subscriptionNumber'), (firstUse) =>
      Object.freeze({
        type: 'DuplicateSubscriptionNumber' as const,
        message: `${at('subscriptionNumber')}: subscription ${subscriptionNumber} is already created at ${firstUse}; each action must create a different subscription.`,
        path: at('subscriptionNumber'),
        firstPath: firstUse,
        subscriptionNumber,
      }),
    );
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
        return err(termEndBeforeStart(at('termEnd'), termStart, termEnd));
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

/** Reads the fields every change action has: the subscription it changes. */
function readSubscriptionNumber(
  r: Readonly<Record<string, unknown>>,
  path: string,
): Result<string, DomainError> {
  return readString(r.subscriptionNumber, joinPath(path, 'subscriptionNumber'));
}

/** Parser of the actions shaped `{ type, subscriptionNumber, effectiveDate }` (Cancel, Suspend, Resume). */
function datedActionParser<T extends 'CancelSubscription' | 'Suspend' | 'Resume'>(
  type: T,
): ActionParser<Extract<OrderAction, { type: T }>> {
  return (record, path) =>
    safeTry(function* () {
      const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'effectiveDate']);
      const subscriptionNumber = yield* readSubscriptionNumber(r, path);
      const effectiveDate = yield* parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
      return ok({ type, subscriptionNumber, effectiveDate } as Extract<OrderAction, { type: T }>);
    });
}

const parseRemoveProduct: ActionParser<RemoveProductAction> = (record, path) =>
  safeTry<RemoveProductAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'ratePlanId', 'effectiveDate']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const ratePlanId = yield* readString(r.ratePlanId, joinPath(path, 'ratePlanId'));
    const effectiveDate = yield* parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
    return ok({ type: 'RemoveProduct' as const, subscriptionNumber, ratePlanId, effectiveDate });
  });

const parseUpdateProduct: ActionParser<UpdateProductAction> = (record, path, ctx) =>
  safeTry<UpdateProductAction, DomainError>(function* () {
    const r = yield* readObject(record, path, [
      'type',
      'subscriptionNumber',
      'chargeNumber',
      'effectiveDate',
      'price',
      'quantity',
    ]);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const chargeNumber = yield* readString(r.chargeNumber, joinPath(path, 'chargeNumber'));
    const effectiveDate = yield* parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
    if (!isPresent(r.price) && !isPresent(r.quantity)) {
      return err(invalidInput(joinPath(path, 'price'), 'a new price and/or a new quantity', r.price));
    }
    const price: Decimal | undefined = isPresent(r.price)
      ? yield* readPrice(r.price, ctx.currency, joinPath(path, 'price'))
      : undefined;
    const quantity: Decimal | undefined = isPresent(r.quantity)
      ? yield* readQuantity(r.quantity, joinPath(path, 'quantity'))
      : undefined;
    return ok({
      type: 'UpdateProduct' as const,
      subscriptionNumber,
      chargeNumber,
      effectiveDate,
      ...(price === undefined ? {} : { price }),
      ...(quantity === undefined ? {} : { quantity }),
    });
  });

const parseAddProduct: ActionParser<AddProductAction> = (record, path, ctx) =>
  safeTry<AddProductAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'ratePlan']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    // The term is only known at activation: charge dates are required here and checked against it there.
    const ratePlan = yield* parseRatePlan(r.ratePlan, joinPath(path, 'ratePlan'), null, ctx);
    return ok({ type: 'AddProduct' as const, subscriptionNumber, ratePlan });
  });

const parseTermsAndConditions: ActionParser<TermsAndConditionsAction> = (record, path) =>
  safeTry<TermsAndConditionsAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'termStart', 'termEnd']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    if (!isPresent(r.termStart) && !isPresent(r.termEnd)) {
      return err(
        invalidInput(joinPath(path, 'termStart'), 'a new term start and/or a new term end', r.termStart),
      );
    }
    const termStart = isPresent(r.termStart)
      ? yield* parseBusinessDate(r.termStart, joinPath(path, 'termStart'))
      : undefined;
    const termEnd = isPresent(r.termEnd)
      ? yield* parseBusinessDate(r.termEnd, joinPath(path, 'termEnd'))
      : undefined;
    if (termStart !== undefined && termEnd !== undefined && isBefore(termEnd, termStart)) {
      return err(termEndBeforeStart(joinPath(path, 'termEnd'), termStart, termEnd));
    }
    return ok({
      type: 'TermsAndConditions' as const,
      subscriptionNumber,
      ...(termStart === undefined ? {} : { termStart }),
      ...(termEnd === undefined ? {} : { termEnd }),
    });
  });

const parseRenew: ActionParser<RenewAction> = (record, path) =>
  safeTry<RenewAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'renewalTermMonths']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const months = r.renewalTermMonths;
    if (typeof months !== 'number' || !Number.isSafeInteger(months) || months < 1 || months > 1200) {
      return err(
        invalidInput(joinPath(path, 'renewalTermMonths'), 'a whole number of months from 1 to 1200', months),
      );
    }
    return ok({ type: 'Renew' as const, subscriptionNumber, renewalTermMonths: months });
  });

const parseOwnerTransfer: ActionParser<OwnerTransferAction> = (record, path) =>
  safeTry<OwnerTransferAction, DomainError>(function* () {
    const r = yield* readObject(record, path, ['type', 'subscriptionNumber', 'newOwnerAccountNumber']);
    const subscriptionNumber = yield* readSubscriptionNumber(r, path);
    const newOwnerAccountNumber = yield* readString(
      r.newOwnerAccountNumber,
      joinPath(path, 'newOwnerAccountNumber'),
    );
    return ok({ type: 'OwnerTransfer' as const, subscriptionNumber, newOwnerAccountNumber });
  });

/** One parser per action type: adding an action to the union without a parser is a compile error. */
const ACTION_PARSERS: { readonly [K in OrderActionType]: ActionParser<Extract<OrderAction, { type: K }>> } =
  Object.freeze({
    CreateSubscription: parseCreateSubscription,
    RemoveProduct: parseRemoveProduct,
    CancelSubscription: datedActionParser('CancelSubscription'),
    UpdateProduct: parseUpdateProduct,
    AddProduct: parseAddProduct,
    TermsAndConditions: parseTermsAndConditions,
    Renew: parseRenew,
    OwnerTransfer: parseOwnerTransfer,
    Suspend: datedActionParser('Suspend'),
    Resume: datedActionParser('Resume'),
  });

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
 * `actions[0].ratePlans[1].charges[0].price`; input beyond `INPUT_LIMITS` (1,000 actions, rate plans or charges
 * per list …) is refused first, in one pass. The order is deep-frozen; the input is never mutated.
 * @since 0.1.0
 */
export function createOrder(input: unknown, account: Account): Result<Order, DomainError> {
  return safeTry<Order, DomainError>(function* () {
    yield* checkInputSize(input);
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
