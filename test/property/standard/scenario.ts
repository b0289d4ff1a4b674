// Random standard-billing scenarios and an independent oracle for them: charge values computed with our own date
// arithmetic (UTC day numbers) and bigint fractions, rounded half-up once — nothing from src/domain or src/time.
import { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import type { InvoiceRecord } from '../../../src/ports/records';
import { expectOk, type TestBilling } from '../../support/billing';

// ---- independent calendar -------------------------------------------------------------------------------------

const DAY = 86_400_000;

function toDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}

function fromDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function plusDays(date: string, n: number): string {
  return fromDay(toDay(date) + n);
}

/** `date` + n calendar months, the day clamped to the target month's last day. */
export function plusMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDay(Date.UTC(year, month, Math.min(d, last)) / DAY);
}

export const dayOf = toDay;

/**
 * Months of [start, endInclusive] as a fraction: whole months from the start, then the days left over the next
 * month's actual days, or over 30 with the tenant's 'thirty' proration (§7.4).
 */
function months(
  start: string,
  endInclusive: string,
  proration: 'actual' | 'thirty',
): { num: bigint; den: bigint } {
  const endExclusive = toDay(endInclusive) + 1;
  let whole = 0;
  while (toDay(plusMonths(start, whole + 1)) <= endExclusive) whole += 1;
  const anchor = toDay(plusMonths(start, whole));
  const days = endExclusive - anchor;
  const monthDays = proration === 'thirty' ? 30 : toDay(plusMonths(start, whole + 1)) - anchor;
  return { num: BigInt(whole * monthDays + days), den: BigInt(monthDays) };
}

/** `num / den` rounded half-up to an integer (num ≥ 0, den > 0). */
function halfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

// ---- scenario -------------------------------------------------------------------------------------------------

export const MINOR_UNITS = { USD: 2, JPY: 0, KWD: 3 } as const;
export type Code = keyof typeof MINOR_UNITS;

export interface ChargeSpec {
  readonly number: string;
  readonly kind: 'Recurring' | 'OneTime';
  /** Price in minor units (per list price base for recurring charges). */
  readonly priceUnits: number;
  readonly listPriceBase: 'Year' | 'Month' | 'BillingPeriod';
  readonly billingPeriod: 'Month' | 'Quarter' | 'Annual';
  readonly startDate: string;
  readonly endDate: string;
}

export interface SubscriptionSpec {
  readonly number: string;
  readonly termStart: string;
  readonly termEnd: string;
  readonly charges: readonly ChargeSpec[];
}

export interface Scenario {
  readonly currency: Code;
  readonly prorationDays: 'actual' | 'thirty';
  readonly subscriptions: readonly SubscriptionSpec[];
  /** Ascending bill-run target dates; the last is on or after every charge's end. */
  readonly billRunDates: readonly string[];
}

const PERIOD_MONTHS = { Month: 1, Quarter: 3, Annual: 12 } as const;
const BASE_MONTHS = (c: ChargeSpec) =>
  c.listPriceBase === 'Year' ? 12 : c.listPriceBase === 'Month' ? 1 : PERIOD_MONTHS[c.billingPeriod];

/**
 * The charge's value in minor units: exact price × months ÷ base months, rounded half-up once, a partial last
 * month counting its days over the month's actual days. The tenant's proration does not change it: a charge has
 * one value whoever bills it (decision 17), and standard billing's last period bills what is left of it
 * (`thirty` only splits the periods before; `_proration` is kept for the callers that pass it).
 */
export function expectedValueUnits(charge: ChargeSpec, _proration: 'actual' | 'thirty'): bigint {
  if (charge.kind === 'OneTime') return BigInt(charge.priceUnits);
  const m = months(charge.startDate, charge.endDate, 'actual');
  return halfUp(BigInt(charge.priceUnits) * m.num, m.den * BigInt(BASE_MONTHS(charge)));
}

/**
 * The charge's value in minor units up to `through` (inclusive), as standard billing bills it: price × months of
 * [start, through] with the tenant's proration ÷ base months, never above the whole term's (actual days), rounded
 * half-up once; from its end on, its value.
 */
export function expectedValueUpToUnits(
  charge: ChargeSpec,
  through: string,
  proration: 'actual' | 'thirty',
): bigint {
  if (toDay(through) < toDay(charge.startDate)) return 0n;
  if (charge.kind === 'OneTime' || toDay(through) >= toDay(charge.endDate))
    return expectedValueUnits(charge, proration);
  const upTo = months(charge.startDate, through, proration);
  const term = months(charge.startDate, charge.endDate, 'actual');
  const m = upTo.num * term.den > term.num * upTo.den ? term : upTo;
  return halfUp(BigInt(charge.priceUnits) * m.num, m.den * BigInt(BASE_MONTHS(charge)));
}

const dateArb = fc.integer({ min: toDay('2023-01-01'), max: toDay('2024-12-31') }).map((d) => fromDay(d));

