import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { type Currency, getCurrency } from './currency';
import { isDecimal, isFiniteDecimal, toDec } from './decimal';
import { invalidAmount, invalidRatios, type MoneyError } from './errors';
import { fromMinorUnits, toMinorUnits } from './minor';
import { type Money, parseAmount } from './money';
import { DEFAULT_ROUNDING, divideRounded, isRoundingMode, type RoundingMode } from './rounding';

const RATIO_PATTERN = /^\d+(\.\d+)?$/;
/** Ratios beyond this are certainly a mistake and would make the exact integer weights needlessly huge. */
const MAX_RATIO_DIGITS = 100;
const MAX_RATIO = toDec(`1e${MAX_RATIO_DIGITS}`);

/** What is shown for an argument a getter or a Proxy trap of the caller's would not let be read. */
const UNREADABLE = 'a value that could not be read (a getter or a Proxy trap threw)';

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
      // Read once into our clone, whose methods decide (a host subclass's own could throw).
      const v = toDec(r);
      if (!v.isFinite()) return err(invalidRatios('is not finite.', index, r));
      if (v.isNeg() && !v.isZero()) return err(invalidRatios('is negative.', index, r));
      d = v.abs(); // abs() turns -0 into 0
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
  // A loop, not Math.max(...list): spreading 130,000 ratios as arguments overflowed the stack (review 202).
  let places = 0;
  for (const d of decimals) places = Math.max(places, d.decimalPlaces());
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
  // Each field read once; a JavaScript caller's getter or Proxy trap that throws is a typed error, not a throw.
  let fields: { readonly amount: unknown; readonly currency: unknown };
  try {
    fields = { amount: a.amount, currency: a.currency };
  } catch {
    return err(invalidAmount(UNREADABLE, 'expected a Money value built with money().', 'amount'));
  }
  // Not a Money at all ({}, a Date, an array, a Decimal): said so, not "undefined is not a known currency"
  // (review 202).
  if (fields.amount === undefined || fields.currency === undefined) {
    return err(invalidAmount(amount, 'expected a Money value built with money().', 'amount'));
  }
  let given: unknown;
  try {
    given = Array.isArray(ratios) ? Array.from(ratios) : ratios;
  } catch {
    return err(invalidRatios(`${UNREADABLE}.`));
  }
  const checked = getCurrency(fields.currency as Currency).andThen((currency) =>
    parseAmount(fields.amount as Decimal, currency, 'amount').map((value) => ({ value, currency })),
  );
  if (checked.isErr()) return err(checked.error);
  const { value, currency } = checked.value;
  return ratioWeights(given).map((weights) => {
    const units = toMinorUnits(value, currency);
    const negative = units < 0n;
    return largestRemainder(negative ? -units : units, weights).map((p) =>
      Object.freeze({ amount: fromMinorUnits(negative ? -p : p, currency), currency }),
    );
  });
}

/**
 * Input of {@link cascadeLines}: one group of charges (reference §7.2) and one schedule item's slice of it.
 * Amounts are Decimals at the currency's scale.
 * @since 0.1.0
 */
export interface CascadeInput {
  /**
   * What each charge is billed in total over the schedule, in charge order, ≥ 0: the charge values rounded
   * as a set (decision 2). No line takes a charge beyond it; the item that brings the group to Σ totals
   * bills each charge's remainder to it.
   */
  readonly totals: readonly Decimal[];
  /**
   * `P_j`: the cascade's weights, each charge's value rounded on its own (decision 2), ≥ 0. Default: `totals`.
   * Their sum `T` may differ from Σ totals by a few minor units.
   */
  readonly weights?: readonly Decimal[];
  /**
   * What each charge was billed in this group before this item (≥ 0, at most its total, one entry per charge):
   * the sums of the earlier items' lines. Pass it for every item of a series. Default: the lines of one cascade
   * step from 0 to `before`.
   */
  readonly billed?: readonly Decimal[];
  /**
   * `B_(k−1)`: amount billed in this group before this item; ignored when `billed` is given (Σ billed). Stands
   * for `billed` = the lines of one item from 0 to `before`, so it is exact only when one item (or none) billed
   * the group before: the caps make the cascade depend on the path, and after two or more items the charges may
   * have been billed otherwise. For a series, pass `billed`.
   */
  readonly before?: Decimal;
  /** `B_k`: amount billed in this group after this item (before ≤ after ≤ Σ totals). */
  readonly after: Decimal;
  readonly currency: Currency;
  /** Rounding of the cumulative targets; default half-up (§7.3). */
  readonly rounding?: RoundingMode;
}

function cascadeFail(message: string): never {
  throw new RangeError(`cascadeLines: ${message}`);
}

