import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { Dec } from '../../money/decimal';
import { fromMinorUnits } from '../../money/minor';
import type { RoundingMode } from '../../money/rounding';
import { divideRounded } from '../../money/rounding';
import { type BusinessDate, isAfter, isBefore } from '../../time/date';
import { fromDecimal, type Rational } from '../../time/rational';
import type { RatePlan, RatePlanCharge } from '../contract/charge';
import { chargeValueExact } from '../contract/charge-value';
import { findCharge, type Subscription } from '../contract/subscription';
import type { TenantSettings } from '../settings';
import { type ChargeCredit, chargeTargets, creditStartDate } from './credit';
import { chargeNotFound, type ScheduleError, subscriptionNotFound } from './errors';
import { billableGroups } from './lines';
import { chargeKey, type InvoiceSchedule, refreshSchedule, type ScheduleCharge } from './schedule';

// The covered charges as execution sees them (§7.2, §8.1, decision 2): their values rounded as a set,
// the credits due on them, and the schedule brought up to date with them.

const ZERO = new Dec(0);

/**
 * A covered charge as execution sees it: the schedule's record of it, the current charge from
 * its subscription, its current value and what the schedule billed on it.
 * @since 0.1.0
 */
export interface ChargeState {
  readonly key: string;
  readonly scheduleCharge: ScheduleCharge;
  readonly subscription: Subscription;
  readonly ratePlan: RatePlan;
  readonly charge: RatePlanCharge;
  /**
   * What the schedule bills the charge in total: its current value (net of discounts) rounded with
   * the other charges' as a set, ties to the earlier charge (decision 2).
   */
  readonly total: Decimal;
  /** `P_j`, the charge's weight in the cascade: its value rounded on its own (decision 2). */
  readonly weight: Decimal;
  /** The charge's exact current value. */
  readonly exact: Rational;
  /** Decimals of the schedule's currency. */
  readonly minorUnits: number;
  /** Net amount the schedule billed on it so far. */
  readonly billed: Decimal;
}

/**
 * Loads the state of every attached charge of the schedule from the current subscriptions.
 * @since 0.1.0
 */
export function chargeStates(
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
  rounding: RoundingMode,
  chargeGrouping: TenantSettings['chargeGrouping'] = 'term',
  known: readonly ChargeState[] = [],
): Result<readonly ChargeState[], ScheduleError> {
  const currency = getCurrency(schedule.currency)._unsafeUnwrap();
  // States computed earlier from the same subscriptions (an execution's states, before it billed): a
  // charge's value depends on its subscription only, so it is taken from there, not computed again.
  const earlier = new Map(known.map((c) => [c.key, c]));
  const out: ChargeState[] = [];
  for (const sc of schedule.charges) {
    if (sc.detached) continue;
    const key = chargeKey(sc.subscriptionNumber, sc.chargeNumber);
    const subscription = subscriptions.get(sc.subscriptionNumber);
    if (!subscription) return err(subscriptionNotFound(sc.subscriptionNumber));
    const prior = earlier.get(key);
    const found =
      prior !== undefined && prior.subscription === subscription
        ? { ratePlan: prior.ratePlan, charge: prior.charge, exact: prior.exact }
        : findChargeValue(subscription, sc.chargeNumber);
    if (!found) return err(chargeNotFound(sc.subscriptionNumber, sc.chargeNumber));
    out.push(
      Object.freeze({
        key,
        scheduleCharge: sc,
        subscription,
        ratePlan: found.ratePlan,
        charge: found.charge,
        total: ZERO,
        weight: ZERO,
        exact: found.exact,
        minorUnits: currency.minorUnits,
        billed: sc.billedAmount,
      }),
    );
  }
  // The values billed: rounded once over all charges (decision 2, C10). Detached charges stay in
  // the rounding pool with their value, so detaching one does not re-round the others (a fully
  // processed schedule could not bill a unit moved onto them); what counts for them is what was
  // billed (actualAmountOf).
  const detached = schedule.charges.filter((c) => c.detached);
  const exact = [
    ...out.map((c) => c.exact),
    ...detached.map((c) => {
      const sub = subscriptions.get(c.subscriptionNumber);
      const found = sub ? findCharge(sub, c.chargeNumber) : undefined;
      return found ? chargeValueExact(found.charge, found.ratePlan) : fromDecimal(c.billedAmount);
    }),
  ];
  const billed = [...out.map((c) => c.billed), ...detached.map((c) => c.billedAmount)];
  // Ties of the set rounding go to the earlier charge in consumption order (§7.2, decision 2):
  // group by group, the schedule's order inside a group; detached charges come last.
  const rank = new Map<ChargeState, number>();
  // Zero-priced charges never shape the groups (decision 15); they rank last (their remainder is 0).
  for (const group of billableGroups(out, chargeGrouping)) for (const c of group) rank.set(c, rank.size);
  for (const c of out) if (!rank.has(c)) rank.set(c, rank.size);
  const order = [...out.map((c) => rank.get(c) ?? 0), ...detached.map((_, i) => out.length + i)];
  const targets = keepBilledUnits(
    exact,
    billed,
    chargeTargets(exact, currency, rounding, order),
    currency.minorUnits,
  );
  const scale = 10n ** BigInt(currency.minorUnits);
  const weight = (x: Rational): Decimal =>
    fromMinorUnits(divideRounded(x.num * scale, x.den, rounding), currency);
  return ok(
    out.map((c, i) => Object.freeze({ ...c, total: targets[i] as Decimal, weight: weight(c.exact) })),
  );
}

