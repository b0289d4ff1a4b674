// fast-check generators for invoice-schedule scenarios, and the plain inputs (account, order, create
// request) built from them as a host application would write them. Every generated charge comes
// with an independent oracle of its value (exact bigint arithmetic, half-up once at the end, §4.4),
// so properties can check the library's figures without trusting its own charge-value code.
import { fc } from '@fast-check/vitest';
import { CURRENCIES, type Currency } from '../../src/money/currency';
import {
  addDays,
  addMonths,
  type BusinessDate,
  businessDate,
  daysBetween,
  monthsBetween,
} from '../../src/time/date';

/** Currencies of 0, 2 and 3 decimals (dinero.js habit). */
export const CURRENCY_CODES = ['JPY', 'USD', 'KWD'] as const;

/** The currency table entry of a code. */
export function currencyOf(code: string): Currency {
  const currency = CURRENCIES[code];
  if (!currency) throw new Error(`test: unknown currency ${code}`);
  return currency;
}

/** Formats a count of minor units at the currency's scale: 12345n USD → "123.45", JPY → "12345". */
export function formatUnits(units: bigint, minorUnits: number): string {
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(minorUnits + 1, '0');
  const body = minorUnits === 0 ? abs : `${abs.slice(0, -minorUnits)}.${abs.slice(-minorUnits)}`;
  return negative ? `-${body}` : body;
}

/** Parses a decimal string at the currency scale back to minor units (test oracle side). */
export function toUnits(amount: { toFixed(dp: number): string }, minorUnits: number): bigint {
  return BigInt(amount.toFixed(minorUnits).replace('.', ''));
}

/** Half-up division of non-negative bigints. */
function divHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/**
 * Decision 2 / C10, independently: the charges' exact values are rounded once in total (half-up);
 * each charge gets its value rounded down and the units left go to the largest remainders, the
 * earlier charge (lower `rank`, default the list's order) first on ties.
 */
function roundOnceInTotal(
  exact: readonly { num: bigint; den: bigint }[],
  rank: readonly number[] = exact.map((_, i) => i),
): bigint[] {
  let totalNum = 0n;
  let totalDen = 1n;
  for (const x of exact) {
    totalNum = totalNum * x.den + x.num * totalDen;
    totalDen *= x.den;
  }
  const floors = exact.map((x) => x.num / x.den);
  let left = divHalfUp(totalNum, totalDen) - floors.reduce((a, b) => a + b, 0n);
  const order = exact
    .map((x, i) => ({ i, rest: x.num % x.den, den: x.den }))
    .sort((a, b) => {
      const diff = b.rest * a.den - a.rest * b.den;
      return diff > 0n ? 1 : diff < 0n ? -1 : (rank[a.i] as number) - (rank[b.i] as number);
    });
  const out = [...floors];
  for (const { i } of order) {
    if (left <= 0n) break;
    out[i] = (out[i] as bigint) + 1n;
    left -= 1n;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Generated shapes (plain data, easy to print when a property fails)

/** A regular charge as generated: positions inside the term are per-mille of the term's days. */
export interface ChargeGen {
  readonly type: 'OneTime' | 'Recurring';
  readonly units: bigint;
  readonly quantity: 1 | 2 | 3;
  readonly listPriceBase: 'Year' | 'Month';
  /** Index into the billing periods allowed for the term (all are ≥ the term, §4.2 rule 5). */
  readonly periodChoice: number;
  /** 0 = the term start; else per-mille of the term where the charge starts. */
  readonly startPermille: number;
  /** 0 = the term end; else per-mille of the rest of the term where the charge ends. */
  readonly endPermille: number;
}

/** A percentage discount of the subscription's only rate plan, in basis points (1250 = 12.5 %). */
export interface DiscountGen {
  readonly basisPoints: number;
  /**
   * true: the whole term; false: only the first half of it. A discount must cover the whole of each charge it
   * overlaps (`DiscountCoversPartOfCharge`), so with a first-half discount the recurring charges starting in the
   * first half end in it too (`buildAccount`): they are discounted, those starting later are not.
   */
  readonly wholeTerm: boolean;
}

/** A termed subscription of whole months. */
export interface SubscriptionGen {
  /** Days after 2022-01-01 (so starts fall within about two years, on any day of the month). */
  readonly startOffset: number;
  readonly termMonths: number;
  readonly charges: readonly ChargeGen[];
  readonly discounts: readonly DiscountGen[];
}

/** An account with one order creating its subscriptions. */
export interface AccountGen {
  readonly currency: (typeof CURRENCY_CODES)[number];
  readonly subscriptions: readonly SubscriptionGen[];
}

const ORIGIN = businessDate(2022, 1, 1);

const unitsArb = fc.oneof(
  { arbitrary: fc.constant(0n), weight: 1 },
  { arbitrary: fc.bigInt({ min: 1n, max: 5_000n }), weight: 2 },
  { arbitrary: fc.bigInt({ min: 1n, max: 2_000_000_000n }), weight: 6 },
);

/** One regular charge: one-time, or recurring Per Year / Per Month with a long billing period. */
export const chargeGenArb: fc.Arbitrary<ChargeGen> = fc.record({
  type: fc.constantFrom<'OneTime' | 'Recurring'>('OneTime', 'Recurring', 'Recurring'),
  units: unitsArb,
  quantity: fc.constantFrom<1 | 2 | 3>(1, 1, 1, 2, 3),
  listPriceBase: fc.constantFrom<'Year' | 'Month'>('Year', 'Month'),
  periodChoice: fc.nat({ max: 1000 }),
  startPermille: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.integer({ min: 1, max: 999 })),
  endPermille: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.integer({ min: 1, max: 999 })),
});

