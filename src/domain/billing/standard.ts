import type { Decimal } from 'decimal.js';
import type { Currency } from '../../money/currency';
import { Dec, frozenDecimal, ZERO } from '../../money/decimal';
import { unitsAtScale, unitsToDecimal } from '../../money/minor';
import { divideRounded, type RoundingMode } from '../../money/rounding';
import {
  addDays,
  addMonths,
  type BusinessDate,
  compareDates,
  dateOfDayNumber,
  dayNumber,
  isAfter,
  isBefore,
  isOnOrBefore,
  minDate,
  toParts,
} from '../../time/date';
import {
  addRational,
  divRational,
  fromDecimal,
  mulRational,
  parseFraction,
  type Rational,
  subRational,
} from '../../time/rational';
import {
  nextServicePeriodStartOrNull,
  type ProrationDays,
  type ServicePeriodEnd,
} from '../../time/service-period';
import {
  billingPeriodMonths,
  isRegularCharge,
  isRemovedCharge,
  type RatePlan,
  type RatePlanCharge,
} from '../contract/charge';
import {
  type ChargeBilledSoFar,
  type ChargeInvoiced,
  chargeValueExact,
  chargeValueUpToExact,
  discountBreakdownAfter,
  discountBreakdownForNet,
  plusInvoiced,
} from '../contract/charge-value';
import { allCharges, type Subscription } from '../contract/subscription';
import { NO_CUSTOM_FIELDS } from '../custom-fields';
import type { CreditMemo, CreditMemoLine } from '../documents/credit-memo';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import { type ChargeCredit, creditDueDate, creditMemoLines, creditStartDay } from '../schedule/credit';
import { linePeriod } from '../schedule/lines';
import { chargeKey, type ScheduleChargeDetachment } from '../schedule/schedule';
import type { TenantSettings } from '../settings';

export { proratedMonths } from '../contract/charge-value';

function roundUnits(x: Rational, currency: Currency, rounding: RoundingMode): Decimal {
  const scale = 10n ** BigInt(currency.minorUnits);
  const units = divideRounded(x.num * scale, x.den, rounding);
  const value = new Dec(units.toString()).div(new Dec(scale.toString()));
  return value.isZero() ? ZERO : value;
}

/**
 * The value of a charge for `[start, lastDay]`, net of discounts, rounded: its exact monthly
 * value (net of discounts) times the months of `[start, lastDay]` with the tenant's proration
 * (§7.4: a partial month is its days over the month's actual days, or over 30). Full billing
 * periods are therefore worth exactly their months' price under both settings, and periods
 * billed one after another add up to the value up to the charge's end.
 * @since 0.1.0
 */
export function chargeValueUpTo(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  lastDay: BusinessDate,
  currency: Currency,
  settings: Pick<TenantSettings, 'prorationDays' | 'rounding'>,
): Decimal {
  return roundUnits(
    chargeValueUpToExact(charge, ratePlan, lastDay, settings.prorationDays),
    currency,
    settings.rounding,
  );
}

/**
 * One billing period of a charge under standard billing: `[start, end]`, billed in advance on
 * its start (one-time charges: their start day).
 * @since 0.1.0
 */
export interface BillingPeriodSpan {
  readonly start: BusinessDate;
  readonly end: BusinessDate;
}

/**
 * The billing periods of a charge (reference §1: billed per billing period in advance): from its
 * start, every billing period's months, the last one cut at the charge end (a partial period); only those
 * that start on or before `through` (default: all of them). A period whose end would fall past the supported
 * years (a charge ending 9999-12-31, or billed every 100,000 months) ends with its charge.
 * @since 0.1.0
 */
export function billingPeriods(
  charge: RatePlanCharge,
  through: BusinessDate = charge.endDate,
): readonly BillingPeriodSpan[] {
  if (isRemovedCharge(charge)) return [];
  if (charge.type === 'OneTime') return [{ start: charge.startDate, end: charge.startDate }];
  const months = billingPeriodMonths(charge) ?? 1;
  const out: BillingPeriodSpan[] = [];
  for (let k = 0; ; k++) {
    const start = monthsAfter(charge.startDate, k * months);
    if (start === null || isAfter(start, charge.endDate) || isAfter(start, through)) break;
    const next = monthsAfter(charge.startDate, (k + 1) * months);
    const end = next === null ? charge.endDate : minDate(addDays(next, -1), charge.endDate);
    out.push({ start, end });
  }
  return out;
}

/** The last month of the supported years (9999-12), as `year * 12 + month - 1`. */
const LAST_MONTH = 9999 * 12 + 11;

/** `addMonths(date, n)`, or `null` when that falls past the supported years (0001–9999). */
function monthsAfter(date: BusinessDate, n: number): BusinessDate | null {
  if (!Number.isSafeInteger(n) || n > LAST_MONTH) return null;
  const { year, month } = toParts(date);
  return year * 12 + month - 1 + n > LAST_MONTH ? null : addMonths(date, n);
}

/**
 * A line standard billing will invoice: a charge's net amount for a billing period.
 * @since 0.1.0
 */
export interface StandardLine {
  readonly subscription: Subscription;
  readonly ratePlan: RatePlan;
  readonly charge: RatePlanCharge;
  /** Net amount (after the rate plan's percentage discounts). */
  readonly amount: Decimal;
  /**
   * Net amount billed on the charge before this line, and what it is billed in all: its discount lines are
   * worked out from them cumulatively ({@link discountBreakdownAfter}); without them, from the line alone.
   * @since 0.2.0
   */
  readonly billed?: ChargeBilledSoFar;
  readonly serviceStartDate: BusinessDate;
  readonly serviceEndDate: BusinessDate;
}

/**
 * What standard billing owes an account up to a target date: the lines to invoice and the
 * credits to give.
 * @since 0.1.0
 */
export interface StandardBillingPlan {
  readonly lines: readonly StandardLine[];
  readonly credits: readonly StandardCredit[];
}

/**
 * A credit standard billing gives a charge: what was billed above its current value.
 * @since 0.2.0
 */
export interface StandardCredit extends ChargeCredit {
  readonly subscription: Subscription;
  /**
   * For a charge billed above its value without being cut (its price or quantity lowered from its start, §8.5):
   * the charge and its rate plan, whose worth now of each credited line's service period stays on that line
   * (each billed period gives back its own difference). Absent for the credit of a removal.
   */
  readonly repriced?: { readonly ratePlan: RatePlan; readonly charge: RatePlanCharge };
}

/**
 * Net amount billed so far per charge key, over every invoice (any source) minus credit memos:
 * what a charge no longer in a schedule has already had (C30: 10,000 billed through IS1).
 * @since 0.1.0
 */
export function billedByCharge(
  invoices: readonly Invoice[],
  creditMemos: readonly CreditMemo[],
): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  forEachBilledLine(invoices, creditMemos, (key, amount) =>
    out.set(key, (out.get(key) ?? ZERO).plus(amount)),
  );
  return out;
}

/**
 * The invoice lines on charges of Draft and Posted invoices (`live`) or of Canceled and Reversed ones (`voided`),
 * a discount line under the charge it applies to, with the charge's key.
 */
function forEachChargeLine(
  invoices: readonly Invoice[],
  which: 'live' | 'voided',
  visit: (key: string, line: InvoiceLine) => void,
): void {
  for (const invoice of invoices) {
    const live = invoice.status === 'Draft' || invoice.status === 'Posted';
    if (live !== (which === 'live')) continue;
    for (const line of invoice.lines) {
      // A host's additional line (a tax, a fee) bills no charge.
      if (line.kind === 'Additional') continue;
      const chargeNumber =
        line.kind === 'Discount' ? (line.appliesToChargeNumber ?? line.chargeNumber) : line.chargeNumber;
      visit(chargeKey(line.subscriptionNumber, chargeNumber), line);
    }
  }
}