/** The charge of a subscription with its rate plan and exact value, or `undefined`. */
function findChargeValue(subscription: Subscription, chargeNumber: string) {
  const found = findCharge(subscription, chargeNumber);
  return found && { ...found, exact: chargeValueExact(found.charge, found.ratePlan) };
}

/**
 * Rounding once over all charges hands the units left over to the largest remainders, so a change
 * of one charge can move a unit onto another, unchanged charge. Once that charge was billed its
 * rounded-down value in full (a fully processed schedule), no item is left to bill the extra unit and
 * the schedule could never settle. So the units left over go first to the charges already billed
 * above their rounded-down value (they keep the unit they were billed, largest remainder first),
 * then to the others by largest remainder. The sum is unchanged (decision 2); with nothing billed,
 * or with every changed charge billed above it (C10), the values are those of `chargeTargets`.
 */
function keepBilledUnits(
  exact: readonly Rational[],
  billed: readonly Decimal[],
  targets: readonly Decimal[],
  minorUnits: number,
): readonly Decimal[] {
  const scale = 10n ** BigInt(minorUnits);
  const unit = new Dec(1).div(new Dec(scale.toString()));
  const rows = exact.map((x, i) => {
    const floor = divideRounded(x.num * scale, x.den, 'floor');
    const floorValue = new Dec(floor.toString()).div(new Dec(scale.toString()));
    return {
      i,
      rest: x.num * scale - floor * x.den,
      den: x.den,
      hasUnit: (targets[i] as Decimal).gt(floorValue),
      billedAbove: (billed[i] as Decimal).gt(floorValue),
      // Billed above its total: a credit is due on it, so a unit moved onto it only makes that
      // credit a unit smaller (the schedule's total stays exact, decision 2).
      overBilled: (billed[i] as Decimal).gt(targets[i] as Decimal),
    };
  });
  const byRest = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    const diff = b.rest * a.den - a.rest * b.den;
    return diff > 0n ? 1 : diff < 0n ? -1 : b.i - a.i;
  };
  const want = rows.filter((r) => r.billedAbove && (!r.hasUnit || r.overBilled)).sort(byRest);
  const give = rows
    .filter((r) => !r.billedAbove && r.hasUnit)
    .sort(byRest)
    .reverse();
  if (want.length === 0 || give.length === 0) return targets;
  const out = [...targets];
  for (let k = 0; k < Math.min(want.length, give.length); k++) {
    const to = (want[k] as (typeof rows)[number]).i;
    const from = (give[k] as (typeof rows)[number]).i;
    out[to] = (out[to] as Decimal).plus(unit);
    out[from] = (out[from] as Decimal).minus(unit);
  }
  return out.map((v) => (v.isZero() ? ZERO : v));
}

/**
 * What the schedule must really bill (reference §8.1): the current value of the attached
 * charges plus what was billed on detached ones.
 * @since 0.1.0
 */
export function actualAmountOf(schedule: InvoiceSchedule, states: readonly ChargeState[]): Decimal {
  const attached = states.reduce((acc, c) => acc.plus(c.total), ZERO);
  return schedule.charges.filter((c) => c.detached).reduce((acc, c) => acc.plus(c.billedAmount), attached);
}

/**
 * The credits due on the attached charges: every charge billed more than its current value. The
 * credit memo's total is what those charges were billed above their totals, so the schedule's
 * amounts stay exact; it is shared among them as its own set, by largest remainder of the exact
 * credits (billed − exact value), ties to the earlier charge (decision 2, C10: 6,150.00 /
 * 3,583.34 / 1,833.33 / 133.33 for 11,700.00). A charge's net billed amount can so end a minor
 * unit off its rounded total; `chargeStates` then keeps the unit where it was billed.
 * @since 0.1.0
 */
