import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal';
import { runBillRun } from '../../src/operations/bill-run';
import { detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  repriceFromStart,
  yearly,
} from '../support/scenarios';

// §5.4, §8.5: a charge billed partly by an invoice schedule and then detached is billed the rest by standard
// billing. When its price is later raised from its start (Update Product), part of the raise belongs to the days
// the schedule billed: standard billing bills that part on a line with those days' dates — the detachment records
// what they were worth when it was made (`servedValue`) — and the rest from the day after them. The amounts were
// right before; the dates were not: one line of the whole difference, dated from the day after the schedule's
// last line.
//
// Case A: account A-001, S1/C1 1,000.00/yr over 2023 billed annually, a schedule of items 300.00 (run 2023-02-01)
// and 700.00 (run 2023-06-01). The 2023-02-01 run bills INV00000001: C1 300.00 2023-01-01..2023-04-18 (posted);
// then C1 is detached.

type Run = { readonly invoiceNumbers: readonly string[]; readonly creditMemoNumbers: readonly string[] };

/** The lines of C1 on the live invoices (all, or a run's) and on the credit memos, as `amount start..end`, memo lines negated. */
function lines(billing: TestBilling, run?: Run): string[] {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  return [
    ...invoices
      .filter((i) =>
        run === undefined
          ? i.status === 'Posted' || i.status === 'Draft'
          : run.invoiceNumbers.includes(i.number),
      )
      .flatMap((i) =>
        i.lines
          .filter((l) => l.chargeNumber === 'C1')
          .map((l) => `${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`),
      ),
    ...creditMemos
      .filter((m) => run === undefined || run.creditMemoNumbers.includes(m.number))
      .flatMap((m) =>
        m.lines
          .filter((l) => l.chargeNumber === 'C1')
          .map((l) => `-${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`),
      ),
  ];
}

/** What C1's live lines net per service period (invoice lines minus credit memo lines), as text. */
function netByDates(billing: TestBilling): Record<string, string> {
  const net = new Map<string, Decimal>();
  for (const line of lines(billing)) {
    const [amount = '', dates = ''] = line.split(' ');
    net.set(dates, (net.get(dates) ?? new Dec(0)).plus(amount));
  }
  return Object.fromEntries([...net].map(([dates, d]) => [dates, d.toFixed(2)]));
}

/** A bill run on `targetDate`: C1's lines on the documents it made. */
async function run(billing: TestBilling, targetDate: string): Promise<string[]> {
  return lines(billing, expectOk(await runBillRun(billing.context, { targetDate })));
}

async function detachC1(billing: TestBilling): Promise<void> {
  expectOk(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
    }),
  );
}

/** The detachment the schedule recorded for C1. */
const detachmentOfC1 = (billing: TestBilling) =>
  billing.store.probe.invoiceSchedule('IS-00000001')?.charges.find((c) => c.chargeNumber === 'C1')
    ?.detachment;

/** Case A up to the detach of C1. */
async function caseA(): Promise<TestBilling> {
  const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1000.00' }])], {
    now: '2023-01-01T12:00:00Z',
  });
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-02-01', amount: '300.00' },
      { runDate: '2023-06-01', amount: '700.00' },
    ],
  });
  await billAndPost(billing, ['2023-02-01']);
  expect(lines(billing)).toEqual(['300.00 2023-01-01..2023-04-18']);
  await detachC1(billing);
  return billing;
}

/** Case A, C1 then raised to 2,000.00/yr from its start (order O-0002 unless told). */
async function raised(billing: TestBilling, number = 'O-0002'): Promise<TestBilling> {
  await repriceFromStart(billing, { number, orderDate: '2023-05-01', price: '2000.00' });
  return billing;
}

