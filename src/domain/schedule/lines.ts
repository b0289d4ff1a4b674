import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { cascadeUnits } from '../../money/allocate';
import type { Currency } from '../../money/currency';
import { Dec, ZERO } from '../../money/decimal';
import { fromMinorUnits, toMinorUnits, unitsAtScale } from '../../money/minor';
import { type BusinessDate, compareDates, isAfter, isBefore } from '../../time/date';
import { decimalFraction, type Rational } from '../../time/rational';
import {
  nextServicePeriodStart,
  nextServicePeriodStartOrNull,
  type ProrationDays,
  type ServicePeriodEnd,
  servicePeriodEnd,
  servicePeriodEndOf,
} from '../../time/service-period';
import { isRemovedCharge, type RatePlanCharge } from '../contract/charge';
import {
  type ChargeBilledSoFar,
  type ChargeInvoiced,
  chargeTermMonths,
  discountBreakdownAfter,
  holdsDiscounts,
  resolveCurrency,
} from '../contract/charge-value';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import type { TenantSettings } from '../settings';
import { chargeKey, type InvoiceSchedule, type InvoiceScheduleItem } from './schedule';
import type { ChargeState, ChargeUnits } from './states';

// An item's invoice lines (§7.2–§7.5): consumption groups, the cascade over them, service periods and
// the 0.00 lines of zero-priced charges (decision 15).

/**
 * Groups charges for consumption (reference §7.2, decision 1). `term`: the group starts at the
 * earliest start date left, ends at the latest end date of the charges starting then, and takes
 * every charge lying inside; `startDate`: charges sharing a start date. Groups come in start
 * order; inside a group charges keep the schedule's order. A one-time charge's term is its start
 * day (its service period), whatever its `endDate` says: a set-up fee does not stretch its group
 * over later years' charges (review 160).
 * @since 0.1.0
 */
