import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { cascadeUnits } from '../../money/allocate';
import { getCurrency } from '../../money/currency';
import { Dec } from '../../money/decimal';
import { fromMinorUnits, toMinorUnits } from '../../money/minor';
import type { RoundingMode } from '../../money/rounding';
import { divideRounded } from '../../money/rounding';
import { type BusinessDate, compareDates, isAfter, isBefore } from '../../time/date';
import { fromDecimal, type Rational } from '../../time/rational';
import { nextServicePeriodStart, type ProrationDays, servicePeriodEnd } from '../../time/service-period';
import { isRemovedCharge, type RatePlan, type RatePlanCharge } from '../contract/charge';
import { chargeTermMonths, chargeValueExact, discountBreakdownForNet } from '../contract/charge-value';
import { findCharge, type Subscription } from '../contract/subscription';
import type { CreditMemo } from '../documents/credit-memo';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import type { TenantSettings } from '../settings';
import { type ChargeCredit, chargeTargets, creditMemoLines, creditStartDate } from './credit';
import { type ScheduleError, scheduleError } from './errors';
import {
  chargeKey,
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  refreshSchedule,
  type ScheduleCharge,
} from './schedule';

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
): Result<readonly ChargeState[], ScheduleError> {
  const currency = getCurrency(schedule.currency)._unsafeUnwrap();
  const out: ChargeState[] = [];
  for (const sc of schedule.charges) {
    if (sc.detached) continue;
    const subscription = subscriptions.get(sc.subscriptionNumber);
    if (!subscription) {
      return err(
        scheduleError({
          type: 'SubscriptionNotFound',
          message: `Subscription ${sc.subscriptionNumber} covered by ${schedule.number} no longer exists.`,
          subscriptionNumber: sc.subscriptionNumber,
        }),
      );
    }
    const found = findCharge(subscription, sc.chargeNumber);
    if (!found) {
      return err(
        scheduleError({
          type: 'ChargeNotFound',
          message: `Charge ${sc.chargeNumber} covered by ${schedule.number} is no longer on ${sc.subscriptionNumber}.`,
          subscriptionNumber: sc.subscriptionNumber,
          chargeNumber: sc.chargeNumber,
        }),
      );
    }
    out.push(
      Object.freeze({
        key: chargeKey(sc.subscriptionNumber, sc.chargeNumber),
        scheduleCharge: sc,
        subscription,
        ratePlan: found.ratePlan,
        charge: found.charge,
        total: ZERO,
        weight: ZERO,
        exact: chargeValueExact(found.charge, found.ratePlan),
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
    ...out.map((c) => chargeValueExact(c.charge, c.ratePlan)),
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
    };
  });
  const byRest = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    const diff = b.rest * a.den - a.rest * b.den;
    return diff > 0n ? 1 : diff < 0n ? -1 : b.i - a.i;
  };
  const want = rows.filter((r) => r.billedAbove && !r.hasUnit).sort(byRest);
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
    const num = units(c.billed) * c.exact.den - c.exact.num * scale;
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

function zeroCharges(states: readonly ChargeState[]): readonly ChargeCredit[] {
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
    const was = old ? findCharge(old, sc.chargeNumber)?.charge : undefined;
    const is = now ? findCharge(now, sc.chargeNumber)?.charge : undefined;
    if (!was || !is || !isBefore(is.endDate, was.endDate)) continue;
    const date = creditStartDate(is);
    if (cut === null || isBefore(date, cut)) cut = date;
  }
  if (cut === null || !isBefore(cut, schedule.nextRunDate)) return schedule;
  return refreshSchedule({ ...schedule, nextRunDateOverride: cut });
}

/**
 * Groups charges for consumption (reference §7.2, decision 1). `term`: the group starts at the
 * earliest start date left, ends at the latest end date of the charges starting then, and takes
 * every charge lying inside; `startDate`: charges sharing a start date. Groups come in start
 * order; inside a group charges keep the schedule's order.
 * @since 0.1.0
 */