export const discountGenArb: fc.Arbitrary<DiscountGen> = fc.record({
  basisPoints: fc.oneof(fc.constantFrom(1000, 2000, 5000), fc.integer({ min: 1, max: 5000 })),
  wholeTerm: fc.boolean(),
});

export const subscriptionGenArb: fc.Arbitrary<SubscriptionGen> = fc.record({
  startOffset: fc.integer({ min: 0, max: 730 }),
  termMonths: fc.integer({ min: 1, max: 36 }),
  charges: fc.array(chargeGenArb, { minLength: 1, maxLength: 3 }),
  discounts: fc.oneof(
    { arbitrary: fc.constant([]), weight: 2 },
    fc.array(discountGenArb, { minLength: 1, maxLength: 2 }),
  ),
});

export const accountGenArb: fc.Arbitrary<AccountGen> = fc.record({
  currency: fc.constantFrom(...CURRENCY_CODES),
  subscriptions: fc.array(subscriptionGenArb, { minLength: 1, maxLength: 5 }),
});

// ---------------------------------------------------------------------------------------------------------
// Building plain inputs and the oracle

/** What the tests know about a charge independently of the library. */
export interface ChargeOracle {
  readonly subscriptionNumber: string;
  readonly chargeNumber: string;
  readonly type: 'OneTime' | 'Recurring';
  readonly startDate: BusinessDate;
  readonly endDate: BusinessDate;
  /**
   * Value over the term net of discounts, in minor units (§4.4), rounded with the others as a set in
   * the charges' list order; `valuesInConsumptionOrder` gives the values for a grouping setting.
   */
  readonly valueUnits: bigint;
  /** The exact value in minor units, num / den. */
  readonly exact: { readonly num: bigint; readonly den: bigint };
}

/**
 * Decision 2's billed totals for a grouping setting, independently: the ties of the set rounding go
 * to the earlier charge in consumption order (§7.2: `term` — a group starts at the earliest start
 * left, ends at the latest end of the charges starting then and takes every charge inside it, a
 * one-time charge's term being its start day; `startDate` — charges sharing a start date; the list's
 * order inside a group).
 */