function unitsOf(x: unknown, name: string, currency: Currency): bigint {
  if (!isFiniteDecimal(x)) return cascadeFail(`${name} must be a finite Decimal.`);
  if (x.decimalPlaces() > currency.minorUnits) {
    return cascadeFail(
      `${name} (${x.toString()}) must be at ${currency.code} scale (${currency.minorUnits} decimals); round it first.`,
    );
  }
  return toMinorUnits(x, currency);
}

function unitsList(xs: unknown, name: string, currency: Currency, length?: number): bigint[] {
  if (!Array.isArray(xs) || xs.length === 0) return cascadeFail(`${name} must be a non-empty array.`);
  if (length !== undefined && xs.length !== length) {
    return cascadeFail(`${name} must have one entry per charge (${length}).`);
  }
  const out = xs.map((t, j) => unitsOf(t, `${name}[${j}]`, currency));
  if (out.some((t) => t < 0n)) cascadeFail(`${name} must not be negative.`);
  return out;
}

/**
 * The lines, in minor units, of one item that takes a group from `billed` (per charge) to `after` in all
 * (decision 2). Cumulative targets `A(B, j) = round(B × cumP_j ÷ T)` over the weights, the last charge taking
 * `B`; each line is its target step minus what the charge was billed; the item that brings the group to
 * Σ totals bills each charge's remainder. Then the caps: a line is never negative and never takes its charge
 * beyond its total; each unit a cap moves goes to (for a line raised to zero: comes from) the item's largest
 * line that can take (give) it, ties to the earlier charge, so the lines still sum to `after − Σ billed`.
 * @internal
 */
export function cascadeUnits(
  weights: readonly bigint[],
  totals: readonly bigint[],
  billed: readonly bigint[],
  after: bigint,
  mode: RoundingMode,
): bigint[] {
  const n = totals.length;
  const sumTotals = totals.reduce((a, b) => a + b, 0n);
  const room = totals.map((t, j) => (t > billed[j]! ? t - billed[j]! : 0n));
  const T = weights.reduce((a, w) => a + w, 0n);
  const lines: bigint[] = [];
  let cum = 0n;
  let previous = 0n;
  for (let j = 0; j < n; j++) {
    cum += weights[j]!;
    // The item that brings the group to Σ totals bills each charge's remainder.
    const target =
      after === sumTotals
        ? previous + totals[j]!
        : j === n - 1
          ? after
          : T === 0n
            ? 0n
            : divideRounded(after * cum, T, mode);
    lines.push(target - previous - billed[j]!);
    previous = target;
  }
  // The caps, then the units they moved back into the item (largest line first, ties: earlier charge).
  let moved = 0n;
  for (let j = 0; j < n; j++) {
    const line = lines[j]!;
    let capped = line;
    if (capped > room[j]!) capped = room[j]!;
    if (capped < 0n) capped = 0n;
    moved += lines[j]! - capped;
    lines[j] = capped;
  }
  while (moved > 0n) {
    // Units above a cap: the largest line with room takes as many as it can (it stays the largest).
    const j = largestLine(lines, (k) => lines[k]! < room[k]!);
    if (j === -1) return cascadeFail('the item amount exceeds what the charges have left to bill.');
    const give = moved < room[j]! - lines[j]! ? moved : room[j]! - lines[j]!;
    lines[j] = lines[j]! + give;
    moved -= give;
  }
  // Units a line raised to zero needs: one at a time from the largest line.
  if (moved < 0n) takeFromLargest(lines, -moved);
  return lines;
}

/**
 * Takes `need` units from `lines`, one at a time from the largest line that has one (ties to the earlier),
 * worked out a level at a time rather than a unit at a time: the lines at the top level give a unit each,
 * in index order, round after round, until they meet the next level down, which then joins them. (A unit
 * at a time, a yen line of 10^9 units took 10^9 steps: a bill run that never ended.) @internal
 */
export function takeFromLargest(lines: bigint[], need: bigint): void {
  let left = need;
  while (left > 0n) {
    let top = 0n;
    for (const line of lines) if (line > top) top = line;
    if (top === 0n) cascadeFail('the item amount cannot cover its lines.');
    const at: number[] = [];
    let next = 0n;
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j]!;
      if (line === top) at.push(j);
      else if (line > next) next = line;
    }
    const count = BigInt(at.length);
    if (left >= count * (top - next)) {
      for (const j of at) lines[j] = next;
      left -= count * (top - next);
      continue;
    }
    const rounds = left / count;
    let extra = left - rounds * count;
    for (const j of at) {
      lines[j] = top - rounds - (extra > 0n ? 1n : 0n);
      if (extra > 0n) extra -= 1n;
    }
    left = 0n;
  }
}