/**
 * Visits every line that bills or credits a charge: the lines of Draft and Posted invoices (a discount line
 * under the charge it applies to) and the credit memo lines (their amount negated), with the charge's key.
 */
function forEachBilledLine(
  invoices: readonly Invoice[],
  creditMemos: readonly CreditMemo[],
  visit: (key: string, amount: Decimal, line: InvoiceLine | CreditMemoLine) => void,
): void {
  forEachChargeLine(invoices, 'live', (key, line) => visit(key, line.amount, line));
  for (const memo of creditMemos) {
    for (const line of memo.lines)
      visit(chargeKey(line.subscriptionNumber, line.chargeNumber), line.amount.negated(), line);
  }
}

/**
 * A line of a live document on a charge, as standard billing places it: its signed amount (an invoice line's;
 * a credit memo line's negated) and service dates; `bills` when the line bills those dates (an invoice line,
 * an invoice line netted into a credit memo), not when it credits them. @internal
 */
export interface BilledSpan {
  readonly amount: Decimal;
  readonly start: BusinessDate;
  readonly end: BusinessDate;
  readonly bills: boolean;
  /** The line comes from an invoice schedule (a charge detached since), not from standard billing. */
  readonly scheduled: boolean;
}

/**
 * The lines behind {@link billedByCharge}, per charge key, by service start: the same lines of Draft and
 * Posted invoices and of the credit memos given, with their dates, so that standard billing can tell which
 * billing periods a live document bills (a period whose invoice was canceled or reversed is billed again,
 * whatever was billed after it). @internal
 */
export function billedSpansByCharge(
  invoices: readonly Invoice[],
  creditMemos: readonly CreditMemo[],
): Map<string, BilledSpan[]> {
  const out = new Map<string, BilledSpan[]>();
  forEachBilledLine(invoices, creditMemos, (key, amount, line) => {
    const span: BilledSpan = {
      amount,
      start: line.serviceStartDate,
      end: line.serviceEndDate,
      // An invoice line bills its dates, and so does one netted into a memo (no invoice credited, §7.8,
      // decision 11); a memo line crediting an invoice does not.
      bills: !('creditedInvoiceNumber' in line) || line.creditedInvoiceNumber === null,
      scheduled: line.invoiceScheduleNumber !== null,
    };
    const list = out.get(key);
    if (list === undefined) out.set(key, [span]);
    else list.push(span);
  });
  for (const list of out.values()) list.sort((a, b) => compareDates(a.start, b.start));
  return out;
}

/**
 * The days voided documents billed, per charge key, as merged day-number ranges: the lines of Canceled and
 * Reversed invoices, and the invoice lines netted into Canceled credit memos (§7.8, decision 11: they bill their
 * days, crediting no invoice). What tells a charge's days that no live line bills because their document was
 * voided (billed again, §6.4) from days billed 0.00 (their rounded worth was nothing when billed, so no line was
 * issued: they were billed). @internal
 */
export function voidedRangesByCharge(
  invoices: readonly Invoice[],
  creditMemos: readonly CreditMemo[],
): Map<string, (readonly [number, number])[]> {
  const spans = new Map<string, [number, number][]>();
  const add = (key: string, line: InvoiceLine | CreditMemoLine) => {
    const list = spans.get(key);
    const span: [number, number] = [dayNumber(line.serviceStartDate), dayNumber(line.serviceEndDate)];
    if (list === undefined) spans.set(key, [span]);
    else list.push(span);
  };
  forEachChargeLine(invoices, 'voided', add);
  for (const memo of creditMemos) {
    if (memo.status !== 'Canceled') continue;
    for (const line of memo.lines)
      if (line.creditedInvoiceNumber === null)
        add(chargeKey(line.subscriptionNumber, line.chargeNumber), line);
  }
  const out = new Map<string, (readonly [number, number])[]>();
  for (const [key, list] of spans) out.set(key, mergeRanges(list));
  return out;
}

