/**
 * The record codecs of an order and its actions, and of the subscriptions they create (both carry
 * rate plans). Internal: `records.ts` turns `orderCodec` and `subscriptionCodec` into the public
 * order and subscription record functions.
 */
import type { RatePlan, RatePlanCharge } from '../domain/contract/charge';
import type { Subscription } from '../domain/contract/subscription';
import type {
  AddProductAction,
  CancelSubscriptionAction,
  CreateSubscriptionAction,
  Order,
  OwnerTransferAction,
  RemoveProductAction,
  RenewAction,
  ResumeAction,
  SuspendAction,
  TermsAndConditionsAction,
  UpdateProductAction,
} from '../domain/order/order';
import {
  amount,
  bool,
  businessDate,
  type Codec,
  decimal,
  integer,
  key,
  list,
  nullable,
  oneOf,
  optional,
  struct,
  tagged,
  text,
} from './codec';
import type { OrderRecord, RecordOf, SubscriptionRecord } from './records';

/** An action that names only its subscription and the date it takes effect (cancel, suspend, resume). */
function datedAction<const T extends string>(type: T) {
  return struct({ type: oneOf([type]), subscriptionNumber: key, effectiveDate: businessDate });
}

const ratePlanChargeCodec: Codec<RatePlanCharge, RecordOf<RatePlanCharge>> = struct({
  number: key,
  name: text,
  type: oneOf(['OneTime', 'Recurring', 'DiscountPercentage']),
  price: amount,
  quantity: decimal,
  listPriceBase: nullable(oneOf(['BillingPeriod', 'Month', 'Year'])),
  billingPeriod: nullable(
    oneOf([
      'Month',
      'Quarter',
      'SemiAnnual',
      'Annual',
      'EighteenMonths',
      'TwoYears',
      'ThreeYears',
      'FiveYears',
      'SpecificMonths',
    ]),
  ),
  specificBillingPeriodMonths: nullable(integer(1)),
  discountPercentage: nullable(decimal),
  startDate: businessDate,
  endDate: businessDate,
  removalEffectiveDate: optional(businessDate),
  renewalOrder: optional(key),
});

const ratePlanCodec: Codec<RatePlan, RecordOf<RatePlan>> = struct({
  id: key,
  name: text,
  charges: list(ratePlanChargeCodec),
});

export const subscriptionCodec: Codec<Subscription, SubscriptionRecord> = struct({
  number: key,
  accountNumber: key,
  currency: key,
  termType: oneOf(['Termed', 'Evergreen']),
  termStart: businessDate,
  termEnd: nullable(businessDate),
  status: oneOf(['Active', 'Cancelled']),
  invoiceSeparately: bool,
  ratePlans: list(ratePlanCodec),
  createdByOrder: key,
  previousAccountNumbers: optional(list(key)),
  version: integer(1),
});

const createSubscriptionActionCodec: Codec<
  CreateSubscriptionAction,
  RecordOf<CreateSubscriptionAction>
> = struct({
  type: oneOf(['CreateSubscription']),
  subscriptionNumber: key,
  invoiceOwnerAccountNumber: optional(key),
  termType: oneOf(['Termed', 'Evergreen']),
  termStart: businessDate,
  termEnd: nullable(businessDate),
  invoiceSeparately: bool,
  ratePlans: list(ratePlanCodec),
});

const removeProductActionCodec: Codec<RemoveProductAction, RecordOf<RemoveProductAction>> = struct({
  type: oneOf(['RemoveProduct']),
  subscriptionNumber: key,
  ratePlanId: key,
  effectiveDate: businessDate,
});

const cancelSubscriptionActionCodec: Codec<
  CancelSubscriptionAction,
  RecordOf<CancelSubscriptionAction>
> = datedAction('CancelSubscription');

const updateProductActionCodec: Codec<UpdateProductAction, RecordOf<UpdateProductAction>> = struct({
  type: oneOf(['UpdateProduct']),
  subscriptionNumber: key,
  chargeNumber: key,
  effectiveDate: businessDate,
  price: optional(amount),
  quantity: optional(decimal),
});

const addProductActionCodec: Codec<AddProductAction, RecordOf<AddProductAction>> = struct({
  type: oneOf(['AddProduct']),
  subscriptionNumber: key,
  ratePlan: ratePlanCodec,
});

const termsAndConditionsActionCodec: Codec<
  TermsAndConditionsAction,
  RecordOf<TermsAndConditionsAction>
> = struct({
  type: oneOf(['TermsAndConditions']),
  subscriptionNumber: key,
  termStart: optional(businessDate),
  termEnd: optional(businessDate),
});

const renewActionCodec: Codec<RenewAction, RecordOf<RenewAction>> = struct({
  type: oneOf(['Renew']),
  subscriptionNumber: key,
  renewalTermMonths: integer(1),
});

const ownerTransferActionCodec: Codec<OwnerTransferAction, RecordOf<OwnerTransferAction>> = struct({
  type: oneOf(['OwnerTransfer']),
  subscriptionNumber: key,
  newOwnerAccountNumber: key,
});

const suspendActionCodec: Codec<SuspendAction, RecordOf<SuspendAction>> = datedAction('Suspend');

const resumeActionCodec: Codec<ResumeAction, RecordOf<ResumeAction>> = datedAction('Resume');

export const orderCodec: Codec<Order, OrderRecord> = struct({
  number: key,
  accountNumber: key,
  currency: key,
  orderDate: businessDate,
  status: oneOf(['Draft', 'Pending', 'Completed']),
  actions: list(
    tagged({
      CreateSubscription: createSubscriptionActionCodec,
      RemoveProduct: removeProductActionCodec,
      CancelSubscription: cancelSubscriptionActionCodec,
      UpdateProduct: updateProductActionCodec,
      AddProduct: addProductActionCodec,
      TermsAndConditions: termsAndConditionsActionCodec,
      Renew: renewActionCodec,
      OwnerTransfer: ownerTransferActionCodec,
      Suspend: suspendActionCodec,
      Resume: resumeActionCodec,
    }),
  ),
});
