import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import {
  fromAccountRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvoiceRecord,
} from '../../src/ports/records';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import { createSchedule, seededBilling, yearly } from '../support/scenarios';
import { cancelS1, caseA, caseC, execute, lines, servedThrough } from './served-through';

// Review 2 (§7.4, §7.5, decision 3): a charge's next line starts where its earlier lines served through, not
// where its billed amount reaches under its CURRENT total. An order that cut the charge (or, through the set
// rounding of decision 2, another charge) changes that total, and the start recomputed from it moved back:
// days already billed were billed again. The schedule now keeps per charge where its lines served through
// (`ScheduleCharge.servedThrough`): the next line starts on that day when it was partly consumed, the day
// after when fully consumed, and never before.

/** Case A, where item 1's line served through: 2023-04-18 in full. */
async function caseAServed(): Promise<TestBilling> {
  const { billing } = await caseA();
  expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-04-18', endDayPartial: false });
  return billing;
}

/** Case B: S1/C1 JPY 101 for 2023; items 30 and 71; item 1 posted (C1 → 2023-04-17), then S1 cancelled from 07-01. */
async function caseB(): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await setUpOrder(billing, {
    currency: 'JPY',
    subscriptions: [yearly('S1', [{ number: 'C1', price: '101' }])],
  });
  expectOk(
    await createSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '30' },
        { runDate: '2023-04-01', amount: '71' },
      ],
    }),
  );
  const first = await execute(billing);
  expectOk(await postInvoice(billing.context, { invoiceNumber: first.number }));
  // 30 / 101 × 12 = 3.564… months: 3 months + 16.9 days of April, 2023-04-17 partly consumed.
  expect(lines(first)).toEqual([['C1', '30', '2023-01-01', '2023-04-17']]);
  await cancelS1(billing, '2023-01-15', '2023-07-01');
  return billing;
}

describe('a charge line starts where the charge was served through (review 2, §7.4, decision 3)', () => {
  it('A (USD): 300.00 of 1,000.00 served through 2023-04-18 in full; cancelled from 2023-06-01 (value 416.67), the next line starts 2023-04-19', async () => {
    const billing = await caseAServed();
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    // Recomputed from the new total, 300 / 416.67 × 5 months ends 2023-04-18 partly consumed: it started there.
    expect(lines(await execute(billing))).toEqual([['C1', '116.67', '2023-04-19', '2023-05-31']]);
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-05-31', endDayPartial: false });
  });

  it('B (JPY): 30 of 101 served through 2023-04-17 partly; cancelled from 2023-07-01 (value 50.5 → 51), the next line starts 2023-04-17', async () => {
    const billing = await caseB();
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-04-17', endDayPartial: true });
    // Recomputed from 51, the start was 2023-04-16: a day billed already.
    expect(lines(await execute(billing))).toEqual([['C1', '21', '2023-04-17', '2023-06-30']]);
  });

  it('B from a schedule record written before 0.2.0 (no servedThrough): read back null, billed as before', async () => {
    const snapshot = (await caseB()).store.probe.snapshot();
    const old = snapshot.invoiceSchedules.map(({ charges, ...rest }) => ({
      ...rest,
      charges: charges.map(({ servedThrough: _, ...charge }) => charge),
    }));
    const billing = seededBilling({
      accounts: snapshot.accounts.map((r) => fromAccountRecord(r)._unsafeUnwrap()),
      orders: snapshot.orders.map((r) => fromOrderRecord(r)._unsafeUnwrap()),
      subscriptions: snapshot.subscriptions.map((r) => fromSubscriptionRecord(r)._unsafeUnwrap()),
      invoiceSchedules: old.map((r) => fromInvoiceScheduleRecord(r)._unsafeUnwrap()),
      invoices: snapshot.invoices.map((r) => fromInvoiceRecord(r)._unsafeUnwrap()),
      sequences: snapshot.sequences,
    });
    expect(servedThrough(billing, 'C1')).toBeNull();
    // Nothing says where INV1 served through: the start is recomputed from the billed amount, as before.
    expect(lines(await execute(billing))).toEqual([['C1', '21', '2023-04-16', '2023-06-30']]);
  });

  it('C (JPY): cancelling C1 moves the set rounding of an unchanged C4 (4 → 5), whose next line still starts on its previous end day', async () => {
    // C4: 7/yr from 2023-05-15 is worth 4.40; rounded as a set with C1's 1,000 it is billed 4 (decision 2).
    const { billing } = await caseC();
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    // Cancelling S1 from 2023-11-01 cuts C1 to 833.33…: the set rounds C4 up to 5.
    await cancelS1(billing, '2023-02-01', '2023-11-01');
    const second = await execute(billing);
    // Recomputed from C4's new total, its line started 2023-06-30, 11 days before INV1's C4 line ended.
    expect(lines(second)).toEqual([
      ['C1', '583', '2023-04-01', '2023-10-31'],
      ['C4', '4', '2023-07-11', '2023-12-31'],
    ]);
  });

  it('a reversed first invoice takes the charge back to where its line started, the charge start: billed again, its lines are the same', async () => {
    const billing = await caseAServed();
    const first = billing.store.probe.invoice('INV00000001') as InvoiceRecord;
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: first.number }));
    // Nothing billed before it: the day its line started, unconsumed, is the charge's start.
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-01-01', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual([['C1', '300.00', '2023-01-01', '2023-04-18']]);
  });

  it('a canceled draft takes the charge back to where its line started: billed again, its line starts there', async () => {
    const billing = await caseAServed();
    const second = await execute(billing);
    expect(lines(second)).toEqual([['C1', '700.00', '2023-04-19', '2023-12-31']]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: second.number }));
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-04-19', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual([['C1', '700.00', '2023-04-19', '2023-12-31']]);
  });

  it('a credit memo takes the credited charge back to where the credit starts (§8.4)', async () => {
    const billing = await caseAServed();
    expect(lines(await execute(billing))).toEqual([['C1', '700.00', '2023-04-19', '2023-12-31']]);
    // Fully processed, then cancelled from 2023-07-01: C1 is credited 500.00 by the next execution.
    await cancelS1(billing, '2023-01-15', '2023-07-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('500.00');
    // Credited 2023-07-01 → 12-31: served through 06-30, so a next line would start on 07-01 (past the new end).
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-07-01', endDayPartial: true });
  });
});
