import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import {
  fromAccountRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  fromOrderRecord,
  fromSubscriptionRecord,
  type InvoiceRecord,
  type InvoiceScheduleRecord,
} from '../../src/ports/records';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import { createSchedule, givenActivatedOrder, seededBilling, yearly } from '../support/scenarios';

// Review 2 (§7.4, §7.5, decision 3): a charge's next line starts where its earlier lines served through, not
// where its billed amount reaches under its CURRENT total. An order that cut the charge (or, through the set
// rounding of decision 2, another charge) changes that total, and the start recomputed from it moved back:
// days already billed were billed again. The schedule now keeps per charge where its lines served through
// (`ScheduleCharge.servedThrough`): the next line starts on that day when it was partly consumed, the day
// after when fully consumed, and never before.

type Line = readonly [charge: string, amount: string, start: string, end: string];

const lines = (invoice: InvoiceRecord): Line[] =>
  invoice.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

async function execute(billing: TestBilling): Promise<InvoiceRecord> {
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  return billing.store.probe.invoice(run.invoiceNumbers[0] as string) as InvoiceRecord;
}

const schedule = (billing: TestBilling): InvoiceScheduleRecord =>
  billing.store.probe.invoiceSchedule('IS-00000001') as InvoiceScheduleRecord;

const servedThrough = (billing: TestBilling, chargeNumber: string) =>
  schedule(billing).charges.find((c) => c.chargeNumber === chargeNumber)?.servedThrough;

async function cancelS1(billing: TestBilling, orderDate: string, effectiveDate: string): Promise<void> {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: [{ type: 'CancelSubscription', subscriptionNumber: 'S1', effectiveDate }],
  });
}

/** Case A: S1/C1 1,000.00 for 2023; items 300.00 (2023-01-01) and 700.00 (2023-04-01); item 1 posted. */
async function caseA(): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '1000.00' }])] });
  expectOk(
    await createSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '300.00' },
        { runDate: '2023-04-01', amount: '700.00' },
      ],
    }),
  );
  const first = await execute(billing);
  expectOk(await postInvoice(billing.context, { invoiceNumber: first.number }));
  // 300 / 1,000 × 12 = 3.6 months: 3 months + 0.6 × 30 = exactly 18 days of April, 04-18 fully consumed.
  expect(lines(first)).toEqual([['C1', '300.00', '2023-01-01', '2023-04-18']]);
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
    const billing = await caseA();
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
    const billing = newBilling({}, '2023-01-01T12:00:00Z');
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [
        {
          number: 'S1',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          charges: [{ number: 'C1', price: '1000' }],
        },
        {
          number: 'S3',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          charges: [{ number: 'C4', price: '7', startDate: '2023-05-15', endDate: '2023-12-31' }],
        },
      ],
    });
    // C4: 7/yr from 2023-05-15 is worth 4.40; rounded as a set with C1's 1,000 it is billed 4 (decision 2).
    expectOk(
      await createSchedule(billing, {
        items: [
          { runDate: '2023-01-30', amount: '251' },
          { runDate: '2023-10-28', amount: '753' },
        ],
      }),
    );
    const first = await execute(billing);
    expectOk(await postInvoice(billing.context, { invoiceNumber: first.number }));
    // C4 billed 1 of 4: 05-15 + 1.89 months, 2023-07-11 partly consumed.
    expect(lines(first)).toEqual([
      ['C1', '250', '2023-01-01', '2023-03-31'],
      ['C4', '1', '2023-05-15', '2023-07-11'],
    ]);
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
    const billing = await caseA();
    const first = billing.store.probe.invoice('INV00000001') as InvoiceRecord;
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: first.number }));
    // Nothing billed before it: the day its line started, unconsumed, is the charge's start.
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-01-01', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual([['C1', '300.00', '2023-01-01', '2023-04-18']]);
  });

  it('a canceled draft takes the charge back to where its line started: billed again, its line starts there', async () => {
    const billing = await caseA();
    const second = await execute(billing);
    expect(lines(second)).toEqual([['C1', '700.00', '2023-04-19', '2023-12-31']]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: second.number }));
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-04-19', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual([['C1', '700.00', '2023-04-19', '2023-12-31']]);
  });

  it('a credit memo takes the credited charge back to where the credit starts (§8.4)', async () => {
    const billing = await caseA();
    expect(lines(await execute(billing))).toEqual([['C1', '700.00', '2023-04-19', '2023-12-31']]);
    // Fully processed, then cancelled from 2023-07-01: C1 is credited 500.00 by the next execution.
    await cancelS1(billing, '2023-01-15', '2023-07-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('500.00');
    // Credited 2023-07-01 → 12-31: served through 06-30, so a next line would start on 07-01 (past the new end).
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-07-01', endDayPartial: true });
  });
});
