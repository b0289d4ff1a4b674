// Parsing an order from plain input: one parser per action type (createOrder is the entry point).
import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { type BusinessDate, isBefore, parseBusinessDate } from '../../time/date';
import type { Account } from '../contract/account';
import { isPlainObject } from '../decode';
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
import { duplicateRatePlanId, termEndBeforeStart } from './errors';
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

// The parsers are plain checks, not `safeTry` generators: each `yield*` of a Result made a generator object,
// and an order's parse spent about half its time in them.

const readTermType = readEnum(['Termed', 'Evergreen'] as const);
const readActionType = readEnum(ORDER_ACTION_TYPES);
const readOrderStatus = readEnum(ORDER_STATUSES);

const parseCreateSubscription: ActionParser<CreateSubscriptionAction> = (record, path, ctx) => {
  const read = readObject(record, path, CREATE_SUBSCRIPTION_KEYS);
  if (read.isErr()) return err(read.error);
  const r = read.value;
  const at = (key: (typeof CREATE_SUBSCRIPTION_KEYS)[number]): string => joinPath(path, key);
  const numberRead = readString(r.subscriptionNumber, at('subscriptionNumber'));
  if (numberRead.isErr()) return err(numberRead.error);
  const subscriptionNumber = numberRead.value;
  const claimed = claimNumber(
    ctx.subscriptionNumbers,
    subscriptionNumber,
    at('subscriptionNumber'),
    (firstUse) =>
      Object.freeze({
        type: 'DuplicateSubscriptionNumber' as const,
        message: `${at('subscriptionNumber')}: subscription ${subscriptionNumber} is already created at ${firstUse}; each action must create a different subscription.`,
        path: at('subscriptionNumber'),
        firstPath: firstUse,
        subscriptionNumber,
      }),
  );
  if (claimed.isErr()) return err(claimed.error);
  let owner: string | undefined;
  if (isPresent(r.invoiceOwnerAccountNumber)) {
    const ownerRead = readString(r.invoiceOwnerAccountNumber, at('invoiceOwnerAccountNumber'));
    if (ownerRead.isErr()) return err(ownerRead.error);
    owner = ownerRead.value;
  }
  const termTypeRead = readTermType(r.termType, at('termType'));
  if (termTypeRead.isErr()) return err(termTypeRead.error);
  const termType = termTypeRead.value;
  const startRead = parseBusinessDate(r.termStart, at('termStart'));
  if (startRead.isErr()) return err(startRead.error);
  const termStart = startRead.value;
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
    const endRead = parseBusinessDate(r.termEnd, at('termEnd'));
    if (endRead.isErr()) return err(endRead.error);
    termEnd = endRead.value;
    if (isBefore(termEnd, termStart)) {
      return err(termEndBeforeStart(at('termEnd'), termStart, termEnd));
    }
  } else if (isPresent(r.termEnd)) {
    return err(invalidInput(at('termEnd'), 'no term end (null) for an Evergreen subscription', r.termEnd));
  }
  let invoiceSeparately = false;
  if (isPresent(r.invoiceSeparately)) {
    const separatelyRead = readBoolean(r.invoiceSeparately, at('invoiceSeparately'));
    if (separatelyRead.isErr()) return err(separatelyRead.error);
    invoiceSeparately = separatelyRead.value;
  }
  const term: Term = { termType, termStart, termEnd };
  const ratePlans = readArray(r.ratePlans, at('ratePlans'), (rp, p) => parseRatePlan(rp, p, term, ctx));
  if (ratePlans.isErr()) return err(ratePlans.error);
  const duplicate = duplicateRatePlanId(ratePlans.value, path, subscriptionNumber);
  if (duplicate !== undefined) return err(duplicate);
  return ok({
    type: 'CreateSubscription' as const,
    subscriptionNumber,
    ...(owner === undefined ? {} : { invoiceOwnerAccountNumber: owner }),
    termType,
    termStart,
    termEnd,
    invoiceSeparately,
    ratePlans: ratePlans.value,
  });
};

/** Reads the fields every change action has: the subscription it changes. */
function readSubscriptionNumber(
  r: Readonly<Record<string, unknown>>,
  path: string,
): Result<string, DomainError> {
  return readString(r.subscriptionNumber, joinPath(path, 'subscriptionNumber'));
}

/** The action object with only `allowed` keys, and the subscription it names. */
function readChangeAction(
  record: Readonly<Record<string, unknown>>,
  path: string,
  allowed: readonly string[],
): Result<
  { readonly r: Readonly<Record<string, unknown>>; readonly subscriptionNumber: string },
  DomainError
