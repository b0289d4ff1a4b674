import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { type Currency, getCurrency } from './currency';
import { isDecimal, toDec } from './decimal';
import { invalidAmount, invalidRatios, type MoneyError } from './errors';
import { fromMinorUnits, toMinorUnits } from './minor';
import { type Money, parseAmount } from './money';
import { DEFAULT_ROUNDING, divideRounded, isRoundingMode, type RoundingMode } from './rounding';

const RATIO_PATTERN = /^\d+(\.\d+)?$/;
/** Ratios beyond this are certainly a mistake and would make the exact integer weights needlessly huge. */
const MAX_RATIO_DIGITS = 100;
const MAX_RATIO = toDec(`1e${MAX_RATIO_DIGITS}`);

/** Validates ratios into exact integer weights sharing one power-of-ten denominator. */
function ratioWeights(ratios: unknown): Result<bigint[], MoneyError> {
  if (!Array.isArray(ratios)) return err(invalidRatios(`expected an array, got ${typeof ratios}.`));
  if (ratios.length === 0) return err(invalidRatios('the list is empty.'));
  const decimals: Decimal[] = [];
  for (const [index, r] of ratios.entries()) {
    let d: Decimal;
    if (typeof r === 'string') {
      if (r.startsWith('-') && RATIO_PATTERN.test(r.slice(1))) {
        return err(invalidRatios('is negative.', index, r));
      }
      if (!RATIO_PATTERN.test(r)) return err(invalidRatios('is not a plain decimal string.', index, r));
      d = toDec(r);
    } else if (isDecimal(r)) {
      if (!r.isFinite()) return err(invalidRatios('is not finite.', index, r));
      if (r.isNeg() && !r.isZero()) return err(invalidRatios('is negative.', index, r));
      d = toDec(r).abs(); // abs() turns -0 into 0
    } else {
      return err(invalidRatios('is neither a decimal string nor a Decimal.', index, r));
    }
    if (d.decimalPlaces() > MAX_RATIO_DIGITS || d.gte(MAX_RATIO)) {
      return err(
        invalidRatios(
          `is out of range (at most ${MAX_RATIO_DIGITS} digits each side of the point).`,
          index,
          r,
        ),
      );
    }
    decimals.push(d);
  }
  const places = Math.max(...decimals.map((d) => d.decimalPlaces()));
  const weights = decimals.map((d) => BigInt(d.toFixed(places).replace('.', '')));
  if (weights.every((w) => w === 0n)) return err(invalidRatios('all ratios are zero.'));
  return ok(weights);
}

/**
 * Largest-remainder split of `units` (≥ 0) by integer `weights` (≥ 0, positive sum): each part is its exact
 * share rounded down, then the leftover units go one each to the largest remainders, ties to the lower index.
 * @internal
 * @since 0.1.0
 */
export function largestRemainder(units: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((a, w) => a + w, 0n);
  const parts = weights.map((w) => (units * w) / total);
  const remainders = weights.map((w, i) => ({ i, r: (units * w) % total }));
  let leftover = units - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (leftover === 0n) break;
    parts[i]! += 1n;
    leftover -= 1n;
  }
  return parts;
}

/**
 * Splits `amount` by `ratios` without losing a minor unit: largest remainder in minor units, ties to the lower
 * index, parts sum exactly to `amount` and each is within one minor unit of its exact share; a zero ratio gets
 * zero. A negative amount is split by its absolute value and the parts negated. Ratios are non-negative
 * decimal strings or Decimals with a positive sum (else `InvalidRatios`).
 * @example allocate(usd('100.00'), ['1', '1', '1']) // 33.34, 33.33, 33.33
 * @since 0.1.0
 */
export function allocate(amount: Money, ratios: readonly (Decimal | string)[]): Result<Money[], MoneyError> {
  const a = amount as unknown as { amount?: unknown; currency?: unknown } | null | undefined;
  if (typeof a !== 'object' || a === null) {
    return err(invalidAmount(amount, 'expected a Money value built with money().', 'amount'));
  }
  const checked = getCurrency(a.currency as Currency).andThen((currency) =>
    parseAmount(a.amount as Decimal, currency, 'amount').map((value) => ({ value, currency })),
  );
  if (checked.isErr()) return err(checked.error);
  const { value, currency } = checked.value;
  return ratioWeights(ratios).map((weights) => {
    const units = toMinorUnits(value, currency);
    const negative = units < 0n;
    return largestRemainder(negative ? -units : units, weights).map((p) =>
      Object.freeze({ amount: fromMinorUnits(negative ? -p : p, currency), currency }),
    );
  });
}

/**
 * Input of {@link cascadeLines}: one group of charges (reference §7.2) and one schedule item's slice of it.
 * @since 0.1.0
 */