describe('§5.4, §8.5: a detached charge raised from its start bills the raise of the schedule’s days with their dates (case A)', () => {
  it('the detach records what the served days were worth: 300.00 for 2023-01-01..2023-04-18, as an exact fraction', async () => {
    const billing = await caseA();
    expect(detachmentOfC1(billing)?.servedValue).toBe('300');
  });

  it('raised to 2,000.00: the 2023-06-01 run bills 300.00 for 2023-01-01..2023-04-18 and 1,400.00 for 2023-04-19..2023-12-31; a second run bills nothing', async () => {
    const billing = await raised(await caseA());
    expect(await run(billing, '2023-06-01')).toEqual([
      '300.00 2023-01-01..2023-04-18',
      '1400.00 2023-04-19..2023-12-31',
    ]);
    expect(await run(billing, '2023-06-01')).toEqual([]);
  });

  it('term and C1 first extended to 2024-12-31, then raised: 2023-06-01 bills as for one year (300.00 + 1,400.00), 2024-01-01 bills 2,000.00 for 2024 only', async () => {
    // The extension adds a second annual period; the first one's figures stay: the schedule's days are worth
    // 300.00 of 1,000.00/yr before (the same 3.6 months of a two-year charge worth 2,000.00) and 600.00 after.
    const billing = await caseA();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-04-01',
      actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2024-12-31' }],
    });
    await raised(billing, 'O-0003');
    expect(await run(billing, '2023-06-01')).toEqual([
      '300.00 2023-01-01..2023-04-18',
      '1400.00 2023-04-19..2023-12-31',
    ]);
    expect(await run(billing, '2024-01-01')).toEqual(['2000.00 2024-01-01..2024-12-31']);
    expect(await run(billing, '2024-06-01')).toEqual([]);
  });

  it('JPY: 7/yr, items 1 and 6, item 1 billing 1 through 2023-02-20, detached, raised to 13: 1 for 2023-01-01..2023-02-20, 11 for 2023-02-21..2023-12-31', async () => {
    // The billed 2 (1 + the catch-up 1) reads as through 2023-02-24 at 13/yr: the rest starts where the schedule
    // left off, not there.
    const billing = newBilling();
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [yearly('S1', [{ number: 'C1', price: '7' }])],
    });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-01', amount: '1' },
        { runDate: '2023-06-01', amount: '6' },
      ],
    });
    await billAndPost(billing, ['2023-02-01']);
    expect(lines(billing)).toEqual(['1 2023-01-01..2023-02-20']);
    await detachC1(billing);
    expect(detachmentOfC1(billing)?.servedValue).toBe('1');
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-05-01', price: '13' });
    expect(await run(billing, '2023-06-01')).toEqual([
      '1 2023-01-01..2023-02-20',
      '11 2023-02-21..2023-12-31',
    ]);
    expect(await run(billing, '2023-06-01')).toEqual([]);
  });

  it('lowered to 500.00 first (credit 150.00 for the schedule’s days, 350.00 billed after them), then raised to 2,000.00: 450.00 for 2023-01-01..2023-04-18 and 1,050.00 for 2023-04-19..2023-12-31', async () => {
    const billing = await caseA();
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-05-01', price: '500.00' });
    expect(await run(billing, '2023-06-01')).toEqual([
      '350.00 2023-04-19..2023-12-31',
      '-150.00 2023-01-01..2023-04-18',
    ]);
    await repriceFromStart(billing, { number: 'O-0003', orderDate: '2023-05-02', price: '2000.00' });
    expect(await run(billing, '2023-06-01')).toEqual([
      '450.00 2023-01-01..2023-04-18',
      '1050.00 2023-04-19..2023-12-31',
    ]);
    expect(await run(billing, '2023-06-01')).toEqual([]);
  });

  it('guard: term cut to 2023-02-28 (credit 133.33 for 2023-03-01..2023-04-18), then put back to 2023-12-31: 833.33 for 2023-03-01..2023-12-31, never a line over 2023-01-01..2023-02-28', async () => {
    // The credit took back a tail of the schedule's days: those days are owed again, billed by the other rules.
    const billing = await caseA();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-04-01',
      actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2023-02-28' }],
    });
    expect(await run(billing, '2023-04-01')).toEqual(['-133.33 2023-03-01..2023-04-18']);
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-04-02',
      actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2023-12-31' }],
    });
    expect(await run(billing, '2023-06-01')).toEqual(['833.33 2023-03-01..2023-12-31']);
    expect(await run(billing, '2023-06-01')).toEqual([]);
  });

  it('raised to 2,000.00, then lowered to 500.00: the credits leave the schedule’s days netting 150.00 and the rest 350.00; removed as of 2023-04-19: one credit of 350.00 for 2023-04-19..2023-12-31', async () => {
    const billing = await raised(await caseA());
    expect(await run(billing, '2023-06-01')).toEqual([
      '300.00 2023-01-01..2023-04-18',
      '1400.00 2023-04-19..2023-12-31',
    ]);
    await repriceFromStart(billing, { number: 'O-0003', orderDate: '2023-05-02', price: '500.00' });
    // The two lines of the schedule's days (its 300.00 and the catch-up's) are worth 150.00 together, not each:
    // 450.00 comes off them, the catch-up first (the later invoice), and 1,050.00 off the rest.
    expect(await run(billing, '2023-06-01')).toEqual([
      '-1050.00 2023-04-19..2023-12-31',
      '-300.00 2023-01-01..2023-04-18',
      '-150.00 2023-01-01..2023-04-18',
    ]);
    expect(netByDates(billing)).toEqual({
      '2023-01-01..2023-04-18': '150.00',
      '2023-04-19..2023-12-31': '350.00',
    });
    await givenActivatedOrder(billing, {
      number: 'O-0004',
      orderDate: '2023-05-03',
      actions: removeProducts(['S1'], '2023-04-19'),
    });
    expect(await run(billing, '2023-06-01')).toEqual(['-350.00 2023-04-19..2023-12-31']);
    expect(netByDates(billing)).toEqual({
      '2023-01-01..2023-04-18': '150.00',
      '2023-04-19..2023-12-31': '0.00',
    });
  });
});

