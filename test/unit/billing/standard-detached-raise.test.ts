// planStandardBilling of a charge detached from a schedule and raised from its start since (§5.4, §8.5): the
// schedule's days `S` (from its first line through `servedThrough`) are billed their part of the raise on a line
// with their dates — what the schedule billed them scaled by their worth now over their worth at the detach
// (`servedValue`) — and the rest starts the day after S. Where that reading does not hold (no `servedValue`,
// several detachments, the schedule's lines netting nothing, a credit taking back a tail of S, a charge now ending
// inside S) the plan is the one of before. And creditMemoLines: lines with the same dates share their days' worth.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  type BilledSpan,
  type DetachedChargeTotal,
  planStandardBilling,
} from '../../../src/domain/billing/standard';
import type { RatePlanCharge } from '../../../src/domain/contract/charge';
import { creditMemoLines } from '../../../src/domain/schedule/credit';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { CURRENCIES, type Currency } from '../../../src/money/currency';
import { Dec } from '../../../src/money/decimal';
import { buildCreditMemo, buildInvoice, buildInvoiceLine } from '../../../src/testing/builders';
import { type BusinessDate, parseBusinessDate } from '../../../src/time/date';
import { charge, subscriptionOf } from '../domain/fixtures';

const USD = CURRENCIES.USD as Currency;
const d = (text: string): BusinessDate => parseBusinessDate(text)._unsafeUnwrap();
const KEY = chargeKey('S1', 'C1');

/** Case A's C1 of S1 at `price` a year, billed annually over 2023 (to `end`). */
const c1 = (price: string, end = '2023-12-31'): RatePlanCharge =>
  charge({
    number: 'C1',
    type: 'Recurring',
    price: new Dec(price),
    billingPeriod: 'Annual',
    endDate: d(end),
  });

/** C1 detached after its schedule served it 300.00 of 1,000.00/yr through 2023-04-18 (worth 300.00 then). */
const detached = (servedValue?: string | null): DetachedChargeTotal => ({
  key: KEY,
  currency: USD,
  detachment: {
    subscriptionVersion: 1,
    processingMark: 1,
    value: '1000',
    total: new Dec('1000.00'),
    setValue: '1000',
    ...(servedValue === undefined ? {} : { servedValue }),
  },
  servedThrough: { end: d('2023-04-18'), endDayPartial: false },
});

const span = (amount: string, start: string, end: string, scheduled: boolean): BilledSpan => ({
  amount: new Dec(amount),
  start: d(start),
  end: d(end),
  bills: !amount.startsWith('-'),
  scheduled,
});

/** The schedule's line: 300.00 for 2023-01-01..2023-04-18. */
const SCHEDULED = span('300.00', '2023-01-01', '2023-04-18', true);

/** The plan to 2023-06-01 of `c` with these live lines and detachments: lines and credits as `amount start..end`. */
function planOf(
  c: RatePlanCharge,
  spans: readonly BilledSpan[],
  detachments: readonly DetachedChargeTotal[],
) {
  const p = planStandardBilling({
    subscriptions: [subscriptionOf(c, c.endDate)],
    excluded: new Set(),
    billed: new Map([[KEY, spans.reduce((a, s) => a.plus(s.amount), new Dec(0))]]),
    targetDate: d('2023-06-01'),
    currency: USD,
    settings: { prorationDays: 'actual', rounding: 'halfUp' },
    detached: detachments,
    billedSpans: new Map([[KEY, spans]]),
  });
  return {
    lines: p.lines.map((l) => `${l.amount.toFixed(2)} ${l.serviceStartDate}..${l.serviceEndDate}`),
    credits: p.credits.map((x) => x.amount.toFixed(2)),
  };
}

