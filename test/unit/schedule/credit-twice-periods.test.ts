// A charge cut twice, the second time earlier (§8.9 allows a removal before a future-dated one): the second credit
// memo's line on the invoice line the first memo already took the last days of ends the day before those days
// (§8.4: a credit line's period follows its amount and never exceeds the line it credits). It ran to the line's
// end, crediting December twice (review 161). C01 fully billed and posted; S1 removed as of 2023-12-01 (CM
// 3,075.00, 2023-12-01 → 2023-12-31 from INV003), then as of 2023-11-01: C10's figure for C1 in all (6,150.00).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { fixedClock } from '../../../src/time/clock';
import {
  C01_SUBSCRIPTIONS,
  chargeInput,
  createSubscription,
  expectOk,
  newBilling,
  type TestBilling,
} from '../../support/billing';
import {
  billAndPost,
  C01_ITEMS,
  givenAccount,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
} from '../../support/scenarios';

const at = (billing: TestBilling, now: string): TestBilling => ({
  ...billing,
  context: { ...billing.context, clock: fixedClock(now) },
});

const memoRows = (billing: TestBilling, number: string | undefined) =>
  billing.store.probe
    .creditMemo(number ?? '')
    ?.lines.map((l) => [
      l.creditedInvoiceNumber,
      l.chargeNumber,
      l.amount,
      l.serviceStartDate,
      l.serviceEndDate,
    ]);

/** C01 billed and posted, S1 removed as of 2023-12-01 and credited on 2023-12-05. */
async function givenFirstCredit(): Promise<TestBilling> {
  const billing = await givenSubscriptions(C01_SUBSCRIPTIONS, { now: '2023-11-20T12:00:00Z' });
  await givenAccount(billing, 'A-002');
  await givenSchedule(billing, { items: C01_ITEMS });
  await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-10-15',
    actions: removeProducts(['S1'], '2023-12-01'),
  });
  const december = at(billing, '2023-12-05T12:00:00Z');
  const first = expectOk(
    await executeInvoiceSchedule(december.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(memoRows(billing, first.creditMemoNumbers[0])).toEqual([
    ['INV00000003', 'C1', '3075.00', '2023-12-01', '2023-12-31'],
  ]);
  return december;
}

/** The second memo: what is left of INV003's line (11-29 → 11-30), then C10's INV002 line. */
const SECOND = [
  ['INV00000003', 'C1', '183.97', '2023-11-29', '2023-11-30'],
  ['INV00000002', 'C1', '2891.03', '2023-11-01', '2023-11-29'],
];

describe('a charge cut twice: the second credit ends before the days the first took back (§8.4, review 161)', () => {
  it('by the schedule (execute)', async () => {
    const billing = await givenFirstCredit();
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-12-05',
      actions: removeProducts(['S1'], '2023-11-01'),
    });
    const second = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(memoRows(billing, second.creditMemoNumbers[0])).toEqual(SECOND);
  });

  it('by standard billing, after S1 moved alone to A-002 (decision 17)', async () => {
    const billing = await givenFirstCredit();
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-12-05',
      actions: [{ type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' }],
    });
    await givenActivatedOrder(billing, {
      number: 'O-0004',
      accountNumber: 'A-002',
      orderDate: '2023-12-05',
      actions: removeProducts(['S1'], '2023-11-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-05' }));
    expect(memoRows(billing, run.creditMemoNumbers[0])).toEqual(SECOND);
  });
});

describe('a rounding unit credited from inside the days an earlier memo took back (decision 2, §8.4; review 174)', () => {
  it('C21 cut as of 2023-06-07 (CM1 468.38 for 06-07 → 10-19), then a 0.01 unit of C21: dated 06-06, not 06-07 → 10-19', async () => {
    const billing = newBilling({}, '2023-03-01T12:00:00Z');
    await givenAccount(billing, 'A-001');
    await givenActivatedOrder(billing, {
      number: 'O-0001',
      orderDate: '2023-01-01',
      actions: [
        createSubscription('S1', [chargeInput({ number: 'C11', price: '0.01' })]),
        createSubscription('S2', [chargeInput({ number: 'C21', price: '1277.44' })]),
        createSubscription('S3', [chargeInput({ number: 'C31', price: '0.01' })]),
      ],
    });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '1021.96' },
        { runDate: '2023-01-02', amount: '255.50' },
      ],
    });
    // INV1: C11 0.01, C21 1,021.94 (2023-01-01 → 10-19), C31 0.01.
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-01',
      actions: removeProducts(['S2'], '2023-06-07'),
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-02' }));
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-01',
      actions: removeProducts(['S1'], '2023-09-25'),
    });
    await givenActivatedOrder(billing, {
      number: 'O-0004',
      orderDate: '2023-01-01',
      actions: removeProducts(['S3'], '2023-01-01'),
    });
    // The credits rounded as a set (decision 2): 0.02, the C11 / C21 tie's unit to C21.
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-02' }));
    const c21 = billing.store.probe
      .snapshot()
      .creditMemos.map((m) =>
        m.lines
          .filter((l) => l.chargeNumber === 'C21')
          .map((l) => [l.amount, l.creditedInvoiceNumber, l.serviceStartDate, l.serviceEndDate]),
      );
    expect(c21).toEqual([
      [['468.38', 'INV00000001', '2023-06-07', '2023-10-19']],
      [['0.01', 'INV00000001', '2023-06-06', '2023-06-06']],
    ]);
  });
});