export function chargeGroups<T extends Pick<ChargeState, 'charge'>>(
  charges: readonly T[],
  grouping: TenantSettings['chargeGrouping'],
): readonly (readonly T[])[] {
  let remaining = [...charges];
  const groups: T[][] = [];
  while (remaining.length > 0) {
    const start = remaining.map((c) => c.charge.startDate).reduce((a, b) => (isBefore(b, a) ? b : a));
    const end = remaining
      .filter((c) => c.charge.startDate === start)
      .map((c) => c.charge.endDate)
      .reduce((a, b) => (isAfter(b, a) ? b : a));
    const member = (c: T) =>
      grouping === 'startDate'
        ? c.charge.startDate === start
        : !isBefore(c.charge.startDate, start) && !isAfter(c.charge.endDate, end);
    groups.push(remaining.filter(member));
    remaining = remaining.filter((c) => !member(c));
  }
  return groups;
}

/**
 * Splits an amount over the charges (reference §7.3, decision 2): groups are consumed in order,
 * each fully before the next; inside a group the cumulative cascade gives every charge
 * `round(B × cumP_j ÷ T)` of the group's cumulative amount B, and the item exhausting a group
 * bills each charge's exact remainder. Returns the net amount per charge key (zero entries for
 * charges of a group the item touches). The amount must not exceed what is left to bill.
 * @since 0.1.0
 */
export function allocateAcrossCharges(
  states: readonly ChargeState[],
  amount: Decimal,
  currencyCode: string,
  settings: Pick<TenantSettings, 'chargeGrouping' | 'rounding'>,
): Result<ReadonlyMap<string, Decimal>, { readonly unbilled: Decimal }> {
  const currency = getCurrency(currencyCode)._unsafeUnwrap();
  const lines = new Map<string, Decimal>();
  let left = amount;
  let unbilled = ZERO;
  for (const group of billableGroups(states, settings.chargeGrouping)) {
    const groupTotal = group.reduce((acc, c) => acc.plus(c.total), ZERO);
    const groupBilled = group.reduce((acc, c) => acc.plus(c.billed), ZERO);
    const groupLeft = groupTotal.minus(groupBilled);
    unbilled = unbilled.plus(Dec.max(groupLeft, ZERO));
    if (left.lte(0) || groupLeft.lte(0)) continue;
    const take = Dec.min(left, groupLeft);
    // The one cascade (money/allocate.ts), the same code the public `cascadeLines` runs.
    const units = cascadeUnits(
      group.map((c) => toMinorUnits(c.weight, currency)),
      group.map((c) => toMinorUnits(c.total, currency)),
      group.map((c) => toMinorUnits(c.billed, currency)),
      toMinorUnits(groupBilled.plus(take), currency),
      settings.rounding,
    );
    for (const [i, c] of group.entries()) lines.set(c.key, fromMinorUnits(units[i] as bigint, currency));
    left = left.minus(take);
  }
  if (left.gt(0)) return err({ unbilled });
  return ok(lines);
}

interface Period {
  readonly start: BusinessDate;
  readonly end: BusinessDate;
}

/**
 * Service period of a line that takes a charge from `before` to `after` billed (reference §7.4,
 * §7.5, decision 3). One-time charges: their start day. Zero-valued charges follow their
 * group's consumption (C08).
 * @since 0.1.0
 */
export function linePeriod(
  charge: RatePlanCharge,
  before: Decimal,
  after: Decimal,
  total: Decimal,
  prorationDays: ProrationDays,
): Period {
  if (charge.type === 'OneTime') return { start: charge.startDate, end: charge.startDate };
  const termMonths = chargeTermMonths(charge);
  const endFor = (billed: Decimal) =>
    servicePeriodEnd({
      chargeStart: charge.startDate,
      chargeEnd: charge.endDate,
      termMonths,
      billed,
      total,
      prorationDays,
    });
  const start = before.lte(0) ? charge.startDate : nextServicePeriodStart(endFor(before));
  const end = endFor(after).end;
  return { start, end: compareDates(end, start) < 0 ? start : end };
}

/**
 * Fresh identifiers for documents an execution creates, allocated by the operation.
 * @since 0.1.0
 */
export interface NewInvoiceIds {
  readonly id: string;
  readonly number: string;
}

/**
 * The outcome of one execution: the updated schedule, the invoice (none when nothing is left to
 * invoice, C11) and the credit memo (when charges were billed above their current value, §8.3).
 * @since 0.1.0
 */
export interface ScheduleExecution {
  readonly schedule: InvoiceSchedule;
  readonly invoice: Invoice | null;
  readonly creditMemo: CreditMemo | null;
}

/**
 * The outcome of executing one item.
 * @since 0.1.0
 */
export type ItemExecution = ScheduleExecution;