describe('planStandardBilling: the raise of a detached charge’s served days keeps their dates (§5.4, §8.5)', () => {
  it('case A raised to 2,000.00: 300.00 for 2023-01-01..2023-04-18, then 1,400.00 for 2023-04-19..2023-12-31', () => {
    expect(planOf(c1('2000'), [SCHEDULED], [detached('300')])).toEqual({
      lines: ['300.00 2023-01-01..2023-04-18', '1400.00 2023-04-19..2023-12-31'],
      credits: [],
    });
  });

  it('without the served value (a detachment recorded before it, or null): one line of 1,700.00 from 2023-04-19, as before', () => {
    const before = { lines: ['1700.00 2023-04-19..2023-12-31'], credits: [] };
    expect(planOf(c1('2000'), [SCHEDULED], [detached()])).toEqual(before);
    expect(planOf(c1('2000'), [SCHEDULED], [detached(null)])).toEqual(before);
  });

  it('as before when the charge has two detachments, the schedule’s lines net nothing, or a credit takes back a tail of its days', () => {
    const asBefore = (spans: readonly BilledSpan[], two = false) =>
      expect(planOf(c1('2000'), spans, two ? [detached('300'), detached('300')] : [detached('300')])).toEqual(
        planOf(c1('2000'), spans, two ? [detached(), detached()] : [detached()]),
      );
    asBefore([SCHEDULED], true);
    asBefore([SCHEDULED, span('-300.00', '2023-01-01', '2023-04-18', true)]);
    asBefore([SCHEDULED, span('-133.33', '2023-03-01', '2023-04-18', false)]);
  });

  it('a later run bills nothing more, the catch-up standing beside the schedule’s line', () => {
    const spans = [
      SCHEDULED,
      span('300.00', '2023-01-01', '2023-04-18', false),
      span('1400.00', '2023-04-19', '2023-12-31', false),
    ];
    expect(planOf(c1('2000'), spans, [detached('300')])).toEqual({ lines: [], credits: [] });
  });

  it('raised again to 3,000.00: the served days get 300.00 more with their dates, the rest 700.00', () => {
    const spans = [
      SCHEDULED,
      span('300.00', '2023-01-01', '2023-04-18', false),
      span('1400.00', '2023-04-19', '2023-12-31', false),
    ];
    expect(planOf(c1('3000'), spans, [detached('300')]).lines).toEqual([
      '300.00 2023-01-01..2023-04-18',
      '700.00 2023-04-19..2023-12-31',
    ]);
  });
});