/** Day-number ranges merged (adjacent ones too) and in order. */
function mergeRanges(list: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Beyond any day number. */
const FAR = 1e12;

/**
 * The days standard billing reads as billed, as merged day-number ranges: those a live line bills (`live`) and
 * every day no voided line bills (`voided`; none: every day), since a day billed 0.00 has no line. Without
 * `voided` told (`null`), the live lines' days alone.
 */
function daysBilled(
  live: readonly (readonly [number, number])[],
  voided: readonly (readonly [number, number])[] | undefined | null,
): readonly (readonly [number, number])[] {
  if (voided === null) return live;
  if (voided === undefined) return [[-FAR, FAR]];
  // Every day but the voided ones, then the live lines' days.
  const notVoided: [number, number][] = [];
  let from = -FAR;
  for (const [a, b] of voided) {
    if (a > from) notVoided.push([from, a - 1]);
    from = b + 1;
  }
  notVoided.push([from, FAR]);
  return mergeRanges([...notVoided, ...live]);
}

/**
 * Whether the billing spans leave a day of `period` unbilled. `bills` holds the day-number ranges of the
 * billing spans, merged and in order.
 */
function leavesUnbilled(bills: readonly (readonly [number, number])[], period: BillingPeriodSpan): boolean {
  const start = dayNumber(period.start);
  const end = dayNumber(period.end);
  // Merged ranges: one of them covers the whole period, or a day of it is unbilled.
  for (const [from, to] of bills) if (to >= start) return from > start || to < end;
  return true;
}

/**
 * What the lines of a billing period billed it when standard billing billed it on its own: every live line
 * touching the period, invoice or credit memo, has exactly the period's service dates and none comes from a
 * schedule, and one of them bills it. Else `null` (a period billed in part by a schedule before a detach, or
 * whose days were credited from a later date: where its billing resumes is told by the amounts instead).
 */
function ownPeriodNet(spans: readonly BilledSpan[], period: BillingPeriodSpan): Decimal | null {
  let net = ZERO;
  let bills = false;
  // By service start: the lines touching the period start on or before its end.
  for (const span of spans) {
    if (isAfter(span.start, period.end)) break;
    if (isBefore(span.end, period.start)) continue;
    if (span.scheduled || span.start !== period.start || span.end !== period.end) return null;
    net = net.plus(span.amount);
    bills ||= span.bills;
  }
  return bills ? net : null;
}

/** A unit the live lines bill above their worth now that a voided period before them takes instead. */
interface GapUnit {
  /** The start of the voided period that bills the unit less. */
  readonly from: BusinessDate;
  /** The first day a live line bills (a day number). */
  readonly firstLive: number;
  /** One minor unit. */
  readonly unit: Decimal;
}

/**
 * What the gap rule bills each voided period before the first live line (`firstLive`, a day number), in order:
 * the charge's value up to its end less up to the end of the voided period before it (a period billed 0.00
 * between them is billed with it). `null` when the first live line starts within a period, or no period up to
 * the target date reaches it.
 */
function voidedGapBills(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  firstLive: number,
  billedDays: readonly (readonly [number, number])[],
  args: {
    readonly currency: Currency;
    readonly targetDate: BusinessDate;
    readonly settings: Pick<TenantSettings, 'prorationDays' | 'rounding'>;
  },
): readonly { readonly start: BusinessDate; readonly amount: Decimal }[] | null {
  const out: { readonly start: BusinessDate; readonly amount: Decimal }[] = [];
  let before = ZERO;
  for (const period of billingPeriods(charge, args.targetDate)) {
    if (dayNumber(period.end) >= firstLive) return dayNumber(period.start) === firstLive ? out : null;
    if (!leavesUnbilled(billedDays, period)) continue;
    const upTo = chargeValueUpTo(charge, ratePlan, period.end, args.currency, args.settings);
    out.push({ start: period.start, amount: upTo.minus(before) });
    before = upTo;
  }
  return null;
}

/**
 * When what the live lines bill of `[firstLive, through]` (`billed`) is above those days' worth now (`worth`,
 * rounded) by one minor unit that the rounding put there, not a lowered price (billed less a unit is below the
 * days' exact worth), the latest voided period before them that the gap rule bills two units or more
 * (`gapBills`, {@link voidedGapBills}), to bill a unit less; else `null` (the excess is credited).
 */
function gapUnitTaker(
  billed: Decimal,
  worth: Decimal,
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  firstLive: number,
  through: BusinessDate,
  gapBills: readonly { readonly start: BusinessDate; readonly amount: Decimal }[],
  args: { readonly currency: Currency; readonly settings: Pick<TenantSettings, 'prorationDays'> },
): GapUnit | null {
  const minor = args.currency.minorUnits;
  const units = unitsAtScale(billed, minor);
  const worthUnits = unitsAtScale(worth, minor);
  if (units === null || worthUnits === null || units - worthUnits !== 1n) return null;
  const exactUpTo = (day: BusinessDate) =>
    chargeValueUpToExact(charge, ratePlan, day, args.settings.prorationDays);
  const exact = subRational(exactUpTo(through), exactUpTo(dateOfDayNumber(firstLive - 1, 'gapUnitTaker')));
  // billed − 1 unit < exact, in minor units: (billed − 1) · den < num · 10^minor.
  if (!((units - 1n) * exact.den < exact.num * 10n ** BigInt(minor))) return null;
  const unit = unitsToDecimal(1n, minor);
  let taker: BusinessDate | null = null;
  for (const g of gapBills) if (g.amount.gte(unit.times(2))) taker = g.start;
  return taker === null ? null : { from: taker, firstLive, unit };
}

/**
 * Whether the days read as billed (`billedDays`) hold the first live line's day (of `live`) through `through`
 * in one range: no voided day no live line bills lies among the live lines.
 */
function oneStretch(
  billedDays: readonly (readonly [number, number])[],
  live: readonly (readonly [number, number])[],
  through: BusinessDate,
): boolean {
  const first = (live[0] as readonly [number, number])[0];
  const last = dayNumber(through);
  return billedDays.some(([a, b]) => a <= first && first <= b && b >= last);
}

/** Whether a billing span (`spans`: by service start) has a day of `period`. */
function touchesPeriod(spans: readonly BilledSpan[], period: BillingPeriodSpan): boolean {
  for (const span of spans) {
    if (isAfter(span.start, period.end)) return false;
    if (!isBefore(span.end, period.start)) return true;
  }
  return false;
}

/** The last day a billing span bills (`null`: none bills a day). */
function lastBilledDay(spans: readonly BilledSpan[]): BusinessDate | null {
  let last: BusinessDate | null = null;
  for (const span of spans) if (span.bills && (last === null || isAfter(span.end, last))) last = span.end;
  return last;
}

/** The day-number ranges the billing spans cover, merged (adjacent ones too) and in order. */
function billedRanges(spans: readonly BilledSpan[]): readonly (readonly [number, number])[] {
  const days: [number, number][] = [];
  for (const span of spans) if (span.bills) days.push([dayNumber(span.start), dayNumber(span.end)]);
  return mergeRanges(days);
}

/** A charge standard billing bills: a regular charge that no schedule bills (`excluded`: attached charges). @internal */
export function billedByStandard(
  subscriptionNumber: string,
  charge: Pick<RatePlanCharge, 'type' | 'number'>,
  excluded: ReadonlySet<string>,
): boolean {
  return isRegularCharge(charge) && !excluded.has(chargeKey(subscriptionNumber, charge.number));
}

/**
 * Whether standard billing has anything to bill or credit for these subscriptions: one of their regular
 * charges is not attached to a schedule (`excluded`). When none is, the account's documents need not be
 * read for it. Pure.
 * @since 0.2.0
 */
export function hasStandardCharges(
  subscriptions: readonly Subscription[],
  excluded: ReadonlySet<string>,
): boolean {
  // Rate plan then charge order, as `allCharges` lists them; loops, not closures (it runs for every account).
  for (let k = 0; k < subscriptions.length; k++) {
    const s = subscriptions[k] as Subscription;
    for (let p = 0; p < s.ratePlans.length; p++) {
      const charges = (s.ratePlans[p] as RatePlan).charges;
      for (let c = 0; c < charges.length; c++)
        if (billedByStandard(s.number, charges[c] as RatePlanCharge, excluded)) return true;
    }
  }
  return false;
}

/**
 * A charge detached from a schedule (§5.4), as standard billing reads it: its key, the schedule's currency and
 * the detachment, which records the charge's exact value, its total in the schedule's set rounding and the
 * set's exact value then.
 * @since 0.2.0
 */
export interface DetachedChargeTotal {
  readonly key: string;
  readonly currency: Currency;
  readonly detachment: ScheduleChargeDetachment;
  /**
   * Where the schedule's lines of the charge served through (`ScheduleCharge.servedThrough`): standard billing's
   * lines of the charge never start before the day after it (the day itself when it was partly consumed), until
   * a credit memo line of the charge reaches into those days. Absent or `null`: not known.
   * @since 0.2.0
   */
  readonly servedThrough?: ServicePeriodEnd | null;
}

/**
 * What standard billing bills a detached charge in all, for its exact value now `exact` (rounded on its own:
 * `own`). Decision 2: a schedule bills its charges their values rounded as a set, so a charge's total there can
 * be a minor unit off its own rounding (333.34 for 333.33⅓). Once the charge left the schedule, standard
 * billing takes over from the schedule as the set's last charge, which absorbs the set's rounding: it bills
 * the charge what brings the set's billed total to the set's exact value rounded —
 *
 *   total + round(setValue − value + exact) − round(setValue)
 *
 * (`total`, `value` and `setValue` from the detachment: the charge's set total, its exact value and the set's
 * exact value when it was detached). Unchanged since, that is `total`: the rest is billed up to what the
 * schedule would have billed, the contract's total stays exact, and no document is ever issued for the unit
 * alone (a credit memo of 0.01 for a charge the schedule billed 333.34, an invoice of 0.01 for one it billed
 * 416.66 of 416.66⅔). After a change of the charge (a price update, a removal) it moves by the change of the
 * set's rounded value, so the contract still ends on the set's exact value rounded and the document is the
 * change, never the unit alone. Two rules that fall short: the charge's own rounding now plus the unit the set
 * gave it (own now + total − own then) ends a unit off after a change (C1 of three 333.33⅓ billed 333.34 and
 * cut to 166.66⅔: 166.68, so 833.34 billed for 833.33⅓); and leaving the unit out only once the charge is
 * otherwise billed in full bills a charge detached part-way up to its own rounding, a unit above its set total.
 * A charge worth nothing now (removed entirely) is billed nothing, one worth less than a unit takes the set's
 * difference all the same (its own rounding 0, the set's total 1: billed 1), and no charge is taken across zero. A
 * charge
 * detached from several schedules takes each one's difference; detachments recorded before these fields take
 * none (its own rounding, as before). `total` is what the set rounding left the charge once detached (it ranks
 * after the attached charges for a tie, decision 2). The schedule's set rounding holds the detached charge at that
 * total from then on (`pinDetached` in states.ts): a unit a later change would move onto or off it goes to or from a
 * charge still attached, so the contract stays on the set's exact value rounded. Not followed: a unit no attached
 * charge can take or give.
 */
function detachedValue(
  exact: Rational,
  own: Decimal,
  detachments: readonly DetachedChargeTotal[],
  currency: Currency,
  rounding: RoundingMode,
): Decimal {
  // Worth nothing now (removed from its start, say): billed nothing. Worth less than a unit, it still takes the
  // set's difference (a charge worth 0.42 yen the set billed 1 is billed 1, not its own rounding 0).
  if (exact.num === 0n) return own;
  const scale = 10n ** BigInt(currency.minorUnits);
  const round = (r: Rational) => divideRounded(r.num * scale, r.den, rounding);
  const ownUnits = round(exact);
  let units = ownUnits;
  for (const { currency: of, detachment } of detachments) {
    const value = parseFraction(detachment.value);
    const set = parseFraction(detachment.setValue);
    const total = detachment.total === null ? null : unitsAtScale(detachment.total, currency.minorUnits);
    if (of.code !== currency.code || value === null || set === null || total === null) continue;
    units += total + round(addRational(subRational(set, value), exact)) - round(set) - ownUnits;
  }
  if (exact.num > 0n ? units < 0n : units > 0n) units = 0n;
  return units === ownUnits ? own : unitsToDecimal(units, currency.minorUnits);
}

/**
 * The value of a charge up to a period's end that standard billing bills (`upTo`, its own rounding), given
 * its whole own value `own` and the whole value it bills `value` ({@link detachedValue}): the whole value once
 * `upTo` reaches the whole own value (the last period, a one-time charge), else `upTo` kept from passing it.
 */
function upToValue(upTo: Decimal, own: Decimal, value: Decimal): Decimal {
  if (value === own) return upTo;
  if (upTo.eq(own)) return value;
  if (value.isNegative()) return upTo.lt(value) ? value : upTo;
  return upTo.gt(value) ? value : upTo;
}

/**
 * What the days of a charge's term outside `ranges` are worth now (`ranges`: the days read as billed, merged, in
 * order: the live lines' days, and with the voided documents known every day none of them billed,
 * {@link daysBilled}): each stretch `[a, b]` outside them its value up to `b` less its value up to the day before
 * `a` ({@link upToValue} for a charge billed to `value` rather than its own rounding `own`).
 */
function unbilledWorth(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  ranges: readonly (readonly [number, number])[],
  own: Decimal,
  value: Decimal,
  currency: Currency,
  settings: Pick<TenantSettings, 'prorationDays' | 'rounding'>,
  /** The last day counted (default: the charge's end). */
  through: BusinessDate = charge.endDate,
): Decimal {
  const upTo = (day: number): Decimal => {
    const x = chargeValueUpTo(charge, ratePlan, dateOfDayNumber(day, 'unbilledWorth'), currency, settings);
    return upToValue(x, own, value);
  };
  const first = dayNumber(charge.startDate);
  const last = dayNumber(isAfter(through, charge.endDate) ? charge.endDate : through);
  let worth = ZERO;
  let from = first;
  const add = (to: number) => {
    if (to < from) return;
    const before = from === first ? ZERO : upTo(from - 1);
    worth = worth.plus(upTo(to).minus(before));
  };
  for (const [a, b] of ranges) {
    if (a > last) break;
    if (b < from) continue;
    add(Math.min(a - 1, last));
    from = Math.max(from, b + 1);
  }
  if (from <= last) add(last);
  return worth;
}

/** The detachments by charge key. */
function byCharge(
  detached: readonly DetachedChargeTotal[],
): ReadonlyMap<string, readonly DetachedChargeTotal[]> {
  const out = new Map<string, DetachedChargeTotal[]>();
  for (const d of detached) {
    const list = out.get(d.key);
    if (list === undefined) out.set(d.key, [d]);
    else list.push(d);
  }
  return out;
}

/**
 * Standard billing (issue "additional subscriptions, standard billing", §6.5, §7.7): for each
 * regular charge of the given subscriptions that no schedule bills (`excluded` holds the keys of
 * charges attached to a schedule), bills every billing period starting on or before `targetDate`
 * that is not billed yet — a period with a day no live document bills (with `billedSpans`: its invoice
 * canceled or reversed while a later period's stands, §6.4; with `voided`, only a day a voided document billed,
 * since a period billed 0.00 has no line) is billed again from what the lines up to its end bill, up to the
 * charge's value; otherwise each period the charge's value up to its end minus what came before,
 * so a charge is billed exactly its value by its end; the line's service period is the period, or from
 * the first day not fully billed when the charge was already billed into it (a schedule before a detach,
 * §7.5) — and credits what was billed above the
 * charge's current value once `targetDate` reaches the credit's start (removals after billing): for a charge cut
 * short of its billed days, what its live lines bill after its new end, whether or not it is billed above its
 * value, while the same run bills again its periods no live line bills (4,000.00/yr per quarter, Q1's invoice
 * canceled, Q2 and Q3 live, cancelled as of 2023-07-01: 1,000.00 credited from Q3, Q1 billed 1,000.00 again).
 * A charge whose price or quantity was changed from its start after periods were billed is settled at the
 * first run reaching its start: lowered, credited (each billed line its own difference, latest first); raised,
 * billed what the billed days lack, each period that standard billing billed on its own getting its own
 * difference on a line with that period's dates (1,200.00/yr billed 100.00 a month January–March, raised to
 * 2,400.00/yr: 100.00 for each of the three months, then April 200.00), a period billed 0.00 too; over voided
 * first periods, a rounding unit the live lines hold above their worth goes to the latest voided period billed
 * two units or more, not to a credit ({@link gapUnitTaker}); for a charge detached from a schedule
 * whose lines billed its first days (§5.4), those days together get their part on a line with their dates (what
 * the schedule billed them scaled by their worth now over their worth at the detach,
 * `ScheduleChargeDetachment.servedValue`), and the rest starts the day after them (1,000.00/yr served 300.00 through
 * 2023-04-18, raised to 2,000.00/yr: 300.00 for 2023-01-01..2023-04-18, 1,400.00 for 2023-04-19..2023-12-31).
 * A charge detached from a schedule (`detached`: the detachments of the charges) is billed up to its total in
 * the schedule's set rounding, not up to its own rounding (decision 2; after a change of the charge, that
 * total moved by the change of the set's rounded value). Pure.
 * @since 0.1.0
 */
export function planStandardBilling(args: {
  readonly subscriptions: readonly Subscription[];
  readonly excluded: ReadonlySet<string>;
  readonly billed: ReadonlyMap<string, Decimal>;
  readonly targetDate: BusinessDate;
  readonly currency: Currency;
  readonly settings: Pick<TenantSettings, 'prorationDays' | 'rounding'>;
  /** The detachments of charges detached from a schedule (none when absent). @since 0.2.0 */
  readonly detached?: readonly DetachedChargeTotal[];
  /**
   * The live lines behind `billed`, by charge key ({@link billedSpansByCharge}): which periods they bill.
   * Without them a charge's billed total is read as billing its periods from its start.
   */
  readonly billedSpans?: ReadonlyMap<string, readonly BilledSpan[]>;
  /**
   * The days the lines of Canceled and Reversed invoices bill, and the invoice lines netted into Canceled credit
   * memos, by charge key ({@link voidedRangesByCharge}): a day no live line bills is billed again only when such
   * a line billed it (else it was billed 0.00). Without it, every day no live line bills is.
   */
  readonly voided?: ReadonlyMap<string, readonly (readonly [number, number])[]>;
  /**
   * What the live invoices' lines billed per charge key, gross and discount lines ({@link invoicedByCharge}):
   * a discounted charge's next line continues from them (like decision 2). @since 0.2.0
   */
  readonly invoiced?: ReadonlyMap<string, ChargeInvoiced>;
}): StandardBillingPlan {
  const detached = args.detached === undefined || args.detached.length === 0 ? null : byCharge(args.detached);
  const lines: StandardLine[] = [];
  const credits: StandardCredit[] = [];
  for (const subscription of args.subscriptions) {
    if (subscription.currency !== args.currency.code) continue;
    for (const { ratePlan, charge } of allCharges(subscription)) {
      if (!billedByStandard(subscription.number, charge, args.excluded)) continue;
      const key = chargeKey(subscription.number, charge.number);
      let billed = args.billed.get(key) ?? ZERO;
      // What the live lines invoiced, for the charge's first line of this plan (its later lines continue from
      // it as standardInvoiceLines builds them).
      const invoiced = args.invoiced === undefined ? undefined : (args.invoiced.get(key) ?? NOTHING_INVOICED);
      const own = chargeValueUpTo(charge, ratePlan, charge.endDate, args.currency, args.settings);
      const detachments = detached?.get(key);
      const value =
        detachments === undefined
          ? own
          : detachedValue(
              chargeValueExact(charge, ratePlan),
              own,
              detachments,
              args.currency,
              args.settings.rounding,
            );
      // The live lines of the charge by service start, and the days they bill (none known: the billed total
      // is read as billing the charge from its start).
      const spans = args.billedSpans?.get(key);
      const ranges = spans === undefined ? null : billedRanges(spans);
      // The days read as billed: the live lines' and those no voided invoice billed, since a day billed 0.00 has
      // no line (0.02/yr a month billed 0.00, 0.00, 0.01 for January–March, raised to 0.03/yr: the three months
      // are still worth 0.01, and nothing is credited or billed again).
      const billedDays =
        ranges === null ? null : daysBilled(ranges, args.voided === undefined ? null : args.voided.get(key));
      // The first day the schedule's lines left unserved, for a charge detached from one (§5.4).
      const resume = detachments === undefined ? null : resumeDay(detachments, spans);
      // Billed above what its billed days are worth now, those days within the charge (it was not cut short of
      // them): its price or quantity was lowered from its start (§8.5, the change's effective date) after they
      // were billed. Credited at the first bill run whose target date reaches the charge start, as Zuora credits
      // a price decrease back-dated over billed periods at its next bill run, not once the charge ends (never,
      // for a charge to 9999-12-31); the periods after them are then billed at the new price. A charge cut
      // short of its billed days waits for the removal's date below, as a removal's credit does (§8.4).
      const through = spans === undefined ? null : lastBilledDay(spans);
      // Billed below what its billed days are worth now — the mirror: its price or quantity raised from its start
      // (or an invoice canceled, which the gap rule below bills) — their worth now: up to it, each period
      // standard billing billed on its own gets its own difference below.
      let raisedTo: Decimal | null = null;
      // A unit the live lines bill above their worth that a voided period before them takes instead (below).
      let gapUnit: GapUnit | null = null;
      if (
        through !== null &&
        !isRemovedCharge(charge) &&
        !isAfter(through, charge.endDate) &&
        isOnOrBefore(charge.startDate, args.targetDate)
      ) {
        const ownWorth = chargeValueUpTo(charge, ratePlan, through, args.currency, args.settings);
        // What the billed days are worth now: days from the charge's start that no live line bills (their invoice
        // canceled or reversed, a later one standing) are billed again by the gap rule below, so their worth is not
        // counted as billed (it hid a lowered price's credit of the periods after them, and the next period went
        // unbilled a run). Only before the first live line: a gap between live lines is left as it was, since the
        // gap rule reads what the lines before it bill, credit not yet taken (not followed: a lowered price over
        // such a gap; the guide says so).
        const worthThrough = upToValue(ownWorth, own, value);
        // The days read as billed from the first live line through `through` are one stretch (ranges are merged
        // and in order): the live lines' days, with the days billed 0.00 between them (0.05/yr, April and June
        // standing, March and May billed 0.00: one stretch, so February's cancellation is a leading gap).
        const leadingGapOnly =
          ranges !== null && billedDays !== null && oneStretch(billedDays, ranges, through);
        // What the gap rule would bill the voided periods before the live lines, when the first live line starts a
        // period (a charge not detached, the voided documents known): their worth counted that way, a period billed
        // 0.00 before a voided one with it, and the live days worth what remains (0.06/yr a month rounded down,
        // February, April and June canceled with January, March and May billed 0.00, lowered to 0.04/yr: the live
        // days are worth 0.02 − 0.02, so August's 0.01 is credited; with nothing left to them the periods are then
        // billed in order, March and June 0.01, review 93). Otherwise (`null`: a detached charge, a first live line
        // within a period) each voided stretch is counted on its own, a period billed 0.00 before it left out.
        // Only a charge with voided days has any: the others' worth is the worth through `through` as it stands.
        const firstLive = ranges === null ? null : (ranges[0] as readonly [number, number])[0];
        const gapBills =
          leadingGapOnly &&
          firstLive !== null &&
          billedDays !== null &&
          args.voided?.get(key) !== undefined &&
          detachments === undefined
            ? voidedGapBills(charge, ratePlan, firstLive, billedDays, args)
            : null;
        const worth =
          ranges === null || !leadingGapOnly
            ? worthThrough
            : gapBills !== null
              ? worthThrough.minus(gapBills.reduce((sum, g) => sum.plus(g.amount), ZERO))
              : worthThrough.minus(
                  unbilledWorth(
                    charge,
                    ratePlan,
                    billedDays as readonly (readonly [number, number])[],
                    own,
                    value,
                    args.currency,
                    args.settings,
                    through,
                  ),
                );
        // Raised: up to the worth through the last billed day, the gap's days included (the catch-ups below are
        // bounded period by period, and the gap rule bills the gap's days at the new price).
        if (billed.lt(worth)) raisedTo = worthThrough;
        // Above the live days' worth by a rounding unit alone, which a voided period before them can take: the
        // live days are worth above billed less a unit now, the billed days are worth at least billed, and a
        // voided period worth two units or more keeps a line without it. Nothing is credited, and the latest such
        // period is billed a unit less (0.17/yr a month, January–May canceled and June, 0.02, standing, raised to
        // 0.18/yr: June is worth 0.09 − 0.08 rounded, yet 0.015 exactly; May is billed 0.01, January–May 0.07,
        // not 0.08 beside a memo of 0.01 for June, review 91). Else the unit is credited, as any excess.
        if (billed.gt(worth) && !billed.gt(worthThrough) && firstLive !== null && gapBills !== null)
          gapUnit = gapUnitTaker(billed, worth, charge, ratePlan, firstLive, through, gapBills, args);
        if (gapUnit === null && billed.gt(worth)) {
          credits.push(
            Object.freeze({
              subscription,
              subscriptionNumber: subscription.number,
              chargeNumber: charge.number,
              chargeName: charge.name,
              amount: billed.minus(worth),
              creditStartDate: charge.startDate,
              repriced: Object.freeze({ ratePlan, charge }),
            }),
          );
          billed = worth;
        }
      }
      // Detached from a schedule whose lines billed its first days, and raised from its start since (§5.4, §8.5):
      // those days get their part of the raise on a line with their own dates, and the rest starts after them.
      const served =
        raisedTo === null || detachments === undefined || spans === undefined
          ? null
          : servedDays(charge, ratePlan, detachments, spans, args.currency, args.settings);
      // Cut short of its billed days (an order moved its end before the last day a live line bills: a
      // cancellation, a removal, a shorter term) with days of its term that no live line bills (their invoice
      // canceled or reversed, §6.4): what the lines bill after the new end is what the billed total passes the
      // value by once those days are billed too, not the billed total less the value. 4,000.00/yr per quarter,
      // Q1's invoice canceled while Q2 and Q3 stand, cancelled as of 2023-07-01: Q2 + Q3 is the value (2,000.00),
      // yet Q3 (1,000.00) is billed after the end and Q1 (1,000.00) not at all. Without such days (every case
      // before this one) it is the billed total less the value, as it always was.
      const unbilled =
        through !== null &&
        billedDays !== null &&
        isAfter(through, charge.endDate) &&
        !isRemovedCharge(charge)
          ? unbilledWorth(charge, ratePlan, billedDays, own, value, args.currency, args.settings)
          : ZERO;
      const afterEnd = billed.plus(unbilled).minus(value);
      // What the lines after the end bill and is not credited yet: the gaps below are billed regardless.
      let pending = ZERO;
      if (afterEnd.gt(ZERO)) {
        // Credited once the removal takes effect (§8.4), latest line first: for a charge removed entirely (a
        // one-time charge, or one removed before its start) that is the removal's date, not the credit start
        // (its own start). A charge not cut that ends 9999-12-31 is credited from the day after it: never.
        const start = creditStartDay(charge);
        if (start === null) continue;
        const due = creditDueDate(charge);
        if (isOnOrBefore(due, args.targetDate)) {
          credits.push(
            Object.freeze({
              subscription,
              subscriptionNumber: subscription.number,
              chargeNumber: charge.number,
              chargeName: charge.name,
              amount: afterEnd,
              creditStartDate: start,
              ...(due === start ? {} : { dueDate: due }),
              // A raise's catch-up of the schedule's days stands beside the schedule's line (§5.4, §8.5): each line
              // gives first what it bills above its days' worth now, so that a credit larger than the lines after
              // the end (the price lowered too) takes the schedule's days' excess from them, not the rest's worth.
              ...(detachments !== undefined && spans !== undefined && hasServedCatchUp(spans)
                ? { repriced: Object.freeze({ ratePlan, charge }) }
                : {}),
            }),
          );
          billed = billed.minus(afterEnd);
        } else pending = afterEnd;
        // Nothing within the term left unbilled: nothing to bill (the credit, due or not, is all).
        if (unbilled.isZero()) continue;
      }
      // A catch-up of a raise over `start..end`, billed after `before` (the discount lines add up, like decision 2).
      const catchUpLine = (
        amount: Decimal,
        before: Decimal,
        start: BusinessDate,
        end: BusinessDate,
      ): StandardLine =>
        Object.freeze({
          subscription,
          ratePlan,
          charge,
          amount,
          billed: soFar(before, value, invoiced),
          serviceStartDate: start,
          serviceEndDate: end,
        });
      // What the lines starting on or before the current period's end bill, and the next line to count.
      let placed = ZERO;
      let next = 0;
      // The charge's value up to the end of the period before (none before the first).
      let beforePeriod = ZERO;
      for (const period of billingPeriods(charge, args.targetDate)) {
        if (isAfter(period.start, args.targetDate)) break;
        const ownUpTo = chargeValueUpTo(charge, ratePlan, period.end, args.currency, args.settings);
        const upTo = upToValue(ownUpTo, own, value);
        if (spans !== undefined)
          for (; next < spans.length && !isAfter((spans[next] as BilledSpan).start, period.end); next++)
            placed = placed.plus((spans[next] as BilledSpan).amount);
        // A period standard billing billed on its own before the charge was raised from its start gets its own
        // difference, with its own dates (1,200.00/yr billed 100.00 a month, raised to 2,400.00/yr: 100.00 for
        // each billed month), not a line dated from where the billed total reaches at the new price; never
        // beyond the billed days' worth now (the rules below bill whatever is left, as before).
        // The schedule's days first (their catch-up is dated with them, in the period they start in), bounded like
        // the periods' catch-ups by what the billed days are worth now.
        if (served !== null && raisedTo !== null && isWithin(served.start, period)) {
          const catchUp = Dec.min(served.catchUp, raisedTo.minus(billed));
          if (catchUp.gt(ZERO)) {
            lines.push(catchUpLine(catchUp, billed, served.start, served.end));
            billed = billed.plus(catchUp);
            placed = placed.plus(catchUp);
          }
        }
        // Never a period touching the schedule's days once they have their own catch-up: not the same days twice.
        if (
          raisedTo !== null &&
          spans !== undefined &&
          (served === null || isAfter(period.start, served.end))
        ) {
          // A period before the last billed day that no line touches and no voided invoice billed was billed
          // 0.00 on its own (its rounded worth was nothing): owed its whole worth now (0.03/yr billed 0.00 for
          // January and 0.01 for February, raised to 0.09/yr: 0.01 for January).
          const ownNet =
            ownPeriodNet(spans, period) ??
            (through !== null &&
            args.voided !== undefined &&
            billedDays !== null &&
            !isAfter(period.end, through) &&
            !touchesPeriod(spans, period) &&
            !leavesUnbilled(billedDays, period)
              ? ZERO
              : null);
          const catchUp =
            ownNet === null ? ZERO : Dec.min(upTo.minus(beforePeriod).minus(ownNet), raisedTo.minus(billed));
          if (catchUp.gt(ZERO)) {
            lines.push(catchUpLine(catchUp, billed, period.start, period.end));
            billed = billed.plus(catchUp);
            placed = placed.plus(catchUp);
          }
        }
        // A period with a day no live document bills (its invoice canceled or reversed, a later one standing)
        // is billed from what the lines up to its end bill, not from the total, which counts later periods'
        // lines too; never beyond the charge's value (what a later period was billed stays billed), less what
        // the lines after the charge's end bill until their credit is due (they are credited then).
        const gap = billedDays !== null && placed.lt(billed) && leavesUnbilled(billedDays, period);
        const from = gap ? placed : billed;
        // From the period taking the live lines' unit on, the gap rule bills the voided periods before them from a
        // unit more than their lines bill: that period bills a unit less, the later ones what they would have.
        const lag =
          gapUnit !== null &&
          !isBefore(period.start, gapUnit.from) &&
          dayNumber(period.end) < gapUnit.firstLive
            ? gapUnit.unit
            : ZERO;
        const amount = gap
          ? Dec.min(upTo.minus(from).minus(lag), value.minus(billed).plus(pending))
          : upTo.minus(from);
        if (amount.gt(ZERO)) {
          // After the schedule's days with their catch-up, the rest starts where the schedule left off: the billed
          // amount, which rounding or that catch-up moves, does not tell where (7 JPY/yr served 1 through
          // 2023-02-20, raised to 13: billed 2 reads as through 2023-02-24).
          const start =
            served !== null
              ? notBefore(period.start, served.resume, period)
              : notBefore(
                  from.gt(beforePeriod)
                    ? remainderStart(charge, period, from, value, args.settings.prorationDays)
                    : period.start,
                  resume,
                  period,
                );
          lines.push(
            Object.freeze({
              subscription,
              ratePlan,
              charge,
              amount,
              // What the charge's live lines billed before this one, and its value: the discount lines (§4.4)
              // add up over the charge's life to its gross value and discount (like decision 2).
              billed: soFar(billed, value, invoiced),
              serviceStartDate: start,
              serviceEndDate: period.end,
            }),
          );
          billed = billed.plus(amount);
          placed = placed.plus(amount);
        }
        beforePeriod = upTo;
      }
    }
  }
  return Object.freeze({ lines: Object.freeze(lines), credits: Object.freeze(credits) });
}

/** Nothing invoiced on a charge yet. */
const NOTHING_INVOICED: ChargeInvoiced = Object.freeze({
  gross: ZERO,
  discounts: Object.freeze({}),
});

/** A line's {@link ChargeBilledSoFar}, with what the live lines invoiced when known. */
function soFar(before: Decimal, total: Decimal, invoiced: ChargeBilledSoFar['invoiced']): ChargeBilledSoFar {
  return Object.freeze(invoiced === undefined ? { before, total } : { before, total, invoiced });
}

/**
 * The days a schedule's lines billed of a charge detached from it (§5.4), when its price or quantity was raised
 * from its start since (§8.5): `[start, end]`, from the first day a schedule's line bills through where they
 * served (`ScheduleCharge.servedThrough`); `resume`, the day the rest of the charge starts (the day after, the
 * same day when partly consumed, decision 3); and `catchUp`, what those days lack now (≤ 0: nothing).
 */
interface ServedDays {
  readonly start: BusinessDate;
  readonly end: BusinessDate;
  readonly resume: BusinessDate;
  readonly catchUp: Decimal;
}

/**
 * The {@link ServedDays} of a detached charge raised from its start, or `null` where standard billing bills the
 * raise by its other rules. The schedule billed its days `b` (the signed sum of its lines, credits included) when
 * they were worth `servedValue` (the detachment records it); they are worth `b × V ÷ servedValue` now, `V` their
 * value now priced the same way, rounded: their catch-up is that less what the lines on those days net (`b` and
 * the standard lines and credits lying within them, an earlier catch-up among them). 1,000.00/yr served 300.00
 * through 2023-04-18, raised to 2,000.00: 300.00 for 2023-01-01..2023-04-18, the rest 1,400.00 from 2023-04-19.
 * `null` — the charge's days are billed as before — for a charge detached from several schedules or whose
 * detachment did not record the value (records written before the field), when the schedule's lines net nothing
 * or less (their invoice canceled or reversed: those days are owed again), start after the charge's start (the
 * ratio would weigh other days), when a credit takes back a tail of those days (a removal since put back: those
 * days are owed again from the credit's start) and when the charge now ends before them.
 */
function servedDays(
  charge: RatePlanCharge,
  ratePlan: RatePlan,
  detachments: readonly DetachedChargeTotal[],
  spans: readonly BilledSpan[],
  currency: Currency,
  settings: Pick<TenantSettings, 'prorationDays' | 'rounding'>,
): ServedDays | null {
  if (detachments.length !== 1) return null;
  const { detachment, servedThrough, currency: of } = detachments[0] as DetachedChargeTotal;
  const servedValue = parseFraction(detachment.servedValue ?? null);
  if (
    servedThrough === undefined ||
    servedThrough === null ||
    servedValue === null ||
    of.code !== currency.code
  )
    return null;
  if (servedValue.num <= 0n || isRemovedCharge(charge)) return null;
  const end = servedThrough.end;
  let start: BusinessDate | null = null;
  let billed = ZERO;
  // The schedule's billing lines must be one line's dates (one item billed the days, or several lines with the same
  // dates): a catch-up over the days of several lines would stand beside none of them, and a later credit priced
  // line by line could not tell which days it bills.
  let last: BusinessDate | null = null;
  for (const span of spans) {
    if (!span.scheduled) continue;
    if (span.bills) {
      if (start === null) {
        start = span.start;
        last = span.end;
      } else if (span.start !== start || span.end !== last) return null;
    }
    billed = billed.plus(span.amount);
  }
  if (last !== end) return null;
  if (start === null || !billed.gt(ZERO) || start !== charge.startDate || isBefore(end, start)) return null;
  if (isBefore(charge.endDate, end)) return null;
  // Served in full through 9999-12-31: no day follows (the charge ends there, nothing is left to bill).
  const resume = nextServicePeriodStartOrNull(servedThrough) ?? end;
  let net = billed;
  for (const span of spans) {
    // A credit from a day of S after its first, up to the resume day (a credit of the rest's line that starts on
    // a partly consumed last day of S, decision 3, credits the rest, not S).
    if (!span.bills && isAfter(span.start, start) && isBefore(span.start, resume)) return null;
    // The standard lines and credits within those days (an earlier catch-up has their very dates); not the rest's
    // line starting on a partly consumed last day (decision 3).
    if (
      !span.scheduled &&
      !isBefore(span.start, start) &&
      isOnOrBefore(span.end, end) &&
      ((span.start === start && span.end === end) || isBefore(span.start, resume))
    )
      net = net.plus(span.amount);
  }
  const now = chargeValueUpToExact(charge, ratePlan, end, settings.prorationDays);
  const worth = roundUnits(
    divRational(mulRational(fromDecimal(billed), now), servedValue),
    currency,
    settings.rounding,
  );
  return {
    start,
    end,
    resume,
    catchUp: worth.minus(net),
  };
}

/**
 * Whether a standard line has the dates of a schedule's line among the charge's live lines: the catch-up of a raise
 * on the days the schedule served ({@link servedDays}).
 */
function hasServedCatchUp(spans: readonly BilledSpan[]): boolean {
  for (const a of spans) {
    if (!a.scheduled || !a.bills) continue;
    for (const b of spans) if (!b.scheduled && b.bills && b.start === a.start && b.end === a.end) return true;
  }
  return false;
}

/** Whether `day` falls within `period`. */
function isWithin(day: BusinessDate, period: BillingPeriodSpan): boolean {
  return !isBefore(day, period.start) && !isAfter(day, period.end);
}

/**
 * The day a detached charge's standard lines start on at the earliest: the day after the latest `servedThrough`
 * of its detachments (the day itself when partly consumed, decision 3), where the schedule's lines left off.
 * Its billed amount gives an earlier day when an order cut the charge since (its value, by which the amount is
 * read, moved), and those days were billed already. `null` when none is known, or once a credit memo line of the
 * charge (a span that does not bill) reaches before that day and leaves its days unbilled: the days it credits are
 * owed again.
 */
function resumeDay(
  detachments: readonly DetachedChargeTotal[],
  spans: readonly BilledSpan[] | undefined,
): BusinessDate | null {
  let day: BusinessDate | null = null;
  for (const d of detachments) {
    if (d.servedThrough === undefined || d.servedThrough === null) continue;
    // Served in full through 9999-12-31: no day follows, and nothing is left to bill from it.
    const next = nextServicePeriodStartOrNull(d.servedThrough) ?? d.servedThrough.end;
    if (day === null || isAfter(next, day)) day = next;
  }
  if (day === null || spans === undefined) return day;
  for (const span of spans)
    if (!span.bills && isBefore(span.start, day) && !stillBilled(span, spans)) return null;
  return day;
}

/**
 * Whether the live lines with exactly `credit`'s dates (schedule and standard lines alike) still net above zero: a
 * credit of part of a line (a lowered price's excess, §8.5: 0.04 billed for 2023-01-01..08-31, 0.03 of it credited)
 * leaves its days billed, where one of the whole line leaves them owed again. A cut's credit of part of a line has
 * other dates than the line (from the cut's day, `creditMemoLines`), so it still reads as days owed again.
 */
function stillBilled(credit: BilledSpan, spans: readonly BilledSpan[]): boolean {
  let net = ZERO;
  for (const span of spans)
    if (span.start === credit.start && span.end === credit.end) net = net.plus(span.amount);
  return net.gt(ZERO);
}

/** `start`, or `day` when that is later, kept inside the period. */
function notBefore(start: BusinessDate, day: BusinessDate | null, period: BillingPeriodSpan): BusinessDate {
  if (day === null || !isAfter(day, start)) return start;
  return isAfter(day, period.end) ? period.end : day;
}

/**
 * Where the line of a period starts when the charge was already billed into that period by something else
 * (a schedule before a detach, §5.4; an owner's account before a transfer, decision 17): on the first day
 * not fully billed, as the schedule's next line would start (§7.4, §7.5, decision 3: the same day when that
 * day was only partly consumed, C23's "$20 item 2023-04-18 to 2023-04-18"), kept inside the period.
 */
function remainderStart(
  charge: RatePlanCharge,
  period: BillingPeriodSpan,
  billed: Decimal,
  value: Decimal,
  prorationDays: ProrationDays,
): BusinessDate {
  const { start } = linePeriod(charge, billed, value, value, prorationDays);
  if (isBefore(start, period.start)) return period.start;
  return isAfter(start, period.end) ? period.end : start;
}

/**
 * Invoice lines for standard lines, with the rate plan's discount lines (C26 style), worked out from what was
 * billed of the charge before so that a charge's lines add up to its gross value and discount (like decision 2); a
 * discount that takes nothing from a line gets no line (decision 15).
 * @since 0.1.0
 */
export function standardInvoiceLines(
  lines: readonly StandardLine[],
  invoiceId: string,
  currency: Currency,
  rounding: RoundingMode,
  firstIndex = 1,
): readonly InvoiceLine[] {
  const out: InvoiceLine[] = [];
  // A charge's later lines of the plan continue from what its earlier ones invoiced (like decision 2).
  const running = new Map<RatePlanCharge, ChargeInvoiced>();
  for (const l of lines) {
    const base = {
      subscriptionNumber: l.subscription.number,
      serviceStartDate: l.serviceStartDate,
      serviceEndDate: l.serviceEndDate,
      invoiceScheduleNumber: null,
      invoiceScheduleItemId: null,
      // Lines of standard billing come from no item, so they carry no custom fields (issue 13).
      customFields: NO_CUSTOM_FIELDS,
    };
    const invoiced = running.get(l.charge) ?? l.billed?.invoiced;
    const breakdown =
      l.billed === undefined
        ? discountBreakdownForNet(l.charge, l.ratePlan, l.amount, currency, rounding)
        : discountBreakdownAfter(
            l.charge,
            l.ratePlan,
            l.amount,
            invoiced === undefined ? l.billed : { ...l.billed, invoiced },
            currency,
            rounding,
          );
    if (invoiced !== undefined && breakdown.discounts.length > 0)
      running.set(l.charge, plusInvoiced(invoiced, breakdown.gross, breakdown.discounts));
    out.push(
      Object.freeze({
        ...base,
        id: [invoiceId, firstIndex + out.length].join('-'), // joined: a flat string, not a rope
        kind: 'Charge' as const,
        chargeNumber: l.charge.number,
        chargeName: l.charge.name,
        appliesToChargeNumber: null,
        amount: breakdown.gross,
      }),
    );
    for (const d of breakdown.discounts) {
      // A discount that takes nothing from this line gets none (decision 15), as on schedule invoices
      // (schedule/lines.ts); gross + Σ discounts = net still.
      if (d.amount.isZero()) continue;
      out.push(
        Object.freeze({
          ...base,
          id: [invoiceId, firstIndex + out.length].join('-'), // joined: a flat string, not a rope
          kind: 'Discount' as const,
          chargeNumber: d.chargeNumber,
          chargeName: d.name,
          appliesToChargeNumber: l.charge.number,
          amount: d.amount,
        }),
      );
    }
  }
  return Object.freeze(out);
}

/**
 * Lines grouped into invoices: one invoice for the account, and one per subscription flagged "invoice
 * separately" (schedules ignore that flag, §7.1, C34; standard billing honours it, the library's rule). With
 * `oneInvoice` (an item's additional subscriptions, billed with the item whatever the flag, §7.7): one invoice of
 * them all.
 * @since 0.1.0
 */
export function standardInvoiceGroups(
  lines: readonly StandardLine[],
  oneInvoice = false,
): readonly (readonly StandardLine[])[] {
  if (oneInvoice) return lines.length > 0 ? [lines] : [];
  const shared = lines.filter((l) => !l.subscription.invoiceSeparately);
  const separate = new Map<string, StandardLine[]>();
  for (const l of lines.filter((x) => x.subscription.invoiceSeparately)) {
    separate.set(l.subscription.number, [...(separate.get(l.subscription.number) ?? []), l]);
  }
  const groups = [
    ...(shared.length > 0 ? [shared] : []),
    ...[...separate.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, g]) => g),
  ];
  return groups;
}

