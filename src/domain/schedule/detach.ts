import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { getCurrency } from '../../money/currency';
import { unitsAtScale, unitsToDecimal } from '../../money/minor';
import type { BusinessDate } from '../../time/date';
import { addRational, formatFraction, rational } from '../../time/rational';
import type { ProrationDays } from '../../time/service-period';
import { chargeValueExact, chargeValueUpToExact } from '../contract/charge-value';
import { findCharge, type Subscription } from '../contract/subscription';
import type { CreditMemo, CreditMemoLine } from '../documents/credit-memo';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import type { TenantSettings } from '../settings';
import { invalidScheduleStatus, type ScheduleError, scheduleError } from './errors';
import {
  chargeKey,
  type DetachedChargeState,
  type InvoiceSchedule,
  isUserNextRunDate,
  processingMark,
  producedInvoiceNumbers,
  refreshSchedule,
  type ScheduleCharge,
  type ScheduleChargeBase,
} from './schedule';
import {
  chargeStates,
  creditDueDates,
  hasPendingItems,
  notBeforeBilledItems,
  standingCuts,
  statesOf,
} from './states';

/**
 * Charges named for detach or attach: a subscription and some of its charge numbers (all of the
 * schedule's charges of that subscription when the list is empty).
 * @category Inputs
 * @since 0.1.0
 */
export interface ChargeSelection {
  readonly subscriptionNumber: string;
  readonly chargeNumbers: readonly string[];
}

function checkStatus(schedule: InvoiceSchedule, operation: 'detach' | 'attach'): Result<void, ScheduleError> {
  const status = schedule.status === 'Paused' ? schedule.statusBeforePause : schedule.status;
  if (status === 'PartiallyProcessed' || status === 'FullyProcessed') return ok(undefined);
  return err(invalidScheduleStatus(schedule.number, schedule.status, operation));
}

function selected(
  schedule: InvoiceSchedule,
  selections: readonly ChargeSelection[],
  wantDetached: boolean,
): Result<ReadonlySet<string>, ScheduleError> {
  const keys = new Set<string>();
  for (const selection of selections) {
    const ofSubscription = schedule.charges.filter(
      (c) => c.subscriptionNumber === selection.subscriptionNumber,
    );
    const numbers =
      selection.chargeNumbers.length > 0
        ? selection.chargeNumbers
        : ofSubscription.filter((c) => c.detached === wantDetached).map((c) => c.chargeNumber);
    if (numbers.length === 0 && selection.chargeNumbers.length === 0) {
      return err(notInState(schedule, selection.subscriptionNumber, null, wantDetached));
    }
    for (const chargeNumber of numbers) {
      const charge = ofSubscription.find((c) => c.chargeNumber === chargeNumber);
      if (!charge || charge.detached !== wantDetached) {
        return err(notInState(schedule, selection.subscriptionNumber, chargeNumber, wantDetached));
      }
      keys.add(chargeKey(selection.subscriptionNumber, chargeNumber));
    }
  }
  return ok(keys);
}

/**
 * The refusal of a selection: `chargeNumber` the charge named, or `null` for an empty `chargeNumbers` that found
 * no charge in the state wanted (the error's `chargeNumber` is then `(any)`; a caller's literal `'(any)'` is a
 * charge number like any other — review 206).
 */
function notInState(
  schedule: InvoiceSchedule,
  subscriptionNumber: string,
  named: string | null,
  wantDetached: boolean,
) {
  // Why, in words the caller can act on (review 201: "Charge (any) of S9 is not attached" did not say that the
  // schedule does not cover S9, nor what to do).
  const ofSubscription = schedule.charges.filter((c) => c.subscriptionNumber === subscriptionNumber);
  const any = named === null;
  const chargeNumber = named ?? '(any)';
  const charge = any ? undefined : ofSubscription.find((c) => c.chargeNumber === named);
  const state = wantDetached
    ? any
      ? `No charge of ${subscriptionNumber} is detached from`
      : `Charge ${chargeNumber} of ${subscriptionNumber} was not detached from`
    : any
      ? `No charge of ${subscriptionNumber} is attached to`
      : `Charge ${chargeNumber} of ${subscriptionNumber} is not attached to`;
  const why =
    ofSubscription.length === 0
      ? `it covers no charge of ${subscriptionNumber}`
      : !any && charge === undefined
        ? `it does not cover ${chargeNumber}`
        : any
          ? wantDetached
            ? 'none was detached'
            : 'all are detached already'
          : wantDetached
            ? `${chargeNumber} is attached`
            : `${chargeNumber} is detached already`;
  const fix = `name only charges of schedule.charges that are ${wantDetached ? 'detached' : 'attached'}`;
  return wantDetached
    ? scheduleError({
        type: 'ChargeNotDetached',
        message: `${state} ${schedule.number} (${why}); only charges detached from this schedule can be attached back (§5.5): ${fix}.`,
        invoiceScheduleNumber: schedule.number,
        subscriptionNumber,
        chargeNumber,
      })
    : scheduleError({
        type: 'ChargeNotAttached',
        message: `${state} ${schedule.number} (${why}): ${fix}.`,
        invoiceScheduleNumber: schedule.number,
        subscriptionNumber,
        chargeNumber,
      });
}

