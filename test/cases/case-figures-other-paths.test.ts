// Worked cases' figures (cases.md) reached through other public paths than their case tests use: executions by
// hand, catch-up bill runs, generateBillingDocuments, a cancellation for C10's removal, an account-wide run for
// C30 (review 95). Each asserts the case's published figures.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { postInvoice } from '../../src/operations/invoices';
import { detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { fixedClock } from '../../src/time/clock';
import {
  amounts,
  C01_SUBSCRIPTIONS,
  createSubscription,
  expectOk,
  newBilling,
  type TestBilling,
} from '../support/billing';
import {
  billAndPost,
  C06_SUBSCRIPTIONS,
  createSchedule,
  earlyRenewal,
  givenAccount,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  givenC08Schedule,
  givenC30EarlyRenewal,
  givenC30Schedule,
  givenSchedule,
  givenSubscriptions,
} from '../support/scenarios';

const pl = (b: TestBilling, n: string) =>
  b.store.probe
    .invoice(n)
    ?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

const C01_LINES = [
  ['2023-02-04', '50000.00', ['26282.05', '15313.39', '7834.76', '569.80'], ['2023-01-01', '2023-09-17']],
  ['2023-05-01', '14000.00', ['7358.98', '4287.75', '2193.73', '159.54'], ['2023-09-17', '2023-11-29']],
  ['2023-09-16', '6200.00', ['3258.97', '1898.86', '971.51', '70.66'], ['2023-11-29', '2023-12-31']],
] as const;

function expectC01(billing: TestBilling) {
  for (const [k, [date, total, lines, period]] of C01_LINES.entries()) {
    const inv = billing.store.probe.invoice(`INV0000000${k + 1}`);
    expect([inv?.invoiceDate, inv?.amount]).toEqual([date, total]);
    expect(inv?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual(
      lines.map((a, j) => [`C${j + 1}`, a, ...period]),
    );
  }
}

describe('C01 through other paths', () => {
  it('C01 executed by hand early (today 2023-01-15), three executions', async () => {
    const { billing } = await givenC01Schedule({ now: '2023-01-15T12:00:00Z' });
    for (let n = 0; n < 3; n++)
      expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectC01(billing);
  });
  it('C01 one catch-up bill run on 2023-12-31', async () => {
    const { billing } = await givenC01Schedule();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
    expectC01(billing);
  });
  it('C01 via generateBillingDocuments on each run date, autoPost true', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS, { settings: { autoPost: true } });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6200.00' },
      ],
    });
    for (const d of ['2023-02-04', '2023-05-01', '2023-09-16'])
      expectOk(await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: d }));
    expectC01(billing);
    expect(billing.store.probe.invoice('INV00000001')?.status).toBe('Posted');
  });
  it('C10 via cancellation (CancelSubscription of S1–S4 as of 2023-11-01) instead of Remove Product: CM 11,700.00, same eight lines', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-10-15',
      actions: ['S1', 'S2', 'S3', 'S4'].map((s) => ({
        type: 'CancelSubscription',
        subscriptionNumber: s,
        effectiveDate: '2023-11-01',
      })),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('11700.00');
    expect(
      memo?.lines.map((l) => [
        l.creditedInvoiceNumber,
        l.chargeNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([
      ['INV00000003', 'C1', '2023-11-29', '2023-12-31', '3258.97'],
      ['INV00000002', 'C1', '2023-11-01', '2023-11-29', '2891.03'],
      ['INV00000003', 'C2', '2023-11-29', '2023-12-31', '1898.86'],
      ['INV00000002', 'C2', '2023-11-01', '2023-11-29', '1684.48'],
      ['INV00000003', 'C3', '2023-11-29', '2023-12-31', '971.51'],
      ['INV00000002', 'C3', '2023-11-01', '2023-11-29', '861.82'],
      ['INV00000003', 'C4', '2023-11-29', '2023-12-31', '70.66'],
      ['INV00000002', 'C4', '2023-11-01', '2023-11-29', '62.67'],
    ]);
  });
  it('C11 item 2 by an execution by hand: INV002 8,500.00 = 4,467.95 / 2,603.28 / 1,331.91 / 96.86; item 3 Processed, FullyProcessed', async () => {
    const { billing } = await givenC01Schedule({ now: '2023-04-01T12:00:00Z' });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await givenC01Removal(billing, '2023-03-01', '2023-11-01');
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const inv = billing.store.probe.invoice('INV00000002');
    expect([inv?.invoiceDate, inv?.amount]).toEqual(['2023-05-01', '8500.00']);
    expect(inv?.lines.map((l) => l.amount)).toEqual(['4467.95', '2603.28', '1331.91', '96.86']);
    const s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(s)).toMatchObject({
      status: 'FullyProcessed',
      billedAmount: '58500.00',
      nextRunDate: null,
    });
    expect(s.items.map((i) => i.status)).toEqual(['Processed', 'Processed', 'Processed']);
  });
});

