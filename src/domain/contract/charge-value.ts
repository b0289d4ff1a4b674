import type { Decimal } from 'decimal.js';
import { takeFromLargest } from '../../money/allocate';
import { CURRENCIES, type Currency } from '../../money/currency';
import { Dec, frozenDecimal, isDecimal, toDec, ZERO as ZERO_AMOUNT } from '../../money/decimal';
import { unitsAtScale, unitsToDecimal } from '../../money/minor';
import { DEFAULT_ROUNDING, divideRounded, type RoundingMode } from '../../money/rounding';
import {
  type BusinessDate,
  isAfter,
  isBefore,
  isOnOrAfter,
  minDate,
  monthsAndDays,
  monthsBetween,
} from '../../time/date';
import {
  addRational,
  divRational,
  fraction,
  fromDecimal,
  mulRational,
  type Rational,
  rational,
  subRational,
} from '../../time/rational';
import type { ProrationDays } from '../../time/service-period';
import {
  billingPeriodMonths,
  isRegularCharge,
  isRemovedCharge,
  type RatePlan,
  type RatePlanCharge,
} from './charge';
import type { Subscription } from './subscription';

// Values are computed as exact fractions and rounded once, at the end, to the currency scale: a price per
// year divided by 12 is not a finite decimal, and rounding it early would shift cents (§4.4, §7.3).

const ZERO = rational(0);
const ONE = rational(1);
const HUNDRED = rational(100);

/**
 * The currency of `currency` (a code or a currency) in the library's table; throws a `TypeError` naming it when it is
 * not there — misuse by code (docs/errors.md): the operations validate every currency first. @internal
 */
export function resolveCurrency(currency: Currency | string): Currency {
  const code = typeof currency === 'string' ? currency : currency.code;
  const known = Object.hasOwn(CURRENCIES, code) ? CURRENCIES[code] : undefined;
  if (known === undefined || (typeof currency !== 'string' && currency.minorUnits !== known.minorUnits)) {
    throw new TypeError(
      `Unknown currency ${JSON.stringify(code)}: pass a code validated with getCurrency (e.g. an account's currency).`,
    );
  }
  return known;
}

/** Rounds an exact fraction to minor units with one integer division, no intermediate precision limit. */
function roundUnits(value: Rational, minorUnits: number, rounding: RoundingMode): bigint {
  return divideRounded(value.num * 10n ** BigInt(minorUnits), value.den, rounding);
}

/** {@link roundUnits} as a Decimal at the currency scale. */
function roundExact(value: Rational, currency: Currency, rounding: RoundingMode): Decimal {
  return unitsToDecimal(roundUnits(value, currency.minorUnits, rounding), currency.minorUnits);
}

/** Months a recurring list price is quoted for (Year 12, Month 1, BillingPeriod its length). */
function priceBaseMonths(charge: RatePlanCharge): number {
  switch (charge.listPriceBase) {
    case 'Year':
      return 12;
    case 'Month':
      return 1;
    case 'BillingPeriod': {
      const months = billingPeriodMonths(charge);
      if (months === null || !Number.isSafeInteger(months) || months <= 0) {
        throw new TypeError(
          `Charge ${charge.number}: list price base BillingPeriod needs a billing period of a positive whole number of months.`,
        );
      }
      return months;
    }
    case null:
      throw new TypeError(
        `Charge ${charge.number} has no list price base: only recurring charges have a monthly price.`,
      );
  }
}

/**
 * Exact gross value of a regular charge for [start, min(lastDay, end)]; 0 before start, for discounts and for a
 * charge removed entirely (end before start, §8.4).
 */
function exactGrossThrough(charge: RatePlanCharge, lastDay: BusinessDate): Rational {
  if (!isRegularCharge(charge) || isRemovedCharge(charge) || isBefore(lastDay, charge.startDate)) return ZERO;
  const { price, quantity } = charge;
  // Quantity 1 (the usual case): the product is the price itself, when `times` would not round it (60 digits).
  const units =
    isDecimal(price) && isDecimal(quantity) && quantity.eq(1) && price.sd() <= 60
      ? fromDecimal(price)
      : fromDecimal(toDec(price).times(toDec(quantity)));
  if (charge.type === 'OneTime') return units;
  const months = monthsBetween(charge.startDate, minDate(lastDay, charge.endDate));
  // units × months ÷ base months, normalised once.
  return fraction(units.num * months.num, units.den * months.den * BigInt(priceBaseMonths(charge)));
}