/**
 * What an execution needs besides the schedule: the current subscriptions, tenant settings, the
 * schedule's documents so far, ids for new documents and the bill run.
 * @since 0.1.0
 */
export interface ExecutionInputs {
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  readonly settings: TenantSettings;
  /** Invoices the schedule produced so far (to credit from). */
  readonly invoices: readonly Invoice[];
  /** Credit memos the schedule produced so far (what is already credited). */
  readonly creditMemos: readonly CreditMemo[];
  readonly invoice: NewInvoiceIds;
  readonly creditMemo: NewInvoiceIds;
  readonly billRunNumber: string | null;
}

/**
 * Executes one schedule item (reference §6, §7, §8.3): brings the schedule up to date with its
 * charges, then bills the item's actual amount — allocated over the charges left to bill, with
 * service periods and discount lines — and credits what charges were billed above their current
 * value (all of it when the item is the last pending one or has nothing positive to bill, else
 * the credits starting by its run date). The invoice and credit memo are dated on the item's run
 * date (§6.3); the item becomes Processed with its net billed amount (decision 6). Pure.
 * @since 0.1.0
 */
export function executeItem(
  args: ExecutionInputs & { readonly schedule: InvoiceSchedule; readonly itemId: string },
): Result<ScheduleExecution, ScheduleError> {
  const { settings } = args;
  const found = args.schedule.items.find((i) => i.id === args.itemId);
  if (!found) {
    return err(
      scheduleError({
        type: 'InvoiceScheduleItemNotFound',
        message: `Schedule ${args.schedule.number} has no item ${args.itemId}.`,
        invoiceScheduleNumber: args.schedule.number,
        itemId: args.itemId,
      }),
    );
  }
  if (found.status === 'Processed') {
    return err(
      scheduleError({
        type: 'ItemAlreadyProcessed',
        message: `Item ${found.id} of ${args.schedule.number} is already processed.`,
        invoiceScheduleNumber: args.schedule.number,
        itemId: found.id,
      }),
    );
  }
  if (found.runDate === null) {
    return err(
      scheduleError({
        type: 'RunDateRequired',
        message: `Item ${found.sequence} of ${args.schedule.number} has a blank run date; set its run date first (it becomes the invoice date).`,
        invoiceScheduleNumber: args.schedule.number,
        itemId: found.id,
      }),
    );
  }
  const runDate = found.runDate;
  const states = chargeStates(args.schedule, args.subscriptions, settings.rounding, settings.chargeGrouping);
  if (states.isErr()) return err(states.error);
  const schedule = reviseSchedule(args.schedule, states.value);
  const item = schedule.items.find((i) => i.id === found.id) as InvoiceScheduleItem;
  // Decision 18: a document is dated the day its item became due — its run date, or the earlier
  // `nextRunDate` it was pulled forward to (a user override, a credit date, a removal's date, §6.6).
  const pulledTo = schedule.nextRunDate;
  const dueDate = pulledTo !== null && isBefore(pulledTo, runDate) ? pulledTo : runDate;
  const pending = schedule.items.filter((i) => i.status !== 'Processed');
  const settlesAll = pending[pending.length - 1]?.id === item.id || item.actualAmount.lte(0);
  const credits = chargeCredits(states.value).filter(
    (c) => settlesAll || !isAfter(c.creditStartDate, runDate),
  );
  const creditTotal = credits.reduce((acc, c) => acc.plus(c.amount), ZERO);
  // Allocate as if the credits were already given: a credited charge stands at its value.
  const settled = states.value.map((c) => (c.billed.gt(c.total) ? { ...c, billed: c.total } : c));
  // The item bills its actual amount plus the credits it gives, but never more than is left on the
  // charges: an earlier pending item that takes every credit (its actual amount is 0 because the
  // credit exceeds what is left, decision 4) bills only what is left and nets to the unbilled amount.
  const room = settled.reduce((acc, c) => acc.plus(Dec.max(ZERO, c.total.minus(c.billed))), ZERO);
  const toInvoice = Dec.max(ZERO, Dec.min(item.actualAmount.plus(creditTotal), room));
  let allocation: ReadonlyMap<string, Decimal> = new Map();
  let invoice: Invoice | null = null;
  if (toInvoice.gt(0)) {
    const allocated = allocateAcrossCharges(settled, toInvoice, schedule.currency, settings);
    if (allocated.isErr()) {
      return err(
        scheduleError({
          type: 'ItemExceedsUnbilledCharges',
          message: `Item ${item.sequence} of ${schedule.number} would bill ${toInvoice.toFixed()} but only ${allocated.error.unbilled.toFixed()} is left on the covered charges.`,
          invoiceScheduleNumber: schedule.number,
          itemId: item.id,
          amount: toInvoice.toFixed(),
          unbilledOnCharges: allocated.error.unbilled.toFixed(),
        }),
      );
    }
    allocation = allocated.value;
    const lines = buildLines(schedule, item, settled, allocation, settings, args.invoice.id);
    invoice = Object.freeze({
      id: args.invoice.id,
      number: args.invoice.number,
      accountNumber: schedule.accountNumber,
      currency: schedule.currency,
      invoiceDate: dueDate,
      status: settings.autoPost ? 'Posted' : 'Draft',
      amount: lines.reduce((acc, l) => acc.plus(l.amount), ZERO),
      lines,
      billRunNumber: args.billRunNumber,
      version: 1,
    });
  }
  const creditMemo = buildCreditMemo(args, schedule, item.id, credits, states.value, dueDate);
  const net = toInvoice.minus(creditMemo?.amount ?? ZERO);
  const items = schedule.items.map((i) =>
    i.id === item.id
      ? Object.freeze({
          ...i,
          status: 'Processed' as const,
          billedAmount: net,
          actualAmount: net,
          invoiceNumber: invoice?.number ?? null,
          creditMemoNumbers: creditMemo
            ? Object.freeze([...i.creditMemoNumbers, creditMemo.number])
            : i.creditMemoNumbers,
        })
      : i,
  );
  return ok({
    schedule: settleZeroTail(finish(schedule, items, allocation, credits, states.value, args)),
    invoice,
    creditMemo,
  });
}