/**
 * Detaches charges from a schedule (reference §5.4): allowed once an item was processed and
 * every invoice of the schedule is posted. Later items stop billing them; what was billed on them
 * stays in `actualAmount`, their unbilled rest and any credit leave it (§8.1). The caller revises
 * the amounts with the current charges afterwards (`reviseSchedule`). Pure.
 * @since 0.1.0
 */
export function detachCharges(
  schedule: InvoiceSchedule,
  selections: readonly ChargeSelection[],
  invoices: readonly Invoice[],
  subscriptions: ReadonlyMap<string, Subscription>,
  /**
   * The tenant's rounding and charge grouping: the set rounding whose totals the detachments record; its proration:
   * how the served days' value is priced (`ScheduleChargeDetachment.servedValue`).
   */
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping' | 'prorationDays'>,
): Result<InvoiceSchedule, ScheduleError> {
  const status = checkStatus(schedule, 'detach');
  if (status.isErr()) return err(status.error);
  const drafts = invoices.filter((i) => i.status === 'Draft').map((i) => i.number);
  if (drafts.length > 0) {
    return err(
      scheduleError({
        type: 'InvoicesNotPosted',
        message: `Invoice schedule ${schedule.number} has unposted invoices (${drafts.join(', ')}); post them before detaching charges (§5.4).`,
        invoiceScheduleNumber: schedule.number,
        invoiceNumbers: drafts,
      }),
    );
  }
  const keys = selected(schedule, selections, false);
  if (keys.isErr()) return err(keys.error);
  const set = setTotals(schedule, subscriptions, settings);
  if (set.isErr()) return err(set.error);
  const at = detachPoint(schedule);
  const marked = schedule.charges.map((c) =>
    keys.value.has(chargeKey(c.subscriptionNumber, c.chargeNumber))
      ? detachedCharge(c, subscriptions, at, set.value, settings.prorationDays)
      : c,
  );
  const charges = withPoolTotals(
    { ...schedule, charges: marked },
    keys.value,
    set.value.totals,
    subscriptions,
    settings,
  );
  if (charges.isErr()) return err(charges.error);
  return ok(
    refreshSchedule({ ...schedule, charges: Object.freeze(charges.value), version: schedule.version + 1 }),
  );
}

/**
 * The charges of a schedule just marked detached (`keys`) with the totals the set rounding gives them once detached
 * (decision 2). A detached charge stays in the set rounding with the value it had, but ranks after the attached
 * charges for ties (§7.2, `statesOf`), so a tie's unit it held can pass to an attached charge: the total recorded is
 * the one the schedule's rounding leaves it, and standard billing, billing the charge to it, keeps the contract on
 * its exact value rounded (176 / 88 / 1 yen a year, billed 161 / 81 / 1, S1 removed as of 06-16 and then
 * detached: C1 recorded 81 while the schedule gave C2 the tie's unit, and the contract netted 163 for 162.25).
 * Only when the units the detached charges give up are exactly those the attached charges gain (`before`: the
 * attached totals before the detach): a unit passing to a charge detached earlier, whose recorded total stays as it
 * is, would be lost, so the totals before the detach are kept then. An owner transfer's detach records them the same
 * way (in the set rounding before its order). @internal
 */
