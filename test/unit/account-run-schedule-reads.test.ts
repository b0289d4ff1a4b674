// The account run reads another account's schedule only for a detachment standard billing can use (decision 2,
// §8.8): a schedule that followed its subscriptions to a new owner and left a detached charge behind, named on a
// Draft or Posted line of that charge. A schedule named only on a canceled invoice (a deleted schedule) or only
// on charges that left with it is never read — a bill run's load of an account reads it once per run, for ever
// (found in a review: one `invoiceSchedules.get` per run for a deleted schedule's canceled invoice).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice, postInvoice } from '../../src/operations/invoices';
import { deleteInvoiceSchedule, detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { expectOk, type TestBilling } from '../support/billing';
import { hooked } from '../support/hooked';
import { givenAccount, givenActivatedOrder, givenSchedule, givenSubscriptions } from '../support/scenarios';

const IS1 = 'IS-00000001';

/** The schedules `invoiceSchedules.get` is asked for during a bill run of A-001 on `targetDate`. */
async function scheduleGets(billing: TestBilling, targetDate: string): Promise<string[]> {
  const gets: string[] = [];
  const context = hooked(billing.context, (repository, method, args) => {
    if (repository === 'invoiceSchedules' && method === 'get') gets.push(args[0] as string);
  });
  expectOk(await runBillRun(context, { targetDate, accountNumbers: ['A-001'] }));
  return gets;
}

/** S1..S3 (one 1,200.00/yr charge each) in IS-00000001, item 1 of 1,800.00 executed and posted; S4 standard. */
async function givenScheduleAndStandard(): Promise<TestBilling> {
  const billing = await givenSubscriptions(
    ['S1', 'S2', 'S3', 'S4'].map((s, i) => ({
      number: s,
      termStart: '2023-01-01',
      termEnd: '2023-12-31',
      charges: [{ number: `C${i + 1}`, price: '1200.00' }],
    })),
  );
  await givenSchedule(billing, {
    specificSubscriptions: ['S1', 'S2', 'S3'].map((s) => ({ orderNumber: 'O-0001', subscriptionNumber: s })),
    items: [
      { runDate: '2023-01-10', amount: '1800.00' },
      { runDate: '2023-07-10', amount: '1800.00' },
    ],
  } as never);
  const run = expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1 }));
  for (const n of run.invoiceNumbers) expectOk(await postInvoice(billing.context, { invoiceNumber: n }));
  await givenAccount(billing, 'A-002');
  return billing;
}

describe('the account run reads another schedule only for a detachment standard billing uses', () => {
  it('S1 scheduled, S2 standard; item 1 executed, its invoice canceled, the schedule deleted: the runs of 2023-03-01, 04-01 and 05-01 never read IS-00000001', async () => {
    const billing = await givenSubscriptions([
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C1', price: '1200.00' }],
      },
      {
        number: 'S2',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C2', price: '120.00' }],
      },
    ]);
    await givenSchedule(billing, {
      specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber: 'S1' }],
      items: [{ runDate: '2023-02-01', amount: '1200.00' }],
    } as never);
    const executed = expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1 }));
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: executed.invoiceNumbers[0] as string }));
    expectOk(await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1 }));
    for (const targetDate of ['2023-03-01', '2023-04-01', '2023-05-01'])
      expect(await scheduleGets(billing, targetDate)).toEqual([]);
  });

  it('IS-00000001 followed all of S1..S3 to A-002 (§8.8), nothing detached; A-001 keeps S4 (standard): A-001’s run does not read IS-00000001', async () => {
    const billing = await givenScheduleAndStandard();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: ['S1', 'S2', 'S3'].map((s) => ({
        type: 'OwnerTransfer',
        subscriptionNumber: s,
        newOwnerAccountNumber: 'A-002',
      })),
    });
    expect(await scheduleGets(billing, '2023-04-01')).toEqual([]);
  });

  it('IS-00000001 followed S2 and S3 to A-002 and left C1 detached on A-001: A-001’s run reads IS-00000001 once, for C1’s detachment', async () => {
    const billing = await givenScheduleAndStandard();
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: IS1,
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: ['S2', 'S3'].map((s) => ({
        type: 'OwnerTransfer',
        subscriptionNumber: s,
        newOwnerAccountNumber: 'A-002',
      })),
    });
    expect(await scheduleGets(billing, '2023-04-01')).toEqual([IS1]);
  });
});
