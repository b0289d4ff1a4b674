// Parsing of rate plans and their charges (Create Subscription, Add Product), and the readers the action
// parsers share.
import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import type { Currency } from '../../money/currency';
import { Dec, frozenDecimal, isFiniteDecimal, ZERO } from '../../money/decimal';
import { type AmountInput, parseAmount } from '../../money/money';
import { type BusinessDate, compareDates, isAfter, isBefore, parseBusinessDate } from '../../time/date';
import {
  BILLING_PERIODS,
  type BillingPeriod,
  CHARGE_TYPES,
  isRegularCharge,
  isRemovedCharge,
  LIST_PRICE_BASES,
  type ListPriceBase,
  type RatePlan,
  type RatePlanCharge,
} from '../contract/charge';
import {
  type DiscountCoversPartOfCharge,
  type DomainError,
  describeReceived,
  invalidInput,
  joinPath,
  readArray,
  readEnum,
  readObject,
  readString,
} from '../errors';
import { chargeValueTooLarge } from './charge-size';
import { chargeOutsideTerm, fieldNotAllowed, missingField } from './errors';

/** Per-order parse context: the currency and the numbers already used (paths of their first use). */
export interface ParseContext {
  readonly currency: Currency;
  readonly chargeNumbers: Map<string, string>;
  readonly subscriptionNumbers: Map<string, string>;
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** Reads a finite decimal given as a plain decimal string, a finite JS number or a Decimal. */
function readDecimal(input: unknown, path: string, expected: string): Result<Decimal, DomainError> {
  // A Decimal of the order's own, frozen, so that the stores keep it as it is (and every value sharing it
  // stays shared) instead of a frozen copy of their own; a caller's Decimal is copied, never frozen.
  if (typeof input === 'string' && DECIMAL_PATTERN.test(input)) return ok(frozenDecimal(new Dec(input)));
  if (typeof input === 'number' && Number.isFinite(input)) return ok(frozenDecimal(new Dec(input)));
  if (isFiniteDecimal(input)) return ok(frozenDecimal(new Dec(input)));
  return err(invalidInput(path, expected, input));
}

/** The quantity of a charge that gives none. */
const ONE = frozenDecimal(new Dec(1));

export const isPresent = (x: unknown): boolean => x !== undefined && x !== null;

/** Reads a price: an amount ≥ 0 at the order currency's scale. */
export function readPrice(input: unknown, currency: Currency, path: string): Result<Decimal, DomainError> {
  return parseAmount(input as AmountInput, currency, path).andThen((price) =>
    price.isNegative() ? err(invalidInput(path, 'an amount ≥ 0', input)) : ok(price),
  );
}

/**
 * The most significant digits of a quantity. A charge's price has at most 33 (30 before the decimal point, three
 * after), so price × quantity has at most 53 and decimal.js (60 significant digits) computes it exactly: a
 * quantity of 62 digits was rounded silently, moving a value by a cent. Trailing zeros of a whole number do not
 * count (1e25 is one digit, and its size is checked with the value).
 */
export const QUANTITY_SIGNIFICANT_DIGITS = 20;

/**
 * The most decimal places of a discount percentage, as of a schedule item's percentage: the sum of a rate plan's
 * discounts is then exact (one of 61 significant digits was rounded, moving a value by a cent).
 */
export const DISCOUNT_PERCENTAGE_DECIMALS = 10;

const QUANTITY_EXPECTED = `a positive decimal number of at most ${QUANTITY_SIGNIFICANT_DIGITS} significant digits, such as "1" or "2.5"`;

/** Reads a quantity: a decimal > 0 of at most {@link QUANTITY_SIGNIFICANT_DIGITS} significant digits. */
export function readQuantity(input: unknown, path: string): Result<Decimal, DomainError> {
  return readDecimal(input, path, QUANTITY_EXPECTED).andThen((quantity) =>
    !quantity.isPositive() || quantity.isZero() || quantity.sd() > QUANTITY_SIGNIFICANT_DIGITS
      ? err(invalidInput(path, QUANTITY_EXPECTED, input))
      : ok(quantity),
  );
}

/**
 * Records the first use of a number that must be unique in the order (`used`: each number and the path of its
 * first use); a second use is refused with `duplicate(firstPath)`.
 */
export function claimNumber(
  used: Map<string, string>,
  number: string,
  path: string,
  duplicate: (firstPath: string) => DomainError,
): Result<void, DomainError> {
  const firstUse = used.get(number);
  if (firstUse !== undefined) return err(duplicate(firstUse));
  used.set(number, path);
  return ok(undefined);
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

/** The enum readers of a charge's fields, made once (not at each charge). */
const readChargeType = readEnum(CHARGE_TYPES);
const readListPriceBase = readEnum(LIST_PRICE_BASES);
const readBillingPeriod = readEnum(BILLING_PERIODS);

export interface Term {
  readonly termType: 'Termed' | 'Evergreen';
  readonly termStart: BusinessDate;
  readonly termEnd: BusinessDate | null;
}

/** `term` null: the subscription is not known yet (Add Product), so both dates are required and not range-checked. */
function parseCharge(
  input: unknown,
  path: string,
  term: Term | null,
  ctx: ParseContext,
): Result<RatePlanCharge, DomainError> {
  // Plain checks, not a `safeTry` generator: each `yield*` of a Result made a generator object, and an
  // order's parse spent about half its time in them.
  const read = readObject(input, path, CHARGE_KEYS);
  if (read.isErr()) return err(read.error);
  const r = read.value;
  const at = (key: (typeof CHARGE_KEYS)[number]): string => joinPath(path, key);
  const numberRead = readString(r.number, at('number'));
  if (numberRead.isErr()) return err(numberRead.error);
  const number = numberRead.value;
  const claimed = claimNumber(ctx.chargeNumbers, number, at('number'), (firstUse) =>
    Object.freeze({
      type: 'DuplicateChargeNumber' as const,
      message: `${at('number')}: charge number ${number} is already used at ${firstUse}; charge numbers must be unique.`,
      path: at('number'),
      firstPath: firstUse,
      chargeNumber: number,
    }),
  );
  if (claimed.isErr()) return err(claimed.error);
  const nameRead = readString(r.name, at('name'));
  if (nameRead.isErr()) return err(nameRead.error);
  const name = nameRead.value;
  const typeRead = readChargeType(r.type, at('type'));
  if (typeRead.isErr()) return err(typeRead.error);
  const type = typeRead.value;

  // Price: an amount at the currency scale; discounts carry no price of their own (0).
  let price: Decimal = ZERO;
  if (type === 'DiscountPercentage') {
    if (isPresent(r.price)) {
      const given = parseAmount(r.price as AmountInput, ctx.currency, at('price'));
      if (given.isErr()) return err(given.error);
      if (!given.value.isZero()) return err(fieldNotAllowed(path, number, type, 'price'));
    }
  } else {
    if (!isPresent(r.price)) return err(missingField(path, number, type, 'price'));
    const priceRead = readPrice(r.price, ctx.currency, at('price'));
    if (priceRead.isErr()) return err(priceRead.error);
    price = priceRead.value;
  }

  let quantity: Decimal = ONE;
  if (isPresent(r.quantity)) {
    const quantityRead = readQuantity(r.quantity, at('quantity'));
    if (quantityRead.isErr()) return err(quantityRead.error);
    quantity = quantityRead.value;
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
    if (isPresent(r.listPriceBase)) {
      const baseRead = readListPriceBase(r.listPriceBase, at('listPriceBase'));
      if (baseRead.isErr()) return err(baseRead.error);
      listPriceBase = baseRead.value;
    }
    if (isPresent(r.billingPeriod)) {
      const periodRead = readBillingPeriod(r.billingPeriod, at('billingPeriod'));
      if (periodRead.isErr()) return err(periodRead.error);
      billingPeriod = periodRead.value;
    }
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
    if (!isPresent(r.discountPercentage)) return err(missingField(path, number, type, 'discountPercentage'));
    const pct = readDecimal(r.discountPercentage, at('discountPercentage'), 'a percentage');
    if (
      pct.isErr() ||
      !pct.value.isPositive() ||
      pct.value.isZero() ||
      pct.value.greaterThan(100) ||
      pct.value.decimalPlaces() > DISCOUNT_PERCENTAGE_DECIMALS
    ) {
      return err(
        Object.freeze({
          type: 'InvalidDiscountPercentage' as const,
          message: `${at('discountPercentage')}: expected a percentage in (0, 100] of at most ${DISCOUNT_PERCENTAGE_DECIMALS} decimal places such as "10" for 10 %, received ${describeReceived(r.discountPercentage)}.`,
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
  let startDate: BusinessDate;
  if (isPresent(r.startDate)) {
    const startRead = parseBusinessDate(r.startDate, at('startDate'));
    if (startRead.isErr()) return err(startRead.error);
    startDate = startRead.value;
  } else if (term !== null) startDate = term.termStart;
  else return err(missingField(path, number, type, 'startDate'));
  let endDate: BusinessDate;
  if (isPresent(r.endDate)) {
    const endRead = parseBusinessDate(r.endDate, at('endDate'));
    if (endRead.isErr()) return err(endRead.error);
    endDate = endRead.value;
  } else if (term !== null && term.termEnd !== null) endDate = term.termEnd;
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
  if (
    term !== null &&
    (isBefore(startDate, term.termStart) || (term.termEnd !== null && isAfter(endDate, term.termEnd)))
  ) {
    const field = isBefore(startDate, term.termStart) ? 'startDate' : 'endDate';
    return err(chargeOutsideTerm(path, { number, startDate, endDate }, term.termStart, term.termEnd, field));
  }

  const charge: RatePlanCharge = {
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
  };
  // The charge's value is an amount too (docs/concepts/money.md "Size"), or no schedule could bill it.
  const tooLarge = chargeValueTooLarge(
    charge,
    ctx.currency,
    at(isPresent(r.quantity) ? 'quantity' : 'price'),
  );
  return tooLarge === null ? ok(charge) : err(tooLarge);
}

/** How many of the sorted `dates` are before `date` (`orEqual`: on or before it): a binary search. */
function countBefore(dates: readonly BusinessDate[], date: BusinessDate, orEqual: boolean): number {
  let low = 0;
  let high = dates.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const c = compareDates(dates[mid] as BusinessDate, date);
    if (c < 0 || (orEqual && c === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Sorted dates with the running sums of the percentages that go with them (`sums[k]`: the first k). */
function sortedSums(entries: readonly (readonly [BusinessDate, Decimal])[]) {
  const sorted = [...entries].sort(([a], [b]) => compareDates(a, b));
  const sums: Decimal[] = [ZERO];
  for (const [, pct] of sorted) sums.push((sums[sums.length - 1] as Decimal).plus(pct));
  return { dates: sorted.map(([d]) => d), sums };
}

/**
 * The summed percentage of the discounts that apply to each charge of a rate plan (`null` for a discount):
 * `totalDiscountPercentage` for every charge at once, in O(n log n) instead of n × (n + discounts) — the
 * quadratic step that made 64,000 charges take tens of seconds (issue 13). A discount applies when the
 * periods overlap: it starts on or before the charge's end, and ends on or after its start. Every parsed
 * charge ends on or after its start, so the discounts ending before the charge's start are among those
 * starting on or before its end, and the total is Σ(discounts starting ≤ end) − Σ(discounts ending < start).
 * The sums are exact (and equal the one-by-one sum) while the percentages have at most 50 decimal places.
 */
function discountTotals(charges: readonly RatePlanCharge[]): (Decimal | null)[] {
  const discounts = charges.flatMap((c) =>
    c.type === 'DiscountPercentage' && c.discountPercentage !== null ? [c] : [],
  );
  const byStart = sortedSums(discounts.map((d) => [d.startDate, d.discountPercentage as Decimal] as const));
  const byEnd = sortedSums(discounts.map((d) => [d.endDate, d.discountPercentage as Decimal] as const));
  return charges.map((charge) => {
    if (!isRegularCharge(charge)) return null;
    const startingByEnd = byStart.sums[countBefore(byStart.dates, charge.endDate, true)] as Decimal;
    const endedBeforeStart = byEnd.sums[countBefore(byEnd.dates, charge.startDate, false)] as Decimal;
    return startingByEnd.minus(endedBeforeStart);
  });
}

/**
 * Whether `discount` applies to `charge` (their periods overlap, §4.4: it takes its percentage off the
 * charge's whole value) without covering what of the charge it discounts: a recurring charge's whole period
 * (the discount starts on or before the charge's start and ends on or after its end), a one-time charge's start,
 * the day it is billed (the discount starts on or before it; the one-time charge's end date, often the term end,
 * tells nothing of what is billed). Such a discount would need pro-rating, which the library does not do, so
 * the rate plan is refused. False for a charge removed entirely (worth 0) and for a charge that is not regular.
 * @internal
 */
export function discountCoversPartOf(
  discount: Pick<RatePlanCharge, 'type' | 'startDate' | 'endDate'>,
  charge: Pick<RatePlanCharge, 'type' | 'startDate' | 'endDate'>,
): boolean {
  if (discount.type !== 'DiscountPercentage' || !isRegularCharge(charge) || isRemovedCharge(charge))
    return false;
  const overlaps =
    !isAfter(discount.startDate, charge.endDate) && !isBefore(discount.endDate, charge.startDate);
  if (!overlaps) return false;
  if (isAfter(discount.startDate, charge.startDate)) return true;
  return charge.type !== 'OneTime' && isBefore(discount.endDate, charge.endDate);
}

/**
 * The first regular charge of a rate plan (in its order) that a discount covers only part of
 * ({@link discountCoversPartOf}), and the first such discount of it: `null` when every discount covers each
 * charge it overlaps. In O((charges + discounts) log discounts), as {@link discountTotals} (a rate plan may hold
 * 64,000 charges, issue 13): an overlapping discount that does not cover a charge [s, e] starts in (s, e] or (a
 * recurring charge) ends in [s, e), and each of those is one that does, so two counts by binary search tell
 * whether there is one; the discounts are scanned one by one only for the charge refused.
 */
function partialDiscount(
  charges: readonly RatePlanCharge[],
): { readonly chargeIndex: number; readonly discountIndex: number } | null {
  const discountIndexes: number[] = [];
  for (const [i, c] of charges.entries()) if (c.type === 'DiscountPercentage') discountIndexes.push(i);
  if (discountIndexes.length === 0) return null;
  const discounts = discountIndexes.map((i) => charges[i] as RatePlanCharge);
  const starts = discounts.map((d) => d.startDate).sort(compareDates);
  const ends = discounts.map((d) => d.endDate).sort(compareDates);
  for (const [chargeIndex, charge] of charges.entries()) {
    if (!isRegularCharge(charge) || isRemovedCharge(charge)) continue;
    const startingInside =
      countBefore(starts, charge.endDate, true) - countBefore(starts, charge.startDate, true);
    const endingInside =
      charge.type === 'OneTime'
        ? 0
        : countBefore(ends, charge.endDate, false) - countBefore(ends, charge.startDate, false);
    if (startingInside + endingInside === 0) continue;
    const k = discounts.findIndex((d) => discountCoversPartOf(d, charge));
    return { chargeIndex, discountIndex: discountIndexes[k] as number };
  }
  return null;
}

/**
 * {@link DiscountCoversPartOfCharge} for the first regular charge of `ratePlan` (at `path`) that one of its
 * discounts covers only part of (see {@link discountCoversPartOf}), naming the first such discount; `null` when
 * there is none. Checked when a rate plan is parsed, and again when an order is activated (an order saved before
 * the check).
 * @internal
 */
export function discountCoversPartOfCharge(
  ratePlan: RatePlan,
  path: string,
): DiscountCoversPartOfCharge | null {
  const { charges } = ratePlan;
  const partial = partialDiscount(charges);
  if (partial === null) return null;
  const charge = charges[partial.chargeIndex] as RatePlanCharge;
  const discount = charges[partial.discountIndex] as RatePlanCharge;
  const discountPath = joinPath(joinPath(path, 'charges'), partial.discountIndex);
  const [covered, fix] =
    charge.type === 'OneTime'
      ? [
          `starts after the start of one-time charge ${charge.number} (${charge.startDate}), the day it is billed`,
          `Start the discount on or before ${charge.startDate} to discount the charge, or else end the one-time charge before the discount starts (its end date does not change what it bills).`,
        ]
      : [
          `covers only part of charge ${charge.number} (${charge.startDate} to ${charge.endDate})`,
          "Give the discount the dates of the charges it discounts, or put the discounted part of the charge in a rate plan of its own: a charge with the discount's dates, and the discount.",
        ];
  return Object.freeze({
    type: 'DiscountCoversPartOfCharge' as const,
    message: `${discountPath}: discount ${discount.number} of rate plan ${ratePlan.id} (${discount.startDate} to ${discount.endDate}) ${covered}; a discount takes its percentage off the whole value of each charge of its rate plan it overlaps, and is not pro-rated. ${fix}`,
    path: discountPath,
    discountNumber: discount.number,
    chargeNumber: charge.number,
  });
}

export function parseRatePlan(
  input: unknown,
  path: string,
  term: Term | null,
  ctx: ParseContext,
): Result<RatePlan, DomainError> {
  const read = readObject(input, path, ['id', 'name', 'charges']);
  if (read.isErr()) return err(read.error);
  const r = read.value;
  const id = readString(r.id, joinPath(path, 'id'));
  if (id.isErr()) return err(id.error);
  const name = readString(r.name, joinPath(path, 'name'));
  if (name.isErr()) return err(name.error);
  const chargesRead = readArray(r.charges, joinPath(path, 'charges'), (c, p) => parseCharge(c, p, term, ctx));
  if (chargesRead.isErr()) return err(chargesRead.error);
  const charges = chargesRead.value;
  const ratePlan: RatePlan = { id: id.value, name: name.value, charges };
  // Discounts add (§4.4); more than 100 % would make a charge worth less than nothing.
  const totals = discountTotals(charges);
  for (let i = 0; i < charges.length; i++) {
    const charge = charges[i] as RatePlanCharge;
    const total = totals[i];
    if (total === null || total === undefined) continue;
    if (total.greaterThan(100)) {
      return err(
        Object.freeze({
          type: 'DiscountTotalTooHigh' as const,
          message: `${joinPath(joinPath(path, 'charges'), i)}: the percentage discounts of rate plan ${id.value} that apply to charge ${charge.number} add up to ${total.toFixed()} %; at most 100 % is allowed.`,
          path: joinPath(joinPath(path, 'charges'), i),
          chargeNumber: charge.number,
          totalPercentage: total.toFixed(),
        }),
      );
    }
  }
  // Checked after the totals, so an order with both faults keeps being refused for its total first.
  const partial = discountCoversPartOfCharge(ratePlan, path);
  return partial === null ? ok(ratePlan) : err(partial);
}