const subscriptionArb = (index: number) =>
  fc
    .record({
      termStart: dateArb,
      termMonths: fc.integer({ min: 1, max: 24 }),
      charges: fc.array(
        fc.record({
          kind: fc.constantFrom('Recurring', 'Recurring', 'Recurring', 'OneTime') as fc.Arbitrary<
            'Recurring' | 'OneTime'
          >,
          priceUnits: fc.integer({ min: 1, max: 5_000_000 }),
          listPriceBase: fc.constantFrom('Year', 'Month', 'BillingPeriod') as fc.Arbitrary<
            'Year' | 'Month' | 'BillingPeriod'
          >,
          billingPeriod: fc.constantFrom('Month', 'Quarter', 'Annual') as fc.Arbitrary<
            'Month' | 'Quarter' | 'Annual'
          >,
          startOffset: fc.integer({ min: 0, max: 90 }),
          endOffset: fc.integer({ min: 0, max: 90 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ termStart, termMonths, charges }): SubscriptionSpec => {
      const termEnd = plusDays(plusMonths(termStart, termMonths), -1);
      const span = toDay(termEnd) - toDay(termStart);
      return {
        number: `S${index + 1}`,
        termStart,
        termEnd,
        charges: charges.map((c, j) => {
          const start = Math.min(c.startOffset, span);
          const end = Math.max(start, span - c.endOffset);
          return {
            number: `C${index + 1}-${j + 1}`,
            kind: c.kind,
            priceUnits: c.priceUnits,
            listPriceBase: c.listPriceBase,
            billingPeriod: c.billingPeriod,
            startDate: plusDays(termStart, start),
            endDate: plusDays(termStart, end),
          };
        }),
      };
    });

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    currency: fc.constantFrom<Code>('USD', 'JPY', 'KWD'),
    prorationDays: fc.constantFrom<'actual' | 'thirty'>('actual', 'thirty'),
    subscriptions: fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => subscriptionArb(i)))),
    runPositions: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 8 }),
    tail: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ currency, prorationDays, subscriptions, runPositions, tail }) => {
    const starts = subscriptions.flatMap((s) => s.charges.map((c) => toDay(c.startDate)));
    const ends = subscriptions.flatMap((s) => s.charges.map((c) => toDay(c.endDate)));
    const first = Math.min(...starts) - 30;
    const last = Math.max(...ends) + tail;
    const dates = new Set(runPositions.map((p) => first + Math.floor(((last - first) * p) / 1000)));
    dates.add(last);
    return {
      currency,
      prorationDays,
      subscriptions,
      billRunDates: [...dates].sort((a, b) => a - b).map(fromDay),
    };
  });

// ---- running it -----------------------------------------------------------------------------------------------

function formatUnits(units: number, minorUnits: number): string {
  if (minorUnits === 0) return String(units);
  const s = String(units).padStart(minorUnits + 1, '0');
  return `${s.slice(0, -minorUnits)}.${s.slice(-minorUnits)}`;
}

/** Saves the account and one order creating every subscription, each with the given invoiceSeparately flag. */
export async function setUp(
  billing: TestBilling,
  scenario: Scenario,
  invoiceSeparately: boolean,
): Promise<void> {
  const minor = MINOR_UNITS[scenario.currency];
  expectOk(
    await saveNewAccount(billing.context, {
      id: 'acc-A-001',
      number: 'A-001',
      name: 'A',
      currency: scenario.currency,
    }),
  );
  expectOk(
    await saveNewOrder(billing.context, {
      number: 'O-0001',
      accountNumber: 'A-001',
      orderDate: scenario.subscriptions[0]?.termStart ?? '2023-01-01',
      actions: scenario.subscriptions.map((s) => ({
        type: 'CreateSubscription',
        subscriptionNumber: s.number,
        termType: 'Termed',
        termStart: s.termStart,
        termEnd: s.termEnd,
        invoiceSeparately,
        ratePlans: [
          {
            id: `rp-${s.number}`,
            name: `Plan ${s.number}`,
            charges: s.charges.map((c) => ({
              number: c.number,
              name: c.number,
              type: c.kind,
              price: formatUnits(c.priceUnits, minor),
              startDate: c.startDate,
              ...(c.kind === 'Recurring'
                ? { endDate: c.endDate, listPriceBase: c.listPriceBase, billingPeriod: c.billingPeriod }
                : {}),
            })),
          },
        ],
      })),
    }),
  );
  expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }));
}

/** Runs every bill run of the scenario; returns the invoices they produced, in order. */
export async function runAll(billing: TestBilling, scenario: Scenario): Promise<InvoiceRecord[]> {
  const out: InvoiceRecord[] = [];
  for (const targetDate of scenario.billRunDates) {
    const run = expectOk(await runBillRun(billing.context, { targetDate }));
    expect(run.failures).toEqual([]);
    expect(run.creditMemoNumbers, `no credit without a removal (run ${targetDate})`).toEqual([]);
    for (const number of run.invoiceNumbers) {
      const invoice = billing.store.probe.invoice(number);
      if (!invoice) expect.fail(`invoice ${number} of run ${targetDate} is not in the store`);
      out.push(invoice);
    }
  }
  return out;
}

/** Converts a decimal string amount to minor units. */
export function units(amount: { toString(): string } | string, minorUnits: number): bigint {
  const s = typeof amount === 'string' ? amount : amount.toString();
  const negative = s.startsWith('-');
  const [whole, frac = ''] = (negative ? s.slice(1) : s).split('.');
  const value = BigInt(`${whole}${frac.padEnd(minorUnits, '0').slice(0, minorUnits)}` || '0');
  expect(
    frac.length <= minorUnits || /^0*$/.test(frac.slice(minorUnits)),
    `${s} at scale ${minorUnits}`,
  ).toBe(true);
  return negative ? -value : value;
}