describe('creditMemoLines of a repriced charge: lines with the same service dates share their days’ worth (§8.5)', () => {
  const line = (id: string, amount: string, start: string, end: string, scheduled: boolean) =>
    buildInvoiceLine({
      id,
      subscriptionNumber: 'S1',
      chargeNumber: 'C1',
      amount,
      serviceStartDate: d(start),
      serviceEndDate: d(end),
      invoiceScheduleNumber: scheduled ? 'IS-00000001' : null,
      invoiceScheduleItemId: scheduled ? 'InvoiceScheduleItem-000001' : null,
    });
  const invoice = (number: string, lines: ReturnType<typeof line>[]) =>
    buildInvoice({
      id: number,
      number,
      status: 'Posted',
      lines,
      amount: lines.reduce((a, l) => a.plus(l.amount), new Dec(0)),
    });

  it('case A raised then lowered to 500.00 (credit 1,500.00): 450.00 off the two lines of 2023-01-01..2023-04-18 (worth 150.00 together), 1,050.00 off the rest', () => {
    const invoices = [
      invoice('INV00000001', [line('i1', '300.00', '2023-01-01', '2023-04-18', true)]),
      invoice('INV00000002', [
        line('i2', '300.00', '2023-01-01', '2023-04-18', false),
        line('i3', '1400.00', '2023-04-19', '2023-12-31', false),
      ]),
    ];
    // What a line's dates are worth at 500.00/yr.
    const worth: Record<string, string> = { i1: '150.00', i2: '150.00', i3: '350.00' };
    const lines = creditMemoLines({
      credits: [
        {
          subscriptionNumber: 'S1',
          chargeNumber: 'C1',
          chargeName: 'C1',
          amount: new Dec('1500.00'),
          creditStartDate: d('2023-01-01'),
        },
      ],
      zeroCharges: [],
      invoices,
      creditMemos: [],
      memoId: 'CM',
      invoiceScheduleNumber: null,
      invoiceScheduleItemId: null,
      fromAnySource: true,
      latestServiceFirst: true,
      lineValue: (_credit, l) => new Decimal(worth[l.id] ?? '0'),
    });
    expect(lines.map((l) => `${l.creditedInvoiceLineId} ${l.amount.toFixed(2)}`)).toEqual([
      'i3 1050.00',
      'i2 300.00',
      'i1 150.00',
    ]);
  });

  it('another charge’s cut does not change how this charge’s lines are valued: C2 cut as of 2023-10-01, C1 lowered from 1,000.00 to 600.00/yr (credit 400.00) is credited each half-year line above its worth', () => {
    const of = (id: string, chargeNumber: string, amount: string, start: string, end: string) =>
      buildInvoiceLine({
        id,
        subscriptionNumber: 'S1',
        chargeNumber,
        chargeName: chargeNumber,
        amount,
        serviceStartDate: d(start),
        serviceEndDate: d(end),
        invoiceScheduleNumber: null,
        invoiceScheduleItemId: null,
      });
    const invoices = [
      buildInvoice({
        id: 'I1',
        number: 'INV00000001',
        status: 'Posted',
        lines: [
          of('a1', 'C1', '496.44', '2023-01-01', '2023-06-30'),
          of('b1', 'C2', '496.44', '2023-01-01', '2023-06-30'),
        ],
      }),
      buildInvoice({
        id: 'I2',
        number: 'INV00000002',
        status: 'Posted',
        lines: [
          of('a2', 'C1', '503.56', '2023-07-01', '2023-12-31'),
          of('b2', 'C2', '503.56', '2023-07-01', '2023-12-31'),
        ],
      }),
    ];
    // What C1's dates are worth at 600.00/yr (181 and 184 days of 365; through 2023-09-30, 92 days).
    const worth: Record<string, string> = {
      '2023-01-01..2023-06-30': '297.53',
      '2023-07-01..2023-12-31': '302.47',
      '2023-07-01..2023-09-30': '151.23',
    };
    const credit = (creditMemos: ReturnType<typeof buildCreditMemo>[]) =>
      creditMemoLines({
        credits: [
          {
            subscriptionNumber: 'S1',
            chargeNumber: 'C1',
            chargeName: 'C1',
            amount: new Dec('400.00'),
            creditStartDate: d('2023-01-01'),
          },
        ],
        zeroCharges: [],
        invoices,
        creditMemos,
        memoId: 'CM',
        invoiceScheduleNumber: null,
        invoiceScheduleItemId: null,
        fromAnySource: true,
        latestServiceFirst: true,
        lineValue: (_credit, l) => new Decimal(worth[`${l.serviceStartDate}..${l.serviceEndDate}`] ?? '0'),
      }).map((l) => `${l.creditedInvoiceLineId} ${l.amount.toFixed(2)}`);
    const cutOfC2 = buildCreditMemo({
      lines: [
        {
          id: 'm1',
          subscriptionNumber: 'S1',
          chargeNumber: 'C2',
          chargeName: 'C2',
          amount: new Dec('252.05'),
          serviceStartDate: d('2023-10-01'),
          serviceEndDate: d('2023-12-31'),
          creditedInvoiceNumber: 'INV00000002',
          creditedInvoiceLineId: 'b2',
          invoiceScheduleNumber: null,
          invoiceScheduleItemId: null,
        },
      ],
    });
    expect(credit([])).toEqual(['a2 201.09', 'a1 198.91']);
    // A tail taken from C2's line of the same dates is C2's: C1's line is still worth its whole half-year (found in
    // the session's final read: the tails were keyed by dates alone, and C1's was valued through 2023-09-30).
    expect(credit([cutOfC2])).toEqual(['a2 201.09', 'a1 198.91']);
  });
});