/**
 * Produces the credit due on a schedule without billing an item (reference §8.4, decision 5):
 * what its charges were billed above their current value, for the credits starting on or before
 * `dueBy` (all of them when `null`), as one credit memo dated `memoDate` and linked to the last
 * processed item. Returns `null` when no credit is due. Pure.
 * @since 0.1.0
 */
export function executeCredit(
  args: ExecutionInputs & {
    readonly schedule: InvoiceSchedule;
    readonly memoDate: BusinessDate;
    readonly dueBy: BusinessDate | null;
  },
): Result<ScheduleExecution | null, ScheduleError> {
  const states = chargeStates(
    args.schedule,
    args.subscriptions,
    args.settings.rounding,
    args.settings.chargeGrouping,
  );
  if (states.isErr()) return err(states.error);
  const schedule = reviseSchedule(args.schedule, states.value);
  const dueBy = args.dueBy;
  const credits = chargeCredits(states.value).filter(
    (c) => dueBy === null || !isAfter(c.creditStartDate, dueBy),
  );
  const last = [...schedule.items].reverse().find((i) => i.status === 'Processed');
  if (credits.length === 0 || !last) return ok(null);
  // Decision 18: dated the day the credit became due (the next run date it set) when that is earlier.
  const due = schedule.nextRunDate;
  const memoDate = due !== null && isBefore(due, args.memoDate) ? due : args.memoDate;
  const creditMemo = buildCreditMemo(args, schedule, last.id, credits, states.value, memoDate);
  if (!creditMemo) return ok(null);
  const items = schedule.items.map((i) =>
    i.id === last.id
      ? Object.freeze({
          ...i,
          billedAmount: i.billedAmount.minus(creditMemo.amount),
          actualAmount: i.billedAmount.minus(creditMemo.amount),
          creditMemoNumbers: Object.freeze([...i.creditMemoNumbers, creditMemo.number]),
        })
      : i,
  );
  return ok({
    schedule: finish(schedule, items, new Map(), credits, states.value, args),
    invoice: null,
    creditMemo,
  });
}