/** Exact factor `1 − Σ% / 100` of the discounts that apply to the charge. */
function netFactor(charge: RatePlanCharge, ratePlan: RatePlan): Rational {
  if (!hasDiscounts(charge, ratePlan)) return ONE;
  return subRational(
    rational(1),
    divRational(fromDecimal(totalDiscountPercentage(charge, ratePlan)), HUNDRED),
  );
}

/**
 * The charge's term in months, exactly: `monthsBetween(startDate, endDate)` (2023-01-01..2023-12-31 = 12);
 * 0 for a charge removed entirely (end before start).
 * @since 0.1.0
 */
export function chargeTermMonths(charge: Pick<RatePlanCharge, 'startDate' | 'endDate'>): Rational {
  if (isRemovedCharge(charge)) return ZERO;
  return monthsBetween(charge.startDate, charge.endDate);
}

/**
 * A recurring charge's list price per month and per unit: Year ÷ 12, Month as is, BillingPeriod ÷ the period's
 * months. 60 significant digits (e.g. 14,000/yr → 1,166.66…); charge values do not use it but compute exactly.
 * Throws a TypeError for a charge without a list price base (one-time charges, discounts): a programmer error.
 * @since 0.1.0
 */
export function monthlyPrice(charge: RatePlanCharge): Decimal {
  return frozenDecimal(toDec(charge.price).div(priceBaseMonths(charge)));
}

/**
 * The percentage discount charges of `ratePlan` that apply to `charge`: those whose period overlaps the
 * charge's period (§4.2 rule 3: discounts apply automatically to the regular charges of the same rate plan).
 * Empty for a discount charge itself. Each applies its whole percentage to the whole charge: since 0.2.0 an order
 * whose discount covers only part of a charge it overlaps is refused (`DiscountCoversPartOfCharge`), and a
 * subscription stored before with such a discount keeps being valued this way.
 * @since 0.1.0
 */
export function applicableDiscounts(charge: RatePlanCharge, ratePlan: RatePlan): readonly RatePlanCharge[] {
  if (!isRegularCharge(charge)) return Object.freeze([]);
  return Object.freeze(
    ratePlan.charges.filter(
      (d) =>
        d.type === 'DiscountPercentage' &&
        !isAfter(d.startDate, charge.endDate) &&
        isOnOrAfter(d.endDate, charge.startDate),
    ),
  );
}

/**
 * The sum of the applicable discount percentages (discounts add, they do not compound: 10 % + 10 % = 20 %, C26).
 * @since 0.1.0
 */
export function totalDiscountPercentage(charge: RatePlanCharge, ratePlan: RatePlan): Decimal {
  return frozenDecimal(
    applicableDiscounts(charge, ratePlan).reduce(
      (sum, d) => sum.plus(toDec(d.discountPercentage ?? ZERO_AMOUNT)),
      ZERO_AMOUNT,
    ),
  );
}

/**
 * The value of a regular charge over its term before discounts, rounded to the currency scale: one-time
 * `price × quantity`; recurring `price × quantity × termMonths ÷ priceBaseMonths`. 0 for a discount charge.
 * @since 0.1.0
 */
export function grossValue(
  charge: RatePlanCharge,
  currency: Currency | string,
  rounding: RoundingMode = DEFAULT_ROUNDING,
): Decimal {
  return roundExact(exactGrossThrough(charge, charge.endDate), resolveCurrency(currency), rounding);
}

/**
 * The value of a regular charge over its term, net of the percentage discounts of the same rate plan that
 * overlap it (§4.4): `gross × (1 − Σ% / 100)`, exact, rounded once to the currency scale. This is the charge's
 * contribution to a schedule's `totalAmount`. C01: 12 months of 36,900/yr → 36,900; C03: 10 months → 30,750;
 * C26: 27,000 one-time with 10 % + 10 % → 21,600. 0 for a discount charge.
 * @since 0.1.0
 */
