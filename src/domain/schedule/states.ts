import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { Dec, frozenDecimal, ZERO } from '../../money/decimal';
import { fromMinorUnits, unitsAtScale, unitsToDecimal } from '../../money/minor';
import type { RoundingMode } from '../../money/rounding';
import { divideRounded } from '../../money/rounding';
import { type BusinessDate, isAfter, isBefore, minDate } from '../../time/date';
import { fromDecimal, parseFraction, type Rational } from '../../time/rational';
import type { RatePlan, RatePlanCharge } from '../contract/charge';
import { chargeValueExact, resolveCurrency } from '../contract/charge-value';
import { findCharge, type Subscription } from '../contract/subscription';
import { freezeResult } from '../freeze';
import type { TenantSettings } from '../settings';
import {
  type ChargeCredit,
  chargeTargetUnits,
  creditDueDate,
  creditDueDay,
  creditStartDay,
  dueDateOf,
  firstDueDate,
} from './credit';
import { cutDate, withCuts, withDates } from './cuts';
import { chargeNotFound, type ScheduleError, subscriptionNotFound } from './errors';
import { billableGroups } from './lines';
import {
  chargeKey,
  earliestPendingItem,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  isUserNextRunDate,
  type RemovalCut,
  refreshSchedule,
  refreshScheduleAs,
  type ScheduleChanges,
  type ScheduleCharge,
} from './schedule';

// The covered charges as execution sees them (§7.2, §8.1, decision 2): their values rounded as a set,
// the credits due on them, and the schedule brought up to date with them.

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
  /** `P_j`, the charge's weight in the cascade: its value rounded on its own, half-up (decision 2). */
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
  return statesOf(
    schedule.currency,
    schedule.charges,
    subscriptions,
    rounding,
    chargeGrouping,
    known,
    undefined,
    undefined,
    undefined,
    hasPendingItems(schedule.items),
  ).map((loaded) => Object.freeze(loaded.states));
}

/**
 * A charge state's amounts in minor units, for execution to compute on integers: `billed` is `null` when it
 * is not at the currency's scale (execution then takes the decimal steps).
 * @internal
 */
export interface ChargeUnits {
  readonly total: bigint;
  readonly weight: bigint;
  readonly billed: bigint | null;
}

/**
 * Charge states and their amounts in minor units, index for index.
 * @internal
 */
export interface LoadedStates {
  readonly states: readonly ChargeState[];
  readonly units: readonly ChargeUnits[];
  /** The set rounding they were loaded with, for a later load of the same charges to reuse. */
  readonly rounding: SetRounding;
  /**
   * Each pool charge's total in minor units once billed units are kept (`keepBilledUnits`): the attached charges
   * (as `units`), then the detached ones in the order of the schedule's charges. A detach records the latter.
   */
  readonly poolTargets: readonly bigint[];
}

/**
 * The inputs and result of one set rounding (`chargeTargetUnits`, a pure function of them), so a load of the
 * same charges with the same values, rounding and consumption order takes the result as it is.
 * @internal
 */
export interface SetRounding {
  readonly exact: readonly Rational[];
  readonly order: readonly number[];
  readonly minorUnits: number;
  readonly rounding: RoundingMode;
  readonly targets: readonly bigint[];
}