function buildCreditMemo(
  args: ExecutionInputs,
  schedule: InvoiceSchedule,
  itemId: string,
  credits: readonly ChargeCredit[],
  states: readonly ChargeState[],
  memoDate: BusinessDate,
): CreditMemo | null {
  if (credits.length === 0) return null;
  const cut = new Set(credits.map((c) => c.creditStartDate));
  const lines = creditMemoLines({
    credits,
    zeroCharges: zeroCharges(states).filter((z) => cut.has(z.creditStartDate)),
    invoices: args.invoices,
    creditMemos: args.creditMemos,
    memoId: args.creditMemo.id,
    invoiceScheduleNumber: schedule.number,
    invoiceScheduleItemId: itemId,
  });
  return Object.freeze({
    id: args.creditMemo.id,
    number: args.creditMemo.number,
    accountNumber: schedule.accountNumber,
    currency: schedule.currency,
    memoDate,
    status: args.settings.autoPost ? 'Posted' : 'Draft',
    amount: lines.reduce((acc, l) => acc.plus(l.amount), ZERO),
    lines,
    billRunNumber: args.billRunNumber,
    version: 1,
  });
}

/**
 * Decision 19: once an item is billed and every pending item left has an actual amount of zero,
 * those items are Processed without a document in the same operation; `nextRunDate` becomes null
 * unless a credit is still due (its date stays).
 */
function settleZeroTail(schedule: InvoiceSchedule): InvoiceSchedule {
  const pending = schedule.items.filter((i) => i.status !== 'Processed');
  if (pending.length === 0 || !pending.every((i) => i.actualAmount.isZero())) return schedule;
  const items = schedule.items.map((i) =>
    i.status === 'Processed'
      ? i
      : Object.freeze({ ...i, status: 'Processed' as const, billedAmount: ZERO, actualAmount: ZERO }),
  );
  return refreshSchedule({ ...schedule, items: Object.freeze(items) });
}

/** Applies billed and credited amounts to the charges, refreshes, and sets the next credit date. */
function finish(
  schedule: InvoiceSchedule,
  items: readonly InvoiceScheduleItem[],
  allocation: ReadonlyMap<string, Decimal>,
  credits: readonly ChargeCredit[],
  states: readonly ChargeState[],
  inputs: Pick<ExecutionInputs, 'subscriptions' | 'settings'>,
): InvoiceSchedule {
  const credited = new Map(credits.map((c) => [chargeKey(c.subscriptionNumber, c.chargeNumber), c.amount]));
  const charges = schedule.charges.map((sc) => {
    const key = chargeKey(sc.subscriptionNumber, sc.chargeNumber);
    const billed = sc.billedAmount.plus(allocation.get(key) ?? ZERO).minus(credited.get(key) ?? ZERO);
    return billed.eq(sc.billedAmount) ? sc : Object.freeze({ ...sc, billedAmount: billed });
  });
  const next: InvoiceSchedule = {
    ...schedule,
    items: Object.freeze(items),
    charges: Object.freeze(charges),
    nextRunDateOverride: null,
    version: schedule.version + 1,
  };
  // Credits still to come (starting later) keep the next run date on their start (§6.6 rule 3).
  // The charges' totals are taken again from what they are now billed: a credit shared as its own
  // set can leave a charge a minor unit off its rounded total, and that unit stays where it was
  // billed rather than becoming a credit or an invoice of its own (decision 2).
  const again = chargeStates(
    next,
    inputs.subscriptions,
    inputs.settings.rounding,
    inputs.settings.chargeGrouping,
  );
  const after = again.isOk()
    ? again.value
    : states.map((c) => {
        const sc = charges.find(
          (x) => x.subscriptionNumber === c.subscription.number && x.chargeNumber === c.charge.number,
        );
        return sc ? { ...c, billed: sc.billedAmount, scheduleCharge: sc } : c;
      });
  return reviseSchedule(next, after);
}

/**
 * A charge worth exactly nothing and never billed: zero-priced (§7.1), or removed before it started.
 * A charge of positive value whose total rounds to zero is not one: it never gets a line (decision 15).
 */
function isZeroPriced(c: ChargeState): boolean {
  return c.exact.num === 0n && c.billed.isZero();
}

/** The charges that shape the consumption groups (§7.2): zero-priced charges never do (decision 15). */
function billableGroups(
  states: readonly ChargeState[],
  grouping: TenantSettings['chargeGrouping'],
): readonly (readonly ChargeState[])[] {
  return chargeGroups(
    states.filter((c) => !isZeroPriced(c)),
    grouping,
  );
}

/**
 * Decision 15: a zero-priced charge joins the group the setting gives it (`term`: the group's dates
 * contain the charge's; `startDate`: the group starts on the charge's start), else the first group
 * whose dates include its start; `-1` when none does (it then never appears).
 */