> {
  const read = readObject(record, path, allowed);
  if (read.isErr()) return err(read.error);
  const subscriptionNumber = readSubscriptionNumber(read.value, path);
  if (subscriptionNumber.isErr()) return err(subscriptionNumber.error);
  return ok({ r: read.value, subscriptionNumber: subscriptionNumber.value });
}

/** Parser of the actions shaped `{ type, subscriptionNumber, effectiveDate }` (Cancel, Suspend, Resume). */
function datedActionParser<T extends 'CancelSubscription' | 'Suspend' | 'Resume'>(
  type: T,
): ActionParser<Extract<OrderAction, { type: T }>> {
  return (record, path) => {
    const read = readChangeAction(record, path, ['type', 'subscriptionNumber', 'effectiveDate']);
    if (read.isErr()) return err(read.error);
    const { r, subscriptionNumber } = read.value;
    const effectiveDate = parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
    if (effectiveDate.isErr()) return err(effectiveDate.error);
    return ok({ type, subscriptionNumber, effectiveDate: effectiveDate.value } as Extract<
      OrderAction,
      { type: T }
    >);
  };
}

const parseRemoveProduct: ActionParser<RemoveProductAction> = (record, path) => {
  const read = readChangeAction(record, path, ['type', 'subscriptionNumber', 'ratePlanId', 'effectiveDate']);
  if (read.isErr()) return err(read.error);
  const { r, subscriptionNumber } = read.value;
  const ratePlanId = readString(r.ratePlanId, joinPath(path, 'ratePlanId'));
  if (ratePlanId.isErr()) return err(ratePlanId.error);
  const effectiveDate = parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
  if (effectiveDate.isErr()) return err(effectiveDate.error);
  return ok({
    type: 'RemoveProduct' as const,
    subscriptionNumber,
    ratePlanId: ratePlanId.value,
    effectiveDate: effectiveDate.value,
  });
};

const parseUpdateProduct: ActionParser<UpdateProductAction> = (record, path, ctx) => {
  const read = readChangeAction(record, path, [
    'type',
    'subscriptionNumber',
    'chargeNumber',
    'effectiveDate',
    'price',
    'quantity',
  ]);
  if (read.isErr()) return err(read.error);
  const { r, subscriptionNumber } = read.value;
  const chargeNumber = readString(r.chargeNumber, joinPath(path, 'chargeNumber'));
  if (chargeNumber.isErr()) return err(chargeNumber.error);
  const effectiveDate = parseBusinessDate(r.effectiveDate, joinPath(path, 'effectiveDate'));
  if (effectiveDate.isErr()) return err(effectiveDate.error);
  if (!isPresent(r.price) && !isPresent(r.quantity)) {
    return err(invalidInput(joinPath(path, 'price'), 'a new price and/or a new quantity', r.price));
  }
  let price: Decimal | undefined;
  if (isPresent(r.price)) {
    const priceRead = readPrice(r.price, ctx.currency, joinPath(path, 'price'));
    if (priceRead.isErr()) return err(priceRead.error);
    price = priceRead.value;
  }
  let quantity: Decimal | undefined;
  if (isPresent(r.quantity)) {
    const quantityRead = readQuantity(r.quantity, joinPath(path, 'quantity'));
    if (quantityRead.isErr()) return err(quantityRead.error);
    quantity = quantityRead.value;
  }
  return ok({
    type: 'UpdateProduct' as const,
    subscriptionNumber,
    chargeNumber: chargeNumber.value,
    effectiveDate: effectiveDate.value,
    ...(price === undefined ? {} : { price }),
    ...(quantity === undefined ? {} : { quantity }),
  });
};

const parseAddProduct: ActionParser<AddProductAction> = (record, path, ctx) => {
  const read = readChangeAction(record, path, ['type', 'subscriptionNumber', 'ratePlan']);
  if (read.isErr()) return err(read.error);
  const { r, subscriptionNumber } = read.value;
  // The term is only known at activation: charge dates are required here and checked against it there.
  const ratePlan = parseRatePlan(r.ratePlan, joinPath(path, 'ratePlan'), null, ctx);
  if (ratePlan.isErr()) return err(ratePlan.error);
  return ok({ type: 'AddProduct' as const, subscriptionNumber, ratePlan: ratePlan.value });
};

