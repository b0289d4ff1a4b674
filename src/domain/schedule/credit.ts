import type { Decimal } from 'decimal.js';
import type { Currency } from '../../money/currency';
import { Dec, frozenDecimal, ZERO } from '../../money/decimal';
import { unitsToDecimal } from '../../money/minor';
import { divideRounded, type RoundingMode } from '../../money/rounding';
import { addDays, type BusinessDate, compareDates, dayAfter, isAfter, isBefore } from '../../time/date';
import { addRational, type Rational, rational } from '../../time/rational';
import { isRemovedCharge, type RatePlanCharge } from '../contract/charge';
import type { CreditMemo, CreditMemoLine } from '../documents/credit-memo';
import type { Invoice, InvoiceLine } from '../documents/invoice';
import { compareNumbering } from '../numbers';

/**
 * The values the schedule bills its attached charges for, at the currency scale, summing exactly
 * to the rounded sum of their exact values (decision 2, §8.4): each charge gets its value rounded
 * down, and the cents left go to the largest remainders, the earlier charge first on ties (so the
 * last charge absorbs: after C11's removal 30,750.00 / 17,916.67 / 9,166.67 / 666.66, C4's 569.80 + 96.86;
 * C11's 666.67 is C4's weight).
 * @since 0.1.0
 */
export function chargeTargets(
  exact: readonly Rational[],
  currency: Currency,
  rounding: RoundingMode,
  /** Tie-break rank per charge (lower first); default: the list's order. */
  rank?: readonly number[],
): Decimal[] {
  return chargeTargetUnits(exact, currency.minorUnits, rounding, rank).map((u) =>
    unitsToDecimal(u, currency.minorUnits),
  );
}

/** {@link chargeTargets} in minor units. @internal */
export function chargeTargetUnits(
  exact: readonly Rational[],
  minorUnits: number,
  rounding: RoundingMode,
  rank?: readonly number[],
): bigint[] {
  const scale = 10n ** BigInt(minorUnits);
  const total = exact.reduce((acc, x) => addRational(acc, x), rational(0));
  const totalUnits = divideRounded(total.num * scale, total.den, rounding);
  const floors = exact.map((x) => divideRounded(x.num * scale, x.den, 'floor'));
  let left = totalUnits - floors.reduce((a, b) => a + b, 0n);
  // Nothing left over (values at the currency's scale): the floors are the targets.
  if (left === 0n) return floors;
  const remainders = exact.map((x, i) => ({
    i,
    rest: x.num * scale - (floors[i] as bigint) * x.den,
    den: x.den,
  }));
  // Largest remainder first; on ties the earlier charge (decision 2).
  const order = [...remainders].sort((a, b) => {
    const diff = b.rest * a.den - a.rest * b.den;
    return diff > 0n ? 1 : diff < 0n ? -1 : (rank?.[a.i] ?? a.i) - (rank?.[b.i] ?? b.i);
  });
  const units = [...floors];
  for (const { i } of order) {
    if (left <= 0n) break;
    units[i] = (units[i] as bigint) + 1n;
    left -= 1n;
  }
  // A rounding mode below floor (never with exact inputs ≥ 0) would leave `left` < 0: take from the end.
  for (let i = units.length - 1; left < 0n && i >= 0; i--) {
    units[i] = (units[i] as bigint) - 1n;
    left += 1n;
  }
  return units;
}

/**
 * The first day a charge is no longer worth anything after an order cut it (§8.4): the charge's
 * start when it was removed entirely, else the day after its (new) end date.
 * @since 0.1.0
 */
export function creditStartDate(charge: Pick<RatePlanCharge, 'startDate' | 'endDate'>): BusinessDate {
  // A charge to 9999-12-31 has no such day: addDays throws its RangeError, as it always did.
  return creditStartDay(charge) ?? addDays(charge.endDate, 1);
}

/**
 * {@link creditStartDate}, or `null` for a charge that was not removed entirely and ends 9999-12-31, the last
 * supported day (a term a host ends "never"): no day follows it, so no credit of it is ever due, and a charge
 * cut by an order ends earlier. For the rules that meet every charge, not only those an order cut.
 * @internal
 */
export function creditStartDay(charge: Pick<RatePlanCharge, 'startDate' | 'endDate'>): BusinessDate | null {
  return isRemovedCharge(charge) ? charge.startDate : dayAfter(charge.endDate);
}