/** `chargeTargetUnits(exact, minorUnits, rounding, order)`, taken from `known` when its inputs are the same. */
function setRounding(
  exact: readonly Rational[],
  order: readonly number[],
  minorUnits: number,
  rounding: RoundingMode,
  known: SetRounding | undefined,
): SetRounding {
  if (
    known !== undefined &&
    known.minorUnits === minorUnits &&
    known.rounding === rounding &&
    sameNumbers(known.order, order) &&
    sameValues(known.exact, exact)
  )
    return known;
  return {
    exact,
    order,
    minorUnits,
    rounding,
    targets: chargeTargetUnits(exact, minorUnits, rounding, order),
  };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Equal fractions, numerator and denominator alike (what `chargeTargetUnits` reads of them). */
function sameValues(a: readonly Rational[], b: readonly Rational[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Rational;
    const y = b[i] as Rational;
    if (x !== y && (x.num !== y.num || x.den !== y.den)) return false;
  }
  return true;
}

/** What a charge state is made of before its totals are known. */
interface Loaded {
  /** Position among the attached charges. */
  readonly index: number;
  readonly key: string;
  readonly sc: ScheduleCharge;
  readonly subscription: Subscription;
  readonly ratePlan: RatePlan;
  readonly charge: RatePlanCharge;
  readonly exact: Rational;
  readonly billed: Decimal;
  /** The same charge's earlier state, and its units when loaded with the same rounding. */
  readonly prior: ChargeState | undefined;
  readonly priorUnits: ChargeUnits | undefined;
}

/** {@link chargeStates} of a schedule's currency and charges. @internal */
export function statesOf(
  currencyCode: string,
  charges: readonly ScheduleCharge[],
  subscriptions: ReadonlyMap<string, Subscription>,
  rounding: RoundingMode,
  chargeGrouping: TenantSettings['chargeGrouping'],
  known: readonly ChargeState[],
  /** The units of `known`, when they were loaded with the same rounding: their weights (half-up) are reused too. */
  knownUnits?: readonly ChargeUnits[],
  /** The set rounding of an earlier load, reused when its inputs are the same. */
  knownRounding?: SetRounding,
  /** `chargeKey` of each of `charges` (index for index), when the caller has them. */
  knownKeys?: readonly string[],
  /**
   * Whether an item of the schedule is still pending with a run date (`hasPendingItems`): it bills what the
   * charges' totals leave unbilled, so no unit is moved between charges to keep a billed one (`keepBilledUnits`) —
   * unless the totals leave nothing to bill (`nothingLeftToBill`; review 83).
   */
  itemsLeft = false,
  /**
   * Keys of detached charges whose recorded total is not kept (`pinDetached`): those a detach is recording now
   * (`withPoolTotals`), so the set rounding says what they are left once detached.
   */
  unpinned?: ReadonlySet<string>,
): Result<LoadedStates, ScheduleError> {
  const currency = resolveCurrency(currencyCode);
  const minorUnits = currency.minorUnits;
  const out: Loaded[] = [];
  const detached: ScheduleCharge[] = [];
  // Indexed loops throughout: this runs twice per execution, and iterators and closures add up.
  for (let k = 0; k < charges.length; k++) {
    const sc = charges[k] as ScheduleCharge;
    if (sc.detached) {
      detached.push(sc);
      continue;
    }
    const key = knownKeys?.[k] ?? chargeKey(sc.subscriptionNumber, sc.chargeNumber);
    const subscription = subscriptions.get(sc.subscriptionNumber);
    if (!subscription) return err(subscriptionNotFound(sc.subscriptionNumber));
    // States computed earlier from the same subscriptions (an execution's states, before it billed): a
    // charge's value depends on its subscription only, so it is taken from there, not computed again.
    const j = indexOfKey(known, key);
    const prior = j === -1 ? undefined : (known[j] as ChargeState);
    if (prior !== undefined && prior.subscription === subscription) {
      out.push({
        index: out.length,
        key,
        sc,
        subscription,
        ratePlan: prior.ratePlan,
        charge: prior.charge,
        exact: prior.exact,
        billed: sc.billedAmount,
        prior,
        priorUnits: knownUnits?.[j],
      });
      continue;
    }
    const found = findChargeValue(subscription, sc.chargeNumber);
    if (!found) return err(chargeNotFound(sc.subscriptionNumber, sc.chargeNumber));
    out.push({
      index: out.length,
      key,
      sc,
      subscription,
      ratePlan: found.ratePlan,
      charge: found.charge,
      exact: found.exact,
      billed: sc.billedAmount,
      prior: undefined,
      priorUnits: undefined,
    });
  }
  // The values billed: rounded once over all charges (decision 2's billed totals, C11). Detached charges stay in
  // the rounding pool with the value they had when detached, so neither detaching one nor a later
  // change to its subscription re-rounds the others (a fully processed schedule could not bill a unit
  // moved onto them); what counts for them is what was billed (actualAmountOf). Records from before
  // the detachment kept the value have their current value.
  const exact: Rational[] = [];
  const billed: Decimal[] = [];
  for (const c of out) {
    exact.push(c.exact);
    billed.push(c.billed);
  }
  for (const c of detached) {
    const kept = parseFraction(c.detachment?.value);
    if (kept !== null) {
      exact.push(kept);
      billed.push(c.billedAmount);
      continue;
    }
    const sub = subscriptions.get(c.subscriptionNumber);
    const found = sub ? findCharge(sub, c.chargeNumber) : undefined;
    exact.push(found ? chargeValueExact(found.charge, found.ratePlan) : fromDecimal(c.billedAmount));
    billed.push(c.billedAmount);
  }
  const billedUnits: (bigint | null)[] = new Array(billed.length);
  for (let i = 0; i < billed.length; i++) billedUnits[i] = unitsAtScale(billed[i] as Decimal, minorUnits);
  // Ties of the set rounding go to the earlier charge in consumption order (§7.2, decision 2):
  // group by group, the schedule's order inside a group; detached charges come last.
  const order: number[] = [];
  for (let i = 0; i < exact.length; i++) order.push(-1);
  let rank = 0;
  for (const group of billableGroups(out, chargeGrouping)) for (const c of group) order[c.index] = rank++;
  // Zero-priced charges never shape the groups (decision 15); they rank last (their remainder is 0).
  for (let i = 0; i < out.length; i++) if (order[i] === -1) order[i] = rank++;
  for (let i = out.length; i < exact.length; i++) order[i] = i;
  const set = setRounding(exact, order, minorUnits, rounding, knownRounding);
  const pin = pinDetached(exact, billedUnits, set.targets, minorUnits, out.length, detached, {
    unpinned,
    subscriptions,
  });
  const start = pin?.targets ?? set.targets;
  const fixed = pin?.pinned;
  const targets = !itemsLeft
    ? keepBilledUnits(exact, billed, billedUnits, start, minorUnits, undefined, fixed)
    : nothingLeftToBill(out.length, billedUnits, start)
      ? keepBilledUnits(
          exact,
          billed,
          billedUnits,
          start,
          minorUnits,
          // Only a charge whose only credit would be units of the set rounding: attached, no cut of its own uncredited.
          (i) =>
            i < out.length &&
            !isCutUncredited((out[i] as Loaded).sc.servedThrough, (out[i] as Loaded).charge),
          fixed,
        )
      : start;
  const scale = 10n ** BigInt(minorUnits);
  const states: ChargeState[] = [];
  const units: ChargeUnits[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = out[i] as Loaded;
    const totalUnits = targets[i] as bigint;
    // An earlier state of the same value and rounding has the weight, and maybe the total, as decimals.
    const prior = c.priorUnits === undefined ? undefined : c.prior;
    // Weights are half-up whatever the tenant rounding, which applies where an amount becomes a line (decision 2).
    const weightUnits = c.priorUnits?.weight ?? divideRounded(c.exact.num * scale, c.exact.den, 'halfUp');
    const total =
      prior !== undefined && c.priorUnits?.total === totalUnits
        ? prior.total
        : unitsToDecimal(totalUnits, minorUnits);
    // The weight is most often the total itself (a value rounded alone or in the set): one decimal for both.
    const shared = weightUnits === totalUnits && totalUnits < EXACT_LIMIT && -totalUnits < EXACT_LIMIT;
    const weight = prior?.weight ?? (shared ? total : fromMinorUnits(weightUnits, currency));
    units.push({ total: totalUnits, weight: weightUnits, billed: billedUnits[i] ?? null });
    states.push(
      Object.freeze({
        key: c.key,
        scheduleCharge: c.sc,
        subscription: c.subscription,
        ratePlan: c.ratePlan,
        charge: c.charge,
        total,
        weight,
        exact: c.exact,
        minorUnits,
        billed: c.billed,
      }),
    );
  }
  return ok({ states, units, rounding: set, poolTargets: targets });
}

/**
 * Whether an item is still to be billed on a run date (not Processed, its run date set): it bills what the
 * charges' totals leave. An item with a blank run date bills nothing until one is set. @internal
 */
export function hasPendingItems(
  items: readonly { readonly status: string; readonly runDate: string | null }[],
): boolean {
  return items.some((i) => i.status !== 'Processed' && i.runDate !== null);
}

/** The last state with this key (as a map by key would keep), or -1. */
function indexOfKey(states: readonly ChargeState[], key: string): number {
  for (let j = states.length - 1; j >= 0; j--) if ((states[j] as ChargeState).key === key) return j;
  return -1;
}

/** Below 10^59 a value's digits parse exactly (see `unitsToDecimal`), so equal units give equal decimals. */
const EXACT_LIMIT = 10n ** 59n;

/** The charge of a subscription with its rate plan and exact value (remembered: `chargeValueExact`), or `undefined`. */
function findChargeValue(subscription: Subscription, chargeNumber: string) {
  const found = findCharge(subscription, chargeNumber);
  if (found === undefined) return undefined;
  const { ratePlan, charge } = found;
  return { ratePlan, charge, exact: chargeValueExact(charge, ratePlan) };
}

/**
 * The set rounding's targets with each detached charge held at the total its detachment recorded (decision 2):
 * standard billing bills the charge to that total (`detachedValue`), so a unit the set rounding would move onto or
 * off it — a tie it now ranks last for (decision 2), a later order on the attached charges, another detach, a blank
 * run date filled — goes to or comes from the attached charges instead, and the schedule and standard billing together
 * still bill the set's exact value rounded. A unit given to the attached charges goes to one without its unit,
 * first one billed above its rounded-down value (its credit gets a unit smaller), then by largest remainder; a unit
 * taken comes from one holding its unit, first one not billed it yet, then by smallest remainder (a charge worth a
 * whole number of units takes none). Held only while standard billing bills the recorded total: not once the
 * charge's value changed since the detach (standard billing then bills the change of the set's rounded value) or
 * it is worth nothing (billed nothing), and not when its recorded total is more than a unit off or no attached
 * charge can take or give its unit (a charge removed from its start cannot give one below zero). `undefined` when
 * none is held: no recorded total (records from before the field, or `unpinned`), no attached charge.
 */
function pinDetached(
  exact: readonly Rational[],
  billedUnits: readonly (bigint | null)[],
  targets: readonly bigint[],
  minorUnits: number,
  attached: number,
  detached: readonly ScheduleCharge[],
  /** `unpinned` (`statesOf`) and the subscriptions loaded. */
  context: {
    readonly unpinned: ReadonlySet<string> | undefined;
    readonly subscriptions: ReadonlyMap<string, Subscription>;
  },
): { readonly targets: readonly bigint[]; readonly pinned: readonly boolean[] } | undefined {
  if (detached.length === 0 || attached === 0) return undefined;
  const scale = 10n ** BigInt(minorUnits);
  // The detached charges to hold: pool index, recorded total, and the set rounding's target for them.
  const held: { readonly i: number; readonly units: bigint }[] = [];
  for (let k = 0; k < detached.length; k++) {
    const c = detached[k] as ScheduleCharge;
    const recorded = c.detachment?.total;
    if (recorded === undefined || recorded === null) continue;
    if (context.unpinned?.has(chargeKey(c.subscriptionNumber, c.chargeNumber))) continue;
    // Standard billing bills the recorded total only while the charge is worth what it was at the detach, and
    // nothing once it is worth nothing (`detachedValue`): the set rounding decides then, as before.
    const x = exact[attached + k] as Rational;
    if (x.num === 0n) continue;
    const sub = context.subscriptions.get(c.subscriptionNumber);
    const now = sub === undefined ? undefined : findChargeValue(sub, c.chargeNumber)?.exact;
    if (now === undefined || now.num * x.den !== x.num * now.den) continue;
    const units = unitsAtScale(recorded, minorUnits);
    const target = targets[attached + k] as bigint;
    if (units === null || target - units > 1n || units - target > 1n) continue;
    held.push({ i: attached + k, units });
  }
  if (held.length === 0) return undefined;
  const floors: bigint[] = [];
  for (let a = 0; a < attached; a++) {
    const x = exact[a] as Rational;
    floors.push(divideRounded(x.num * scale, x.den, 'floor'));
  }
  // `a` before `b` by remainder, larger first (`larger`) or smaller first; then the earlier charge.
  const byRemainder = (a: number, b: number, larger: boolean) => {
    const x = exact[a] as Rational;
    const y = exact[b] as Rational;
    const ra = (x.num * scale - (floors[a] as bigint) * x.den) * y.den;
    const rb = (y.num * scale - (floors[b] as bigint) * y.den) * x.den;
    return ra === rb ? a - b : ra > rb === larger ? -1 : 1;
  };
  const billedAbove = (a: number) => {
    const b = billedUnits[a];
    return b !== null && b !== undefined && b > (floors[a] as bigint);
  };
  // Moves `count` units onto (`give`) or off the attached charges of `out`, each staying within a unit of its
  // value rounded down: given first to a charge billed above it (its credit gets a unit smaller), taken first from
  // one not billed its unit yet; then by remainder. False when no charge can.
  const absorb = (out: bigint[], count: bigint, give: boolean): boolean => {
    for (let n = 0n; n < count; n++) {
      let best = -1;
      for (let a = 0; a < attached; a++) {
        // A charge worth a whole number of units (nothing, say: zero-priced or removed from its start) takes none.
        const x = exact[a] as Rational;
        const whole = x.num * scale === (floors[a] as bigint) * x.den;
        const room = give ? out[a] === floors[a] && !whole : out[a] === (floors[a] as bigint) + 1n;
        if (!room) continue;
        if (best === -1) best = a;
        else if (billedAbove(a) !== billedAbove(best)) best = billedAbove(a) === give ? a : best;
        else if (byRemainder(a, best, give) < 0) best = a;
      }
      if (best === -1) return false;
      out[best] = (out[best] as bigint) + (give ? 1n : -1n);
    }
    return true;
  };
  // All of them at once when the attached charges can take the net difference (two detached charges trading a
  // tie's unit need none); else one by one, leaving out a charge whose unit no attached charge can take or give.
  const all = [...targets];
  let net = 0n;
  for (const h of held) {
    net += (all[h.i] as bigint) - h.units;
    all[h.i] = h.units;
  }
  const pinned = new Array<boolean>(targets.length).fill(false);
  if (absorb(all, net < 0n ? -net : net, net > 0n)) {
    for (const h of held) pinned[h.i] = true;
    return { targets: all, pinned };
  }
  const out = [...targets];
  let any = false;
  for (const h of held) {
    const d = (out[h.i] as bigint) - h.units;
    const trial = [...out];
    trial[h.i] = h.units;
    if (d !== 0n && !absorb(trial, d < 0n ? -d : d, d > 0n)) continue;
    for (let a = 0; a < trial.length; a++) out[a] = trial[a] as bigint;
    pinned[h.i] = true;
    any = true;
  }
  return any ? { targets: out, pinned } : undefined;
}

/**
 * Whether the attached charges (the first `attached` of the pool) are billed exactly their set totals in all: the
 * items still pending have nothing left to bill, only units to move between charges (`statesOf`'s `itemsLeft`).
 */
function nothingLeftToBill(
  attached: number,
  billedUnits: readonly (bigint | null)[],
  targets: readonly bigint[],
): boolean {
  let left = 0n;
  for (let i = 0; i < attached; i++) {
    const b = billedUnits[i];
    if (b === null || b === undefined) return false;
    left += (targets[i] as bigint) - b;
  }
  return left === 0n;
}

/**
 * Rounding once over all charges hands the units left over to the largest remainders, so a change
 * of one charge can move a unit onto another, unchanged charge. Once that charge was billed its
 * rounded-down value in full (a fully processed schedule), no item is left to bill the extra unit and
 * the schedule could never settle. So such a unit — on a charge billed exactly its rounded-down value —
 * goes first to the charges already billed above their rounded-down value (they keep the unit they
 * were billed, largest remainder first). For a schedule with no item left to bill on a run date
 * (`statesOf`'s `itemsLeft`), or one whose pending items have nothing left to bill (`pendingTaker`, below): while
 * an item has, it bills what the totals leave, and moving a unit would take it off a charge's billed total
 * (decision 2; a discounted charge beside a removed one lost a cent to it). A
 * charge billed less than its rounded-down value keeps its unit (an item with a blank run date may bill it). The
 * sum is unchanged; with nothing billed, or with every changed charge billed above it (C10), the
 * values are those of `chargeTargets`. In minor units; `billed` compared exactly whatever its scale.
 *
 * Items pending with nothing left to bill (the charges billed their set totals in all) move units the same way, but
 * only to a charge with no cut of its own still to credit (`pendingTaker`: its only credit would be the unit): the
 * item is then processed without a document, not with an invoice of a unit and a credit memo of a unit (decision 2,
 * review 83). A charge with a cut of its own still to credit takes none: the item credits it and bills the unit
 * where the set rounding puts it.
 */
function keepBilledUnits(
  exact: readonly Rational[],
  billed: readonly Decimal[],
  billedUnits: readonly (bigint | null)[],
  targets: readonly bigint[],
  minorUnits: number,
  /** Items are pending with nothing left to bill: whether the charge at a pool index may take a unit. */
  pendingTaker?: (i: number) => boolean,
  /** The pool charges held at their totals (`pinDetached`): they neither give nor take a unit. */
  fixed?: readonly boolean[],
): readonly bigint[] {
  const scale = 10n ** BigInt(minorUnits);
  // Usually no charge is billed above its rounded-down value without its unit, or nothing could give one:
  // then the targets stand, and the rows below need not be built.
  let wants = false;
  let gives = false;
  for (let i = 0; i < exact.length; i++) {
    if (fixed?.[i]) continue;
    const x = exact[i] as Rational;
    const floor = divideRounded(x.num * scale, x.den, 'floor');
    const target = targets[i] as bigint;
    const above = isAbove(billed[i] as Decimal, billedUnits[i] ?? null, floor, scale);
    if (above && (target <= floor || isAbove(billed[i] as Decimal, billedUnits[i] ?? null, target, scale)))
      wants = true;
    if (!above && target > floor && isAbove(billed[i] as Decimal, billedUnits[i] ?? null, floor - 1n, scale))
      gives = true;
  }
  if (!wants || !gives) return targets;
  const rows: Row[] = exact.map((x, i) => {
    const floor = divideRounded(x.num * scale, x.den, 'floor');
    const target = targets[i] as bigint;
    const at = billedUnits[i] ?? null;
    const billedAbove = isAbove(billed[i] as Decimal, at, floor, scale);
    return {
      i,
      rest: x.num * scale - floor * x.den,
      den: x.den,
      floor,
      hasUnit: target > floor,
      billedAbove,
      // Billed exactly its rounded-down value: a unit on it may be one no item will bill.
      atFloor: !billedAbove && isAbove(billed[i] as Decimal, at, floor - 1n, scale),
      // Billed above its total: a credit is due on it, so a unit moved onto it only makes that
      // credit a unit smaller (the schedule's total stays exact, decision 2).
      overBilled: isAbove(billed[i] as Decimal, at, target, scale),
    };
  });
  const want = rows
    .filter(
      (r) =>
        !fixed?.[r.i] &&
        r.billedAbove &&
        (!r.hasUnit || r.overBilled) &&
        (pendingTaker === undefined || pendingTaker(r.i)),
    )
    .sort(byRest);
  const give = rows
    .filter((r) => !fixed?.[r.i] && r.atFloor && r.hasUnit)
    .sort(byRest)
    .reverse();
  if (want.length === 0 || give.length === 0) return targets;
  const out = [...targets];
  const pairs = Math.min(want.length, give.length);
  for (let k = 0; k < pairs; k++) {
    const to = (want[k] as Row).i;
    const from = (give[k] as Row).i;
    out[to] = (out[to] as bigint) + 1n;
    out[from] = (out[from] as bigint) - 1n;
  }
  // More units left on charges billed their rounded-down value than charges to take them (a second cut of a
  // credited charge can hand its units to two charges billed in full): a charge billed above its total takes
  // the rest too, while it stays at or below what it was billed — its credit only gets smaller — so no unit
  // is left where no item would bill it (decision 2).
  for (let k = pairs; k < give.length; k++) {
    const from = give[k] as Row;
    const to = want.find(
      (r) =>
        r.overBilled && isAbove(billed[r.i] as Decimal, billedUnits[r.i] ?? null, out[r.i] as bigint, scale),
    );
    if (to === undefined) break;
    out[to.i] = (out[to.i] as bigint) + 1n;
    out[from.i] = (out[from.i] as bigint) - 1n;
  }
  return out;
}

/**
 * Whether a removal cut a charge the schedule never billed (its value rounded away: billed 0, served through nowhere;
 * review 80): its rate plan was removed as of its credit start or earlier (`removalEffectiveDate`), so the removal's
 * day dates the units it moves, as a served charge's cut does ({@link isUncreditedCut}).
 */
function isUnbilledCut(c: ChargeState): boolean {
  const removed = c.charge.removalEffectiveDate;
  if (removed === undefined || !isUnbilled(c)) return false;
  const start = creditStartDay(c.charge);
  return start !== null && !isAfter(removed, start);
}

/** Billed nothing and served through nowhere: a charge whose value the rounding took away. */
function isUnbilled(c: ChargeState): boolean {
  return c.scheduleCharge.servedThrough === null && c.billed.isZero();
}

/**
 * Whether a charge the schedule never billed, and not ended by a removal ({@link isUnbilledCut}; a removal after its
 * end records its date and changes nothing: review 82), may have been cut after `day` by a shorter term (review 81):
 * its subscription was changed by an order since it was created (`version` above 1), and nothing tells such a cut
 * from the charge's own end, so a unit cannot be dated with a cut on `day`.
 */
function mayBeCutAfter(c: ChargeState, day: BusinessDate): boolean {
  if (c.subscription.version <= 1 || !isUnbilled(c) || isUnbilledCut(c)) return false;
  const start = creditStartDay(c.charge);
  return start !== null && isAfter(start, day);
}

/**
 * Whether a charge an order cut has not been credited for it: its credit would start on or before the last day its
 * lines served, that day served in full (a credit leaves the day it starts on served in part, `creditedBack`). A cut
 * whose own credit rounded to nothing stays one: nothing records that it was settled.
 */
function isUncreditedCut(c: ChargeState): boolean {
  return isCutUncredited(c.scheduleCharge.servedThrough, c.charge);
}

/** {@link isUncreditedCut} of a charge's record and the schedule's `servedThrough` of it. */
function isCutUncredited(
  served: ScheduleCharge['servedThrough'],
  charge: Pick<RatePlanCharge, 'startDate' | 'endDate'>,
): boolean {
  if (served === null) return false;
  const start = creditStartDay(charge);
  return start !== null && (isBefore(start, served.end) || (start === served.end && !served.endDayPartial));
}

interface Row {
  readonly i: number;
  readonly rest: bigint;
  readonly den: bigint;
  /** The charge's value rounded down, in minor units. */
  readonly floor: bigint;
  readonly hasUnit: boolean;
  readonly billedAbove: boolean;
  readonly atFloor: boolean;
  readonly overBilled: boolean;
}

function byRest(a: Row, b: Row): number {
  const diff = b.rest * a.den - a.rest * b.den;
  return diff > 0n ? 1 : diff < 0n ? -1 : b.i - a.i;
}

/** `billed > units / scale`, exactly: on minor units when billed is at the scale (`at`), else as decimals. */
function isAbove(billed: Decimal, at: bigint | null, units: bigint, scale: bigint): boolean {
  return at !== null ? at > units : billed.gt(new Dec(units.toString()).div(new Dec(scale.toString())));
}

/**
 * What the schedule must really bill (reference §8.1): the current value of the attached
 * charges plus what was billed on detached ones.
 * @since 0.1.0
 */
export function actualAmountOf(schedule: InvoiceSchedule, states: readonly ChargeState[]): Decimal {
  return frozenDecimal(actualAmountOfCharges(schedule.charges, states));
}

function actualAmountOfCharges(charges: readonly ScheduleCharge[], states: readonly ChargeState[]): Decimal {
  return detachedBilled(
    charges,
    states.reduce((acc, c) => acc.plus(c.total), ZERO),
  );
}

/** `attached` plus what detached charges were billed. */
function detachedBilled(charges: readonly ScheduleCharge[], attached: Decimal): Decimal {
  let acc = attached;
  for (let k = 0; k < charges.length; k++) {
    const c = charges[k] as ScheduleCharge;
    if (c.detached) acc = acc.plus(c.billedAmount);
  }
  return acc;
}

/** Σ totals of the states, from their minor units: one decimal instead of one per addition. */
function sumTotals(units: readonly ChargeUnits[], states: readonly ChargeState[]): Decimal {
  let sum = 0n;
  for (const u of units) sum += u.total;
  const first = states[0];
  return first === undefined ? ZERO : unitsToDecimal(sum, first.minorUnits);
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
  return freezeResult(creditsOf(states, undefined));
}

/**
 * The day each credit of the charges falls due (§8.4): `dueDateOf` of each of {@link chargeCredits}, in their
 * order; none when no charge is billed above its value. @internal
 */
export function creditDueDates(states: readonly ChargeState[]): readonly BusinessDate[] {
  return chargeCredits(states).map(dueDateOf);
}

/** Whether a charge was billed above its total (on minor units when known: no decimal copies). */
function isOverBilled(c: ChargeState, u: ChargeUnits | undefined): boolean {
  return u !== undefined && u.billed !== null ? u.billed > u.total : c.billed.gt(c.total);
}

/**
 * {@link chargeCredits}, given the states' units when known.
 * @internal
 */
export function creditsOf(
  states: readonly ChargeState[],
  stateUnits: readonly ChargeUnits[] | undefined,
): readonly ChargeCredit[] {
  const over = states.filter((c, i) => isOverBilled(c, stateUnits?.[i]));
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
  // The exact split can credit more than the memo's total when the set rounding left units on
  // over-billed charges (keepBilledUnits). Those units are taken back first from the charges the split
  // would credit below their total (share > billed − total), which brings their net back to it; then
  // from the last charge up. Taking one from a charge already at its total would leave its net two
  // units above its rounded-down value, which no rounding can give it, and a fully processed
  // schedule could not settle the unit that then goes missing on another charge.
  for (let i = shares.length - 1; left < 0n && i >= 0; i--) {
    const c = over[i] as ChargeState;
    const share = shares[i] as bigint;
    if (share > 0n && share > units(c.billed) - units(c.total)) {
      shares[i] = share - 1n;
      left += 1n;
    }
  }
  for (let i = shares.length - 1; left < 0n; i = (i - 1 + shares.length) % shares.length) {
    if ((shares[i] as bigint) > 0n) {
      shares[i] = (shares[i] as bigint) - 1n;
      left += 1n;
    }
  }
  const toDec = (u: bigint): Decimal => new Dec(u.toString()).div(scale.toString());
  const credits = over.map((c, i) => creditOf(c, toDec(shares[i] as bigint)));
  const residual = over.map(isRoundingUnit);
  // Every credit a rounding unit: a removal that credits nothing itself moved them (the cut charge's own credit
  // rounded to nothing); they are due when that cut is. A single credit otherwise has no other to be dated with.
  const latest = residual.every(Boolean) ? latestUncreditedCut(states, over) : undefined;
  // A charge never billed, its subscription changed since, may have been cut later than that by a shorter term
  // nothing records: then the units keep their own days, as they did (review 81).
  const cut =
    latest === undefined || states.some((c) => mayBeCutAfter(c, dueDateOf(latest))) ? undefined : latest;
  const dated =
    cut === undefined && credits.length < 2 ? credits : withResidualsDated(credits, residual, cut);
  return dated.filter((c) => c.amount.gt(0));
}

/**
 * Of the charges of `states` other than `credited`, an order cut no credit has covered ({@link isUncreditedCut},
 * {@link isUnbilledCut}), as a credit of nothing: the one due last, so a cut an earlier order made and the rounding
 * settled does not date a later change's units (review 79: S3 removed as of 10-30 credits nothing, S4 as of 10-31
 * moves a unit: 10-31).
 */
function latestUncreditedCut(
  states: readonly ChargeState[],
  credited: readonly ChargeState[],
): ChargeCredit | undefined {
  let latest: ChargeCredit | undefined;
  for (const c of states) {
    if (credited.includes(c) || !(isUncreditedCut(c) || isUnbilledCut(c))) continue;
    const cut = creditOf(c, ZERO);
    if (latest === undefined || isAfter(dueDateOf(cut), dueDateOf(latest))) latest = cut;
  }
  return latest;
}

/**
 * Whether a charge's credit is a unit the set rounding moved off it, not an order's cut (decision 2): under one minor
 * unit (billed − exact value), and either it would reach none of the days the charge's lines served (its credit
 * start — the day after its end, or its start when removed entirely — is after the last day served, whether that
 * day was used in full or in part: review 75; or no day follows its end, 9999-12-31), or the lines served part of
 * its credit's first day, as an earlier credit leaves a charge it cut, and the charge is billed no more than its own
 * value rounded half-up, its weight (review 76). A cut of a fully served day is a cut however small (review 77). A
 * charge whose lines served through nowhere known (`null`: records written before 0.2.0) counts as cut. @internal
 */
export function isRoundingUnit(c: ChargeState): boolean {
  const served = c.scheduleCharge.servedThrough;
  const billed = unitsAtScale(c.billed, c.minorUnits);
  if (served === null || billed === null) return false;
  const scale = 10n ** BigInt(c.minorUnits);
  // One unit or more above the exact value: what an order cut, not a rounding unit.
  if (billed * c.exact.den - c.exact.num * scale >= c.exact.den) return false;
  const start = creditStartDay(c.charge);
  if (start === null || isAfter(start, served.end)) return true;
  return (
    start === served.end &&
    served.endDayPartial &&
    billed <= divideRounded(c.exact.num * scale, c.exact.den, 'halfUp')
  );
}

/**
 * Decision 2: no document is issued for a rounding residual alone. A credit of under one minor unit on a charge
 * billed above its total only by the set rounding ({@link isRoundingUnit}: C1 billed 34 yen for 33.33, re-rounded
 * to 33 when another charge is removed) is credited with the set's other credits, due on the first day one of them
 * is (its own credit start, the day after its end, could be a term later: a 1-yen memo alone). A cut worth less
 * than a unit (a removal as of a charge's last day) is a credit of its own and keeps its day (§8.4). When every
 * credit is such a residual, they ride the latest cut no credit covers (`cut`: a removal whose own credit rounded
 * to nothing, C3 billed 48 yen for 48.19 once its last day is cut, took C2's unit), each unit keeping its own day
 * when that is earlier; with no such cut, each keeps its own day.
 */
function withResidualsDated(
  credits: readonly ChargeCredit[],
  residual: readonly boolean[],
  /** A cut no credit covers (a credit of nothing): the units ride it when no credit is real. */
  cut?: ChargeCredit,
): readonly ChargeCredit[] {
  const credited = credits.filter((c, i) => !residual[i] && c.amount.gt(0));
  const real = credited.length > 0 || cut === undefined ? credited : [cut];
  if (real.length === 0 || credited.length === credits.length) return credits;
  const due = firstDueDate(real);
  return credits.map((c, i) => {
    if (!residual[i] || dueDateOf(c) === due) return c;
    // Riding a cut, a unit is never due after its own day (a charge never billed may be one no order cut).
    if (credited.length === 0 && isBefore(dueDateOf(c), due)) return c;
    const { dueDate: _own, ...rest } = c;
    return Object.freeze(due === c.creditStartDate ? rest : { ...rest, dueDate: due });
  });
}

/** The credit of `amount` on a charge: its credit start, and the day it is due when that is another day. */
function creditOf(c: ChargeState, amount: Decimal): ChargeCredit {
  // A charge to 9999-12-31 was never cut (no day follows its end): only the set rounding can put it above its
  // total, and such a credit starts on its last day (creditStartDate would throw).
  const start = creditStartDay(c.charge) ?? c.charge.endDate;
  const due = creditDueDay(c.charge) ?? start;
  return Object.freeze({
    subscriptionNumber: c.subscription.number,
    chargeNumber: c.charge.number,
    chargeName: c.charge.name,
    amount,
    creditStartDate: start,
    ...(due === start ? {} : { dueDate: due }),
  });
}

/** Charges worth nothing and never billed, as credits of 0.00 with their credit start (C08). @internal */
export function zeroCharges(states: readonly ChargeState[]): readonly ChargeCredit[] {
  // A charge to 9999-12-31 was never cut (its credit start would be 10000-01-01): no credit memo shows it.
  return states
    .filter((c) => c.total.isZero() && c.billed.isZero() && creditStartDay(c.charge) !== null)
    .map((c) => creditOf(c, ZERO));
}

/**
 * Brings a schedule up to date with its charges after order changes (reference §8.1, §8.2,
 * §6.6 rule 3): `actualAmount` from the current charge values, pending items' actual amounts
 * redistributed (decision 4), and `nextRunDate` moved to the earliest day a credit is due (the
 * removal's effective date, §8.4) when that is before the next item (or after the last one) — with an item pending,
 * never before the day an item was billed, and a date the user set (`userNextRunDate`) stays; with no credit
 * due and no pending item with a run date, a date the user set is dropped and `nextRunDate` is null (§6.6
 * rules 1 and 5). Pure; the version is not changed.
 * @since 0.1.0
 */
export function reviseSchedule(schedule: InvoiceSchedule, states: readonly ChargeState[]): InvoiceSchedule {
  return reviseScheduleWith(schedule, {}, states);
}

/**
 * `reviseSchedule({ ...schedule, ...changes }, states)`, copying the schedule once.
 * @internal
 */
export function reviseScheduleWith(
  schedule: InvoiceSchedule,
  changes: ScheduleChanges,
  states: readonly ChargeState[],
  /** The states' amounts in minor units, when known. */
  units?: readonly ChargeUnits[],
): InvoiceSchedule {
  const charges = changes.charges ?? schedule.charges;
  const actualAmount = frozenDecimal(
    units === undefined
      ? actualAmountOfCharges(charges, states)
      : detachedBilled(charges, sumTotals(units, states)),
  );
  const refreshed = refreshScheduleAs(schedule, changes, actualAmount);
  const credits = creditsOf(states, units);
  // Decision 19: a removal's effective date comes back once the override that held it was cleared (an update
  // that sent items, or `nextRunDate: null`); a date the user set stays (an order's earlier cut moves it: pullForwardToCuts).
  const cut = refreshed.nextRunDateOverride === null ? removalCutDate(refreshed, states) : null;
  if (credits.length === 0 && cut === null) {
    // §6.6 rules 1 and 5: with no credit due and no pending item with a run date nothing is left to run, so
    // nextRunDate is null. A date set while something was (a user's pull-forward of a credit, rule 4) is dropped
    // once a change leaves nothing — a detach or an owner transfer that took the credit away, say: no
    // processing would ever use it up, and an update could not set it now.
    if (refreshed.nextRunDateOverride !== null && !hasPendingItems(refreshed.items)) {
      return refreshSchedule({ ...refreshed, nextRunDateOverride: null });
    }
    return refreshed;
  }
  // While the next pending item has a run date, a credit of rounding units alone (decision 2: a change's set
  // rounding moved a unit off a charge no order cut) does not pull it forward: no order change requires that credit
  // (§6.6 rule 3, decision 19), and the item takes it when it runs. Pulled to the unit's own day, the item was
  // invoiced months early, before the removal that moved the unit took effect (review 150). With the next item
  // undated the units still date a credit step of their own: left to wait, an item left at zero would take them
  // when its date is filled in and credit a unit of a charge no order changed (blank-run-date-residual's property;
  // review 153).
  const next = earliestPendingItem(refreshed);
  const pulling =
    next === null || next.runDate === null ? credits : credits.filter((c) => !isUnitCredit(c, states));
  const creditDate = pulling.length === 0 ? null : firstDueDate(pulling);
  if (creditDate === null && cut === null) return refreshed;
  const earliest =
    creditDate === null ? (cut as BusinessDate) : cut === null ? creditDate : minDate(cut, creditDate);
  // The next item pulled forward: never before the day an item was billed (review 180). A credit step (nothing
  // pending, or the next item's run date blank) pulls no item: its memo is dated the credits' own day (review 183).
  const date =
    next === null || next.runDate === null ? earliest : notBeforeBilledItems(refreshed.items, earliest);
  const current = refreshed.nextRunDate;
  if (current !== null && !isAfter(current, date)) return refreshed;
  // A date the user set stays, after the credit's day too: it postpones the credit (review 175).
  if (isUserNextRunDate(refreshed)) return refreshed;
  return refreshSchedule({ ...refreshed, nextRunDateOverride: date });
}

/**
 * `date`, or the latest day an item of `items` processed with a document was due ({@link InvoiceScheduleItem.dueDate})
 * when that is later: the earliest day the next pending item can be pulled forward to. An order entered after an item
 * was billed that cuts a charge as of a day before it, or makes a credit due then, pulled the next item before it: its
 * invoice was dated a month before the one it follows, for later service (review 178; §4.2 rule 10 keeps run dates
 * in order the same way). Items of records written before 0.2.0 (no `dueDate`) set no bound. Pure. @internal
 */
export function notBeforeBilledItems(
  items: readonly InvoiceScheduleItem[],
  date: BusinessDate,
): BusinessDate {
  let out = date;
  for (const i of items) {
    if (i.status === 'Processed' && i.dueDate !== null && isAfter(i.dueDate, out)) out = i.dueDate;
  }
  return out;
}

/** Whether `credit` is a rounding unit ({@link isRoundingUnit}) of its charge among `states`. @internal */
export function isUnitCredit(credit: ChargeCredit, states: readonly ChargeState[]): boolean {
  const state = states.find(
    (c) => c.subscription.number === credit.subscriptionNumber && c.charge.number === credit.chargeNumber,
  );
  return state !== undefined && isRoundingUnit(state);
}

/**
 * A schedule with no pending item to run (fully processed, or its next item undated) whose `nextRunDate` the library
 * set to the day its credits fell due (§6.6 rule 3: the
 * override equals the first due day of the credits `statesBefore` give) drops that date before a change of its
 * charges is revised in, so {@link reviseSchedule} dates the credits the change leaves. Kept, the old day stayed
 * when it was earlier than theirs, and the run on it issued a later removal's credit before its effective date
 * (§8.4; JPY 1 / 20 / 366 a year, S1 removed as of 07-01 moved S3's unit, due 04-01, then as of 04-02: S1's credit
 * was issued on 04-01). A date the user set (`userNextRunDate`, also on that day) stays, as does any date while
 * items are pending
 * (decision 19 keeps those). Pure; the version is not changed. @internal
 */
export function withoutOwnCreditDate(
  schedule: InvoiceSchedule,
  statesBefore: readonly ChargeState[],
): InvoiceSchedule {
  const override = schedule.nextRunDateOverride;
  if (override === null || isUserNextRunDate(schedule) || hasPendingItems(schedule.items)) {
    return schedule;
  }
  const credits = chargeCredits(statesBefore);
  if (credits.length === 0 || firstDueDate(credits) !== override) return schedule;
  return refreshSchedule({ ...schedule, nextRunDateOverride: null });
}

/**
 * The date the removal cuts recorded on the schedule (`removalCuts`, decision 19) still move the next processing to
 * ({@link cutDate} over their {@link standingCuts}); `null` when none.
 */
function removalCutDate(schedule: InvoiceSchedule, states: readonly ChargeState[]): BusinessDate | null {
  const cuts = schedule.removalCuts;
  return cuts === undefined ? null : cutDate(schedule.items, standingCuts(cuts, states));
}

/**
 * The removal cuts (decision 19) with the dates on which a covered charge of `states` is still cut: a detach takes
 * the cut away with the charge, and a term change that extends a charge a shrunk term had cut undoes it. Cuts
 * left with no date go. @internal
 */
export function standingCuts(
  cuts: readonly RemovalCut[],
  states: readonly ChargeState[],
): readonly RemovalCut[] {
  // The day the charge's credit is due, as pullForwardToCuts recorded it: its removal's date only for a charge
  // removed entirely (a charge cut short, or left whole by a removal after its end, keeps its removal date too).
  // Every covered charge meets this, a charge to 9999-12-31 too (no credit due: `creditDueDay` is null).
  // A cut that knows the charges it was made by stands only on theirs: another charge that merely ends the day before
  // by its own term does not keep a detached charge's date (review 170).
  const standsFor = (cut: RemovalCut) => (date: BusinessDate) =>
    states.some(
      (c) =>
        cutDay(c.charge) === date &&
        (cut.chargeKeys === undefined ||
          cut.chargeKeys.includes(chargeKey(c.subscription.number, c.charge.number))),
    );
  if (cuts.every((c) => c.effectiveDates.every(standsFor(c)))) return cuts;
  return cuts
    .map((c) => Object.freeze({ ...c, effectiveDates: Object.freeze(c.effectiveDates.filter(standsFor(c))) }))
    .filter((c) => c.effectiveDates.length > 0);
}

/**
 * The day an order's cut of `charge` stands on (its credit's due day, {@link creditDueDay}), or `null`. A one-time
 * charge no removal touched is never cut: its value does not follow its dates, so a Terms and Conditions that moves
 * its end earlier is no removal or cancellation (decision 19), and its new end must not keep another charge's cut
 * standing (reviews 140, 147).
 */
function cutDay(charge: RatePlanCharge): BusinessDate | null {
  if (charge.type === 'OneTime' && charge.removalEffectiveDate === undefined) return null;
  return creditDueDay(charge);
}

/**
 * Whether a charge of `schedule` (as `subscriptions` hold it) has its credit due on `date`: one of `chargeKeys`,
 * attached or detached, when they are known — a detached charge's date stays recorded, for `standingCuts` to leave
 * out while it is detached and to bring back when it is attached again (review 176); else an attached one.
 */
function isCutOn(
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
  date: BusinessDate,
  chargeKeys: readonly string[] | undefined,
): boolean {
  return schedule.charges.some((sc) => {
    if (
      chargeKeys === undefined
        ? sc.detached
        : !chargeKeys.includes(chargeKey(sc.subscriptionNumber, sc.chargeNumber))
    )
      return false;
    const subscription = subscriptions.get(sc.subscriptionNumber);
    const charge = subscription ? findCharge(subscription, sc.chargeNumber)?.charge : undefined;
    return charge !== undefined && cutDay(charge) === date;
  });
}

/**
 * Decision 19 (§8.4): an order that removes or cancels covered charges of a schedule with pending
 * items moves its `nextRunDate` to the change's effective date when that is earlier, whether or
 * not a credit is due (while the next item's run date is blank, the dates are only recorded, in
 * `removalCuts`). `before` and `after` are the covered subscriptions before and after the
 * order. Pure; the version is not changed.
 * @since 0.1.0
 */
export function pullForwardToCuts(
  schedule: InvoiceSchedule,
  before: ReadonlyMap<string, Subscription>,
  after: ReadonlyMap<string, Subscription>,
): InvoiceSchedule {
  // Only a schedule with pending items (decision 19): on a fully processed one, `nextRunDate` is set by a credit
  // due alone (§6.6 rules 3 and 5), and a cut that credits nothing must not move it (a removal on a charge's last
  // day would date the next credit before its removal, or leave a date nothing uses up).
  const pending = schedule.items.find((i) => i.status !== 'Processed');
  if (pending === undefined) return schedule;
  // When the first pending item has a blank run date it cannot be pulled forward (a credit step comes instead, and
  // moving `nextRunDate` would only date a later credit early): the cuts are recorded for it, and move nothing
  // until its run date is filled in — then those before that date bring it forward (decision 8 recomputes
  // `nextRunDate`), as when the date was there at the change (review 159).
  const blank = pending.runDate === null;
  if (!blank && schedule.nextRunDate === null) return schedule;
  const cuts = new Set<BusinessDate>();
  // The charges that made them: a date stands while one of them is still cut on it (standingCuts).
  const keys: string[] = [];
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
    // Nor does a one-time charge that no removal of this order touched: its value does not follow its dates, so a
    // Terms and Conditions that moves its end earlier (§8.7's go-live realignment) is not a removal or
    // cancellation (decision 19), also when the same order changes its price from its start (reviews 140, 147).
    if (is.type === 'OneTime' && is.removalEffectiveDate === was.removalEffectiveDate) continue;
    // The change's effective date, also for a charge removed entirely (its credit start is its own start).
    const date = creditDueDate(is);
    if (pending.runDate !== null && !isBefore(date, pending.runDate)) continue;
    cuts.add(date);
    keys.push(chargeKey(sc.subscriptionNumber, sc.chargeNumber));
    if (cut === null || isBefore(date, cut)) cut = date;
  }
  // Every cut before the next item's run date is recorded (`removalCuts`), so that it outlives the override it is
  // written to (an update that sends items clears that) and a detach that takes one cut's charge leaves the others.
  if (cut === null) return schedule;
  // The pending item's cut keeps its dates while an attached charge (one of its own, when it knows them) is still
  // cut on them; other items' cuts stay.
  const own = (schedule.removalCuts ?? []).find((c) => c.itemId === pending.id)?.chargeKeys;
  const recorded = withCuts(
    schedule,
    withDates(schedule.removalCuts ?? [], pending.id, cuts, keys, (date) =>
      isCutOn(schedule, after, date, own),
    ),
  );
  // This change's earliest date moves nextRunDate when that is earlier (decision 19), never before the day an item
  // was billed (review 180) — a date the user set too: this order came after it. The date moved to stays the user's
  // (`userNextRunDate`), so that it holds against the credits the user's date was set over as that date did: left
  // as the library's, a revision brought back the credits' earlier day, and the item was billed on the day the
  // user's date had postponed (reviews 180, 183, 190). Kept at the user's date, a removal as of 03-01 ordered after
  // the date was pulled to 04-01 waited for it, its credit a month late (review 229).
  const day = notBeforeBilledItems(schedule.items, cut);
  const next = schedule.nextRunDate;
  if (blank || next === null || !isBefore(day, next)) return recorded;
  return refreshSchedule({
    ...recorded,
    nextRunDateOverride: day,
    ...(isUserNextRunDate(schedule) ? { userNextRunDate: day } : {}),
  });
}