export function valuesInConsumptionOrder(
  charges: readonly ChargeOracle[],
  grouping: 'term' | 'startDate',
): Map<ChargeOracle, bigint> {
  const rank = new Map<ChargeOracle, number>();
  // Zero-valued charges never shape the groups (decision 15); they rank last.
  let left = charges.filter((c) => c.exact.num !== 0n);
  const termEnd = (c: ChargeOracle) => (c.type === 'OneTime' ? c.startDate : c.endDate);
  while (left.length > 0) {
    const start = left.map((c) => c.startDate).sort()[0] as string;
    const end = left
      .filter((c) => c.startDate === start)
      .map(termEnd)
      .sort()
      .at(-1) as string;
    const inGroup = (c: ChargeOracle) =>
      grouping === 'startDate' ? c.startDate === start : c.startDate >= start && termEnd(c) <= end;
    for (const c of left.filter(inGroup)) rank.set(c, rank.size);
    left = left.filter((c) => !inGroup(c));
  }
  for (const c of charges) if (!rank.has(c)) rank.set(c, rank.size);
  const rounded = roundOnceInTotal(
    charges.map((c) => c.exact),
    charges.map((c) => rank.get(c) as number),
  );
  return new Map(charges.map((c, i) => [c, rounded[i] as bigint]));
}

/** An account scenario as inputs for `saveNewAccount` / `saveNewOrder`, plus the oracle. */
export interface BuiltAccount {
  readonly accountNumber: string;
  readonly orderNumber: string;
  readonly currency: Currency;
  readonly accountInput: Readonly<Record<string, unknown>>;
  readonly orderInput: { readonly accountNumber: string } & Readonly<Record<string, unknown>>;
  readonly charges: readonly ChargeOracle[];
  readonly totalUnits: bigint;
  /** Earliest subscription start. */
  readonly firstStart: BusinessDate;
}

/** Billing periods of at least `months` months: fixed ones, then SpecificMonths of months..months+24. */
function billingPeriodsFor(months: number): readonly Record<string, unknown>[] {
  const fixed: [string, number][] = [
    ['Annual', 12],
    ['EighteenMonths', 18],
    ['TwoYears', 24],
    ['ThreeYears', 36],
    ['FiveYears', 60],
  ];
  const out: Record<string, unknown>[] = fixed
    .filter(([, m]) => m >= months)
    .map(([billingPeriod]) => ({ billingPeriod }));
  for (let m = months; m <= months + 24; m++) {
    out.push({ billingPeriod: 'SpecificMonths', specificBillingPeriodMonths: m });
  }
  return out;
}

function within(start: BusinessDate, end: BusinessDate, permille: number): BusinessDate {
  return addDays(start, Math.floor((daysBetween(start, end) * permille) / 1000));
}

/**
 * Turns a generated account into plain inputs. Subscriptions are `<prefix>S<i>`, charges `<prefix>C<i>-<j>`,
 * discounts `<prefix>D<i>-<j>`: unique across accounts built with different prefixes.
 */