const parseTermsAndConditions: ActionParser<TermsAndConditionsAction> = (record, path) => {
  const read = readChangeAction(record, path, ['type', 'subscriptionNumber', 'termStart', 'termEnd']);
  if (read.isErr()) return err(read.error);
  const { r, subscriptionNumber } = read.value;
  if (!isPresent(r.termStart) && !isPresent(r.termEnd)) {
    return err(
      invalidInput(joinPath(path, 'termStart'), 'a new term start and/or a new term end', r.termStart),
    );
  }
  let termStart: BusinessDate | undefined;
  if (isPresent(r.termStart)) {
    const startRead = parseBusinessDate(r.termStart, joinPath(path, 'termStart'));
    if (startRead.isErr()) return err(startRead.error);
    termStart = startRead.value;
  }
  let termEnd: BusinessDate | undefined;
  if (isPresent(r.termEnd)) {
    const endRead = parseBusinessDate(r.termEnd, joinPath(path, 'termEnd'));
    if (endRead.isErr()) return err(endRead.error);
    termEnd = endRead.value;
  }
  if (termStart !== undefined && termEnd !== undefined && isBefore(termEnd, termStart)) {
    return err(termEndBeforeStart(joinPath(path, 'termEnd'), termStart, termEnd));
  }
  return ok({
    type: 'TermsAndConditions' as const,
    subscriptionNumber,
    ...(termStart === undefined ? {} : { termStart }),
    ...(termEnd === undefined ? {} : { termEnd }),
  });
};

const parseRenew: ActionParser<RenewAction> = (record, path) => {
  const read = readChangeAction(record, path, ['type', 'subscriptionNumber', 'renewalTermMonths']);
  if (read.isErr()) return err(read.error);
  const { r, subscriptionNumber } = read.value;
  const months = r.renewalTermMonths;
  if (typeof months !== 'number' || !Number.isSafeInteger(months) || months < 1 || months > 1200) {
    return err(
      invalidInput(joinPath(path, 'renewalTermMonths'), 'a whole number of months from 1 to 1200', months),
    );
  }
  return ok({ type: 'Renew' as const, subscriptionNumber, renewalTermMonths: months });
};

const parseOwnerTransfer: ActionParser<OwnerTransferAction> = (record, path) => {
  const read = readChangeAction(record, path, ['type', 'subscriptionNumber', 'newOwnerAccountNumber']);
  if (read.isErr()) return err(read.error);
  const { r, subscriptionNumber } = read.value;
  const newOwner = readString(r.newOwnerAccountNumber, joinPath(path, 'newOwnerAccountNumber'));
  if (newOwner.isErr()) return err(newOwner.error);
  return ok({ type: 'OwnerTransfer' as const, subscriptionNumber, newOwnerAccountNumber: newOwner.value });
};

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
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(invalidInput(path, 'an order action object with a "type"', input));
  }
  // A class instance is refused before its `type` is read: a getter that throws would reject the call (review
  // 208); the action parsers refuse it anyway ("a plain object").
  if (!isPlainObject(input)) return err(invalidInput(path, 'a plain object', input));
  const type = readActionType((input as { type?: unknown }).type, joinPath(path, 'type'));
  if (type.isErr()) return err(type.error);
  return ACTION_PARSERS[type.value](input as Readonly<Record<string, unknown>>, path, ctx);
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
  const size = checkInputSize(input);
  if (size.isErr()) return err(size.error);
  const currency = getCurrency(account.currency);
  if (currency.isErr()) return err(currency.error);
  const read = readObject(input, '', ORDER_KEYS);
  if (read.isErr()) return err(read.error);
  const r = read.value;
  const number = readString(r.number, 'number');
  if (number.isErr()) return err(number.error);
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
  const orderDate = parseBusinessDate(r.orderDate, 'orderDate');
  if (orderDate.isErr()) return err(orderDate.error);
  let status: Order['status'] = 'Draft';
  if (isPresent(r.status)) {
    const statusRead = readOrderStatus(r.status, 'status');
    if (statusRead.isErr()) return err(statusRead.error);
    status = statusRead.value;
  }
  const ctx: ParseContext = {
    currency: currency.value,
    chargeNumbers: new Map(),
    subscriptionNumbers: new Map(),
  };
  const actions = readArray(r.actions, 'actions', (a, p) => parseAction(a, p, ctx));
  if (actions.isErr()) return err(actions.error);
  return ok(
    deepFreeze<Order>({
      number: number.value,
      accountNumber: account.number,
      currency: currency.value.code,
      orderDate: orderDate.value,
      status,
      actions: actions.value,
    }),
  );
}