export function chargeGroups<T extends Pick<ChargeState, 'charge'>>(
  charges: readonly T[],
  grouping: TenantSettings['chargeGrouping'],
): readonly (readonly T[])[] {
  // Charges that all start on one day form one group, whatever the setting (the usual case).
  const first = charges[0];
  if (first !== undefined && charges.every((c) => c.charge.startDate === first.charge.startDate)) {
    return [[...charges]];
  }
  let remaining = [...charges];
  const groups: T[][] = [];
  while (remaining.length > 0) {
    const start = remaining.map((c) => c.charge.startDate).reduce((a, b) => (isBefore(b, a) ? b : a));
    const end = remaining
      .filter((c) => c.charge.startDate === start)
      .map((c) => ownDates(c.charge).end)
      .reduce((a, b) => (isAfter(b, a) ? b : a));
    const member = (c: T) =>
      grouping === 'startDate'
        ? c.charge.startDate === start
        : !isBefore(c.charge.startDate, start) && !isAfter(ownDates(c.charge).end, end);
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
  const currency = resolveCurrency(currencyCode);
  const m = currency.minorUnits;
  const units: ChargeUnits[] = [];
  for (const c of states) {
    const total = unitsAtScale(c.total, m);
    const weight = unitsAtScale(c.weight, m);
    const billed = unitsAtScale(c.billed, m);
    if (total === null || weight === null || billed === null) {
      return allocateDecimals(billableGroups(states, settings.chargeGrouping), amount, currency, settings);
    }
    units.push({ total, weight, billed });
  }
  const inUnits = allocateInUnits(states, units, amount, currency, settings);
  if (inUnits === null) {
    return allocateDecimals(billableGroups(states, settings.chargeGrouping), amount, currency, settings);
  }
  return inUnits.map((a) => a.amounts);
}

/**
 * An allocation: the net amount per charge key, and the same in minor units.
 * @internal
 */
export interface Allocation {
  readonly amounts: ReadonlyMap<string, Decimal>;
  readonly units: ReadonlyMap<string, bigint>;
}

/**
 * {@link allocateAcrossCharges} in minor units, the same steps, given the states' amounts in minor units;
 * `null` when an amount is not at the currency scale (the decimal steps then fail where they always did).
 * @internal
 */
export function allocateInUnits(
  states: readonly ChargeState[],
  units: readonly ChargeUnits[],
  amount: Decimal,
  currency: Currency,
  settings: Pick<TenantSettings, 'chargeGrouping' | 'rounding'>,
): Result<Allocation, { readonly unbilled: Decimal }> | null {
  let left = unitsAtScale(amount, currency.minorUnits);
  if (left === null) return null;
  const index = new Map<ChargeState, number>();
  for (let i = 0; i < states.length; i++) {
    if ((units[i] as ChargeUnits).billed === null) return null;
    index.set(states[i] as ChargeState, i);
  }
  const amounts = new Map<string, Decimal>();
  const shares = new Map<string, bigint>();
  let unbilled = 0n;
  for (const group of billableGroups(states, settings.chargeGrouping)) {
    const of = group.map((c) => units[index.get(c) as number] as ChargeUnits);
    let groupTotal = 0n;
    let groupBilled = 0n;
    for (const u of of) {
      groupTotal += u.total;
      groupBilled += u.billed as bigint;
    }
    const groupLeft = groupTotal - groupBilled;
    if (groupLeft > 0n) unbilled += groupLeft;
    if (left <= 0n || groupLeft <= 0n) continue;
    // min(left, groupLeft): bigints, so no Math.min.
    let take = groupLeft;
    if (left < groupLeft) take = left;
    // The one cascade (money/allocate.ts), the same code the public `cascadeLines` runs.
    const lines = cascadeUnits(
      of.map((u) => u.weight),
      of.map((u) => u.total),
      of.map((u) => u.billed as bigint),
      groupBilled + take,
      settings.rounding,
    );
    for (let i = 0; i < group.length; i++) {
      const key = (group[i] as ChargeState).key;
      const share = lines[i] as bigint;
      shares.set(key, share);
      amounts.set(key, fromMinorUnits(share, currency));
    }
    left -= take;
  }
  if (left > 0n) return err({ unbilled: fromMinorUnits(unbilled, currency) });
  return ok({ amounts, units: shares });
}

function allocateDecimals(
  groups: readonly (readonly ChargeState[])[],
  amount: Decimal,
  currency: Currency,
  settings: Pick<TenantSettings, 'rounding'>,
): Result<ReadonlyMap<string, Decimal>, { readonly unbilled: Decimal }> {
  const lines = new Map<string, Decimal>();
  let left = amount;
  let unbilled = ZERO;
  for (const group of groups) {
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

/** A charge line's period, and where the charge is served through after it (`ScheduleCharge.servedThrough`). */
interface ServedPeriod extends Period {
  readonly served: ServicePeriodEnd;
}

/**
 * Service period of a line that takes a charge from `before` to `after` billed (reference §7.4,
 * §7.5, decision 3). One-time charges: their start day. Zero-valued charges follow their
 * group's consumption (C08). With `servedThrough` (where the charge's earlier lines served through,
 * `ScheduleCharge.servedThrough`), the line never starts before the day after it (the day itself when partly
 * consumed), nor after the charge's end: the start recomputed from `before` moves back when the charge's total
 * changed since (an order cut it short), and those days were billed already.
 * @since 0.1.0
 */
export function linePeriod(
  charge: RatePlanCharge,
  before: Decimal,
  after: Decimal,
  total: Decimal,
  prorationDays: ProrationDays,
  servedThrough: ServicePeriodEnd | null = null,
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
  const start = notBeforeServed(
    charge,
    before.lte(0) ? charge.startDate : nextServicePeriodStart(endFor(before)),
    servedThrough,
  );
  const end = endFor(after).end;
  return { start, end: compareDates(end, start) < 0 ? start : end };
}

/**
 * `start`, or the day the charge's next line starts after `served` when that is later (decision 3: the same day
 * when it was partly consumed, the next day otherwise), but never after the charge's end day.
 */
function notBeforeServed(
  charge: RatePlanCharge,
  start: BusinessDate,
  served: ServicePeriodEnd | null,
): BusinessDate {
  if (served === null) return start;
  // Never after the charge's end day (nor past 9999-12-31, which has no day after it).
  let next = nextServicePeriodStartOrNull(served) ?? charge.endDate;
  if (isAfter(next, charge.endDate)) next = charge.endDate;
  return isAfter(next, start) ? next : start;
}

type Fraction = { readonly num: bigint; readonly den: bigint };

/** {@link linePeriod} of a recurring charge on exact fractions, its term in months given. */
function recurringLinePeriod(
  charge: RatePlanCharge,
  termMonths: Rational,
  before: Fraction,
  after: Fraction,
  total: Fraction,
  prorationDays: ProrationDays,
  servedThrough: ServicePeriodEnd | null,
): ServedPeriod {
  const { startDate, endDate } = charge;
  const start = notBeforeServed(
    charge,
    before.num <= 0n
      ? startDate
      : nextServicePeriodStart(
          servicePeriodEndOf(startDate, endDate, termMonths, before, total, prorationDays),
        ),
    servedThrough,
  );
  const served = servicePeriodEndOf(startDate, endDate, termMonths, after, total, prorationDays);
  // A line whose amount ends before the day it must start on (the charge's total moved since its earlier lines)
  // covers that day alone, and leaves it partly consumed: the charge's next line starts on it again, until what
  // is billed reaches past it.
  if (compareDates(served.end, start) < 0) {
    return { start, end: start, served: Object.freeze({ end: start, endDayPartial: true }) };
  }
  return { start, end: served.end, served };
}

/**
 * A charge worth exactly nothing and never billed: zero-priced (§7.1), discounted 100 %, or removed before it
 * started.
 * A charge of positive value whose total rounds to zero is not one: it never gets a line (decision 15).
 */
function isZeroPriced(c: Pick<ChargeState, 'exact' | 'billed'>): boolean {
  return c.exact.num === 0n && c.billed.isZero();
}

/**
 * The charges that shape the consumption groups (§7.2): zero-priced charges never do (decision 15).
 * @internal
 */
export function billableGroups<T extends Pick<ChargeState, 'charge' | 'exact' | 'billed'>>(
  states: readonly T[],
  grouping: TenantSettings['chargeGrouping'],
): readonly (readonly T[])[] {
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
    end: g.map((c) => ownDates(c.charge).end).reduce((a, b) => (isAfter(b, a) ? b : a)),
  }));
  const joins = spans.findIndex((g) =>
    grouping === 'startDate'
      ? g.start === charge.startDate
      : !isBefore(charge.startDate, g.start) && !isAfter(ownDates(charge).end, g.end),
  );
  if (joins !== -1) return joins;
  return spans.findIndex((g) => !isBefore(charge.startDate, g.start) && !isAfter(charge.startDate, g.end));
}
/**
 * A zero-priced charge's own dates, to which its 0.00 lines are clipped (decision 15): a recurring charge's
 * start to end; a one-time charge's start day only (its service period, docs/concepts/schedules.md), so its
 * 0.00 lines are on the invoices whose period for its group holds that day, whatever its `endDate` says. The
 * groups (§7.2) read a charge's term from these dates too.
 */