export function chargeValue(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  currency: Currency | string,
  rounding: RoundingMode = DEFAULT_ROUNDING,
): Decimal {
  return chargeValueThrough(charge, ratePlan, charge.endDate, currency, rounding);
}

/**
 * The value of a charge for `[startDate, lastDay]` (§8.1 `currentTotal` after a removal or cancellation), net of
 * discounts like {@link chargeValue}: recurring charges by exact months (15,000/yr from 2025-01-01 through
 * 2025-05-31 → 6,250, C30); one-time charges their full value once `lastDay` ≥ start. 0 when `lastDay` is
 * before the start and for a charge removed entirely (end before start); a `lastDay` after the end counts up to
 * the end only.
 * @since 0.1.0
 */
export function chargeValueThrough(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  lastDay: BusinessDate,
  currency: Currency | string,
  rounding: RoundingMode = DEFAULT_ROUNDING,
): Decimal {
  const gross = exactGrossThrough(charge, lastDay);
  // The discount set is the one of the whole charge period, so the value is monotone in lastDay; every discount
  // of an order covers the whole of each charge it overlaps (DiscountCoversPartOfCharge), so it is also right.
  return roundExact(mulRational(gross, netFactor(charge, ratePlan)), resolveCurrency(currency), rounding);
}

/**
 * The value of a subscription: the sum of its regular charges' {@link chargeValue}s, each rounded first.
 * C01: 36,900 + 21,500 + 11,000 + 800 over four subscriptions → 70,200.
 * @since 0.1.0
 */
export function subscriptionValue(sub: Subscription, rounding: RoundingMode = DEFAULT_ROUNDING): Decimal {
  let total = ZERO_AMOUNT;
  for (const ratePlan of sub.ratePlans) {
    for (const charge of ratePlan.charges) {
      if (isRegularCharge(charge)) total = total.plus(chargeValue(charge, ratePlan, sub.currency, rounding));
    }
  }
  return frozenDecimal(total);
}

/**
 * One discount line of an invoice: the amount a percentage discount takes off a regular charge's line.
 * @since 0.1.0
 */
export interface DiscountLine {
  /** Number of the discount charge. */
  readonly chargeNumber: string;
  readonly name: string;
  /** 10 means 10 %. */
  readonly percentage: Decimal;
  /** Negative for a positive gross line (C26: −270.00). */
  readonly amount: Decimal;
}

/**
 * A regular charge's invoice line split into its gross amount, the discount lines, and the net they add up to:
 * `gross + Σ discounts.amount = net`, exactly.
 * @since 0.1.0
 */
export interface DiscountBreakdown {
  readonly gross: Decimal;
  readonly discounts: readonly DiscountLine[];
  readonly net: Decimal;
}

/**
 * The discount lines for a gross line amount of a regular charge (C26: gross 2,700 with two 10 % discounts →
 * −270, −270, net 2,160). Each discount takes its percentage of the gross; the lines are rounded cumulatively
 * so together they take exactly `round(gross × Σ% / 100)`. `gross` must be at the currency scale.
 * @since 0.1.0
 */
export function discountLinesFor(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  gross: Decimal,
  currency: Currency | string,
  rounding: RoundingMode = DEFAULT_ROUNDING,
): DiscountBreakdown {
  const cur = resolveCurrency(currency);
  const grossExact = fromDecimal(gross);
  const discounts: DiscountLine[] = [];
  let cumulative = ZERO;
  let taken = ZERO_AMOUNT;
  for (const d of applicableDiscounts(charge, ratePlan)) {
    const percentage = toDec(d.discountPercentage ?? ZERO_AMOUNT);
    cumulative = addRational(cumulative, fromDecimal(percentage));
    const upToHere = roundExact(divRational(mulRational(grossExact, cumulative), HUNDRED), cur, rounding);
    const amount = upToHere.minus(taken);
    taken = upToHere;
    discounts.push(
      Object.freeze({ chargeNumber: d.number, name: d.name, percentage, amount: negated(amount) }),
    );
  }
  return Object.freeze({
    gross: toDec(gross),
    discounts: Object.freeze(discounts),
    net: frozenDecimal(toDec(gross).minus(taken)),
  });
}

/** The discount lines of a charge no discount applies to: one frozen empty list for all. */
const NO_DISCOUNT_LINES: readonly never[] = Object.freeze([]);