export function buildAccount(gen: AccountGen, prefix = ''): BuiltAccount {
  const currency = currencyOf(gen.currency);
  const accountNumber = `${prefix}A-001`;
  const orderNumber = `${prefix}O-0001`;
  const charges: ChargeOracle[] = [];
  const exactValues: { num: bigint; den: bigint }[] = [];
  let firstStart: BusinessDate | null = null;
  const actions = gen.subscriptions.map((sub, i) => {
    const subscriptionNumber = `${prefix}S${i + 1}`;
    const termStart = addDays(ORIGIN, sub.startOffset);
    const termEnd = addDays(addMonths(termStart, sub.termMonths), -1);
    if (firstStart === null || termStart < firstStart) firstStart = termStart;
    const periods = billingPeriodsFor(sub.termMonths);
    const discounts = sub.discounts.map((d, j) => ({
      number: `${prefix}D${i + 1}-${j + 1}`,
      startDate: termStart,
      endDate: d.wholeTerm ? termEnd : within(termStart, termEnd, 500),
      basisPoints: d.basisPoints,
    }));
    // The last day of a first-half discount: a recurring charge starting by then ends by then (a one-time charge
    // starting by then is covered, the discount starting at the term start, whatever its end date).
    const half = discounts.find((d) => d.endDate !== termEnd)?.endDate ?? null;
    const regular = sub.charges.map((c, j) => {
      const number = `${prefix}C${i + 1}-${j + 1}`;
      const startDate = within(termStart, termEnd, c.startPermille);
      const lastDay = c.type === 'Recurring' && half !== null && startDate <= half ? half : termEnd;
      const endDate =
        c.type === 'OneTime'
          ? termEnd
          : c.endPermille === 0
            ? lastDay
            : within(startDate, lastDay, 1000 - c.endPermille);
      // §4.2 rule 3: discounts of the rate plan apply to the regular charges they overlap; they add (C26).
      const basisPoints = discounts
        .filter((d) => d.startDate <= endDate && d.endDate >= startDate)
        .reduce((acc, d) => acc + BigInt(d.basisPoints), 0n);
      const gross = c.units * BigInt(c.quantity);
      let num: bigint;
      let den: bigint;
      if (c.type === 'OneTime') {
        num = gross;
        den = 1n;
      } else {
        const months = monthsBetween(startDate, endDate);
        num = gross * months.num;
        den = months.den * (c.listPriceBase === 'Year' ? 12n : 1n);
      }
      const valueUnits = 0n;
      const exact = { num: num * (10_000n - basisPoints), den: den * 10_000n };
      exactValues.push(exact);
      charges.push({
        subscriptionNumber,
        chargeNumber: number,
        type: c.type,
        startDate,
        endDate,
        valueUnits,
        exact,
      });
      return {
        number,
        name: `Charge ${number}`,
        type: c.type,
        price: formatUnits(c.units, currency.minorUnits),
        ...(c.quantity === 1 ? {} : { quantity: String(c.quantity) }),
        ...(c.type === 'Recurring'
          ? { listPriceBase: c.listPriceBase, ...periods[c.periodChoice % periods.length] }
          : {}),
        startDate,
        ...(c.type === 'Recurring' ? { endDate } : {}),
      };
    });
    return {
      type: 'CreateSubscription',
      subscriptionNumber,
      termType: 'Termed',
      termStart,
      termEnd,
      ratePlans: [
        {
          id: `rp-${subscriptionNumber}`,
          name: `Plan ${subscriptionNumber}`,
          charges: [
            ...regular,
            ...discounts.map((d) => ({
              number: d.number,
              name: `Discount ${d.number}`,
              type: 'DiscountPercentage',
              discountPercentage: formatUnits(BigInt(d.basisPoints), 2),
              startDate: d.startDate,
              endDate: d.endDate,
            })),
          ],
        },
      ],
    };
  });
  const rounded = roundOnceInTotal(exactValues);
  for (const [i, c] of charges.entries()) charges[i] = { ...c, valueUnits: rounded[i] as bigint };
  return {
    accountNumber,
    orderNumber,
    currency,
    accountInput: {
      id: `acc-${accountNumber}`,
      number: accountNumber,
      name: `Account ${accountNumber}`,
      currency: gen.currency,
    },
    orderInput: { number: orderNumber, accountNumber, orderDate: firstStart ?? ORIGIN, actions },
    charges,
    totalUnits: charges.reduce((acc, c) => acc + c.valueUnits, 0n),
    firstStart: firstStart ?? ORIGIN,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Schedules

/** A schedule plan over a built account: item amounts (units, each > 0, Σ = total) and run dates. */
export interface SchedulePlan {
  readonly amountsUnits: readonly bigint[];
  readonly runDates: readonly BusinessDate[];
}

/**
 * A random split of `total` minor units into 1..maxItems positive parts (cut points), with strictly
 * increasing run dates starting within two months before to a year after `firstStart`.
 */
export function schedulePlanArb(
  total: bigint,
  firstStart: BusinessDate,
  maxItems = 8,
): fc.Arbitrary<SchedulePlan> {
  const maxCount = Number(total < BigInt(maxItems) ? total : BigInt(maxItems));
  return fc.integer({ min: 1, max: maxCount }).chain((count) =>
    fc
      .record({
        cuts: fc.uniqueArray(fc.bigInt({ min: 1n, max: total - 1n > 0n ? total - 1n : 1n }), {
          minLength: count - 1,
          maxLength: count - 1,
        }),
        firstRun: fc.integer({ min: -60, max: 365 }),
        gaps: fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 400 })), {
          minLength: count - 1,
          maxLength: count - 1,
        }),
      })
      .map(({ cuts, firstRun, gaps }) => {
        const points = [0n, ...[...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), total];
        const amountsUnits = points.slice(1).map((p, i) => p - (points[i] as bigint));
        const runDates: BusinessDate[] = [addDays(firstStart, firstRun)];
        for (const gap of gaps) runDates.push(addDays(runDates[runDates.length - 1] as BusinessDate, gap));
        return { amountsUnits, runDates };
      }),
  );
}

