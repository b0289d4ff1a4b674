import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import { cascadeUnits } from '../../money/allocate';
import { getCurrency } from '../../money/currency';
import { Dec } from '../../money/decimal';
import { fromMinorUnits, toMinorUnits } from '../../money/minor';
import { type BusinessDate, compareDates, isAfter, isBefore } from '../../time/date';
import { nextServicePeriodStart, type ProrationDays, servicePeriodEnd } from '../../time/service-period';
import { isRemovedCharge, type RatePlanCharge } from '../contract/charge';
import { chargeTermMonths, discountBreakdownForNet } from '../contract/charge-value';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import type { TenantSettings } from '../settings';
import { chargeKey, type InvoiceSchedule, type InvoiceScheduleItem } from './schedule';
import type { ChargeState } from './states';

// An item's invoice lines (§7.2–§7.5): consumption groups, the cascade over them, service periods and
// the 0.00 lines of zero-priced charges (decision 15).

const ZERO = new Dec(0);

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
 * A charge worth exactly nothing and never billed: zero-priced (§7.1), or removed before it started.
 * A charge of positive value whose total rounds to zero is not one: it never gets a line (decision 15).
 */
function isZeroPriced(c: ChargeState): boolean {
  return c.exact.num === 0n && c.billed.isZero();
}

/**
 * The charges that shape the consumption groups (§7.2): zero-priced charges never do (decision 15).
 * @internal
 */
export function billableGroups(
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
/** The invoice lines of an item: a charge line and its discount lines per charge billed. @internal */
export function buildLines(
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
      // Issue 13: the item's custom fields as they are now, so a later edit of the item (once its
      // invoice is canceled or reversed) shows only on the documents billed afterwards (C18, C19).
      customFields: item.customFields,
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