describe('§5.4, §8.5: where the schedule’s days are not one line, or a cut follows the catch-up (re-read of the change)', () => {
  it('two schedule lines billed before the detach (300.00 + 300.00, served through a partly consumed 2023-08-07), raised to 2,000.00 then lowered back to 1,000.00: billed as before this change (one line from the day the schedule stopped), each line back at its worth', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1000.00' }])], {
      now: '2023-01-01T12:00:00Z',
    });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-01', amount: '300.00' },
        { runDate: '2023-03-01', amount: '300.00' },
        { runDate: '2023-06-01', amount: '400.00' },
      ],
    });
    await billAndPost(billing, ['2023-02-01', '2023-03-01']);
    await detachC1(billing);
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-02', price: '2000.00' });
    expect(await run(billing, '2023-03-02')).toEqual(['1400.00 2023-08-07..2023-12-31']);
    await repriceFromStart(billing, { number: 'O-0003', orderDate: '2023-03-03', price: '1000.00' });
    expect(await run(billing, '2023-03-03')).toEqual(['-1000.00 2023-08-07..2023-12-31']);
    expect(netByDates(billing)).toEqual({
      '2023-01-01..2023-04-18': '300.00',
      '2023-04-19..2023-08-07': '300.00',
      '2023-08-07..2023-12-31': '400.00',
    });
  });

  it('raised to 2,000.00 and billed, then removed as of 2023-06-01 and lowered back to 1,000.00: the credit takes the catch-up’s 300.00 with its dates and leaves 2023-04-19..2023-05-31 its 116.67', async () => {
    const billing = await raised(await caseA());
    expect(await run(billing, '2023-05-01')).toEqual([
      '300.00 2023-01-01..2023-04-18',
      '1400.00 2023-04-19..2023-12-31',
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-05-02',
      actions: removeProducts(['S1'], '2023-06-01'),
    });
    await repriceFromStart(billing, { number: 'O-0004', orderDate: '2023-05-03', price: '1000.00' });
    expect(await run(billing, '2023-06-01')).toEqual([
      '-1283.33 2023-06-01..2023-12-31',
      '-300.00 2023-01-01..2023-04-18',
    ]);
    // The memo line credits the 1,400.00 line (1,400.00 − 1,283.33 = 116.67 left for 2023-04-19..2023-05-31).
    expect(netByDates(billing)).toEqual({
      '2023-01-01..2023-04-18': '300.00',
      '2023-04-19..2023-12-31': '1400.00',
      '2023-06-01..2023-12-31': '-1283.33',
    });
  });

  it('C23’s partly consumed last day (12,000.00/yr, 3,580.00 through 2023-04-18), removed as of 2023-04-19, detached, the rest 20.00 on 2023-04-18, then raised to 24,000.00: 3,580.00 for the schedule’s days and 20.00 more for 2023-04-18', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '12000.00' }])], {
      now: '2023-01-01T12:00:00Z',
    });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-01', amount: '3580.00' },
        { runDate: '2023-06-01', amount: '8420.00' },
      ],
    });
    await billAndPost(billing, ['2023-02-01']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-04-01',
      actions: removeProducts(['S1'], '2023-04-19'),
    });
    await detachC1(billing);
    expect(await run(billing, '2023-04-19')).toEqual(['20.00 2023-04-18..2023-04-18']);
    await repriceFromStart(billing, { number: 'O-0003', orderDate: '2023-04-20', price: '24000.00' });
    expect(await run(billing, '2023-04-20')).toEqual([
      '3580.00 2023-01-01..2023-04-18',
      '20.00 2023-04-18..2023-04-18',
    ]);
    expect(netByDates(billing)).toEqual({
      '2023-01-01..2023-04-18': '7160.00',
      '2023-04-18..2023-04-18': '40.00',
    });
  });

  it('raised to 2,000.00 and billed, the term cut into the schedule’s days (2023-04-10), put back, then lowered to 500.00: the schedule’s line is worth its days up to the cut (138.89 with the cut’s credit), the re-billed days from 2023-04-11 their 361.11', async () => {
    const billing = await raised(await caseA());
    expect(await run(billing, '2023-05-01')).toEqual([
      '300.00 2023-01-01..2023-04-18',
      '1400.00 2023-04-19..2023-12-31',
    ]);
    const term = (number: string, termEnd: string, orderDate: string) =>
      givenActivatedOrder(billing, {
        number,
        orderDate,
        actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd }],
      });
    await term('O-0003', '2023-04-10', '2023-05-02');
    expect(await run(billing, '2023-05-02')).toEqual([
      '-1400.00 2023-04-19..2023-12-31',
      '-44.44 2023-04-11..2023-04-18',
    ]);
    await term('O-0004', '2023-12-31', '2023-05-03');
    expect(await run(billing, '2023-05-03')).toEqual(['1444.44 2023-04-11..2023-12-31']);
    await repriceFromStart(billing, { number: 'O-0005', orderDate: '2023-05-04', price: '500.00' });
    // The cut took 2023-04-11..04-18 back from the schedule's days: their lines are worth 2023-01-01..04-10 now, and
    // their credit lines end there (§8.4: the days the cut took back are not credited twice; review 161).
    expect(await run(billing, '2023-05-04')).toEqual([
      '-1083.33 2023-04-11..2023-12-31',
      '-255.56 2023-01-01..2023-04-10',
      '-161.11 2023-01-01..2023-04-10',
    ]);
    expect(netByDates(billing)).toEqual({
      '2023-01-01..2023-04-18': '600.00',
      '2023-01-01..2023-04-10': '-416.67',
      '2023-04-19..2023-12-31': '0.00',
      '2023-04-11..2023-04-18': '-44.44',
      '2023-04-11..2023-12-31': '361.11',
    });
  });
});
