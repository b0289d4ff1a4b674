// Decision 2: "no document is ever issued for such a residual alone". A removal can take a rounding unit from a
// charge nobody changed (the set's total rounds down once the removed charge's remainder is gone); that unit is
// credited with the removal's own credit, on the same credit memo, dated as that credit is due (decision 18) —
// not alone, on the day after the unchanged charge's end, a term later.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { addDays, type BusinessDate } from '../../../src/time/date';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import {
  givenAccount,
  givenActivatedOrder,
  givenSchedule,
  givenYenChargesBilledInFull,
  removeProducts,
  yearly,
} from '../../support/scenarios';

const fullyProcessed = givenYenChargesBilledInFull;

/** Whether the schedule is FullyProcessed with nothing due, its charges billed exactly its actual amount. */
async function billedInFull(billing: TestBilling): Promise<boolean> {
  const s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  const billed = s.charges.reduce((sum, c) => sum.plus(c.billedAmount), new Dec(0));
  return s.status === 'FullyProcessed' && s.nextRunDate === null && billed.eq(s.actualAmount);
}

/** The credit memos of `numbers`: date, total and lines (charge, amount, service period). */
function memos(billing: TestBilling, numbers: readonly string[]) {
  return numbers.map((n) => {
    const memo = billing.store.probe.creditMemo(n);
    return {
      memoDate: memo?.memoDate,
      amount: memo?.amount.toString(),
      lines: memo?.lines.map((l) => [
        l.chargeNumber,
        l.amount.toString(),
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    };
  });
}

async function schedule(billing: TestBilling) {
  const s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  return {
    status: s.status,
    nextRunDate: s.nextRunDate,
    actualAmount: s.actualAmount.toFixed(0),
    billed: s.charges.map((c) => c.billedAmount.toFixed(0)),
  };
}

describe('a rounding unit a removal takes from an unchanged charge is credited with the removal (decision 2)', () => {
  it('January: 33.33 / 33.08 / 33.33 yen billed 34 / 33 / 33; S3 removed from its start: one memo of 34 dated 2023-01-01 (was: 33, then 1 yen alone on 2023-02-01)', async () => {
    const billing = await fullyProcessed(['400', '397', '400'], '2023-01-31', '100');
    expect((await schedule(billing)).billed).toEqual(['34', '33', '33']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-01-01'),
    });
    // 33.33 + 33.08 = 66.41 rounds to 66: C1's target is 33 now, a unit below what it was billed.
    expect(await schedule(billing)).toMatchObject({ actualAmount: '66', nextRunDate: '2023-01-01' });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(memos(billing, run.creditMemoNumbers)).toEqual([
      {
        memoDate: '2023-01-01',
        amount: '34',
        lines: [
          // The unit's line keeps C1's own days: its credit starts after C1's end, so it takes the last day.
          ['C1', '1', '2023-01-31', '2023-01-31'],
          ['C3', '33', '2023-01-01', '2023-01-31'],
        ],
      },
    ]);
    expect(await schedule(billing)).toEqual({
      status: 'FullyProcessed',
      nextRunDate: null,
      actualAmount: '66',
      billed: ['33', '33', '0'],
    });
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-01' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  it('eleven months: 370.33 / 373.08 / 370.33 yen billed 371 / 373 / 370; S3 removed: one memo of 371 dated 2023-01-01 (was: 370, and the schedule due again on 2023-12-01 for 1 yen alone)', async () => {
    // 404 × 11/12 = 370.33…, 407 × 11/12 = 373.08…: the set rounds 1,113.75 to 1,114, the unit to C1 (a tie
    // with C3, to the earlier charge); without C3, 743.41… rounds to 743 and C1's target is 370.
    const billing = await fullyProcessed(['404', '407', '404'], '2023-11-30', '1114');
    expect((await schedule(billing)).billed).toEqual(['371', '373', '370']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-01-01'),
    });
    expect(await schedule(billing)).toMatchObject({ actualAmount: '743', nextRunDate: '2023-01-01' });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' }));
    expect(memos(billing, run.creditMemoNumbers)).toEqual([
      {
        memoDate: '2023-01-01',
        amount: '371',
        lines: [
          ['C1', '1', '2023-11-30', '2023-11-30'],
          ['C3', '370', '2023-01-01', '2023-11-30'],
        ],
      },
    ]);
    expect(await schedule(billing)).toEqual({
      status: 'FullyProcessed',
      nextRunDate: null,
      actualAmount: '743',
      billed: ['370', '373', '0'],
    });
    const december = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-01' }));
    expect([december.invoiceNumbers, december.creditMemoNumbers]).toEqual([[], []]);
  });

  it('a cut worth less than a unit is a credit of its own (review 74): S2 removed as of its last day (0.82 yen), S3 as of 2023-03-01 — C3 251 on 2023-03-01, C2 1 yen on 2023-12-31 (§8.4)', async () => {
    const billing = await fullyProcessed(['300', '300', '301'], '2023-12-31', '901');
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: [...removeProducts(['S2'], '2023-12-31'), ...removeProducts(['S3'], '2023-03-01')],
    });
    const march = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(memos(billing, march.creditMemoNumbers)).toEqual([
      { memoDate: '2023-03-01', amount: '251', lines: [['C3', '251', '2023-03-01', '2023-12-31']] },
    ]);
    expect(await schedule(billing)).toMatchObject({
      nextRunDate: '2023-12-31',
      billed: ['300', '300', '50'],
    });
    const december = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(memos(billing, december.creditMemoNumbers)).toEqual([
      { memoDate: '2023-12-31', amount: '1', lines: [['C2', '1', '2023-12-31', '2023-12-31']] },
    ]);
    expect(await schedule(billing)).toEqual({
      status: 'FullyProcessed',
      nextRunDate: null,
      actualAmount: '649',
      billed: ['300', '299', '50'],
    });
  });

  it('a unit taken from a charge to 9999-12-31 (review 74): credited with the removal, where the activation threw a RangeError', async () => {
    // USD: C1 0.01 a month from 2023-01-16 to 9999-12-31 (957.235…), C2 405.35 and C3 402.26 a year for January
    // (33.779… and 33.521…): the set rounds 1,024.536… to 1,024.54, the unit to C1 (957.24). Without C3, 991.01…
    // rounds to 991.01 and C1's total is 957.23. No day follows 9999-12-31: the unit's credit starts on C1's last day.
    const billing = newBilling({}, '2023-01-15T12:00:00Z');
    const sub = (
      n: number,
      termStart: string,
      termEnd: string,
      price: string,
      base: 'Month' | 'Year',
      months: number,
    ) => ({
      type: 'CreateSubscription',
      subscriptionNumber: `S${n}`,
      termType: 'Termed',
      termStart,
      termEnd,
      ratePlans: [
        {
          id: `rp-S${n}`,
          name: 'Plan',
          charges: [
            {
              number: `C${n}`,
              name: `C${n}`,
              type: 'Recurring',
              price,
              listPriceBase: base,
              billingPeriod: 'SpecificMonths',
              specificBillingPeriodMonths: months,
            },
          ],
        },
      ],
    });
    await givenAccount(billing, 'A-001');
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0001',
        accountNumber: 'A-001',
        orderDate: '2023-01-01',
        actions: [
          sub(1, '2023-01-16', '9999-12-31', '0.01', 'Month', 100_000),
          sub(2, '2023-01-01', '2023-01-31', '405.35', 'Year', 1),
          sub(3, '2023-01-01', '2023-01-31', '402.26', 'Year', 1),
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0001' }));
    expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ runDate: '2023-01-01', percentage: '100' }],
      }),
    );
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-01-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' }));
    expect(memos(billing, run.creditMemoNumbers)).toEqual([
      {
        memoDate: '2023-01-01',
        amount: '33.53',
        lines: [
          ['C1', '0.01', '9999-12-31', '9999-12-31'],
          ['C3', '33.52', '2023-01-01', '2023-01-31'],
        ],
      },
    ]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([after.status, after.nextRunDate, after.charges.map((c) => c.billedAmount.toFixed(2))]).toEqual([
      'FullyProcessed',
      null,
      ['957.23', '33.78', '0.00'],
    ]);
  });

  it('a cut of a day the charge’s lines served in part is a cut (review 75): C1 (1,192 yen/yr) billed 994 through part of 2023-11-01, S1 removed as of that day and S3 as of 2023-03-01 — the March memo credits C3 only', async () => {
    const billing = newBilling({}, '2023-01-15T12:00:00Z');
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: ['1192', '1200', '1200'].map((price, i) => ({
        number: `S${i + 1}`,
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: `C${i + 1}`, price }],
      })),
    });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '2994' },
        { runDate: '2023-06-01', amount: '299' },
        { runDate: '2023-12-01', amount: '299' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    // 994 > 1,192 × 10/12 = 993.33: C1's lines served part of 2023-11-01, which a removal as of that day takes
    // (0.67 yen): a cut worth less than a unit, not a unit the set rounding moved.
    expect(
      expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).charges[0]?.servedThrough,
    ).toEqual({
      end: '2023-11-01',
      endDayPartial: true,
    });
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: [...removeProducts(['S3'], '2023-03-01'), ...removeProducts(['S1'], '2023-11-01')],
    });
    const march = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(memos(billing, march.creditMemoNumbers)).toEqual([
      { memoDate: '2023-03-01', amount: '800', lines: [['C3', '800', '2023-03-01', '2023-10-31']] },
    ]);
  });

  it('a unit taken from a charge an earlier removal cut and credited (review 76): JPY 1,200 / 1,206 / 1,201 a year, S2 removed as of 2023-06-01 and credited, then S3 as of 2023-09-01 — one memo of 401 dated 2023-09-01, not 1 yen alone dated 2023-06-01', async () => {
    const billing = await fullyProcessed(['1200', '1206', '1201'], '2023-12-31', '3607');
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S2'], '2023-06-01'),
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    // C2 is left at 503 for 502.5 (its own value rounded half-up), its lines serving up to 2023-06-01, the first day
    // the credit took: a unit the set rounding later takes from it is not a cut of a served day.
    const june = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([june.charges.map((c) => c.billedAmount.toString()), june.charges[1]?.servedThrough]).toEqual([
      ['1200', '503', '1201'],
      { end: '2023-06-01', endDayPartial: true },
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-16',
      actions: removeProducts(['S3'], '2023-09-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-01' }));
    expect(memos(billing, run.creditMemoNumbers)).toEqual([
      {
        memoDate: '2023-09-01',
        amount: '401',
        lines: [
          // C2's 2023-06-01 → 12-31 was credited by the first memo: its unit takes the day before (review 174).
          ['C2', '1', '2023-05-31', '2023-05-31'],
          ['C3', '400', '2023-09-01', '2023-12-31'],
        ],
      },
    ]);
  });

  it('a cut under half a unit of a fully served day is a cut (review 77): C2 (100 yen/yr) removed as of 2023-12-31 (0.27 yen) beside S3 removed from its start — C2 credited 1 yen on 2023-12-31, not on the 2023-01-01 memo', async () => {
    // C1 303 yen/yr over eleven months (277.75), C2 100 and C3 300 a year, billed 278 / 100 / 300. After the order,
    // 277.75 + 99.73 = 377.48 rounds to 377 and the unit goes to C1 (.75 beats .73): C2's total is 99, and its
    // value rounded alone is still 100 — the amount alone cannot tell this cut from a unit the rounding moved.
    const billing = newBilling({}, '2023-01-15T12:00:00Z');
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [
        {
          number: 'S1',
          termStart: '2023-01-01',
          termEnd: '2023-11-30',
          charges: [{ number: 'C1', price: '303' }],
        },
        yearly('S2', [{ number: 'C2', price: '100' }]),
        yearly('S3', [{ number: 'C3', price: '300' }]),
      ],
    });
    await givenSchedule(billing, { items: [{ runDate: '2023-01-01', amount: '678' }] });
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expect((await schedule(billing)).billed).toEqual(['278', '100', '300']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: [...removeProducts(['S2'], '2023-12-31'), ...removeProducts(['S3'], '2023-01-01')],
    });
    const january = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' }));
    expect(memos(billing, january.creditMemoNumbers)).toEqual([
      { memoDate: '2023-01-01', amount: '300', lines: [['C3', '300', '2023-01-01', '2023-12-31']] },
    ]);
    const december = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(memos(billing, december.creditMemoNumbers)).toEqual([
      { memoDate: '2023-12-31', amount: '1', lines: [['C2', '1', '2023-12-31', '2023-12-31']] },
    ]);
  });

  it('a removal that credits nothing itself (review 74): 33.33 / 33.08 / 25.33 yen billed 34 / 33 / 25, S3 removed as of its last day (0.82 yen) — C1 1 yen dated 2023-01-31 with the cut, not alone on 2023-02-01; S1 removed from its start later is credited all it was billed', async () => {
    // 400 / 397 / 304 a year for January. Without its last day C3 is worth 24.516…: the set rounds 90.93 to 91 and
    // gives the unit to C3 (remainder .516 against C1's .333), so C3's total is what it was billed and C1's falls to
    // 33. Only C1 is billed above its total: the memo credits C1, due with the cut that moved the unit (§8.4,
    // decision 18), not on the day after C1's end.
    const billing = await fullyProcessed(['400', '397', '304'], '2023-01-31', '92');
    expect((await schedule(billing)).billed).toEqual(['34', '33', '25']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-01-31'),
    });
    expect(await schedule(billing)).toMatchObject({ actualAmount: '91', nextRunDate: '2023-01-31' });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-31' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(memos(billing, run.creditMemoNumbers)).toEqual([
      { memoDate: '2023-01-31', amount: '1', lines: [['C1', '1', '2023-01-31', '2023-01-31']] },
    ]);
    expect(await schedule(billing)).toEqual({
      status: 'FullyProcessed',
      nextRunDate: null,
      actualAmount: '91',
      billed: ['33', '33', '25'],
    });
    // Review 79: S1 removed from its start afterwards is credited all it was billed (a charge worth nothing keeps
    // no unit), and nothing else is due.
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-15',
      actions: removeProducts(['S1'], '2023-01-01'),
    });
    // The first memo credited C1's line for 2023-01-31 already: this one ends the day before (review 161).
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-01' }));
    expect(memos(billing, again.creditMemoNumbers)).toEqual([
      { memoDate: '2023-01-01', amount: '33', lines: [['C1', '33', '2023-01-01', '2023-01-30']] },
    ]);
    expect(await schedule(billing)).toMatchObject({ status: 'FullyProcessed', billed: ['0', '33', '25'] });
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  it('a removal that credits nothing itself, its charge left no unit to give: 417.67 / 27.42 / 48.42 yen billed 418 / 28 / 48, S3 removed as of 2023-07-31 — C2 1 yen dated 2023-07-31, not 2023-08-01', async () => {
    // 716 / 47 / 83 a year for seven months: 493.5 rounds to 494, the units to C1 (.67) and C2 (.42, a tie with C3
    // to the earlier charge). Without its last day C3 is worth 48.19: 493.28 rounds to 493, the unit to C1, and C2's
    // total falls to 27. C3 is billed its rounded-down value (no unit to give): C2's unit is the yen given back, due
    // with the cut that moved it (§8.4), where it was due on the day after C2's end.
    const billing = await fullyProcessed(['716', '47', '83'], '2023-07-31', '494');
    expect((await schedule(billing)).billed).toEqual(['418', '28', '48']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-07-31'),
    });
    expect(await schedule(billing)).toMatchObject({ actualAmount: '493', nextRunDate: '2023-07-31' });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-31' }));
    expect(memos(billing, run.creditMemoNumbers)).toEqual([
      { memoDate: '2023-07-31', amount: '1', lines: [['C2', '1', '2023-07-31', '2023-07-31']] },
    ]);
    expect(await schedule(billing)).toEqual({
      status: 'FullyProcessed',
      nextRunDate: null,
      actualAmount: '493',
      billed: ['418', '27', '48'],
    });
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  // Review 79: a cut an earlier removal made, whose credit the set rounding settled (no memo), stays uncredited; the
  // unit a later removal moves is due with that later removal's cut, not the earlier one's day.
  it.each([
    {
      name: '249 / 147 / 87 / 117 yen for Jan–Oct billed 208 / 123 / 72 / 97; S3 removed as of 10-30, S4 as of 10-31: C2 1 yen dated 10-31 (was 11-01; 10-30 with the first cut)',
      prices: ['249', '147', '87', '117'],
      termEnd: '2023-10-31',
      billed: ['208', '123', '72', '97'],
      first: '2023-10-30',
      second: '2023-10-31',
      memo: { memoDate: '2023-10-31', amount: '1', lines: [['C2', '1', '2023-10-31', '2023-10-31']] },
    },
    {
      name: '380 / 140 / 1 / 104 yen for Jan–Nov billed 349 / 128 / 1 / 95; S3 removed as of 07-01 (0.42 yen), S4 as of 11-30: C1 1 yen dated 11-30 (was 12-01; 07-01 with the first cut)',
      prices: ['380', '140', '1', '104'],
      termEnd: '2023-11-30',
      billed: ['349', '128', '1', '95'],
      first: '2023-07-01',
      second: '2023-11-30',
      memo: { memoDate: '2023-11-30', amount: '1', lines: [['C1', '1', '2023-11-30', '2023-11-30']] },
    },
  ])('review 79: $name', async ({ prices, termEnd, billed, first, second, memo }) => {
    const billing = await fullyProcessed(prices, termEnd);
    expect((await schedule(billing)).billed).toEqual(billed);
    const removeAndBill = async (number: string, subscription: string, day: string) => {
      await givenActivatedOrder(billing, {
        number,
        orderDate: '2023-01-15',
        actions: removeProducts([subscription], day),
      });
      return expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    };
    expect((await removeAndBill('O-0002', 'S3', first)).creditMemoNumbers).toEqual([]);
    const run = await removeAndBill('O-0003', 'S4', second);
    expect(memos(billing, run.creditMemoNumbers)).toEqual([memo]);
    expect(await billedInFull(billing)).toBe(true);
  });

  // Review 80: a removal of a charge the schedule never billed (its value rounded away, served through nowhere) is a
  // cut too: its day dates the unit it moves, not an earlier removal's uncredited cut, nor the day after the unit's
  // charge's end.
  it.each([
    {
      name: '1 / 185 yen a year for January billed 0 / 16; S1 removed as of 01-31: C2 1 yen dated 01-31 (was 02-01)',
      prices: ['1', '185'],
      termEnd: '2023-01-31',
      billed: ['0', '16'],
      removals: [['S1', '2023-01-31']],
      memo: { memoDate: '2023-01-31', amount: '1', lines: [['C2', '1', '2023-01-31', '2023-01-31']] },
    },
    {
      name: '15 / 31 / 1 yen a year for Jan–Apr billed 5 / 11 / 0; S1 removed as of 04-27 (no memo), S3 as of 04-29: C2 1 yen dated 04-29 (was 05-01; 04-27 with the latest served cut)',
      prices: ['15', '31', '1'],
      termEnd: '2023-04-30',
      billed: ['5', '11', '0'],
      removals: [
        ['S1', '2023-04-27'],
        ['S3', '2023-04-29'],
      ],
      memo: { memoDate: '2023-04-29', amount: '1', lines: [['C2', '1', '2023-04-30', '2023-04-30']] },
    },
    {
      name: '586 / 100 / 448 / 1 yen a year for Jan–Apr billed 196 / 33 / 149 / 0; S2 removed as of 04-28 (no memo), S4 as of 04-30: C1 1 yen dated 04-30 (was 05-01; 04-28 with the latest served cut)',
      prices: ['586', '100', '448', '1'],
      termEnd: '2023-04-30',
      billed: ['196', '33', '149', '0'],
      removals: [
        ['S2', '2023-04-28'],
        ['S4', '2023-04-30'],
      ],
      memo: { memoDate: '2023-04-30', amount: '1', lines: [['C1', '1', '2023-04-30', '2023-04-30']] },
    },
    {
      name: 'review 81: the same, S3’s term ended on 04-28 instead of its removal: nothing tells that cut from C3’s own end, so C2 keeps its own day, 05-01 (9d578c5 dated it 04-27, S1’s day)',
      prices: ['15', '31', '1'],
      termEnd: '2023-04-30',
      billed: ['5', '11', '0'],
      removals: [
        ['S1', '2023-04-27'],
        ['S3', '2023-04-29', 'term'],
      ],
      memo: { memoDate: '2023-05-01', amount: '1', lines: [['C2', '1', '2023-04-30', '2023-04-30']] },
    },
    {
      name: 'review 82: the same after a removal of S3 that changed nothing (as of 05-01, the day after its end): C2 keeps its own day, 05-01 (4170ea9 dated it 04-27)',
      prices: ['15', '31', '1'],
      termEnd: '2023-04-30',
      billed: ['5', '11', '0'],
      removals: [
        ['S1', '2023-04-27'],
        ['S3', '2023-05-01'],
        ['S3', '2023-04-29', 'term'],
      ],
      memo: { memoDate: '2023-05-01', amount: '1', lines: [['C2', '1', '2023-04-30', '2023-04-30']] },
    },
    {
      name: 'review 81: 1 / 185 yen for January, S1’s term ended on 01-30: C2 keeps its own day, 02-01 (no cut anyone can see)',
      prices: ['1', '185'],
      termEnd: '2023-01-31',
      billed: ['0', '16'],
      removals: [['S1', '2023-01-31', 'term']],
      memo: { memoDate: '2023-02-01', amount: '1', lines: [['C2', '1', '2023-01-31', '2023-01-31']] },
    },
  ])('review 80: $name', async ({ prices, termEnd, billed, removals, memo }) => {
    const billing = await fullyProcessed(prices, termEnd);
    expect((await schedule(billing)).billed).toEqual(billed);
    let run: Awaited<ReturnType<typeof runBillRun>> | undefined;
    for (const [k, [subscription, day, kind]] of removals.entries()) {
      if (run !== undefined) expect(expectOk(run).creditMemoNumbers).toEqual([]);
      await givenActivatedOrder(billing, {
        number: `O-000${k + 2}`,
        orderDate: '2023-01-15',
        // A shorter term ends the day before `day` (review 81: Terms and Conditions cut the charge, §8.7).
        actions:
          kind === 'term'
            ? [
                {
                  type: 'TermsAndConditions',
                  subscriptionNumber: subscription as string,
                  termEnd: addDays(day as BusinessDate, -1),
                },
              ]
            : removeProducts([subscription as string], day as string),
      });
      run = await runBillRun(billing.context, { targetDate: '2023-12-31' });
    }
    expect(memos(billing, expectOk(run as NonNullable<typeof run>).creditMemoNumbers)).toEqual([memo]);
    expect(await billedInFull(billing)).toBe(true);
  });
});