/**
 * The day the credit of a charge an order cut is due (§8.4: "generated on the effective date of the
 * removal/cancellation"; §6.6 rule 3, decision 19): the removal's effective date. For a charge cut short that
 * is its credit start, the day after its new end (its `removalEffectiveDate` is not read: a removal effective after
 * its end, or a term shrunk since the removal, leaves it later); a charge removed entirely (a one-time charge, or one removed on
 * or before its start) keeps it in `removalEffectiveDate` (its credit start is its own start).
 * @internal
 */
export function creditDueDate(
  charge: Pick<RatePlanCharge, 'startDate' | 'endDate' | 'removalEffectiveDate'>,
): BusinessDate {
  // A charge to 9999-12-31 has none: creditStartDate throws its RangeError, as it always did.
  return creditDueDay(charge) ?? creditStartDate(charge);
}

/**
 * {@link creditDueDate}, or `null` where {@link creditStartDay} is: a charge not removed entirely that ends
 * 9999-12-31 has no credit due. For the rules that meet every charge, not only those an order cut. @internal
 */
export function creditDueDay(
  charge: Pick<RatePlanCharge, 'startDate' | 'endDate' | 'removalEffectiveDate'>,
): BusinessDate | null {
  return (isRemovedCharge(charge) ? charge.removalEffectiveDate : undefined) ?? creditStartDay(charge);
}

/**
 * A charge the schedule billed more than its current value, and by how much.
 * @since 0.1.0
 */
export interface ChargeCredit {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly chargeName: string;
  /** Amount to credit, positive. */
  readonly amount: Decimal;
  /**
   * First day of the credited service: the removal's effective date, or the charge's start when it was
   * removed entirely; for a charge no order cut, the day after its end (its last day when it ends 9999-12-31).
   * The credit memo lines' service periods start from it (never after a line's end).
   */
  readonly creditStartDate: BusinessDate;
  /**
   * The day the credit is due, when it is not `creditStartDate`: the effective date of the removal that took
   * a one-time charge, or a charge before its start, away entirely (§8.4); for a unit the set rounding took from a
   * charge (its credit would reach none of the days the charge's lines served, or an earlier credit left the charge
   * at its value rounded), the first day a credit of a cut charge in the same set is due, so the unit is not
   * credited alone (decision 2) — or, when the set has no such credit (a removal whose own credit rounded to
   * nothing), the due day of the latest cut no credit has covered, unless its own day is earlier. A cut worth less
   * than a unit keeps its own day.
   * @since 0.2.0
   */
  readonly dueDate?: BusinessDate;
}

/**
 * The day a credit is due (§8.4, §6.6 rule 3): its `dueDate`, else its `creditStartDate`.
 * @internal
 */
export function dueDateOf(credit: Pick<ChargeCredit, 'creditStartDate' | 'dueDate'>): BusinessDate {
  return credit.dueDate ?? credit.creditStartDate;
}

/** The credits due on or before `day` (§8.4). @internal */
export function dueOnOrBefore<C extends Pick<ChargeCredit, 'creditStartDate' | 'dueDate'>>(
  credits: readonly C[],
  day: BusinessDate,
): readonly C[] {
  return credits.filter((c) => !isAfter(dueDateOf(c), day));
}

/**
 * The day whose credits a credit step by `dueBy` gives (executeCredit, and the foresight of it): the first day one of
 * `dueDays` falls due, when that is on or before `dueBy` or the user pulled the next run date (`pulled`) to a day on
 * or before it (§6.6 rule 4, C22: the credits due first then come even before their day); else `null`. One memo per
 * day: the later days' credits are the run's catch-up's. @internal
 */
export function creditDayBy(
  dueDays: readonly BusinessDate[],
  dueBy: BusinessDate,
  pulled: BusinessDate | null,
): BusinessDate | null {
  let first: BusinessDate | null = null;
  for (const d of dueDays) if (first === null || isBefore(d, first)) first = d;
  if (first === null) return null;
  return !isAfter(first, dueBy) || (pulled !== null && !isAfter(pulled, dueBy)) ? first : null;
}

/** The first day any of `credits` (not empty) is due. @internal */
export function firstDueDate(
  credits: readonly Pick<ChargeCredit, 'creditStartDate' | 'dueDate'>[],
): BusinessDate {
  return credits.map(dueDateOf).reduce((a, b) => (isBefore(b, a) ? b : a));
}

