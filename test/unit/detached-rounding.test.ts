// A detached charge stays in the set rounding of a schedule's charges at its value when detached (decision 2,
// §5.4, §8.8): an order on it later, or in the same order that detaches it by an owner transfer, never moves a
// rounding unit between the charges still attached. The value is kept as the text of a fraction, so a
// schedule still serialises with JSON.stringify.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder } from '../../src/operations/contracts';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import {
  givenAccount,
  givenActivatedOrder,
  givenSchedule,
  removeProducts,
  saveOrder,
} from '../support/scenarios';

/**
 * JPY, A-001: S1/C1 400, S2/C2 397 and S3/C3 400 a year, each for January 2023 (33.33, 33.08 and 33.33 yen).
 * One item of 100 on 2023-01-01, executed: the set rounding bills 34, 33 and 33 (ties to the earlier charge);
 * the schedule is FullyProcessed. A-002 is a spare JPY account.
 */
async function fullyProcessed(): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-15T12:00:00Z');
  const january = (n: number, price: string) => ({
    number: `S${n}`,
    termStart: '2023-01-01',
    termEnd: '2023-01-31',
    charges: [{ number: `C${n}`, price }],
  });
  await setUpOrder(billing, {
    currency: 'JPY',
    subscriptions: [january(1, '400'), january(2, '397'), january(3, '400')],
  });
  await givenAccount(billing, 'A-002', { currency: 'JPY' });
  await givenSchedule(billing, { items: [{ runDate: '2023-01-01', amount: '100' }] });
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  expect(schedule.charges.map((c) => c.billedAmount.toFixed(0))).toEqual(['34', '33', '33']);
  expect([schedule.status, schedule.unbilledAmount.toFixed(0)]).toEqual(['FullyProcessed', '0']);
  return billing;
}

const transferS3 = { type: 'OwnerTransfer', subscriptionNumber: 'S3', newOwnerAccountNumber: 'A-002' };
const removeS3 = removeProducts(['S3'], '2023-01-01');

/** The schedule after `billing`'s orders: FullyProcessed, nothing unbilled, and no bill run issues anything on it. */
async function expectSettled(billing: TestBilling): Promise<void> {
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  expect(schedule.charges.map((c) => [c.chargeNumber, c.detached, c.detachment?.value ?? null])).toEqual([
    ['C1', false, null],
    ['C2', false, null],
    ['C3', true, '100/3'],
  ]);
  expect([schedule.status, schedule.actualAmount.toFixed(0), schedule.unbilledAmount.toFixed(0)]).toEqual([
    'FullyProcessed',
    '100',
    '0',
  ]);
  expect(schedule.nextRunDate).toBeNull();
  // C3 is standard billing's on A-002 now (credited there); the schedule issues nothing more, least of all a
  // credit of 1 yen on C1, which is attached, unchanged and billed its rounded value.
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-01' }));
  for (const n of run.creditMemoNumbers) {
    expect(billing.store.probe.creditMemo(n)?.lines.map((l) => l.invoiceScheduleNumber)).not.toContain(
      'IS-00000001',
    );
  }
  expect(
    expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).charges.map((c) =>
      c.billedAmount.toFixed(0),
    ),
  ).toEqual(['34', '33', '33']);
}

describe('a detached charge keeps its value in the set rounding (decision 2)', () => {
  it('S3 moved to A-002 (its charge detached, §8.8), then removed by a later order: C1, C2 keep 34 and 33', async () => {
    const billing = await fullyProcessed();
    await givenActivatedOrder(billing, { number: 'O-0002', orderDate: '2023-01-15', actions: [transferS3] });
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      accountNumber: 'A-002',
      orderDate: '2023-01-15',
      actions: removeS3,
    });
    await expectSettled(billing);
  });

  it('S3 moved and removed by the same order: the value is taken from before the order, so the same (was: C1 re-rounded to 33, then credited 1 yen)', async () => {
    const billing = await fullyProcessed();
    await saveOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: [transferS3, ...removeS3],
    });
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    await expectSettled(billing);
  });

  it('a schedule with a detached charge still serialises: the value is the text of a fraction', async () => {
    const billing = await fullyProcessed();
    await givenActivatedOrder(billing, { number: 'O-0002', orderDate: '2023-01-15', actions: [transferS3] });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const json = JSON.parse(JSON.stringify(schedule));
    expect(json.charges[2].detachment).toMatchObject({ value: '100/3' });
  });
});