describe('C06 / C07 / C08 through other paths', () => {
  it('C06 one catch-up bill run 2023-07-15', async () => {
    const billing = await givenSubscriptions(C06_SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
    await givenSchedule(billing, {
      items: [
        { runDate: '2022-02-04', amount: '1200.00' },
        { runDate: '2023-01-05', amount: '500.00' },
        { runDate: '2023-07-15', amount: '300.00' },
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-15' }));
    expect(run.invoiceNumbers).toHaveLength(3);
    expect(run.invoiceNumbers.map((n) => pl(billing, n))).toEqual([
      [
        ['C1', '1000.00', '2022-01-01', '2022-12-31'],
        ['C2', '200.00', '2023-01-01', '2023-03-13'],
      ],
      [['C2', '500.00', '2023-03-13', '2023-09-12']],
      [['C2', '300.00', '2023-09-13', '2023-12-31']],
    ]);
  });
  it('C07 by bill runs on the run dates (default grouping)', async () => {
    const subs = (
      [
        ['S1', 'C1', '2023-01-01', '2023-12-31'],
        ['S2', 'C2', '2023-01-01', '2023-12-31'],
        ['S3', 'C3', '2023-06-01', '2023-12-31'],
        ['S4', 'C4', '2024-01-01', '2024-12-31'],
        ['S5', 'C5', '2024-01-01', '2024-12-31'],
        ['S6', 'C6', '2024-01-01', '2024-12-31'],
      ] as const
    ).map(([number, c, termStart, termEnd]) => ({
      number,
      termStart,
      termEnd,
      charges: [{ number: c, price: '12000.00' }],
    }));
    const billing = await givenSubscriptions(subs);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '27000.00' },
        { runDate: '2023-05-01', amount: '4000.00' },
        { runDate: '2024-01-01', amount: '36000.00' },
      ],
    });
    await billAndPost(billing, ['2023-01-01', '2023-05-01', '2024-01-01']);
    const l = (n: string) => pl(billing, n);
    expect(l('INV00000001')).toEqual([
      ['C1', '10451.61', '2023-01-01', '2023-11-14'],
      ['C2', '10451.62', '2023-01-01', '2023-11-14'],
      ['C3', '6096.77', '2023-06-01', '2023-12-03'],
    ]);
    expect(l('INV00000002')).toEqual([
      ['C1', '1548.39', '2023-11-14', '2023-12-31'],
      ['C2', '1548.38', '2023-11-14', '2023-12-31'],
      ['C3', '903.23', '2023-12-03', '2023-12-31'],
    ]);
    expect(l('INV00000003')).toEqual([
      ['C4', '12000.00', '2024-01-01', '2024-12-31'],
      ['C5', '12000.00', '2024-01-01', '2024-12-31'],
      ['C6', '12000.00', '2024-01-01', '2024-12-31'],
    ]);
  });
  it('C08 by bill runs, then cancellation credit by generateBillingDocuments', async () => {
    const { billing } = await givenC08Schedule('2023-01-15T12:00:00Z');
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-11-14']);
    const l = (n: string) => pl(billing, n);
    expect([l('INV00000001'), l('INV00000002'), l('INV00000003')]).toEqual([
      [
        ['C1', '1000.00', '2023-01-01', '2023-06-30'],
        ['C2', '0.00', '2023-01-01', '2023-06-30'],
      ],
      [
        ['C1', '500.00', '2023-07-01', '2023-09-30'],
        ['C2', '0.00', '2023-07-01', '2023-09-30'],
      ],
      [
        ['C1', '500.00', '2023-10-01', '2023-12-31'],
        ['C2', '0.00', '2023-10-01', '2023-12-31'],
      ],
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-11-20',
      actions: ['S1', 'S2'].map((s) => ({
        type: 'CancelSubscription',
        subscriptionNumber: s,
        effectiveDate: '2023-11-01',
      })),
    });
    const run = expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-11-20' }),
    );
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('333.33');
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([
      ['C1', 'INV00000003', '2023-11-01', '2023-12-31', '333.33'],
      ['C2', 'INV00000003', '2023-11-01', '2023-12-31', '0.00'],
    ]);
  });
});

