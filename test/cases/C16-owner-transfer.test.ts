import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder } from '../../src/operations/contracts';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice, postInvoice } from '../../src/operations/invoices';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenActivatedOrder, givenC17Schedule, removeProducts, saveOrder } from '../support/scenarios';

// C16 — owner transfer of subscriptions in a schedule (§8.8): a subset of a schedule's subscriptions may move
// to another invoice owner only once every charge is fully billed; otherwise all of them must move together.
//
// Setup as C17: S1/C1 1,200 and S2/C2 1,300 over a 24-month term 2022-01-01 → 2023-12-31, order total 2,500.
// Doc issue: at 1,200/yr and 1,300/yr, 24 months are worth 5,000. As in C17 we read the prices as per two-year
// billing period (list price base BillingPeriod, TwoYears), which gives the stated 2,500.
async function setUp(): Promise<TestBilling> {
  // Accounts A1 and A2; IS-00000001 of A1: 2022-01-01 1,200 / 2022-12-01 1,300.
  const { billing, schedule } = await givenC17Schedule(['A1', 'A2']);
  expect(schedule.totalAmount.toFixed(2)).toBe('2500.00');
  return billing;
}

async function generateAndPost(billing: TestBilling, invoiceNumber: string, amount: string): Promise<void> {
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(run.invoiceNumbers).toEqual([invoiceNumber]);
  expect(billing.store.probe.invoice(invoiceNumber)?.amount).toBe(amount);
  expect(billing.store.probe.invoice(invoiceNumber)?.accountNumber).toBe('A1');
  expectOk(await postInvoice(billing.context, { invoiceNumber }));
}

async function transfer(billing: TestBilling, orderNumber: string, subscriptions: readonly string[]) {
  await saveOrder(billing, {
    number: orderNumber,
    accountNumber: 'A1',
    orderDate: '2022-12-15',
    actions: subscriptions.map((s) => ({
      type: 'OwnerTransfer',
      subscriptionNumber: s,
      newOwnerAccountNumber: 'A2',
    })),
  });
  return activateSavedOrder(billing.context, { orderNumber });
}