/**
 * Builds the documents of a standard billing plan: the invoices of {@link standardInvoiceGroups}
 * dated `invoiceDate`, and one credit memo for the credits (lines taken from the charges' invoice
 * lines of any source, the latest service period first across invoices, §8.4). Pure.
 * @since 0.1.0
 */
export function standardDocuments(args: {
  readonly plan: StandardBillingPlan;
  readonly accountNumber: string;
  readonly currency: Currency;
  readonly invoiceDate: BusinessDate;
  readonly invoices: readonly Invoice[];
  readonly creditMemos: readonly CreditMemo[];
  readonly settings: Pick<TenantSettings, 'rounding' | 'autoPost' | 'prorationDays'>;
  readonly invoiceIds: readonly { readonly id: string; readonly number: string }[];
  readonly creditMemo: { readonly id: string; readonly number: string };
  readonly billRunNumber: string | null;
  /** The lines make one invoice, whatever their subscriptions' "invoice separately" flag (an item's additional subscriptions). */
  readonly oneInvoice?: boolean;
}): { readonly invoices: readonly Invoice[]; readonly creditMemo: CreditMemo | null } {
  const status = args.settings.autoPost ? ('Posted' as const) : ('Draft' as const);
  const invoices = standardInvoiceGroups(args.plan.lines, args.oneInvoice).map((group, i): Invoice => {
    const ids = args.invoiceIds[i] ?? { id: '', number: '' };
    const lines = standardInvoiceLines(group, ids.id, args.currency, args.settings.rounding);
    return Object.freeze({
      id: ids.id,
      number: ids.number,
      accountNumber: args.accountNumber,
      currency: args.currency.code,
      invoiceDate: args.invoiceDate,
      status,
      amount: frozenDecimal(lines.reduce((acc, l) => acc.plus(l.amount), ZERO)),
      lines,
      billRunNumber: args.billRunNumber,
      creditApplications: Object.freeze([]),
      version: 1,
    });
  });
  let creditMemo: CreditMemo | null = null;
  if (args.plan.credits.length > 0) {
    const lines = creditMemoLines({
      credits: args.plan.credits,
      zeroCharges: [],
      invoices: args.invoices,
      creditMemos: args.creditMemos,
      memoId: args.creditMemo.id,
      invoiceScheduleNumber: null,
      invoiceScheduleItemId: null,
      fromAnySource: true,
      latestServiceFirst: true,
      ...(repricedLineValue(args.plan.credits, args.currency, args.settings) ?? {}),
    });
    if (lines.length > 0) {
      creditMemo = Object.freeze({
        id: args.creditMemo.id,
        number: args.creditMemo.number,
        accountNumber: args.accountNumber,
        currency: args.currency.code,
        memoDate: args.invoiceDate,
        status,
        amount: frozenDecimal(lines.reduce((acc, l) => acc.plus(l.amount), ZERO)),
        lines,
        billRunNumber: args.billRunNumber,
        applications: Object.freeze([]),
        version: 1,
      });
    }
  }
  return { invoices, creditMemo };
}