function groupOfZeroPriced(
  charge: RatePlanCharge,
  groups: readonly (readonly ChargeState[])[],
  grouping: TenantSettings['chargeGrouping'],
): number {
  const spans = groups.map((g) => ({
    start: g.map((c) => c.charge.startDate).reduce((a, b) => (isBefore(b, a) ? b : a)),
    end: g.map((c) => c.charge.endDate).reduce((a, b) => (isAfter(b, a) ? b : a)),
  }));
  const joins = spans.findIndex((g) =>
    grouping === 'startDate'
      ? g.start === charge.startDate
      : !isBefore(charge.startDate, g.start) && !isAfter(charge.endDate, g.end),
  );
  if (joins !== -1) return joins;
  return spans.findIndex((g) => !isBefore(charge.startDate, g.start) && !isAfter(charge.startDate, g.end));
}

function buildLines(
  schedule: InvoiceSchedule,
  item: InvoiceScheduleItem,
  states: readonly ChargeState[],
  allocation: ReadonlyMap<string, Decimal>,
  settings: TenantSettings,
  invoiceId: string,
): readonly InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  const groups = billableGroups(states, settings.chargeGrouping);
  const zeroPriced = states.filter((c) => isZeroPriced(c) && !isRemovedCharge(c.charge));
  const push = (c: ChargeState, net: Decimal, period: Period) => {
    const base = {
      subscriptionNumber: c.subscription.number,
      serviceStartDate: period.start,
      serviceEndDate: period.end,
      invoiceScheduleNumber: schedule.number,
      invoiceScheduleItemId: item.id,
    };
    const breakdown = discountBreakdownForNet(
      c.charge,
      c.ratePlan,
      net,
      schedule.currency,
      settings.rounding,
    );
    lines.push(
      Object.freeze({
        ...base,
        id: `${invoiceId}-${lines.length + 1}`,
        kind: 'Charge' as const,
        chargeNumber: c.charge.number,
        chargeName: c.charge.name,
        appliesToChargeNumber: null,
        amount: breakdown.gross,
      }),
    );
    for (const d of breakdown.discounts) {
      lines.push(
        Object.freeze({
          ...base,
          id: `${invoiceId}-${lines.length + 1}`,
          kind: 'Discount' as const,
          chargeNumber: d.chargeNumber,
          chargeName: d.name,
          appliesToChargeNumber: c.charge.number,
          amount: d.amount,
        }),
      );
    }
  };
  for (const [g, group] of groups.entries()) {
    let groupStart: BusinessDate | null = null;
    let groupEnd: BusinessDate | null = null;
    for (const c of group) {
      const net = allocation.get(c.key);
      // §7.1 and decision 15: only charges billed something get a line; a positive-valued charge whose
      // share of this item rounds to zero gets none (its service period does not move).
      if (net === undefined || net.isZero()) continue;
      const period = linePeriod(c.charge, c.billed, c.billed.plus(net), c.total, settings.prorationDays);
      if (groupStart === null || isBefore(period.start, groupStart)) groupStart = period.start;
      if (groupEnd === null || isAfter(period.end, groupEnd)) groupEnd = period.end;
      push(c, net, period);
    }
    if (groupStart === null || groupEnd === null) continue;
    // Decision 15 (§7.1, C08, C09): a zero-priced charge of this group gets a 0.00 line on each invoice
    // whose computed service period for the group (earliest start to latest end of the group's lines)
    // ends on or after its start, with the period clipped to the charge's own dates.
    for (const z of zeroPriced) {
      if (groupOfZeroPriced(z.charge, groups, settings.chargeGrouping) !== g) continue;
      const start = isAfter(z.charge.startDate, groupStart) ? z.charge.startDate : groupStart;
      const end = isBefore(z.charge.endDate, groupEnd) ? z.charge.endDate : groupEnd;
      if (isAfter(start, end)) continue;
      push(z, ZERO, { start, end });
    }
  }
  return Object.freeze(lines);
}

/**
 * Net amount an invoice billed per covered charge key: each charge line plus the discount lines
 * applied to it.
 * @since 0.1.0
 */
export function netByCharge(invoice: Invoice): ReadonlyMap<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const line of invoice.lines) {
    const chargeNumber =
      line.kind === 'Discount' ? (line.appliesToChargeNumber ?? line.chargeNumber) : line.chargeNumber;
    const key = chargeKey(line.subscriptionNumber, chargeNumber);
    out.set(key, (out.get(key) ?? ZERO).plus(line.amount));
  }
  return out;
}