export interface CascadeInput {
  /** `P_j`: each charge's total in charge order, at the currency's scale, ≥ 0. */
  readonly totals: readonly Decimal[];
  /** `B_(k−1)`: amount allocated to this group before this item (0 ≤ before ≤ Σ totals). */
  readonly before: Decimal;
  /** `B_k`: amount allocated to this group after this item (before ≤ after ≤ Σ totals unless `exhausts`). */
  readonly after: Decimal;
  readonly currency: Currency;
  /** Rounding of the cumulative targets; default half-up (§7.3). */
  readonly rounding?: RoundingMode;
  /**
   * This item is the last to bill the group (e.g. the schedule's last item) although `after` differs from
   * Σ totals by the cents lost in rounding charge totals: every charge but the last bills its exact
   * remainder and the last charge absorbs the difference (decision 2). Not needed when `after` = Σ totals.
   */
  readonly exhausts?: boolean;
}

function cascadeFail(message: string): never {
  throw new RangeError(`cascadeLines: ${message}`);
}

function unitsOf(x: unknown, name: string, currency: Currency): bigint {
  if (!isDecimal(x) || !x.isFinite()) return cascadeFail(`${name} must be a finite Decimal.`);
  if (x.decimalPlaces() > currency.minorUnits) {
    return cascadeFail(
      `${name} (${x.toString()}) must be at ${currency.code} scale (${currency.minorUnits} decimals); round it first.`,
    );
  }
  return toMinorUnits(x, currency);
}

/**
 * The lines of one schedule item for the charges of one group, per the cumulative cascade of reference §7.3
 * and decision 2. With `T = Σ P_j` and `cumP_j = P_1 + … + P_j`, the cumulative target for charges 1..j at
 * group cumulative `B` is `A(B, j) = round(B × cumP_j / T)` (exactly `cumP_j` once the group is exhausted);
 * line j is `[A(after, j) − A(after, j−1)] − [A(before, j) − A(before, j−1)]`. The lines sum exactly to
 * `after − before`, and over items that take the group from 0 to T each charge's lines sum to `P_j`. Lines
 * are returned as the library's private decimal.js clone values at the currency's scale.
 *
 * Pre-conditions are a programmer's contract (amounts come from validated schedules), so a violation throws
 * a `RangeError`. In degenerate cases with a few minor units spread over many charges a line can be one minor
 * unit below zero; that is the reference rule (§7.3), kept so published figures reproduce.
 * @example
 * // C01 INV002: totals 36,900 / 21,500 / 11,000 / 800, cumulative 50,000 → 64,000
 * cascadeLines({ totals: ['36900', '21500', '11000', '800'].map(toDec), before: toDec('50000'),
 *   after: toDec('64000'), currency: CURRENCIES.USD }) // 7358.98, 4287.75, 2193.73, 159.54
 * @since 0.1.0
 */
export function cascadeLines(input: CascadeInput): Decimal[] {
  if (typeof input !== 'object' || input === null) return cascadeFail('expected an input object.');
  const cur = getCurrency(input.currency);
  if (cur.isErr()) return cascadeFail(cur.error.message);
  const currency = cur.value;
  const mode = input.rounding ?? DEFAULT_ROUNDING;
  if (!isRoundingMode(mode)) return cascadeFail(`unknown rounding mode ${JSON.stringify(mode)}.`);
  if (!Array.isArray(input.totals) || input.totals.length === 0) {
    return cascadeFail('totals must be a non-empty array of charge totals.');
  }
  const totals = input.totals.map((t, j) => unitsOf(t, `totals[${j}]`, currency));
  if (totals.some((t) => t < 0n)) cascadeFail('charge totals must not be negative.');
  const cum: bigint[] = [];
  for (const t of totals) cum.push((cum.at(-1) ?? 0n) + t);
  const T = cum.at(-1)!;
  const n = totals.length;
  const before = unitsOf(input.before, 'before', currency);
  const after = unitsOf(input.after, 'after', currency);
  const exhausts = input.exhausts === true;
  if (before < 0n || before > T)
    cascadeFail(`before must lie between 0 and the group total ${T} minor units.`);
  if (after < before) cascadeFail('after must not be below before.');
  if (!exhausts && after > T) {
    cascadeFail(
      'after must not exceed the sum of totals; pass exhausts: true for the item that bills the rest.',
    );
  }

  // A(b, j) for j = 0..n; the exhausting item bills each charge's exact remainder, the last one absorbs any
  // difference between `after` and T (decision 2).
  const targets = (b: bigint, exhausted: boolean): bigint[] => [
    0n,
    ...cum.map((c, i) => {
      if (i === n - 1) return b;
      if (exhausted || b === T) return c;
      return T === 0n ? 0n : divideRounded(b * c, T, mode);
    }),
  ];
  const a0 = targets(before, false);
  const a1 = targets(after, exhausts);
  return totals.map((_, i) => fromMinorUnits(a1[i + 1]! - a1[i]! - (a0[i + 1]! - a0[i]!), currency));
}