/**
 * The inverse of {@link discountLinesFor}, for an invoice builder that allocates net amounts (schedule items
 * are net of discounts, C26: the 10 % item bills 2,160): gross = round(net ÷ (1 − Σ% / 100)) and the discount
 * lines of that gross; `gross + Σ discounts = net` holds exactly by construction. `net` must be at the currency scale.
 * A fully discounted charge (Σ = 100 %) can only have a zero net; a non-zero net then throws a RangeError.
 * This splits one line on its own: for a line of a charge billed over several, {@link discountBreakdownAfter}
 * keeps the charge's lines adding up to its gross value and discount.
 * @since 0.1.0
 */
export function discountBreakdownForNet(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  net: Decimal,
  currency: Currency | string,
  rounding: RoundingMode = DEFAULT_ROUNDING,
): DiscountBreakdown {
  const cur = resolveCurrency(currency);
  // Without discounts the gross is the net itself (already at the currency scale): no lines to compute.
  if (!hasDiscounts(charge, ratePlan) && isDecimal(net) && net.isFinite()) {
    if (net.decimalPlaces() <= cur.minorUnits) {
      // A frozen decimal of ours is kept as it is (it cannot change, and an invoice line keeps the amount it
      // was given, often one shared by equal amounts); anything else is copied into our clone.
      const gross = net.isZero()
        ? ZERO_AMOUNT
        : net.constructor === Dec && Object.isFrozen(net)
          ? net
          : toDec(net);
      return Object.freeze({ gross, discounts: NO_DISCOUNT_LINES, net: gross });
    }
  }
  const factor = netFactor(charge, ratePlan);
  if (factor.num === 0n) {
    if (!toDec(net).isZero()) {
      throw new RangeError(`Charge ${charge.number} is fully discounted: its net amount can only be 0.`);
    }
    return discountLinesFor(charge, ratePlan, ZERO_AMOUNT, cur, rounding);
  }
  // With f = 1 − Σ%/100 ≤ 1: gross = round(net ÷ f) puts gross × f within less than one minor unit of net, on the
  // side (or, for half-modes, within the half) that makes gross − round(gross × (1 − f)) land on net exactly, in
  // every rounding mode; the property test "gross plus discounts equals the net" checks it.
  const gross = roundExact(divRational(fromDecimal(net), factor), cur, rounding);
  return discountLinesFor(charge, ratePlan, gross, cur, rounding);
}

/**
 * What was billed of a charge before a line, and what the charge is billed in all, both net of discounts: the
 * state {@link discountBreakdownAfter} works a line's gross and discounts out from.
 * @since 0.2.0
 */
export interface ChargeBilledSoFar {
  /** Net amount billed on the charge before the line (its earlier lines, less credits). */
  readonly before: Decimal;
  /** Net amount the charge is billed over its life: its value (a schedule's: its total in the set, decision 2). */
  readonly total: Decimal;
  /**
   * What the charge's earlier lines invoiced, when the caller knows: their gross (the `Charge` lines) and, by
   * discount charge number, their discount lines (negative, as on the lines). When they add up to `before`, the
   * line continues from them rather than from `before` at the charge's present ratio of gross to net — which an
   * order that cut the charge re-rounds, so that its lines would end a unit off its gross value and discount —
   * unless that would turn the line's gross or discount against its net (a discount line that adds): from
   * `before` then.
   * @since 0.2.0
   */
  readonly invoiced?: {
    readonly gross: Decimal;
    readonly discounts: Readonly<Record<string, Decimal>>;
  };
}

/** What a charge's earlier lines invoiced: {@link ChargeBilledSoFar}'s `invoiced`. @internal */
export type ChargeInvoiced = NonNullable<ChargeBilledSoFar['invoiced']>;

/**
 * What a charge invoiced (`so`, or nothing) plus a line's gross and its discount lines (negative, by discount
 * charge number): the running sums {@link ChargeBilledSoFar}'s `invoiced` is made of. @internal
 */
export function plusInvoiced(
  so: ChargeInvoiced | undefined,
  gross: Decimal,
  discounts: readonly { readonly chargeNumber: string; readonly amount: Decimal }[],
): ChargeInvoiced {
  const sums: Record<string, Decimal> = { ...so?.discounts };
  for (const d of discounts) sums[d.chargeNumber] = (sums[d.chargeNumber] ?? ZERO_AMOUNT).plus(d.amount);
  return { gross: so === undefined ? gross : so.gross.plus(gross), discounts: sums };
}