function ownDates(charge: RatePlanCharge): Period {
  return charge.type === 'OneTime'
    ? { start: charge.startDate, end: charge.startDate }
    : { start: charge.startDate, end: charge.endDate };
}

/** The period of a one-time charge's line: its start day, served in full once the charge is billed its total. */
function oneTimePeriod(charge: RatePlanCharge, billedInFull: boolean): ServedPeriod {
  const day = charge.startDate;
  return { start: day, end: day, served: Object.freeze({ end: day, endDayPartial: !billedInFull }) };
}

/** {@link linePeriod} of a charge state's line of `net`, on exact fractions (no decimal arithmetic). */
function chargeLinePeriod(c: ChargeState, net: Decimal, prorationDays: ProrationDays): ServedPeriod {
  if (c.charge.type === 'OneTime') return oneTimePeriod(c.charge, c.billed.plus(net).gte(c.total));
  const before = decimalFraction(c.billed);
  const added = decimalFraction(net);
  const after = { num: before.num * added.den + added.num * before.den, den: before.den * added.den };
  return recurringLinePeriod(
    c.charge,
    chargeTermMonths(c.charge),
    before,
    after,
    decimalFraction(c.total),
    prorationDays,
    c.scheduleCharge.servedThrough,
  );
}

/** {@link linePeriod} on minor units: their ratios are the amounts' ratios. */
function unitsLinePeriod(
  charge: RatePlanCharge,
  billed: bigint,
  net: bigint,
  total: bigint,
  prorationDays: ProrationDays,
  servedThrough: ServicePeriodEnd | null,
): ServedPeriod {
  if (charge.type === 'OneTime') return oneTimePeriod(charge, billed + net >= total);
  return recurringLinePeriod(
    charge,
    chargeTermMonths(charge),
    { num: billed, den: 1n },
    { num: billed + net, den: 1n },
    { num: total, den: 1n },
    prorationDays,
    servedThrough,
  );
}

/** The invoice lines of an item: a charge line and its discount lines per charge billed. @internal */
export function buildLines(
  schedule: InvoiceSchedule,
  item: InvoiceScheduleItem,
  states: readonly ChargeState[],
  allocation: ReadonlyMap<string, Decimal>,
  settings: TenantSettings,
  invoiceId: string,
): readonly InvoiceLine[] {
  return buildLinesOf(schedule, item, states, allocation, settings, invoiceId, null);
}