/** Tenant settings the properties vary: both consumption orders (§7.2) and both day counts (§7.4). */
export const scheduleSettingsArb = fc.record({
  chargeGrouping: fc.constantFrom<'term' | 'startDate'>('term', 'startDate'),
  prorationDays: fc.constantFrom<'actual' | 'thirty'>('actual', 'thirty'),
});

/** Bill-run target dates as per-mille positions in [first run − 30 days, last run + 30 days] (any order). */
export const billRunPositionsArb = fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 8 });

/** Maps bill-run positions to dates around a plan's run dates. */
export function billRunDates(plan: SchedulePlan, positions: readonly number[]): BusinessDate[] {
  const from = addDays(plan.runDates[0] as BusinessDate, -30);
  const to = addDays(plan.runDates[plan.runDates.length - 1] as BusinessDate, 30);
  return positions.map((p) => within(from, to, p));
}

/** An account with positive total and a schedule plan over it. */
export interface ScheduleScenario {
  readonly gen: AccountGen;
  readonly account: BuiltAccount;
  readonly plan: SchedulePlan;
}

/** An account scenario (total > 0) with a schedule plan; `prefix` names its numbers. */
export function scheduleScenarioArb(prefix = '', accountArb = accountGenArb): fc.Arbitrary<ScheduleScenario> {
  return accountArb
    .map((gen) => ({ gen, account: buildAccount(gen, prefix) }))
    .filter(({ account }) => account.totalUnits > 0n)
    .chain(({ gen, account }) =>
      schedulePlanArb(account.totalUnits, account.firstStart).map((plan) => ({ gen, account, plan })),
    );
}

/** The create request of a plan, amounts as decimal strings at the currency scale. */
export function createRequest(scenario: ScheduleScenario): {
  accountNumber: string;
  orders: string[];
  items: { runDate: string; amount: string }[];
} {
  const { account, plan } = scenario;
  return {
    accountNumber: account.accountNumber,
    orders: [account.orderNumber],
    items: plan.amountsUnits.map((units, i) => ({
      runDate: plan.runDates[i] as string,
      amount: formatUnits(units, account.currency.minorUnits),
    })),
  };
}

/** One step of a schedule's life: a bill run, or an invoice action on the n-th eligible invoice (§6.4). */
export type LifeStep =
  | { readonly kind: 'billRun'; readonly position: number }
  | { readonly kind: 'cancel' | 'post' | 'reverse'; readonly pick: number };

/** Bill runs interleaved with cancel (Draft), post (Draft) and reverse (Posted) steps. */
export const lifeStepsArb: fc.Arbitrary<LifeStep[]> = fc.array(
  fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('billRun' as const),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
      weight: 3,
    },
    fc.record({
      kind: fc.constantFrom('cancel' as const, 'post' as const, 'reverse' as const),
      pick: fc.nat({ max: 20 }),
    }),
  ),
  { maxLength: 14 },
);