export function chargeCredits(states: readonly ChargeState[]): readonly ChargeCredit[] {
  const over = states.filter((c) => c.billed.gt(c.total));
  if (over.length === 0) return [];
  const scale = 10n ** BigInt((over[0] as ChargeState).minorUnits);
  const units = (d: Decimal): bigint => BigInt(d.times(scale.toString()).toFixed(0));
  const total = over.reduce((acc, c) => acc + units(c.billed) - units(c.total), 0n);
  // Exact credit e = billed − value, as a fraction num / den of minor units.
  const exact = over.map((c, i) => {
    // A charge billed above its rounded total but below its exact value has a negative exact credit:
    // it counts as none, so no share is negative and the shares still add up to the memo's total.
    const raw = units(c.billed) * c.exact.den - c.exact.num * scale;
    const num = raw < 0n ? 0n : raw;
    const floor = divideRounded(num, c.exact.den, 'floor');
    return { i, floor, rest: num - floor * c.exact.den, den: c.exact.den };
  });
  const shares = exact.map((e) => e.floor);
  let left = total - shares.reduce((a, b) => a + b, 0n);
  const order = [...exact].sort((a, b) => {
    const diff = b.rest * a.den - a.rest * b.den;
    return diff > 0n ? 1 : diff < 0n ? -1 : a.i - b.i;
  });
  for (let k = 0; left > 0n; k = (k + 1) % order.length) {
    const i = (order[k] as (typeof order)[number]).i;
    shares[i] = (shares[i] as bigint) + 1n;
    left -= 1n;
  }
  for (let i = shares.length - 1; left < 0n; i = (i - 1 + shares.length) % shares.length) {
    if ((shares[i] as bigint) > 0n) {
      shares[i] = (shares[i] as bigint) - 1n;
      left += 1n;
    }
  }
  const toDec = (u: bigint): Decimal => new Dec(u.toString()).div(scale.toString());
  return over
    .map((c, i) =>
      Object.freeze({
        subscriptionNumber: c.subscription.number,
        chargeNumber: c.charge.number,
        chargeName: c.charge.name,
        amount: toDec(shares[i] as bigint),
        creditStartDate: creditStartDate(c.charge),
      }),
    )
    .filter((c) => c.amount.gt(0));
}

/** Charges worth nothing and never billed, as credits of 0.00 with their credit start (C08). @internal */
export function zeroCharges(states: readonly ChargeState[]): readonly ChargeCredit[] {
  return states
    .filter((c) => c.total.isZero() && c.billed.isZero())
    .map((c) =>
      Object.freeze({
        subscriptionNumber: c.subscription.number,
        chargeNumber: c.charge.number,
        chargeName: c.charge.name,
        amount: ZERO,
        creditStartDate: creditStartDate(c.charge),
      }),
    );
}

/**
 * Brings a schedule up to date with its charges after order changes (reference §8.1, §8.2,
 * §6.6 rule 3): `actualAmount` from the current charge values, pending items' actual amounts
 * redistributed (decision 4), and `nextRunDate` moved to the earliest credit start when a credit
 * is due before the next item (or after the last one). Pure; the version is not changed.
 * @since 0.1.0
 */
export function reviseSchedule(schedule: InvoiceSchedule, states: readonly ChargeState[]): InvoiceSchedule {
  const refreshed = refreshSchedule({ ...schedule, actualAmount: actualAmountOf(schedule, states) });
  const credits = chargeCredits(states);
  if (credits.length === 0) return refreshed;
  const creditDate = credits.map((c) => c.creditStartDate).reduce((a, b) => (isBefore(b, a) ? b : a));
  const current = refreshed.nextRunDate;
  if (current !== null && !isAfter(current, creditDate)) return refreshed;
  return refreshSchedule({ ...refreshed, nextRunDateOverride: creditDate });
}

/**
 * Decision 19 (§8.4): an order that removes or cancels covered charges of a schedule with pending
 * items moves its `nextRunDate` to the change's effective date when that is earlier, whether or
 * not a credit is due. `before` and `after` are the covered subscriptions before and after the
 * order. Pure; the version is not changed.
 * @since 0.1.0
 */
export function pullForwardToCuts(
  schedule: InvoiceSchedule,
  before: ReadonlyMap<string, Subscription>,
  after: ReadonlyMap<string, Subscription>,
): InvoiceSchedule {
  if (schedule.nextRunDate === null) return schedule;
  let cut: BusinessDate | null = null;
  for (const sc of schedule.charges) {
    if (sc.detached) continue;
    const old = before.get(sc.subscriptionNumber);
    const now = after.get(sc.subscriptionNumber);
    const wasFound = old ? findCharge(old, sc.chargeNumber) : undefined;
    const was = wasFound?.charge;
    const is = now ? findCharge(now, sc.chargeNumber)?.charge : undefined;
    if (!wasFound || !was || !is || !isBefore(is.endDate, was.endDate)) continue;
    // A zero-priced charge moves no money: its own dates (a one-time charge's start) say nothing of
    // when the change is due.
    if (chargeValueExact(was, wasFound.ratePlan).num === 0n) continue;
    const date = creditStartDate(is);
    if (cut === null || isBefore(date, cut)) cut = date;
  }
  if (cut === null || !isBefore(cut, schedule.nextRunDate)) return schedule;
  return refreshSchedule({ ...schedule, nextRunDateOverride: cut });
}