/**
 * {@link buildLines}, with the states' amounts and the allocation in minor units when known (service periods
 * are then computed on them directly). With `served`, each charge given a charge line is set there to where the
 * charge is served through after it (`ScheduleCharge.servedThrough`). `invoices`: the schedule's invoices so far,
 * whose lines of a discounted charge its next line continues from (like decision 2).
 * @internal
 */
export function buildLinesOf(
  schedule: InvoiceSchedule,
  item: InvoiceScheduleItem,
  states: readonly ChargeState[],
  allocation: ReadonlyMap<string, Decimal>,
  settings: TenantSettings,
  invoiceId: string,
  inUnits: {
    readonly states: readonly ChargeUnits[];
    readonly allocation: ReadonlyMap<string, bigint>;
  } | null,
  served?: Map<string, ServicePeriodEnd>,
  invoices: readonly Invoice[] = [],
): readonly InvoiceLine[] {
  const unitsOf = new Map<ChargeState, ChargeUnits>();
  if (inUnits !== null)
    for (let i = 0; i < states.length; i++)
      unitsOf.set(states[i] as ChargeState, inUnits.states[i] as ChargeUnits);
  const lines: InvoiceLine[] = [];
  const groups = billableGroups(states, settings.chargeGrouping);
  const zeroPriced = states.filter((c) => isZeroPriced(c) && !isRemovedCharge(c.charge));
  const to: LineTarget = { lines, schedule, item, settings, invoiceId, invoices, invoiced: null };
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as readonly ChargeState[];
    let groupStart: BusinessDate | null = null;
    let groupEnd: BusinessDate | null = null;
    for (const c of group) {
      const net = allocation.get(c.key);
      // §7.1 and decision 15: only charges billed something get a line; a positive-valued charge whose
      // share of this item rounds to zero gets none (its service period does not move).
      if (net === undefined || net.isZero()) continue;
      const units = unitsOf.get(c);
      const share = inUnits?.allocation.get(c.key);
      const period =
        units !== undefined && units.billed !== null && share !== undefined
          ? unitsLinePeriod(
              c.charge,
              units.billed,
              share,
              units.total,
              settings.prorationDays,
              c.scheduleCharge.servedThrough,
            )
          : chargeLinePeriod(c, net, settings.prorationDays);
      served?.set(c.key, period.served);
      if (groupStart === null || isBefore(period.start, groupStart)) groupStart = period.start;
      if (groupEnd === null || isAfter(period.end, groupEnd)) groupEnd = period.end;
      pushLines(to, c, net, period);
    }
    if (groupStart === null || groupEnd === null) continue;
    // Decision 15 (§7.1, C08, C09): a zero-priced charge of this group gets a 0.00 line on each invoice
    // whose computed service period for the group (earliest start to latest end of the group's lines)
    // ends on or after its start, with the period clipped to the charge's own dates.
    for (const z of zeroPriced) {
      if (groupOfZeroPriced(z.charge, groups, settings.chargeGrouping) !== g) continue;
      const own = ownDates(z.charge);
      const start = isAfter(own.start, groupStart) ? own.start : groupStart;
      const end = isBefore(own.end, groupEnd) ? own.end : groupEnd;
      if (isAfter(start, end)) continue;
      pushLines(to, z, ZERO, { start, end });
    }
  }
  return Object.freeze(lines);
}

/** Where {@link pushLines} adds an item's lines. */
interface LineTarget {
  readonly lines: InvoiceLine[];
  readonly schedule: InvoiceSchedule;
  readonly item: InvoiceScheduleItem;
  readonly settings: TenantSettings;
  readonly invoiceId: string;
  /** The schedule's invoices so far. */
  readonly invoices: readonly Invoice[];
  /** What their standing lines invoiced per charge key, worked out when first needed. */
  invoiced: ReturnType<typeof invoicedByCharge> | null;
}

/**
 * What the lines of Draft and Posted invoices billed per charge key: their gross (`Charge` lines) and, by discount
 * charge number, their discount lines — of `scheduleNumber`'s lines only, or (`null`) of every line: where a
 * discounted charge's next line continues from (`ChargeBilledSoFar.invoiced`, like decision 2). @internal
 */