/**
 * Whether a rate plan holds a percentage discount charge: the only plans whose charges' lines continue from what
 * they invoiced (`ChargeBilledSoFar.invoiced`), so the only ones worth reading invoices for. @internal
 */
export function holdsDiscounts(ratePlan: RatePlan): boolean {
  return ratePlan.charges.some((c) => c.type === 'DiscountPercentage');
}

/**
 * {@link discountBreakdownForNet} for a line of a charge billed over several lines: the gross and the discount
 * lines are worked out cumulatively from what was billed of the charge before (like decision 2), so that over the
 * charge's life its gross lines add up to its {@link grossValue} and its discount lines to the discount, not to
 * the sum of each line's rounding. With N the net billed up to and including the line (`before + net`), the
 * charge's gross up to N is `round(N × grossValue ÷ total)` and its discount up to N that minus N, shared among
 * the discounts by their percentages (rounded cumulatively); the line takes the difference from those up to
 * `before`. So `gross + Σ discounts = net` on every line, exactly, in every rounding mode. 100.00/yr under 10 %
 * billed 7.50 a month: 8.33 − 0.83, 8.34 − 0.84, 8.33 − 0.83, … adding up to 100.00 − 10.00 = 90.00 (per line,
 * 8.33 − 0.83 every month added up to 99.96 − 9.96). C26's items 2,160 / 4,320 / 15,120 of 21,600:
 * 2,700 − 270 − 270, 5,400 − 540 − 540, 18,900 − 1,890 − 1,890.
 *
 * With several discounts a discount's cumulative share can step back a unit from one line to the next; no
 * discount line adds, so that line gives it nothing and takes the unit off the largest share: the discount
 * lines still add up to the whole discount, each discount's own within a unit per line of its share. A gross
 * value below the total (a charge a set's rounding gave a unit more than its gross) is taken as the total: a
 * discount never adds. Without discounts, with a total of 0, or with amounts not at the currency
 * scale, this is {@link discountBreakdownForNet} of the line alone. Amounts must be at the currency scale.
 * With `billed.invoiced` (what the earlier lines invoiced), the line continues from those lines where they add up
 * to `before` and keep the line's gross and discount the way of its net.
 * @since 0.2.0
 */