describe('C16 — owner transfer of subscriptions in a schedule', () => {
  it('C16: after Generate #1 (INV001 1,200.00, A1, posted), transferring only S1 while #2 1,300 is unbilled is refused (OrderActionNotSupported); nothing changes', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    const before = billing.store.probe.snapshot();
    const error = expectErr(await transfer(billing, 'O-002', ['S1']));
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      orderNumber: 'O-002',
      actionIndex: 0,
      action: 'OwnerTransfer',
      invoiceScheduleNumber: 'IS-00000001',
      scheduleStatus: 'PartiallyProcessed',
      reason: 'OwnerTransferOfPartlyBilledSchedule',
    });
    // The saved order stays unactivated; the subscriptions keep their owner.
    const after = billing.store.probe.snapshot();
    expect(after.subscriptions).toEqual(before.subscriptions);
    expect(after.invoiceSchedules).toEqual(before.invoiceSchedules);
    expect(billing.store.probe.subscription('S1')?.accountNumber).toBe('A1');
  });

  it('C16: with both items executed and posted (INV001 1,200.00, INV002 1,300.00), transferring S1 alone (O-002) succeeds; S2 stays with A1; a later O-003 moves S2', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    await generateAndPost(billing, 'INV00000002', '1300.00');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.billedAmount.toFixed(2)]).toEqual(['FullyProcessed', '2500.00']);
    expectOk(await transfer(billing, 'O-002', ['S1']));
    expect(billing.store.probe.subscription('S1')?.accountNumber).toBe('A2');
    expect(billing.store.probe.subscription('S2')?.accountNumber).toBe('A1');
    expectOk(await transfer(billing, 'O-003', ['S2']));
    expect(billing.store.probe.subscription('S2')?.accountNumber).toBe('A2');
  });

  it('C16, §5.4: with INV002 still a Draft, transferring S1 alone detaches C1: INV002 can then be posted, not canceled (InvoiceLockedByDetach), and the message says an owner transfer’s charge cannot be attached back', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    expectOk(await transfer(billing, 'O-002', ['S1']));
    const error = expectErr(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect(error).toMatchObject({ type: 'InvoiceLockedByDetach', invoiceNumber: 'INV00000002' });
    expect(error.message).toContain(
      'Where attaching is refused — an owner transfer detached them (a charge whose subscription another account owns, §4.2 rule 6), or an item was processed or the charge billed since the detach (§5.5) — the invoice stays: post a Draft one and correct its amounts with an order change.',
    );
    expect(expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' })).status).toBe(
      'Posted',
    );
  });

  it('C16: transferring both S1 and S2 in one order while the schedule is partly billed (#2 1,300 Pending) succeeds', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    expectOk(await transfer(billing, 'O-002', ['S1', 'S2']));
    expect(billing.store.probe.subscription('S1')?.accountNumber).toBe('A2');
    expect(billing.store.probe.subscription('S2')?.accountNumber).toBe('A2');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.amount.toFixed(2), i.status])).toEqual([
      ['1200.00', 'Processed'],
      ['1300.00', 'Pending'],
    ]);
  });

  it('C16 (§8.8): transferring only S1 before anything is billed is refused as well', async () => {
    const billing = await setUp();
    expect(expectErr(await transfer(billing, 'O-002', ['S1']))).toMatchObject({
      type: 'OrderActionNotSupported',
      reason: 'OwnerTransferOfPartlyBilledSchedule',
      scheduleStatus: 'Pending',
    });
  });

  // Decision 17 (billing history belongs to the charge): what was billed for a charge is found by
  // subscription and charge number on every account that owned it, so a transfer never bills twice.
  function billedOn(billing: TestBilling, chargeNumber: string): string {
    const { invoices, creditMemos } = billing.store.probe.snapshot();
    let units = 0n;
    const add = (amount: string, sign: bigint) => {
      units += sign * BigInt(amount.replace('.', ''));
    };
    for (const invoice of Object.values(invoices)) {
      if (invoice.status !== 'Draft' && invoice.status !== 'Posted') continue;
      for (const l of invoice.lines) if (l.chargeNumber === chargeNumber) add(l.amount, 1n);
    }
    for (const memo of Object.values(creditMemos)) {
      for (const l of memo.lines) if (l.chargeNumber === chargeNumber) add(l.amount, -1n);
    }
    const s = units.toString().padStart(3, '0');
    return `${s.slice(0, -2)}.${s.slice(-2)}`;
  }

  it('C16, decision 17: S1 moved to A2 after being fully billed on A1 is not billed again by an account-wide bill run (was a second 1,200.00 invoice)', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    await generateAndPost(billing, 'INV00000002', '1300.00');
    expectOk(await transfer(billing, 'O-002', ['S1']));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(run.creditMemoNumbers).toEqual([]);
    expect([billedOn(billing, 'C1'), billedOn(billing, 'C2')]).toEqual(['1200.00', '1300.00']);
    expect(billing.store.probe.subscription('S1')?.previousAccountNumbers).toEqual(['A1']);
  });

  it('C16, decision 17: moving both subscriptions of a partly billed schedule moves the schedule; item #2 bills A2 1,300.00 and the 2,500.00 contract is billed 2,500.00 (was 5,000.00)', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    expectOk(await transfer(billing, 'O-002', ['S1', 'S2']));
    const moved = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(moved.accountNumber).toBe('A2');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const inv2 = billing.store.probe.invoice('INV00000002');
    expect([inv2?.accountNumber, inv2?.amount]).toEqual(['A2', '1300.00']);
    expect(billing.store.probe.invoice('INV00000001')?.accountNumber).toBe('A1');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.billedAmount.toFixed(2)]).toEqual(['FullyProcessed', '2500.00']);
    expect([billedOn(billing, 'C1'), billedOn(billing, 'C2')]).toEqual(['1200.00', '1300.00']);
    // A second run bills nothing more on either account.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2024-06-30' }));
    expect(again.invoiceNumbers).toEqual([]);
  });
  it('C16, decision 17: moving S1 alone out of the fully billed schedule detaches its charge; a later cancellation of S1 is credited on A2, its current owner (600.00 from INV001), and the schedule is left as it was', async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    await generateAndPost(billing, 'INV00000002', '1300.00');
    expectOk(await transfer(billing, 'O-002', ['S1']));
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after.accountNumber).toBe('A1');
    expect(after.charges.map((c) => [c.subscriptionNumber, c.detached, c.billedAmount.toFixed(2)])).toEqual([
      ['S1', true, '1200.00'],
      ['S2', false, '1300.00'],
    ]);
    expect([after.status, after.actualAmount.toFixed(2), after.unbilledAmount.toFixed(2)]).toEqual([
      'FullyProcessed',
      '2500.00',
      '0.00',
    ]);
    // S1 (1,200.00 over 2022–2023) canceled from 2023-01-01 is worth 600.00: 600.00 to credit, on A2.
    await givenActivatedOrder(billing, {
      number: 'O-003',
      accountNumber: 'A2',
      orderDate: '2022-12-20',
      actions: removeProducts(['S1'], '2023-01-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(run.creditMemoNumbers).toHaveLength(1);
    const memo = billing.store.probe.creditMemo(run.creditMemoNumbers[0] as string);
    expect([memo?.accountNumber, memo?.amount]).toEqual(['A2', '600.00']);
    expect(
      memo?.lines.map((l) => [l.subscriptionNumber, l.chargeNumber, l.amount, l.invoiceScheduleNumber]),
    ).toEqual([['S1', 'C1', '600.00', null]]);
    expect([billedOn(billing, 'C1'), billedOn(billing, 'C2')]).toEqual(['600.00', '1300.00']);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.billedAmount.toFixed(2), schedule.nextRunDate]).toEqual([
      'FullyProcessed',
      '2500.00',
      null,
    ]);
  });
  it("C16, decision 17: S1's product removed (600.00 to credit, nextRunDate 2023-01-01) and S1 then moved alone: its charge is detached, the schedule no longer waits for that credit (nextRunDate null), and the credit is issued on A2", async () => {
    const billing = await setUp();
    await generateAndPost(billing, 'INV00000001', '1200.00');
    await generateAndPost(billing, 'INV00000002', '1300.00');
    await givenActivatedOrder(billing, {
      number: 'O-002',
      accountNumber: 'A1',
      orderDate: '2022-12-10',
      actions: removeProducts(['S1'], '2023-01-01'),
    });
    const waiting = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([waiting.nextRunDate, waiting.unbilledAmount.toFixed(2)]).toEqual(['2023-01-01', '-600.00']);
    expectOk(await transfer(billing, 'O-003', ['S1']));
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after.charges.map((c) => [c.subscriptionNumber, c.detached])).toEqual([
      ['S1', true],
      ['S2', false],
    ]);
    expect([after.status, after.nextRunDate, after.unbilledAmount.toFixed(2)]).toEqual([
      'FullyProcessed',
      null,
      '0.00',
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    const memo = billing.store.probe.creditMemo(run.creditMemoNumbers[0] as string);
    expect([run.creditMemoNumbers.length, memo?.accountNumber, memo?.amount]).toEqual([1, 'A2', '600.00']);
    expect(billing.store.probe.subscription('S1')?.accountNumber).toBe('A2');
  });
});