/** The index of the largest line that `can` move a unit, ties to the earlier; -1 when none. */
function largestLine(lines: readonly bigint[], can: (j: number) => boolean): number {
  let best = -1;
  for (let j = 0; j < lines.length; j++) if (can(j) && (best === -1 || lines[j]! > lines[best]!)) best = j;
  return best;
}

/**
 * The lines of one schedule item for the charges of one group, per the cumulative cascade of reference §7.3
 * and decision 2. With weights `P_j` (each charge's value rounded on its own), `T = Σ P_j` and
 * `cumP_j = P_1 + … + P_j`, the cumulative target for charges 1..j at group cumulative `B` is
 * `A(B, j) = round(B × cumP_j / T)`, the last charge taking `B`; line j is `A(after, j) − A(after, j−1)`
 * minus what the charge was billed before. No line is negative or takes its charge beyond its total (the
 * units such a cap moves go to, or come from, the item's largest line), and the item that brings the group
 * to Σ totals bills each charge's remainder. The lines sum exactly to `after − before`, and over items that
 * take the group from 0 to Σ totals, each given in `billed` the sums of the earlier items' lines, each
 * charge's lines sum to its total. This is the very function billing uses, so its properties hold for what is
 * billed. Lines are the library's private decimal.js clone values at the currency's scale.
 *
 * `before` instead of `billed` stands for one earlier item from 0 to `before`: right for a group's first and
 * second items, not for a series. The caps make the cascade depend on the path (totals 0.44 / 0.04 / 0.44
 * billed 0 → 0.01 → 0.02 → 0.92 with `before` come to 0.43 / 0.05 / 0.44), so pass `billed` from the third
 * item on.
 *
 * Pre-conditions are a programmer's contract (amounts come from validated schedules), so a violation throws
 * a `RangeError`: an amount that is not a finite Decimal at the currency's scale, `billed` that is not one
 * such amount per charge, `after < before`, `after` above Σ totals, a charge billed beyond its total.
 * @example
 * // C01: totals 36,900 / 21,500 / 11,000 / 800, items bringing the group to 50,000 then 64,000
 * const totals = ['36900', '21500', '11000', '800'].map(toDec);
 * const inv001 = cascadeLines({ totals, billed: totals.map(() => toDec('0')), after: toDec('50000'),
 *   currency: CURRENCIES['USD']! }); // 26282.05, 15313.39, 7834.76, 569.80
 * const inv002 = cascadeLines({ totals, billed: inv001, after: toDec('64000'),
 *   currency: CURRENCIES['USD']! }); // 7358.98, 4287.75, 2193.73, 159.54
 * // the next item: billed = inv001[j] + inv002[j] per charge
 * @since 0.1.0
 */
export function cascadeLines(input: CascadeInput): Decimal[] {
  if (typeof input !== 'object' || input === null) return cascadeFail('expected an input object.');
  const cur = getCurrency(input.currency);
  if (cur.isErr()) return cascadeFail(cur.error.message);
  const currency = cur.value;
  const mode = input.rounding ?? DEFAULT_ROUNDING;
  if (!isRoundingMode(mode)) return cascadeFail(`unknown rounding mode ${JSON.stringify(mode)}.`);
  const totals = unitsList(input.totals, 'totals', currency);
  const n = totals.length;
  const weights = input.weights === undefined ? totals : unitsList(input.weights, 'weights', currency, n);
  const sumTotals = totals.reduce((a, t) => a + t, 0n);
  const after = unitsOf(input.after, 'after', currency);
  let billed: bigint[];
  if (input.billed !== undefined) {
    // Checked whatever it is: `[]` or `null` used to reach the arithmetic and fail with an unrelated TypeError.
    billed = unitsList(input.billed, 'billed', currency, n);
    if (billed.some((b, j) => b > totals[j]!)) cascadeFail("billed must not exceed a charge's total.");
  } else {
    // One step from 0: what a single earlier item billed (see CascadeInput.before).
    const before = unitsOf(input.before, 'before', currency);
    if (before < 0n || before > sumTotals)
      cascadeFail(`before must lie between 0 and the group total ${sumTotals} minor units.`);
    billed = cascadeUnits(
      weights,
      totals,
      totals.map(() => 0n),
      before,
      mode,
    );
  }
  const before = billed.reduce((a, b) => a + b, 0n);
  if (after < before) cascadeFail('after must not be below before.');
  if (after > sumTotals) cascadeFail('after must not exceed the sum of totals.');
  return cascadeUnits(weights, totals, billed, after, mode).map((u) => fromMinorUnits(u, currency));
}