function lineNet(invoice: Invoice, line: InvoiceLine): Decimal {
  // A discount line goes with its charge line: the same item, and for standard billing (no item: one line per
  // billing period) the same service period — every period's discount was taken off each period (found in a
  // review: 100 − 40 for each of four months, where each month is 100 − 10).
  const standard = line.invoiceScheduleItemId === null;
  const sameDays = (l: InvoiceLine) =>
    l.serviceStartDate === line.serviceStartDate && l.serviceEndDate === line.serviceEndDate;
  const isDiscountOf = (l: InvoiceLine) =>
    l.kind === 'Discount' &&
    l.subscriptionNumber === line.subscriptionNumber &&
    l.appliesToChargeNumber === line.chargeNumber &&
    l.invoiceScheduleItemId === line.invoiceScheduleItemId &&
    (!standard || sameDays(l));
  // Standard billing can put two lines of a charge with the same days on one invoice (a raise's catch-up beside the
  // line it raised, §5.4, §8.5), each followed by its own discount lines (standardInvoiceLines): each line nets
  // those, not every discount line of the days (both lines counted both, and a credit of the charge fell short
  // of what it billed by the discount once more).
  if (
    standard &&
    invoice.lines.some(
      (l) =>
        l.id !== line.id &&
        l.kind === 'Charge' &&
        l.invoiceScheduleItemId === null &&
        l.subscriptionNumber === line.subscriptionNumber &&
        l.chargeNumber === line.chargeNumber &&
        sameDays(l),
    )
  ) {
    let net = line.amount;
    for (let k = invoice.lines.findIndex((l) => l.id === line.id) + 1; k < invoice.lines.length; k++) {
      const l = invoice.lines[k] as InvoiceLine;
      if (l.kind !== 'Discount') break;
      if (isDiscountOf(l)) net = net.plus(l.amount);
    }
    return net;
  }
  return invoice.lines.filter(isDiscountOf).reduce((acc, l) => acc.plus(l.amount), line.amount);
}

/**
 * What netted lines billed a charge (negative memo lines that credit no invoice: decision 11) minus what
 * memo lines that credit no invoice gave back already, for the schedule (or any source), and the latest
 * netted line (its service period dates a credit taken from the pool).
 */
function nettedPool(
  args: {
    readonly creditMemos: readonly CreditMemo[];
    readonly invoiceScheduleNumber: string | null;
    readonly fromAnySource?: boolean;
  },
  credit: ChargeCredit,
): { available: Decimal; latest: CreditMemoLine | null } {
  let available = ZERO;
  let latest: CreditMemoLine | null = null;
  const memos = [...args.creditMemos].sort((a, b) => compareNumbering(a.number, b.number));
  for (const memo of memos) {
    for (const l of memo.lines) {
      if (l.creditedInvoiceLineId !== null) continue;
      if (l.subscriptionNumber !== credit.subscriptionNumber || l.chargeNumber !== credit.chargeNumber)
        continue;
      if (l.amount.lt(0)) {
        // What netted lines billed counts for their own schedule (or for any source).
        if (!args.fromAnySource && l.invoiceScheduleNumber !== args.invoiceScheduleNumber) continue;
        available = available.minus(l.amount);
        latest = l;
      } else {
        // What was credited from a pool counts whoever credited it (standard billing's credits name no
        // schedule), so one netted amount is never credited twice.
        available = available.minus(l.amount);
      }
    }
  }
  return { available: Dec.max(available, ZERO), latest };
}

/** An invoice's lines, the latest service period first (by end, then by start; a tie keeps the later line first). */
function latestLinesFirst(invoice: Invoice): readonly InvoiceLine[] {
  const lines = invoice.lines;
  if (lines.length < 2) return lines;
  return lines
    .map((line, index) => ({ line, index }))
    .sort(
      (a, b) =>
        compareDates(b.line.serviceEndDate, a.line.serviceEndDate) ||
        compareDates(b.line.serviceStartDate, a.line.serviceStartDate) ||
        b.index - a.index,
    )
    .map((e) => e.line);
}

/** -1, 0 or 1 as `a` is before, on or after `b`. */
/**
 * Builds the lines of a credit memo (reference §8.4): each charge's credit is taken from its
 * invoice lines latest first, never more than what is left of a line after earlier credits; each
 * line's service period runs from the later of the line's start and the credit start to the
 * line's end (C10: 3,258.97 for 11/29–12/31 from INV003, then 2,891.03 for 11/01–11/29 from
 * INV002), or to the day before the days an earlier memo took back from the line's end (a charge
 * cut twice: its days are never credited twice). Zero-priced charges cut by the same change get a
 * 0.00 line per credited invoice (C08). Only Draft and Posted invoices are credited.
 * @since 0.1.0
 */