/**
 * `creditMemoLines`' `lineValue` for the repriced charges among `credits` (none: `null`): what a line's service
 * period is worth now, the charge's value up to the line's end minus its value up to the day before its start.
 */
function repricedLineValue(
  credits: readonly StandardCredit[],
  currency: Currency,
  settings: Pick<TenantSettings, 'prorationDays' | 'rounding'>,
): { lineValue: (credit: ChargeCredit, line: InvoiceLine) => Decimal | null } | null {
  const repriced = new Map<string, NonNullable<StandardCredit['repriced']>>();
  for (const c of credits)
    if (c.repriced !== undefined) repriced.set(chargeKey(c.subscriptionNumber, c.chargeNumber), c.repriced);
  if (repriced.size === 0) return null;
  return {
    lineValue: (credit, line) => {
      const found = repriced.get(chargeKey(credit.subscriptionNumber, credit.chargeNumber));
      if (found === undefined) return null;
      const { charge, ratePlan } = found;
      const upToEnd = chargeValueUpTo(charge, ratePlan, line.serviceEndDate, currency, settings);
      if (!isAfter(line.serviceStartDate, charge.startDate)) return upToEnd;
      const before = chargeValueUpTo(
        charge,
        ratePlan,
        addDays(line.serviceStartDate, -1),
        currency,
        settings,
      );
      return upToEnd.minus(before);
    },
  };
}
