// A second, deliberately naive implementation of how an invoice schedule's items become invoice
// lines: groups (§7.2, decision 1), the cumulative cascade with decision 2's weights, billed totals
// and caps (§7.3), service periods (§7.4, §7.5, decision 3) and zero-amount lines (decision 15).
//
// Written from the reference (zuora-billing-schedule.md) and decisions.md only, NOT from the engine's
// code: it imports nothing from src/. Plain loops, bigint minor units, dates as 'YYYY-MM-DD' strings.
// It is slow and repetitive on purpose; when it disagrees with the engine, one of the two is wrong
// and the reference decides which (see independent-model.property.test.ts).

export type Day = string;
export type Grouping = 'term' | 'startDate';
export type Proration = 'actual' | 'thirty';

/** An exact amount in minor units: num / den, den > 0, num ≥ 0. */
export interface Exact {
  readonly num: bigint;
  readonly den: bigint;
}

/** A covered charge as the model needs it, in the schedule's charge order (order/subscription/charge). */
export interface ModelCharge {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly type: 'OneTime' | 'Recurring';
  readonly startDate: Day;
  /** Inclusive; for a one-time charge its subscription's term end (C24: 2023-01-01 → 2023-12-31). */
  readonly endDate: Day;
  /** Whole months of [startDate, endDate] for a recurring charge (the generator only makes whole months). */
  readonly termMonths: number;
  /** The charge's value over its term (§4.4), exact, in minor units. 0 = a zero-priced charge (§7.1). */
  readonly value: Exact;
}

export interface ModelSettings {
  readonly chargeGrouping: Grouping;
  readonly prorationDays: Proration;
}

/** One invoice line as the model predicts it. */
export interface ModelLine {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly amount: bigint;
  readonly serviceStartDate: Day;
  readonly serviceEndDate: Day;
}

export interface ModelResult {
  /** Decision 2: each value rounded on its own (half-up): the cascade's weights P_j. */
  readonly weights: readonly bigint[];
  /** Decision 2: the values rounded as a set, ties to the earlier charge in consumption order. */
  readonly billedTotals: readonly bigint[];
  /** Σ billed totals = the schedule's total (§4.4, §2.4). */
  readonly total: bigint;
  /** The groups (§7.2) as charge indexes, in consumption order; zero-priced charges are not in them. */
  readonly groups: readonly (readonly number[])[];
  /** Per item, in item order: the invoice lines. */
  readonly invoices: readonly (readonly ModelLine[])[];
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Calendar (own, naive: day counting by loops)

function splitDay(day: Day): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y as number, m as number, d as number];
}