export function withPoolTotals(
  schedule: InvoiceSchedule,
  keys: ReadonlySet<string>,
  before: ReadonlyMap<string, Decimal>,
  subscriptions: ReadonlyMap<string, Subscription>,
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping'>,
): Result<readonly ScheduleCharge[], ScheduleError> {
  const loaded = loadSet(schedule, subscriptions, settings, keys);
  if (loaded.isErr()) return err(loaded.error);
  const minorUnits = getCurrency(schedule.currency)._unsafeUnwrap().minorUnits;
  const units = (d: Decimal) => unitsAtScale(d, minorUnits);
  // What the charges left attached gain, and what those detached now give up, in minor units.
  let gained = 0n;
  for (let i = 0; i < loaded.value.states.length; i++) {
    const key = loaded.value.states[i]?.key;
    const was = key === undefined ? undefined : before.get(key);
    const now = loaded.value.units[i]?.total;
    const wasUnits = was === undefined ? null : units(was);
    if (wasUnits === null || now === undefined) return ok(schedule.charges);
    gained += now - wasUnits;
  }
  let given = 0n;
  const totals: (bigint | null)[] = [];
  let k = loaded.value.states.length;
  for (const c of schedule.charges) {
    if (!c.detached) continue;
    const pool = loaded.value.poolTargets[k++] as bigint;
    const recorded = c.detachment.total === null ? null : units(c.detachment.total);
    if (
      !keys.has(chargeKey(c.subscriptionNumber, c.chargeNumber)) ||
      recorded === null ||
      recorded === pool
    ) {
      totals.push(null);
      continue;
    }
    given += recorded - pool;
    totals.push(pool);
  }
  if (given === 0n || given !== gained) return ok(schedule.charges);
  let d = 0;
  return ok(
    schedule.charges.map((c) => {
      if (!c.detached) return c;
      const total = totals[d++];
      if (total === null || total === undefined) return c;
      return Object.freeze({
        ...c,
        detachment: Object.freeze({ ...c.detachment, total: unitsToDecimal(total, minorUnits) }),
      });
    }),
  );
}

/**
 * Where a schedule stands when charges are detached from it: what attaching them back must find unchanged (no
 * item processed since, §5.5) and the invoices it had produced, which stay as they are (§5.4). @internal
 */
export interface DetachPoint {
  readonly processingMark: number;
  readonly invoiceNumbers: readonly string[];
}

/** The {@link DetachPoint} of a schedule now. @internal */
export function detachPoint(schedule: Pick<InvoiceSchedule, 'items'>): DetachPoint {
  return { processingMark: processingMark(schedule), invoiceNumbers: producedInvoiceNumbers(schedule) };
}

/**
 * §6.6 rules 1 and 3 after a detach: a next run date that was moved to the start of a credit (of the
 * schedule `before` the detach) or to a removal's date (decision 19) falls back to the default, since the
 * detach may have taken that credit or that cut away (C30); revising the schedule with its charges afterwards
 * (`reviseSchedule`) moves it again for the credits and cuts left. A next run date set for another reason
 * stays. Pure.
 * @internal
 */
export function releaseCreditDate(
  detached: InvoiceSchedule,
  before: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping'>,
): InvoiceSchedule {
  const override = detached.nextRunDateOverride;
  // A date the user set is theirs to clear (review 175); the revision after the detach drops it if nothing is left
  // to run.
  if (override === null || isUserNextRunDate(detached)) return detached;
  const states = chargeStates(before, subscriptions, settings.rounding, settings.chargeGrouping);
  const creditDates = new Set(states.isOk() ? creditDueDates(states.value) : []);
  // A removal's date (decision 19) moved it too: revising the schedule brings it back while a charge left
  // attached is still cut then. Only a date in force before the detach: a detached charge's date kept in the record
  // (it stands again if the charge is attached back) is no reason to drop a date the user set (review 177).
  const cuts = before.removalCuts ?? [];
  const inForce = states.isOk() ? standingCuts(cuts, states.value) : cuts;
  // Either day as the library moved it: no earlier than the day an item was billed (review 195).
  const moved = (date: BusinessDate) =>
    date === override || notBeforeBilledItems(before.items, date) === override;
  const released = [...creditDates].some(moved) || inForce.some((c) => c.effectiveDates.some(moved));
  return released ? refreshSchedule({ ...detached, nextRunDateOverride: null }) : detached;
}

/**
 * A schedule's set rounding as a detach records it (decision 2): the exact value of the whole set, and what
 * the schedule bills each attached charge in all (`ChargeState.total`) by charge key.
 * @internal
 */
