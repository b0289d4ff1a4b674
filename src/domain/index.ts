/**
 * Domain: the contract model (tenant settings, accounts, subscriptions, rate plans and charges, charge values,
 * orders and their activation). Pure functions over frozen data, no I/O.
 * @module
 */
export { type Account, createAccount } from './account';
export {
  BILLING_PERIOD_MONTHS,
  BILLING_PERIODS,
  type BillingPeriod,
  billingPeriodMonths,
  CHARGE_TYPES,
  type ChargeType,
  isRegularCharge,
  LIST_PRICE_BASES,
  type ListPriceBase,
  type RatePlan,
  type RatePlanCharge,
} from './charge';
export {
  applicableDiscounts,
  chargeTermMonths,
  chargeValue,
  chargeValueThrough,
  type DiscountBreakdown,
  type DiscountLine,
  discountBreakdownForNet,
  discountLinesFor,
  grossValue,
  monthlyPrice,
  subscriptionValue,
  totalDiscountPercentage,
} from './charge-value';
export {
  type ChargeAlreadyExists,
  type ChargeEndBeforeStart,
  type ChargeFieldNotAllowed,
  type ChargeOutsideTerm,
  type ContractError,
  type DiscountTotalTooHigh,
  DOMAIN_ERROR_TYPES,
  type DomainError,
  type DuplicateChargeNumber,
  type DuplicateSubscriptionNumber,
  type InvalidDiscountPercentage,
  type InvalidInput,
  type InvalidTenantSettings,
  type MissingChargeField,
  type OrderAccountMismatch,
  type OrderAlreadyActivated,
  type SubscriptionAlreadyExists,
  type SubscriptionNotSchedulable,
  type TermEndBeforeStart,
} from './errors';
export {
  activateOrder,
  type CreateSubscriptionAction,
  createOrder,
  ORDER_ACTION_TYPES,
  ORDER_STATUSES,
  type Order,
  type OrderAction,
  type OrderActionType,
  type OrderActivation,
  type OrderStatus,
} from './order';
export { DEFAULT_TENANT_SETTINGS, type TenantSettings, tenantSettings } from './settings';
export { allCharges, type ChargeInPlan, findCharge, isSchedulable, type Subscription } from './subscription';