export function creditMemoLines(args: {
  readonly credits: readonly ChargeCredit[];
  /** Cut charges worth nothing that may need 0.00 lines, with their credit start. */
  readonly zeroCharges: readonly ChargeCredit[];
  readonly invoices: readonly Invoice[];
  readonly creditMemos: readonly CreditMemo[];
  readonly memoId: string;
  /** Schedule and item the memo is linked to (`null` for standard billing). */
  readonly invoiceScheduleNumber: string | null;
  readonly invoiceScheduleItemId: string | null;
  /** Credit lines of any source (standard billing), not only the schedule's own. */
  readonly fromAnySource?: boolean;
  /**
   * What a line's service period is worth now, for a credit of a charge billed above its value without being
   * cut (standard billing: its price or quantity lowered from its start, §8.5), else `null`. Such a credit takes
   * first what each line billed above that worth, latest first — each billed period gives back its own
   * difference (1,200.00/yr billed 100.00 a month, repriced to 600.00/yr: 50.00 from each month) — then what
   * is left of the credit latest first, as any credit; its total is the same. @since 0.2.0
   */
  readonly lineValue?: (credit: ChargeCredit, line: InvoiceLine) => Decimal | null;
  /**
   * Take the lines by their service period, latest first, across invoices (standard billing: a period billed again
   * after its invoice was canceled sits on a later invoice than the periods after it, and the credit of a cut
   * charge is for the days after its end, §8.4), not invoice by invoice, the latest invoice first. @since 0.2.0
   */
  readonly latestServiceFirst?: boolean;
}): readonly CreditMemoLine[] {
  const alreadyCredited = new Map<string, Decimal>();
  for (const memo of args.creditMemos) {
    for (const l of memo.lines) {
      // A netted invoice line (decision 11) credits no invoice line.
      if (l.creditedInvoiceLineId === null) continue;
      alreadyCredited.set(
        l.creditedInvoiceLineId,
        (alreadyCredited.get(l.creditedInvoiceLineId) ?? ZERO).plus(l.amount),
      );
    }
  }
  const latestFirst = args.invoices
    .filter((i) => i.status === 'Draft' || i.status === 'Posted')
    .sort((a, b) => compareNumbering(b.number, a.number));
  // Every candidate line in the order credits take them, ordered once, not per credit: invoice by invoice, within
  // an invoice the latest service first too (§8.4: a merged invoice holds one line group per item, decision 11, a
  // standard-billing invoice one line per period, each in time order); or by service period across invoices (a
  // tie: the later invoice first, then the order above).
  const ordered = latestFirst.flatMap((invoice) =>
    latestLinesFirst(invoice).map((line) => ({ invoice, line })),
  );
  if (args.latestServiceFirst === true)
    ordered.sort(
      (a, b) =>
        compareDates(b.line.serviceEndDate, a.line.serviceEndDate) ||
        compareDates(b.line.serviceStartDate, a.line.serviceStartDate),
    );
  const lines: CreditMemoLine[] = [];
  const creditedInvoices = new Set<string>();
  // The tails of the lines' periods an earlier cut took back ({@link creditedTails}): read once, when a credit
  // first needs them (a repriced credit values a line by the days before its tail; a credit line ends before it).
  let tails: Map<string, BusinessDate> | undefined;
  // `amount` is a share this function has just worked out (`Dec.min` gives a new decimal) or the frozen ZERO: frozen
  // in place, never a caller's value.
  const push = (invoice: Invoice, line: InvoiceLine, amount: Decimal, credit: ChargeCredit) => {
    creditedInvoices.add(invoice.number);
    // The later of the credit's start and the line's, never after the line's end.
    let start = isAfter(credit.creditStartDate, line.serviceEndDate)
      ? line.serviceEndDate
      : isAfter(credit.creditStartDate, line.serviceStartDate)
        ? credit.creditStartDate
        : line.serviceStartDate;
    // The line's end, or the day before the tail an earlier memo took back from it (a charge cut twice: the second
    // credit gives back the days before the first's, §8.4). A credit starting in that tail (a rounding unit of a
    // later change, decision 2) gets the last day before it: the same days are never credited twice (review 174).
    tails ??= creditedTails(args.invoices, args.creditMemos);
    const tail = tails.get(tailKey(line, line.serviceStartDate, line.serviceEndDate));
    let end = line.serviceEndDate;
    if (tail !== undefined) {
      end = addDays(tail, -1);
      if (!isAfter(tail, start)) start = end;
    }
    lines.push(
      Object.freeze({
        id: `${args.memoId}-${lines.length + 1}`,
        subscriptionNumber: line.subscriptionNumber,
        chargeNumber: line.chargeNumber,
        chargeName: line.chargeName,
        amount: frozenDecimal(amount),
        serviceStartDate: start,
        serviceEndDate: end,
        creditedInvoiceNumber: invoice.number,
        creditedInvoiceLineId: line.id,
        invoiceScheduleNumber: args.invoiceScheduleNumber,
        invoiceScheduleItemId: args.invoiceScheduleItemId,
      }),
    );
  };
  const creditable = (line: InvoiceLine, credit: ChargeCredit): boolean =>
    line.kind === 'Charge' &&
    (args.fromAnySource === true || line.invoiceScheduleNumber === args.invoiceScheduleNumber) &&
    line.subscriptionNumber === credit.subscriptionNumber &&
    line.chargeNumber === credit.chargeNumber;
  // A credit of a charge repriced from its start: first what each line billed above its period's worth now,
  // latest first; returns what is left of `amount`, which the loop below takes latest first as for any credit.
  // One memo line per invoice line: the lines are credited here in full (both shares) before the loop. Lines with
  // the same service dates bill the same days (a catch-up of a raise beside the line it raised, §5.4, §8.5): their
  // days' worth counts once, what they bill together above it is taken from them latest first.
  const creditAboveWorth = (
    lineValue: NonNullable<typeof args.lineValue>,
    credit: ChargeCredit,
    amount: Decimal,
  ): Decimal => {
    const found: { invoice: Invoice; line: InvoiceLine; available: Decimal; take: Decimal }[] = [];
    // What the lines of each service period bill above its worth, by `start..end`, in the order first met.
    const above = new Map<string, Decimal>();
    tails ??= creditedTails(args.invoices, args.creditMemos);
    for (const { invoice, line } of ordered) {
      if (!creditable(line, credit)) continue;
      const available = lineNet(invoice, line).minus(alreadyCredited.get(line.id) ?? ZERO);
      if (available.lte(0)) continue;
      const dates = `${line.serviceStartDate}..${line.serviceEndDate}`;
      const known = above.get(dates);
      if (known === undefined) {
        // Days of the period an earlier credit took back from its end (a cut, §8.4) are no longer billed by its
        // lines, whatever bills them again since: the lines are worth the days before.
        const tail = tails.get(tailKey(line, line.serviceStartDate, line.serviceEndDate));
        const worth = lineValue(
          credit,
          tail === undefined ? line : { ...line, serviceEndDate: addDays(tail, -1) },
        );
        if (worth === null) return amount;
        above.set(dates, available.minus(worth));
      } else above.set(dates, known.plus(available));
      found.push({ invoice, line, available, take: ZERO });
    }
    let left = amount;
    for (const entry of found) {
      const dates = `${entry.line.serviceStartDate}..${entry.line.serviceEndDate}`;
      const over = above.get(dates) ?? ZERO;
      if (left.lte(0) || over.lte(0)) continue;
      entry.take = Dec.min(left, over, entry.available);
      left = left.minus(entry.take);
      above.set(dates, over.minus(entry.take));
    }
    for (const entry of found) {
      if (left.lte(0)) break;
      const rest = entry.available.minus(entry.take);
      if (rest.lte(0)) continue;
      const take = Dec.min(left, rest);
      entry.take = entry.take.plus(take);
      left = left.minus(take);
    }
    for (const { invoice, line, take } of found) {
      if (take.lte(0)) continue;
      // A line ending before the credit's start gives back what it bills above its own days' worth: the credit
      // line has its dates (a charge cut and lowered at once credits the days it keeps as a repricing, §8.4, §8.5).
      push(
        invoice,
        line,
        take,
        isAfter(credit.creditStartDate, line.serviceEndDate)
          ? { ...credit, creditStartDate: line.serviceStartDate }
          : credit,
      );
      alreadyCredited.set(line.id, (alreadyCredited.get(line.id) ?? ZERO).plus(take));
    }
    return left;
  };
  for (const credit of args.credits) {
    let left = credit.amount;
    if (args.lineValue !== undefined) left = creditAboveWorth(args.lineValue, credit, left);
    for (const { invoice, line } of ordered) {
      if (left.lte(0)) break;
      if (!creditable(line, credit)) continue;
      const available = lineNet(invoice, line).minus(alreadyCredited.get(line.id) ?? ZERO);
      if (available.lte(0)) continue;
      const take = Dec.min(left, available);
      push(invoice, line, take, credit);
      alreadyCredited.set(line.id, (alreadyCredited.get(line.id) ?? ZERO).plus(take));
      left = left.minus(take);
    }
    // What is left was billed by netted lines (decision 11: an item's charge billed as a negative line of
    // a credit memo, no invoice line to credit). Credit it from that pool with a line that credits no
    // invoice, as long as the pool holds: it used to be dropped, the memo came out 0.00, and the charge
    // kept being billed what the schedule said was credited.
    if (left.gt(0)) {
      const netted = nettedPool(args, credit);
      const take = Dec.min(left, netted.available);
      if (take.gt(0) && netted.latest !== null) {
        lines.push(
          Object.freeze({
            id: `${args.memoId}-${lines.length + 1}`,
            subscriptionNumber: credit.subscriptionNumber,
            chargeNumber: credit.chargeNumber,
            chargeName: credit.chargeName,
            amount: frozenDecimal(take),
            // The later of the credit's start and the line's, never after the line's end.
            serviceStartDate: isAfter(credit.creditStartDate, netted.latest.serviceEndDate)
              ? netted.latest.serviceEndDate
              : isAfter(credit.creditStartDate, netted.latest.serviceStartDate)
                ? credit.creditStartDate
                : netted.latest.serviceStartDate,
            serviceEndDate: netted.latest.serviceEndDate,
            creditedInvoiceNumber: null,
            creditedInvoiceLineId: null,
            invoiceScheduleNumber: args.invoiceScheduleNumber,
            invoiceScheduleItemId: args.invoiceScheduleItemId,
          }),
        );
        left = left.minus(take);
      }
    }
  }
  // C08: a zero-priced charge cut with the others shows a 0.00 line on each credited invoice.
  for (const zero of args.zeroCharges) {
    for (const invoice of latestFirst) {
      if (!creditedInvoices.has(invoice.number)) continue;
      for (const line of invoice.lines) {
        if (
          line.kind === 'Charge' &&
          line.amount.isZero() &&
          line.subscriptionNumber === zero.subscriptionNumber &&
          line.chargeNumber === zero.chargeNumber &&
          !isAfter(zero.creditStartDate, line.serviceEndDate)
        ) {
          push(invoice, line, ZERO, zero);
        }
      }
    }
  }
  // Group lines by charge in the order credits were given (C10 lists C1's lines, then C2's, …).
  return Object.freeze(lines);
}