export interface SetTotals {
  readonly setValue: string;
  readonly totals: ReadonlyMap<string, Decimal>;
}

/**
 * The states of a schedule's charges in its set rounding as it stands, with the subscriptions given (`unpinned`:
 * detached charges whose recorded totals the set rounding does not keep, `statesOf`).
 */
function loadSet(
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping'>,
  unpinned?: ReadonlySet<string>,
) {
  return statesOf(
    schedule.currency,
    schedule.charges,
    subscriptions,
    settings.rounding,
    settings.chargeGrouping,
    [],
    undefined,
    undefined,
    undefined,
    hasPendingItems(schedule.items),
    unpinned,
  );
}

/** The {@link SetTotals} of a schedule's charges, with the subscriptions given. @internal */
export function setTotals(
  schedule: InvoiceSchedule,
  subscriptions: ReadonlyMap<string, Subscription>,
  settings: Pick<TenantSettings, 'rounding' | 'chargeGrouping'>,
): Result<SetTotals, ScheduleError> {
  return loadSet(schedule, subscriptions, settings).map((loaded) => ({
    setValue: formatFraction(loaded.rounding.exact.reduce(addRational, rational(0))),
    totals: new Map(loaded.states.map((c) => [c.key, c.total])),
  }));
}

/**
 * A charge marked detached, with what attaching it back checks (§5.5): its subscription's version and
 * the schedule's processing mark now; its exact value in `valuedBy` (the subscriptions the schedule was
 * last revised with: an owner transfer detaches after its own order changed them), which stays in the set
 * rounding of the attached charges (decision 2, `statesOf`); and its total in that set rounding with the set's
 * exact value (`set`, {@link setTotals} with `valuedBy`; none: not recorded; {@link withPoolTotals} then puts the
 * total the set rounding leaves it once detached), by which standard billing bills it from now on; and what its
 * served days were worth in `valuedBy` with the tenant's `prorationDays` (none when it was not served), by which
 * standard billing dates a later raise of its price (§8.5).
 * @internal
 */
export function detachedCharge(
  charge: ScheduleCharge,
  subscriptions: ReadonlyMap<string, Subscription>,
  at: DetachPoint,
  set: SetTotals | null,
  prorationDays: ProrationDays,
  valuedBy: ReadonlyMap<string, Subscription> = subscriptions,
): ScheduleChargeBase & DetachedChargeState {
  const subscription = subscriptions.get(charge.subscriptionNumber);
  const valued = valuedBy.get(charge.subscriptionNumber);
  const found = valued ? findCharge(valued, charge.chargeNumber) : undefined;
  const total = found
    ? set?.totals.get(chargeKey(charge.subscriptionNumber, charge.chargeNumber))
    : undefined;
  return Object.freeze({
    // `servedThrough` stays: standard billing's first line of the charge starts after it, and attaching back
    // (§5.5: nothing billed or credited outside the schedule, no item processed since) finds it still true.
    ...charge,
    detached: true,
    detachment: Object.freeze({
      subscriptionVersion: subscription?.version ?? 1,
      processingMark: at.processingMark,
      invoiceNumbers: at.invoiceNumbers,
      value: found ? formatFraction(chargeValueExact(found.charge, found.ratePlan)) : null,
      total: total ?? null,
      setValue: total === undefined || set === null ? null : set.setValue,
      servedValue:
        found && charge.servedThrough !== null
          ? formatFraction(
              chargeValueUpToExact(found.charge, found.ratePlan, charge.servedThrough.end, prorationDays),
            )
          : null,
    }),
  });
}

/**
 * The detached charges of the schedule billed or credited outside it since they were detached (§5.5: "not
 * billed after detaching"): a line of a Draft or Posted invoice, or of a credit memo in force, on the charge
 * that names another schedule or none. The schedule keeps a detached charge's billed amount, so back in it
 * such a charge would be billed or credited a second time. Give the invoices and memos that bill or credit
 * the detached charges. Pure. @internal
 */
