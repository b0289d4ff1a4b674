import type { Decimal } from 'decimal.js';
import { type BusinessDate, isBefore } from '../../time/date';

/**
 * The charge types an invoice schedule can cover (§4.2 rule 3): one-time and recurring charges are billed;
 * percentage discounts apply to the regular charges of their rate plan. Usage and fixed-amount discounts are
 * out of scope.
 * @category Domain model
 * @since 0.1.0
 */
export type ChargeType = 'OneTime' | 'Recurring' | 'DiscountPercentage';

/**
 * The stable list of {@link ChargeType} values.
 * @since 0.1.0
 */
export const CHARGE_TYPES: readonly ChargeType[] = Object.freeze([
  'OneTime',
  'Recurring',
  'DiscountPercentage',
]);

/**
 * What a recurring charge's list price is quoted per: its billing period, a month, or a year ("Annual List
 * Price", the common setup of the reference cases).
 * @category Domain model
 * @since 0.1.0
 */
export type ListPriceBase = 'BillingPeriod' | 'Month' | 'Year';

/**
 * The stable list of {@link ListPriceBase} values.
 * @since 0.1.0
 */
export const LIST_PRICE_BASES: readonly ListPriceBase[] = Object.freeze(['BillingPeriod', 'Month', 'Year']);

/**
 * A recurring charge's billing period. `SpecificMonths` takes its length from `specificBillingPeriodMonths`.
 * §4.2 rule 5: a charge in a schedule needs a billing period at least as long as its term.
 * @category Domain model
 * @since 0.1.0
 */
export type BillingPeriod =
  | 'Month'
  | 'Quarter'
  | 'SemiAnnual'
  | 'Annual'
  | 'EighteenMonths'
  | 'TwoYears'
  | 'ThreeYears'
  | 'FiveYears'
  | 'SpecificMonths';

/**
 * Months in each fixed billing period (`SpecificMonths` is per charge).
 * @since 0.1.0
 */
export const BILLING_PERIOD_MONTHS: Readonly<Record<Exclude<BillingPeriod, 'SpecificMonths'>, number>> =
  Object.freeze({
    Month: 1,
    Quarter: 3,
    SemiAnnual: 6,
    Annual: 12,
    EighteenMonths: 18,
    TwoYears: 24,
    ThreeYears: 36,
    FiveYears: 60,
  });

/**
 * The stable list of {@link BillingPeriod} values.
 * @since 0.1.0
 */
export const BILLING_PERIODS: readonly BillingPeriod[] = Object.freeze([
  ...(Object.keys(BILLING_PERIOD_MONTHS) as BillingPeriod[]),
  'SpecificMonths',
]);

/**
 * A rate plan charge of a subscription, immutable. Amounts are Decimals at the subscription currency's scale.
 * @category Domain model
 * @since 0.1.0
 */
export interface RatePlanCharge {
  /** Charge number, unique in the tenant, e.g. `C-00000001`. Schedules refer to charges by it. */
  readonly number: string;
  readonly name: string;
  readonly type: ChargeType;
  /** One-time: the amount; recurring: the list price per `listPriceBase`; discount: 0. Per unit of `quantity`. */
  readonly price: Decimal;
  /** Units; the charge is worth `price × quantity` (one-time) or per price base (recurring). */
  readonly quantity: Decimal;
  /** Required for recurring charges; null for one-time charges (optional for discounts). */
  readonly listPriceBase: ListPriceBase | null;
  /** Required for recurring charges; null for one-time charges (optional for discounts). */
  readonly billingPeriod: BillingPeriod | null;
  /** Length in months when `billingPeriod` is `SpecificMonths`, else null. */
  readonly specificBillingPeriodMonths: number | null;
  /** Discount charges only: the percentage taken off, `10` meaning 10 %; in (0, 100]. */
  readonly discountPercentage: Decimal | null;
  readonly startDate: BusinessDate;
  /**
   * Last day of the charge, inclusive. `startDate − 1 day` (or any date before the start) means the charge was
   * removed entirely (Remove Product or Cancel Subscription on or before its start, or a credited one-time
   * charge, §8.4): it is worth 0 and has a term of 0 months.
   */
  readonly endDate: BusinessDate;
  /**
   * Set by activation when a Remove Product or Cancel Subscription removed the charge's rate plan: that
   * action's effective date (the earliest, when removed again), from which on the charge is gone (§8.4).
   * Whatever the removal did to the dates (removed entirely, cut short, or nothing, effective after the
   * charge's end), a later order never carries the charge to or past this day: a Terms and Conditions term
   * end it follows stops the day before, and a Renew gives no renewal segment from it on (§8.7, C29 Ex.4).
   * A charge removed entirely (a one-time charge, or a charge removed on or before its start) has its credit
   * due on this day (§8.4, §6.6 rule 3, decision 19): its end date, the day before the start, no longer tells
   * it; a charge cut short has its credit due the day after its new end. Absent: never removed.
   * @since 0.2.0
   */
  readonly removalEffectiveDate?: BusinessDate;
  /**
   * Renewal segments only: the number of the order whose Renew created this segment, set by activation. A
   * schedule on that order covers the segments it created (§2.1, §8.7, C15), not those of a later renewal.
   * Absent on other charges (a schedule finds the charges of a Create Subscription or Add Product in the
   * order's actions) and on segments stored before 0.2.0.
   * @since 0.2.0
   */
  readonly renewalOrder?: string;
}

/**
 * A rate plan of a subscription and its charges. Percentage discounts apply to the regular charges of the
 * same rate plan (§4.2 rule 3).
 * @category Domain model
 * @since 0.1.0
 */
export interface RatePlan {
  readonly id: string;
  readonly name: string;
  readonly charges: readonly RatePlanCharge[];
}

/**
 * The length of a charge's billing period in months, or null when it has none (one-time charges, discounts
 * without a period). `SpecificMonths` reads `specificBillingPeriodMonths`.
 * @since 0.1.0
 */
export function billingPeriodMonths(
  charge: Pick<RatePlanCharge, 'billingPeriod' | 'specificBillingPeriodMonths'>,
): number | null {
  if (charge.billingPeriod === null) return null;
  if (charge.billingPeriod === 'SpecificMonths') return charge.specificBillingPeriodMonths;
  return BILLING_PERIOD_MONTHS[charge.billingPeriod];
}

/**
 * True for the charges an invoice bills for their own value (one-time and recurring), as opposed to the
 * percentage discounts that reduce them.
 * @since 0.1.0
 */
export function isRegularCharge(charge: Pick<RatePlanCharge, 'type'>): boolean {
  return charge.type === 'OneTime' || charge.type === 'Recurring';
}

/**
 * True when the charge was removed entirely: its end is before its start (Remove Product or Cancel Subscription
 * on or before the charge start, or a one-time charge credited back, §8.4). Such a charge is worth 0.
 * @since 0.1.0
 */
export function isRemovedCharge(charge: Pick<RatePlanCharge, 'startDate' | 'endDate'>): boolean {
  return isBefore(charge.endDate, charge.startDate);
}