/** A charge's service period: its subscription, charge and dates (another charge's lines are another period). */
function tailKey(
  line: Pick<InvoiceLine, 'subscriptionNumber' | 'chargeNumber'>,
  start: BusinessDate,
  end: BusinessDate,
): string {
  return [line.subscriptionNumber, line.chargeNumber, start, end].join('|');
}

/**
 * For each service period of a charge's invoice lines ({@link tailKey}), the earliest day a credit memo line took
 * back from its end: a credit of the line starting after the line's start (a cut's, §8.4; a repricing credits a
 * line from its start). A repriced credit values the period's lines by the days before it.
 */
function creditedTails(
  invoices: readonly Invoice[],
  creditMemos: readonly CreditMemo[],
): Map<string, BusinessDate> {
  const out = new Map<string, BusinessDate>();
  if (creditMemos.length === 0) return out;
  const byId = new Map<string, InvoiceLine>();
  for (const invoice of invoices) for (const line of invoice.lines) byId.set(line.id, line);
  for (const memo of creditMemos)
    for (const l of memo.lines) {
      const line = l.creditedInvoiceLineId === null ? undefined : byId.get(l.creditedInvoiceLineId);
      if (line === undefined || !isAfter(l.serviceStartDate, line.serviceStartDate)) continue;
      const key = tailKey(line, line.serviceStartDate, line.serviceEndDate);
      const known = out.get(key);
      if (known === undefined || isBefore(l.serviceStartDate, known)) out.set(key, l.serviceStartDate);
    }
  return out;
}