export function chargesBilledOutside(
  schedule: InvoiceSchedule,
  invoices: readonly Invoice[],
  creditMemos: readonly CreditMemo[],
): Set<string> {
  const detached = new Set(
    schedule.charges.filter((c) => c.detached).map((c) => chargeKey(c.subscriptionNumber, c.chargeNumber)),
  );
  const out = new Set<string>();
  const outside = (lines: readonly (InvoiceLine | CreditMemoLine)[]) => {
    for (const l of lines) {
      const key = chargeKey(l.subscriptionNumber, l.chargeNumber);
      if (l.invoiceScheduleNumber !== schedule.number && detached.has(key)) out.add(key);
    }
  };
  for (const i of invoices) if (i.status === 'Draft' || i.status === 'Posted') outside(i.lines);
  for (const m of creditMemos) if (m.status !== 'Canceled') outside(m.lines);
  return out;
}

/**
 * Attaches detached charges back (reference §5.5): only charges detached from this schedule,
 * unchanged since (same subscription version), not billed or credited elsewhere since, and with no item of
 * the schedule processed since. Upcoming items bill them again. Pure.
 * @since 0.1.0
 */
export function attachCharges(
  schedule: InvoiceSchedule,
  selections: readonly ChargeSelection[],
  subscriptions: ReadonlyMap<string, Subscription>,
  billedElsewhere: ReadonlySet<string>,
  /** The detached charges another schedule holds attached now, by charge key: the number of that schedule. */
  scheduledElsewhere: ReadonlyMap<string, string> = new Map(),
): Result<InvoiceSchedule, ScheduleError> {
  const status = checkStatus(schedule, 'attach');
  if (status.isErr()) return err(status.error);
  const keys = selected(schedule, selections, true);
  if (keys.isErr()) return err(keys.error);
  const mark = processingMark(schedule);
  for (const c of schedule.charges) {
    const key = chargeKey(c.subscriptionNumber, c.chargeNumber);
    // `selected` took detached charges only; the check narrows `c` to one with a detachment.
    if (!keys.value.has(key) || !c.detached) continue;
    const refuse = (
      reason: 'ChargeChanged' | 'ChargeBilledElsewhere' | 'ItemProcessedSinceDetach',
      why: string,
    ) =>
      err(
        scheduleError({
          type: 'AttachNotAllowed',
          message: `Charge ${c.chargeNumber} of ${c.subscriptionNumber} cannot be attached back to ${schedule.number}: ${why} (§5.5).`,
          invoiceScheduleNumber: schedule.number,
          subscriptionNumber: c.subscriptionNumber,
          chargeNumber: c.chargeNumber,
          reason,
        }),
      );
    // A charge is in one schedule at a time (§2.3, §4.2 rule 2): one put in another schedule since it was detached
    // stays there (attached back, both schedules billed it).
    const holder = scheduledElsewhere.get(key);
    if (holder !== undefined) {
      return err(
        scheduleError({
          type: 'ChargeAlreadyScheduled',
          message: `Charge ${c.chargeNumber} of ${c.subscriptionNumber} cannot be attached back to ${schedule.number}: it is in invoice schedule ${holder} now; detach it there first (§5.5).`,
          subscriptionNumber: c.subscriptionNumber,
          chargeNumber: c.chargeNumber,
          invoiceScheduleNumber: holder,
        }),
      );
    }
    const subscription = subscriptions.get(c.subscriptionNumber);
    if ((subscription?.version ?? 0) !== c.detachment.subscriptionVersion) {
      return refuse('ChargeChanged', 'its subscription changed since it was detached');
    }
    // A schedule bills one owner's charges (§4.2 rule 6): a charge whose subscription now belongs to another
    // account (an owner transfer detached it here, decision 17) stays with that account.
    if (subscription !== undefined && subscription.accountNumber !== schedule.accountNumber) {
      return refuse(
        'ChargeChanged',
        `its subscription now belongs to account ${subscription.accountNumber}, not ${schedule.accountNumber}`,
      );
    }
    if (billedElsewhere.has(key))
      return refuse('ChargeBilledElsewhere', 'it was billed or credited elsewhere since it was detached');
    if (mark !== c.detachment.processingMark) {
      return refuse(
        'ItemProcessedSinceDetach',
        'an item of the schedule was processed since it was detached',
      );
    }
  }
  const charges = schedule.charges.map((c) =>
    keys.value.has(chargeKey(c.subscriptionNumber, c.chargeNumber))
      ? // What the charge's lines served is unchanged since the detach (the checks above): `servedThrough` stays.
        Object.freeze({ ...c, detached: false, detachment: null })
      : c,
  );
  return ok(refreshSchedule({ ...schedule, charges: Object.freeze(charges), version: schedule.version + 1 }));
}