export function discountBreakdownAfter(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  net: Decimal,
  billed: ChargeBilledSoFar,
  currency: Currency | string,
  rounding: RoundingMode = DEFAULT_ROUNDING,
): DiscountBreakdown {
  const cur = resolveCurrency(currency);
  if (!hasDiscounts(charge, ratePlan)) return discountBreakdownForNet(charge, ratePlan, net, cur, rounding);
  const m = cur.minorUnits;
  const line = unitsAtScale(toDec(net), m);
  const before = unitsAtScale(toDec(billed.before), m);
  const total = unitsAtScale(toDec(billed.total), m);
  if (line === null || before === null || total === null || total === 0n)
    return discountBreakdownForNet(charge, ratePlan, net, cur, rounding);
  let gross = roundUnits(exactGrossThrough(charge, charge.endDate), m, rounding);
  // A gross short of the total (or of the other sign) is the total: no discount line then adds to the charge.
  if (total > 0n ? gross < total : gross > total) gross = total;
  // The ratio gross ÷ total with a positive divisor.
  const [ratioNum, ratioDen] = total > 0n ? [gross, total] : [-gross, -total];
  const discounts = applicableDiscounts(charge, ratePlan);
  const percentages = discounts.map((d) => toDec(d.discountPercentage ?? ZERO_AMOUNT));
  // Cumulative percentages over their sum (Σ% is in (0, 100], checked when the rate plan is parsed).
  const cumulative: Rational[] = [];
  let sum = ZERO;
  for (const p of percentages) {
    sum = addRational(sum, fromDecimal(p));
    cumulative.push(sum);
  }
  const last = cumulative.length - 1;
  // The charge's gross up to a net of `upTo` units, and each discount's cumulative take of the discount (the
  // gross less the net) by percentage, the last one's the whole discount.
  const at = (upTo: bigint): { gross: bigint; taken: bigint[] } => {
    const grossUpTo = divideRounded(upTo * ratioNum, ratioDen, rounding);
    const discount = grossUpTo - upTo;
    const taken = cumulative.map((c, k) =>
      k === last
        ? discount
        : sum.num <= 0n
          ? 0n
          : divideRounded(discount * c.num * sum.den, c.den * sum.num, rounding),
    );
    return { gross: grossUpTo, taken };
  };
  const to = at(before + line);
  // From what the earlier lines invoiced, unless that would make this line's gross or discount go the other way
  // than its net (their ratio, before an order cut the charge, can lie above the present one by a unit: a small
  // last line would then get a discount line that adds); from `before` at the present ratio then.
  const invoiced = invoicedUpTo(billed.invoiced, discounts, before, m);
  const from = invoiced !== null && keepsSign(to.gross - invoiced.gross, line) ? invoiced : at(before);
  const share = (of: { taken: bigint[] }, k: number): bigint =>
    (of.taken[k] as bigint) - (k === 0 ? 0n : (of.taken[k - 1] as bigint));
  const cumulativeShares = discounts.map((_, k) => share(to, k) - share(from, k));
  // A discount's cumulative share can step back a unit from one line to the next (1 % + 1 % + 1 % of JPY 400/yr:
  // the middle discount would add 1 to months 2, 5, 8 and 11): such a share is 0 on the line, and the units it
  // would have given back come off the line's largest shares (ties to the earlier discount).
  const own = to.gross - from.gross - line;
  const shares = cumulativeShares.every((u) => (own >= 0n ? u >= 0n : u <= 0n))
    ? cumulativeShares
    : withoutStepsBack(cumulativeShares, own);
  const lines: DiscountLine[] = discounts.map((d, k) =>
    Object.freeze({
      chargeNumber: d.number,
      name: d.name,
      percentage: percentages[k] as Decimal,
      amount: negated(unitsToDecimal(shares[k] as bigint, m)),
    }),
  );
  return Object.freeze({
    gross: unitsToDecimal(to.gross - from.gross, m),
    discounts: Object.freeze(lines),
    net: unitsToDecimal(line, m),
  });
}

/** Whether a line's gross and its discount (gross − net) both go the way its net does (or are 0). */
function keepsSign(gross: bigint, net: bigint): boolean {
  return net >= 0n ? gross >= net : gross <= net;
}

/**
 * The gross and each discount's cumulative take (as {@link discountBreakdownAfter}'s `at` gives them) of what the
 * charge's earlier lines invoiced, in minor units; `null` when not given, off the currency's scale, naming a
 * discount that does not apply, or not adding up to `before` (credits since: the net before is less).
 */
function invoicedUpTo(
  invoiced: ChargeBilledSoFar['invoiced'],
  discounts: readonly RatePlanCharge[],
  before: bigint,
  m: number,
): { gross: bigint; taken: bigint[] } | null {
  if (invoiced === undefined) return null;
  const gross = unitsAtScale(toDec(invoiced.gross), m);
  if (gross === null) return null;
  const numbers = new Set(discounts.map((d) => d.number));
  if (Object.keys(invoiced.discounts).some((n) => !numbers.has(n))) return null;
  const taken: bigint[] = [];
  let sum = 0n;
  for (const d of discounts) {
    const amount = invoiced.discounts[d.number];
    const units = amount === undefined ? 0n : unitsAtScale(toDec(amount), m);
    if (units === null) return null;
    sum -= units;
    taken.push(sum);
  }
  return gross - sum === before ? { gross, taken } : null;
}

/** `shares` (adding up to `own`) with those of the other sign than `own` made 0, and the excess taken off the largest. */
function withoutStepsBack(shares: readonly bigint[], own: bigint): bigint[] {
  const sign = own < 0n ? -1n : 1n;
  const kept = shares.map((u) => (u * sign > 0n ? u * sign : 0n));
  takeFromLargest(kept, kept.reduce((a, u) => a + u, 0n) - own * sign);
  return kept.map((u) => u * sign);
}

function negated(x: Decimal): Decimal {
  return x.isZero() ? ZERO_AMOUNT : frozenDecimal(x.negated());
}