function makeDay(y: number, m: number, d: number): Day {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Days since 1900-01-01, counted year by year and month by month. */
function dayNumber(day: Day): number {
  const [y, m, d] = splitDay(day);
  let n = 0;
  for (let year = 1900; year < y; year++) n += isLeapYear(year) ? 366 : 365;
  for (let month = 1; month < m; month++) n += daysInMonth(y, month);
  return n + d - 1;
}

function fromDayNumber(n: number): Day {
  let y = 1900;
  let left = n;
  while (left >= (isLeapYear(y) ? 366 : 365)) {
    left -= isLeapYear(y) ? 366 : 365;
    y++;
  }
  let m = 1;
  while (left >= daysInMonth(y, m)) {
    left -= daysInMonth(y, m);
    m++;
  }
  return makeDay(y, m, left + 1);
}

function laterDay(a: Day, b: Day): Day {
  return a > b ? a : b;
}

function earlierDay(a: Day, b: Day): Day {
  return a < b ? a : b;
}

export function addDays(day: Day, n: number): Day {
  return fromDayNumber(dayNumber(day) + n);
}

/** Calendar months, keeping the day of month and clamping to the month's last day. */
export function addMonths(day: Day, n: number): Day {
  const [y, m, d] = splitDay(day);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return makeDay(year, month, Math.min(d, daysInMonth(year, month)));
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Rounding (half-up: the account's rounding rule; the default tenant setting)

/** round_half_up(num / den) for num ≥ 0, den > 0. */
function roundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// §7.2 groups

function isZeroPriced(charge: ModelCharge): boolean {
  return charge.value.num === 0n;
}

/** A charge's term for the groups (§7.2): a one-time charge's is its start day, whatever its end date says. */
function termEnd(c: ModelCharge): Day {
  return c.type === 'OneTime' ? c.startDate : c.endDate;
}

/**
 * §7.2 (a) `term`: a group starts at the earliest start among the charges left, ends at the latest end
 * among the charges starting that day, and takes every charge left whose start..end lies inside.
 * §7.2 (b) `startDate`: charges sharing a start date. Groups come in start order; inside a group the
 * schedule's charge order (decision 2). Decision 15: zero-priced charges never shape the groups.
 */
export function formGroups(charges: readonly ModelCharge[], grouping: Grouping): number[][] {
  const groups: number[][] = [];
  let left: number[] = [];
  for (let i = 0; i < charges.length; i++) if (!isZeroPriced(charges[i] as ModelCharge)) left.push(i);
  while (left.length > 0) {
    let groupStart = (charges[left[0] as number] as ModelCharge).startDate;
    for (const i of left) {
      const c = charges[i] as ModelCharge;
      if (c.startDate < groupStart) groupStart = c.startDate;
    }
    let groupEnd = '';
    for (const i of left) {
      const c = charges[i] as ModelCharge;
      if (c.startDate === groupStart && termEnd(c) > groupEnd) groupEnd = termEnd(c);
    }
    const group: number[] = [];
    const rest: number[] = [];
    for (const i of left) {
      const c = charges[i] as ModelCharge;
      const inGroup =
        grouping === 'startDate'
          ? c.startDate === groupStart
          : c.startDate >= groupStart && termEnd(c) <= groupEnd;
      if (inGroup) group.push(i);
      else rest.push(i);
    }
    groups.push(group);
    left = rest;
  }
  return groups;
}

/** The dates a group spans: its earliest start to its latest end. */
function groupDates(charges: readonly ModelCharge[], group: readonly number[]): [Day, Day] {
  let start = (charges[group[0] as number] as ModelCharge).startDate;
  let end = termEnd(charges[group[0] as number] as ModelCharge);
  for (const i of group) {
    const c = charges[i] as ModelCharge;
    if (c.startDate < start) start = c.startDate;
    if (termEnd(c) > end) end = termEnd(c);
  }
  return [start, end];
}

/**
 * Decision 15: a zero-priced charge joins the group the setting gives it (`term`: the first group
 * whose dates contain its whole period, as §7.2 (a) would take it; `startDate`: the group of its
 * start date), else the first group whose dates include its start; else none (it never gets a line).
 */
export function groupOfZeroPriced(
  charges: readonly ModelCharge[],
  groups: readonly (readonly number[])[],
  zero: ModelCharge,
  grouping: Grouping,
): number | null {
  for (let g = 0; g < groups.length; g++) {
    const [start, end] = groupDates(charges, groups[g] as number[]);
    const bySetting =
      grouping === 'startDate' ? zero.startDate === start : zero.startDate >= start && termEnd(zero) <= end;
    if (bySetting) return g;
  }
  for (let g = 0; g < groups.length; g++) {
    const [start, end] = groupDates(charges, groups[g] as number[]);
    if (zero.startDate >= start && zero.startDate <= end) return g;
  }
  return null;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// Decision 2: weights and billed totals

/** Weights P_j: each value rounded on its own, half-up. */
export function weightsOf(charges: readonly ModelCharge[]): bigint[] {
  return charges.map((c) => roundHalfUp(c.value.num, c.value.den));
}

/**
 * Billed totals: the values rounded as a set by largest remainder — the set's total is Σ exact
 * rounded half-up; each charge first gets its value rounded down, then the units left go one each to
 * the largest remainders, ties to the earlier charge in consumption order.
 */
export function billedTotalsOf(
  charges: readonly ModelCharge[],
  consumptionOrder: readonly number[],
): bigint[] {
  // Σ exact, as one fraction.
  let sumNum = 0n;
  let sumDen = 1n;
  for (const c of charges) {
    sumNum = sumNum * c.value.den + c.value.num * sumDen;
    sumDen = sumDen * c.value.den;
  }
  const out = charges.map((c) => c.value.num / c.value.den);
  let left = roundHalfUp(sumNum, sumDen);
  for (const x of out) left -= x;
  // Rank: position in consumption order; charges outside it (zero-priced) last.
  const rank = (i: number) => {
    const r = consumptionOrder.indexOf(i);
    return r === -1 ? consumptionOrder.length + i : r;
  };
  const given = charges.map(() => false);
  while (left > 0n) {
    let best = -1;
    for (let i = 0; i < charges.length; i++) {
      if (given[i]) continue;
      if (best === -1) {
        best = i;
        continue;
      }
      const a = charges[i] as ModelCharge;
      const b = charges[best] as ModelCharge;
      // remainder(a) vs remainder(b), compared as fractions
      const ra = (a.value.num % a.value.den) * b.value.den;
      const rb = (b.value.num % b.value.den) * a.value.den;
      if (ra > rb || (ra === rb && rank(i) < rank(best))) best = i;
    }
    given[best] = true;
    out[best] = (out[best] as bigint) + 1n;
    left -= 1n;
  }
  return out;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// §7.3 the cumulative cascade for one item inside one group, with decision 2's caps

/**
 * The lines of one item in one group, in the group's order.
 * - `billedBefore[k]`: what the group's k-th charge was billed before this item;
 * - `groupBilledAfter`: B_k, what the whole group has been billed after this item.
 * Target for charges 1..j after the item: A_j = round_half_up(B_k × cumP_j / T); charge j's target is
 * A_j − A_{j−1}; its raw line is that target minus what it was already billed (= the reference's
 * [A(k,j) − A(k,j−1)] − [A(k−1,j) − A(k−1,j−1)] when nothing was capped before). The item that exhausts
 * the group bills each charge's remainder to its billed total. Then the caps: a line is never negative
 * and never takes a charge beyond its billed total; each unit moved goes to (for a line raised to zero:
 * comes from) the item's largest line in the group that can take (give) it, ties to the earlier charge.
 */
export function cascadeItem(
  weights: readonly bigint[],
  billedTotals: readonly bigint[],
  billedBefore: readonly bigint[],
  groupBilledAfter: bigint,
): bigint[] {
  const n = weights.length;
  let capacity = 0n;
  for (const v of billedTotals) capacity += v;
  const lines: bigint[] = [];
  if (groupBilledAfter === capacity) {
    for (let j = 0; j < n; j++) lines.push((billedTotals[j] as bigint) - (billedBefore[j] as bigint));
  } else {
    let t = 0n;
    for (const p of weights) t += p;
    let cumP = 0n;
    let previousA = 0n;
    for (let j = 0; j < n; j++) {
      cumP += weights[j] as bigint;
      const a = roundHalfUp(groupBilledAfter * cumP, t);
      lines.push(a - previousA - (billedBefore[j] as bigint));
      previousA = a;
    }
  }
  // The caps. Decision 2 does not say how several caps in one item combine; the model clamps every
  // line first and then moves only the net difference, one unit at a time (a unit freed by one cap
  // and a unit needed by another cancel out). Moving each cap's units separately would push lines
  // away from their cumulative targets for nothing (e.g. a charge already a unit ahead of its target
  // raised to 0 by taking the unit of a charge a unit behind).
  const room = (j: number) => (billedTotals[j] as bigint) - (billedBefore[j] as bigint);
  let sum = 0n;
  for (let j = 0; j < n; j++) {
    if ((lines[j] as bigint) < 0n) lines[j] = 0n;
    if ((lines[j] as bigint) > room(j)) lines[j] = room(j);
    sum += lines[j] as bigint;
  }
  // What the item bills on the group: B_k minus what the group was billed before.
  let amount = groupBilledAfter;
  for (let j = 0; j < n; j++) amount -= billedBefore[j] as bigint;
  // Units missing: each goes to the largest line that can take it without passing its billed total.
  while (sum < amount) {
    let to = -1;
    for (let i = 0; i < n; i++) {
      if ((lines[i] as bigint) >= room(i)) continue;
      if (to === -1 || (lines[i] as bigint) > (lines[to] as bigint)) to = i;
    }
    if (to === -1) throw new Error('model: no line can take a unit');
    lines[to] = (lines[to] as bigint) + 1n;
    sum += 1n;
  }
  // Units too many (lines raised to zero): each comes from the largest line.
  while (sum > amount) {
    let from = -1;
    for (let i = 0; i < n; i++) {
      if ((lines[i] as bigint) <= 0n) continue;
      if (from === -1 || (lines[i] as bigint) > (lines[from] as bigint)) from = i;
    }
    if (from === -1) throw new Error('model: no line can give a unit');
    lines[from] = (lines[from] as bigint) - 1n;
    sum -= 1n;
  }
  return lines;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// §7.4 / §7.5 service periods, decision 3

export interface PeriodEnd {
  readonly end: Day;
  /** The end day is only partly consumed (its rest is billed by the next line, §7.5). */
  readonly partial: boolean;
}

/**
 * §7.4: after a cumulative billed amount X of a charge billed `total` in all, months = X ÷ total ×
 * termMonths; the whole months are added to the charge start, the fraction × the days of the month
 * it falls in (actual days, or always 30) gives days, rounded up (a partly consumed day counts as
 * consumed): end = month start + ceil(days) − 1. Fully billed: the charge end date.
 * With `thirty`, a fraction can need more days than a short month has (0.95 × 30 = 28.5 in February);
 * the reference is silent: like the library's docs (docs/concepts/dates.md) the period then ends on
 * the month's last day, fully consumed.
 */
export function servicePeriodEnd(
  charge: ModelCharge,
  billedAfter: bigint,
  total: bigint,
  proration: Proration,
): PeriodEnd {
  if (billedAfter >= total) return { end: charge.endDate, partial: false };
  const monthsNum = billedAfter * BigInt(charge.termMonths);
  const whole = monthsNum / total;
  const fractionNum = monthsNum - whole * total; // fraction = fractionNum / total
  const monthStart = addMonths(charge.startDate, Number(whole));
  const [y, m] = splitDay(monthStart);
  // With start days 1..28 (the generator's), the month the fraction falls in is monthStart's month.
  const monthDays = proration === 'thirty' ? 30 : daysInMonth(y, m);
  const daysNum = fractionNum * BigInt(monthDays); // days = daysNum / total
  const wholeDays = daysNum / total;
  const partial = daysNum % total !== 0n;
  const used = partial ? wholeDays + 1n : wholeDays;
  const end = addDays(monthStart, Number(used) - 1);
  const lastOfMonth = addDays(addMonths(charge.startDate, Number(whole) + 1), -1);
  const clamped = end > lastOfMonth ? { end: lastOfMonth, partial: false } : { end, partial };
  // Not fully billed yet: the charge's last day still has an unbilled rest (§7.5), so a clamp that
  // lands on it leaves it partly consumed and the next line starts on it, never after the charge.
  if (clamped.end >= charge.endDate) return { end: charge.endDate, partial: true };
  return clamped;
}

/** Decision 3: the same day when the previous end day was partly consumed, else the next day. */
function nextStart(charge: ModelCharge, previous: PeriodEnd | undefined): Day {
  if (previous === undefined) return charge.startDate;
  return previous.partial ? previous.end : addDays(previous.end, 1);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────
// The whole schedule

/**
 * Bills `itemAmounts` (minor units, in item order, Σ = the total) one after the other: each item
 * fills the current group and spills into the next (§7.2: a group is fully billed before the next
 * receives anything; C06), is split inside each group by the cascade, and every positive line gets
 * its service period. Decision 15: a positive-valued charge whose line is 0 gets no line (and its
 * period does not move); a zero-priced charge gets a 0 line on every invoice that bills its group,
 * dated by the group's period on that invoice clipped to the charge's own dates, none when empty.
 */
export function billSchedule(
  charges: readonly ModelCharge[],
  itemAmounts: readonly bigint[],
  settings: ModelSettings,
): ModelResult {
  const groups = formGroups(charges, settings.chargeGrouping);
  const consumptionOrder = groups.flat();
  const weights = weightsOf(charges);
  const billedTotals = billedTotalsOf(charges, consumptionOrder);
  let total = 0n;
  for (const v of billedTotals) total += v;

  const zeroPricedByGroup: number[][] = groups.map(() => []);
  for (let i = 0; i < charges.length; i++) {
    const c = charges[i] as ModelCharge;
    if (!isZeroPriced(c)) continue;
    const g = groupOfZeroPriced(charges, groups, c, settings.chargeGrouping);
    if (g !== null) (zeroPricedByGroup[g] as number[]).push(i);
  }

  const billed: bigint[] = charges.map(() => 0n);
  const groupBilled: bigint[] = groups.map(() => 0n);
  const lastPeriod: (PeriodEnd | undefined)[] = charges.map(() => undefined);
  const invoices: ModelLine[][] = [];

  for (const amount of itemAmounts) {
    const lines: ModelLine[] = [];
    let left = amount;
    for (let g = 0; g < groups.length && left > 0n; g++) {
      const group = groups[g] as number[];
      let capacity = 0n;
      for (const i of group) capacity += billedTotals[i] as bigint;
      const open = capacity - (groupBilled[g] as bigint);
      if (open <= 0n) continue;
      // The item fills what the group has open and spills the rest into the next group (C06).
      let take = open;
      if (left < open) take = left;
      left -= take;
      groupBilled[g] = (groupBilled[g] as bigint) + take;
      const amounts = cascadeItem(
        group.map((i) => weights[i] as bigint),
        group.map((i) => billedTotals[i] as bigint),
        group.map((i) => billed[i] as bigint),
        groupBilled[g] as bigint,
      );
      const groupLines: ModelLine[] = [];
      for (let k = 0; k < group.length; k++) {
        const i = group[k] as number;
        const c = charges[i] as ModelCharge;
        const lineAmount = amounts[k] as bigint;
        if (lineAmount === 0n) continue; // decision 15: no line, the period does not move
        billed[i] = (billed[i] as bigint) + lineAmount;
        let start: Day;
        let end: Day;
        if (c.type === 'OneTime') {
          // A one-time charge's line is dated on its start day (C26: 2024-01-01 → 2024-01-01).
          start = c.startDate;
          end = c.startDate;
        } else {
          start = nextStart(c, lastPeriod[i]);
          let period = servicePeriodEnd(
            c,
            billed[i] as bigint,
            billedTotals[i] as bigint,
            settings.prorationDays,
          );
          // After a `thirty` clamp (February ended fully consumed, the next line starts 1 March) more
          // billing inside the same 30-day month computes an end before the line's start. The
          // reference is silent; a period never ends before it starts, so the line is its start day,
          // partly consumed (the charge has not reached the next month yet).
          if (period.end < start) period = { end: start, partial: true };
          lastPeriod[i] = period;
          end = period.end;
        }
        groupLines.push({
          subscriptionNumber: c.subscriptionNumber,
          chargeNumber: c.chargeNumber,
          amount: lineAmount,
          serviceStartDate: start,
          serviceEndDate: end,
        });
      }
      lines.push(...groupLines);
      // Decision 15: zero-priced charges of this group, on the group's computed period of this invoice.
      if (groupLines.length === 0) continue;
      let periodStart = (groupLines[0] as ModelLine).serviceStartDate;
      let periodEnd = (groupLines[0] as ModelLine).serviceEndDate;
      for (const l of groupLines) {
        if (l.serviceStartDate < periodStart) periodStart = l.serviceStartDate;
        if (l.serviceEndDate > periodEnd) periodEnd = l.serviceEndDate;
      }
      for (const i of zeroPricedByGroup[g] as number[]) {
        const z = charges[i] as ModelCharge;
        const start = laterDay(periodStart, z.startDate);
        // Its own dates: a one-time charge's are its start day (its service period, docs/concepts/schedules.md).
        const end = earlierDay(periodEnd, z.type === 'OneTime' ? z.startDate : z.endDate);
        if (start > end) continue; // ends before the charge starts (or starts after it ends): no line
        lines.push({
          subscriptionNumber: z.subscriptionNumber,
          chargeNumber: z.chargeNumber,
          amount: 0n,
          serviceStartDate: start,
          serviceEndDate: end,
        });
      }
    }
    if (left !== 0n) throw new Error(`model: item of ${amount} exceeds what is left to bill by ${left}`);
    invoices.push(lines);
  }
  return { weights, billedTotals, total, groups, invoices };
}

/**
 * §4.3 / §7.6: percentage items get round_half_up(percentage × total); the last item takes the
 * rounding remainder. Percentages as integers over `scale` (12345 over 1000 = 12.345 %).
 */
export function amountsFromPercentages(
  total: bigint,
  percentages: readonly bigint[],
  scale: bigint,
): bigint[] {
  const out: bigint[] = [];
  let sum = 0n;
  for (let i = 0; i < percentages.length; i++) {
    if (i === percentages.length - 1) {
      out.push(total - sum);
    } else {
      const a = roundHalfUp(total * (percentages[i] as bigint), 100n * scale);
      out.push(a);
      sum += a;
    }
  }
  return out;
}