export function invoicedByCharge(
  invoices: readonly Invoice[],
  scheduleNumber: string | null,
): Map<string, ChargeInvoiced> {
  // Summed in place (one gross and one record of discount sums per charge), not by a fresh copy per line: a catch-up
  // of 50 items over 300 discounted subscriptions spent 40 % of its time copying these records (review 209).
  const out = new Map<string, { gross: Decimal; readonly discounts: Record<string, Decimal> }>();
  for (const invoice of invoices) {
    if (invoice.status !== 'Draft' && invoice.status !== 'Posted') continue;
    for (const line of invoice.lines) {
      if (line.kind === 'Additional') continue;
      if (scheduleNumber !== null && line.invoiceScheduleNumber !== scheduleNumber) continue;
      const charge = line.kind === 'Discount' ? line.appliesToChargeNumber : line.chargeNumber;
      if (charge === null) continue;
      const key = chargeKey(line.subscriptionNumber, charge);
      let so = out.get(key);
      if (so === undefined) {
        so = { gross: ZERO, discounts: {} };
        out.set(key, so);
      }
      if (line.kind === 'Discount') {
        so.discounts[line.chargeNumber] = (so.discounts[line.chargeNumber] ?? ZERO).plus(line.amount);
      } else {
        so.gross = so.gross.plus(line.amount);
      }
    }
  }
  return out;
}

/**
 * Adds a charge's line of `net` and its discount lines, worked out from what the schedule billed on the charge
 * before (`c.billed`) and its total, so that over the schedule a charge's lines add up to its gross value and
 * discount (like decision 2; 7.50 a month of 100.00 under 10 %: 8.33 − 0.83, 8.34 − 0.84, 8.33 − 0.83, …).
 */
function pushLines(to: LineTarget, c: ChargeState, net: Decimal, period: Period): void {
  const { schedule, settings } = to;
  // What the charge's earlier lines invoiced, for a charge under discounts: its next line continues from them (an
  // order that cut it re-rounds its ratio of gross to net, which would leave its lines a unit off its gross value).
  let invoiced: ChargeBilledSoFar['invoiced'];
  if (to.invoices.length > 0 && holdsDiscounts(c.ratePlan)) {
    to.invoiced ??= invoicedByCharge(to.invoices, to.schedule.number);
    invoiced = to.invoiced.get(c.key);
  }
  const breakdown = discountBreakdownAfter(
    c.charge,
    c.ratePlan,
    net,
    invoiced === undefined
      ? { before: c.billed, total: c.total }
      : { before: c.billed, total: c.total, invoiced },
    schedule.currency,
    settings.rounding,
  );
  to.lines.push(lineOf(to, c, period, 'Charge', c.charge.number, c.charge.name, null, breakdown.gross));
  for (const d of breakdown.discounts) {
    // A discount that takes nothing from this line gets none (decision 15); gross + Σ discounts = net still.
    if (d.amount.isZero()) continue;
    to.lines.push(lineOf(to, c, period, 'Discount', d.chargeNumber, d.name, c.charge.number, d.amount));
  }
}

function lineOf(
  to: LineTarget,
  c: ChargeState,
  period: Period,
  kind: 'Charge' | 'Discount',
  chargeNumber: string,
  chargeName: string,
  appliesToChargeNumber: string | null,
  amount: Decimal,
): InvoiceLine {
  // One literal per line: spreading a shared base into each costs more than the rest of the line. Its fields
  // in the stores' order, so that renumbering copies it as a literal too (domain/documents/copy.ts).
  return Object.freeze({
    // Joined, not concatenated: a concatenation is kept as a rope of its parts, twice the size of a flat id.
    id: [to.invoiceId, to.lines.length + 1].join('-'),
    kind,
    subscriptionNumber: c.subscription.number,
    chargeNumber,
    chargeName,
    appliesToChargeNumber,
    amount,
    serviceStartDate: period.start,
    serviceEndDate: period.end,
    invoiceScheduleNumber: to.schedule.number,
    invoiceScheduleItemId: to.item.id,
    // Issue 13: the item's custom fields as they are now, so a later edit of the item (once its invoice
    // is canceled or reversed) shows only on the documents billed afterwards (C18, C19).
    customFields: to.item.customFields,
  });
}

/**
 * Net amount an invoice billed per covered charge key: each charge line plus the discount lines
 * applied to it. A host's additional line (a tax, a fee: `kind: 'Additional'`) bills no charge and is left out.
 * @since 0.1.0
 */
export function netByCharge(invoice: Pick<Invoice, 'lines'>): ReadonlyMap<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const line of invoice.lines) {
    // It was counted under the key '/' (review 187).
    if (line.kind === 'Additional') continue;
    const chargeNumber =
      line.kind === 'Discount' ? (line.appliesToChargeNumber ?? line.chargeNumber) : line.chargeNumber;
    const key = chargeKey(line.subscriptionNumber, chargeNumber);
    out.set(key, (out.get(key) ?? ZERO).plus(line.amount));
  }
  return out;
}