describe('C21 / C30 through other paths', () => {
  it('C30 step 4 by an account-wide bill run on 2025-05-17 (no schedule filter): INV2 10,000.00 C4 2025-06-01 → 2026-01-31, CM1 3,750.00 C3 2025-06-01 → 2025-08-31, nothing else', async () => {
    const billing = await givenC30Schedule();
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await givenC30EarlyRenewal(billing);
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
      }),
    );
    expectOk(
      await createSchedule(billing, {
        orders: ['O-0002'],
        specificSubscriptions: [{ orderNumber: 'O-0002', subscriptionNumber: 'S3', chargeNumbers: ['C4'] }],
        additionalSubscriptionsToBill: ['S3'],
        items: [
          { runDate: '2025-05-17', amount: '10000.00', targetDateForAdditionalSubscriptions: '2025-06-01' },
          { runDate: '2025-12-05', amount: '5000.00' },
        ],
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2025-05-17' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);
    expect(pl(billing, 'INV00000002')).toEqual([['C4', '10000.00', '2025-06-01', '2026-01-31']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['C3', '3750.00', '2025-06-01', '2025-08-31'],
    ]);
  });

  it('C21 item 1 by an execution by hand on 2023-10-15: INV 16,000.00 and CM 4,000.00', async () => {
    const billing = newBilling({}, '2023-01-01T12:00:00Z');
    await givenAccount(billing, 'A-001');
    const q = (number: string) => ({
      number,
      name: number,
      type: 'Recurring',
      price: '12000.00',
      listPriceBase: 'Year',
      billingPeriod: 'Quarter',
    });
    await givenActivatedOrder(billing, {
      number: 'O-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S1', [q('C1')]), createSubscription('S2', [q('C2')])],
    });
    await billAndPost(billing, ['2023-01-01', '2023-04-01', '2023-07-01', '2023-10-01']);
    const renewal = { start: '2023-11-01', end: '2024-10-31', price: '13000.00' };
    await givenActivatedOrder(billing, {
      number: 'O-002',
      orderDate: '2023-10-05',
      actions: [
        ...earlyRenewal('S1', { ...renewal, charge: 'C3' }),
        ...earlyRenewal('S2', { ...renewal, charge: 'C4' }),
      ],
    });
    expectOk(
      await createSchedule(billing, {
        orders: ['O-002'],
        additionalSubscriptionsToBill: ['S1', 'S2'],
        items: [
          { runDate: '2023-10-15', amount: '16000.00', targetDateForAdditionalSubscriptions: '2023-11-01' },
          { runDate: '2024-06-01', amount: '10000.00', targetDateForAdditionalSubscriptions: '2023-11-01' },
        ],
      }),
    );
    const ctx = { ...billing.context, clock: fixedClock('2023-10-15T12:00:00Z') };
    const run = expectOk(await executeInvoiceSchedule(ctx, { invoiceScheduleNumber: 'IS-00000001' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000005'], ['CM00000001']]);
    expect(billing.store.probe.invoice('INV00000005')?.amount).toBe('16000.00');
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('4000.00');
    const s = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([s.nextRunDate, s.items.map((i) => i.status)]).toEqual(['2024-06-01', ['Processed', 'Pending']]);
  });
});