/**
 * The exact (unrounded) value of a regular charge over its current term, net of its rate plan's
 * percentage discounts: what {@link chargeValue} rounds. Schedules add these up before rounding
 * once, so cents are not lost or doubled across charges (§7.3, §8.4; C10's 11,700.00).
 * @since 0.1.0
 */
export function chargeValueExact(charge: RatePlanCharge, ratePlan: RatePlan): Rational {
  const known = exactOf.get(charge);
  if (known !== undefined && known.ratePlan === ratePlan) return known.exact;
  const gross = exactGrossThrough(charge, charge.endDate);
  const exact = hasDiscounts(charge, ratePlan) ? mulRational(gross, netFactor(charge, ratePlan)) : gross;
  // A charge's value depends on the charge and its rate plan (its discounts) only: remembered for a charge that
  // cannot change (a stored one, frozen with its rate plan's charges), as long as the charge is kept. So a
  // schedule's creation values its charges once, and the bill runs that read the same stored charges again
  // (the memory store's) do not.
  if (Object.isFrozen(charge) && Object.isFrozen(ratePlan) && Object.isFrozen(ratePlan.charges))
    exactOf.set(charge, { ratePlan, exact });
  return exact;
}

/** The exact values of frozen charges, with the rate plan they were valued in. */
const exactOf = new WeakMap<RatePlanCharge, { readonly ratePlan: RatePlan; readonly exact: Rational }>();

/** Whether any discount of the rate plan applies to the charge ({@link applicableDiscounts} not empty). */
function hasDiscounts(charge: RatePlanCharge, ratePlan: RatePlan): boolean {
  if (!isRegularCharge(charge)) return false;
  for (const d of ratePlan.charges) {
    if (
      d.type === 'DiscountPercentage' &&
      !isAfter(d.startDate, charge.endDate) &&
      isOnOrAfter(d.endDate, charge.startDate)
    )
      return true;
  }
  return false;
}

/**
 * Months of `[start, endInclusive]` with the tenant's proration (§7.4): whole months from the
 * start plus the rest in days over the next month's actual days, or over 30.
 * @since 0.1.0
 */
export function proratedMonths(
  start: BusinessDate,
  endInclusive: BusinessDate,
  proration: ProrationDays,
): Rational {
  if (isBefore(endInclusive, start)) return rational(0);
  const parts = monthsAndDays(start, endInclusive);
  if (parts === null) throw new RangeError(`proratedMonths: not dates: ${start}, ${endInclusive}`);
  const { whole, days } = parts;
  if (days === 0) return rational(whole);
  const monthDays = proration === 'thirty' ? 30 : parts.monthDays;
  return addRational(rational(whole), rational(Math.min(days, monthDays), monthDays));
}

/**
 * `chargeValueUpTo`'s value of a charge for `[start, lastDay]` before it is rounded: its exact value (net of
 * discounts) times the months of `[start, lastDay]` with the tenant's proration over the months of its term, never
 * above the whole; the whole from its end on (a one-time charge: from its start). 0 before its start and for a
 * charge that is not regular or removed entirely. What a detach records as the days a schedule served were worth
 * (`ScheduleChargeDetachment.servedValue`), priced as standard billing prices them. @internal
 */
export function chargeValueUpToExact(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  lastDay: BusinessDate,
  prorationDays: ProrationDays,
): Rational {
  if (!isRegularCharge(charge) || isRemovedCharge(charge) || isBefore(lastDay, charge.startDate)) return ZERO;
  const exact = chargeValueExact(charge, ratePlan);
  if (charge.type === 'OneTime') return exact;
  // Up to the charge's end it is the charge's value, whatever the proration (with `thirty`, 30 days of a
  // 31-day month count as a whole month, which would bill more than the value); a full billing period
  // before that is worth exactly its months' price, and no point of the term is worth more than the whole.
  if (!isBefore(lastDay, charge.endDate)) return exact;
  const actualTerm = proratedMonths(charge.startDate, charge.endDate, 'actual');
  const upTo = proratedMonths(charge.startDate, lastDay, prorationDays);
  const share = divRational(upTo, actualTerm);
  return share.num >= share.den ? exact : mulRational(exact, share);
}