/**
 * Undoes an item's processing after its invoice was canceled (Draft, C02) or reversed (Posted,
 * C17/C18): the item goes back to Pending with a new generation, the charges lose what the
 * invoice billed, and the schedule status is recomputed. Pure.
 * @since 0.1.0
 */
export function revertItemForInvoice(schedule: InvoiceSchedule, invoice: Invoice): InvoiceSchedule {
  // A merged invoice (decision 11) can carry several items of one schedule: every one goes back.
  const first = schedule.items.findIndex((i) => i.invoiceNumber === invoice.number);
  if (first === -1) return schedule;
  const net = netByCharge(invoice);
  // Later items processed without any document (a zero tail settled with this item, decision 19)
  // go back too: no item stays Processed after a pending one.
  const zeroTail = (i: InvoiceScheduleItem, index: number) =>
    index > first &&
    i.status === 'Processed' &&
    i.invoiceNumber === null &&
    i.creditMemoNumbers.length === 0 &&
    i.billedAmount.isZero();
  const items = schedule.items.map((i, index) =>
    i.invoiceNumber === invoice.number || zeroTail(i, index)
      ? Object.freeze({
          ...i,
          status: 'Pending' as const,
          billedAmount: ZERO,
          actualAmount: i.amount,
          invoiceNumber: null,
          generation: i.generation + 1,
        })
      : i,
  );
  const charges = schedule.charges.map((sc) => {
    const minus = net.get(chargeKey(sc.subscriptionNumber, sc.chargeNumber));
    return minus === undefined ? sc : Object.freeze({ ...sc, billedAmount: sc.billedAmount.minus(minus) });
  });
  return refreshSchedule({
    ...schedule,
    items: Object.freeze(items),
    charges: Object.freeze(charges),
    version: schedule.version + 1,
  });
}

/**
 * Schedules that produced lines of an invoice, by number.
 * @since 0.1.0
 */
export function scheduleNumbersOf(invoice: Invoice): readonly string[] {
  return [
    ...new Set(invoice.lines.map((l) => l.invoiceScheduleNumber).filter((n): n is string => n !== null)),
  ];
}

/**
 * Whether an invoice may go back (cancel a Draft, reverse a Posted): not when a credit memo
 * credits its lines or is linked to its item (the credit would be left pointing at nothing, or
 * dropped from the item while it stays on the charges), and not when its schedule has detached
 * charges (§5.4: invoices produced before a detach can no longer be unposted). Returns the error,
 * or `null` when it may. Pure.
 * @since 0.1.0
 */
export function checkRevertible(
  invoice: Invoice,
  schedules: readonly InvoiceSchedule[],
  creditMemos: readonly CreditMemo[],
): ScheduleError | null {
  const memos = creditMemos.filter((m) => m.lines.some((l) => l.creditedInvoiceNumber === invoice.number));
  if (memos.length > 0) {
    return scheduleError({
      type: 'InvoiceHasCredits',
      message: `Invoice ${invoice.number} is credited by ${memos.map((m) => m.number).join(', ')}; an invoice a credit memo credits cannot be canceled or reversed.`,
      invoiceNumber: invoice.number,
      creditMemoNumbers: memos.map((m) => m.number),
    });
  }
  for (const schedule of schedules) {
    const linked = schedule.items.find(
      (i) => i.invoiceNumber === invoice.number && i.creditMemoNumbers.length > 0,
    );
    if (linked) {
      return scheduleError({
        type: 'InvoiceHasCredits',
        message: `Invoice ${invoice.number} belongs to an item that credit memos ${linked.creditMemoNumbers.join(', ')} are linked to; it cannot be canceled or reversed.`,
        invoiceNumber: invoice.number,
        creditMemoNumbers: linked.creditMemoNumbers,
      });
    }
    if (schedule.charges.some((c) => c.detached)) {
      return scheduleError({
        type: 'InvoiceLockedByDetach',
        message: `Invoice ${invoice.number} was produced by ${schedule.number}, which has detached charges; after a detach its invoices can no longer be unposted (§5.4). Attach the charges back first.`,
        invoiceNumber: invoice.number,
        invoiceScheduleNumber: schedule.number,
      });
    }
  }
  return null;
}
