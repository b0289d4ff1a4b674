import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { attachInvoiceScheduleCharges, detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import type { InvoiceRecord, InvoiceScheduleRecord } from '../../src/ports/records';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import { createSchedule, givenActivatedOrder, yearly } from '../support/scenarios';

// Review 4 (§7.4, §5.4, §5.5, decision 3): where a charge's lines served through (`ScheduleCharge.servedThrough`)
// after an invoice goes back, across a detach and an attach, and for standard billing of a detached charge. An
// order cut between the documents moves the charge's total, so the start recomputed from its billed amount
// would fall inside days a live line still serves.

type Line = readonly [charge: string, amount: string, start: string, end: string];

const lines = (invoice: InvoiceRecord): Line[] =>
  invoice.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

async function execute(billing: TestBilling): Promise<InvoiceRecord> {
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  return billing.store.probe.invoice(run.invoiceNumbers[0] as string) as InvoiceRecord;
}

const servedThrough = (billing: TestBilling, chargeNumber: string) =>
  (billing.store.probe.invoiceSchedule('IS-00000001') as InvoiceScheduleRecord).charges.find(
    (c) => c.chargeNumber === chargeNumber,
  )?.servedThrough;

async function cancelS1(billing: TestBilling, orderDate: string, effectiveDate: string): Promise<void> {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: [{ type: 'CancelSubscription', subscriptionNumber: 'S1', effectiveDate }],
  });
}

/** Case A: S1/C1 1,000.00 for 2023; items 300.00 (2023-01-01) and 700.00 (2023-04-01); item 1 posted. */
async function caseA(): Promise<{ billing: TestBilling; first: InvoiceRecord }> {
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
  expect(lines(first)).toEqual([['C1', '300.00', '2023-01-01', '2023-04-18']]);
  return { billing, first };
}

/**
 * Case C: JPY, S1/C1 1,000/yr and S3/C4 7/yr from 2023-05-15 (worth 4.40, billed 4 in the set, decision 2);
 * items 251 (2023-01-30) and 753 (2023-10-28); item 1 posted: C1 250 to 03-31, C4 1 to 07-11 (partly).
 */
async function caseC(): Promise<{ billing: TestBilling; first: InvoiceRecord }> {
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
  expect(lines(first)).toEqual([
    ['C1', '250', '2023-01-01', '2023-03-31'],
    ['C4', '1', '2023-05-15', '2023-07-11'],
  ]);
  return { billing, first };
}

describe('an invoice going back after a cut: the next line starts where its line started (review 4)', () => {
  it('A: INV2 (04-19 → 05-31) canceled after the cut from 2023-06-01; billed again from 04-19, not 04-18 inside live INV1', async () => {
    const { billing } = await caseA();
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    const second = await execute(billing);
    expect(lines(second)).toEqual([['C1', '116.67', '2023-04-19', '2023-05-31']]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: second.number }));
    // Where INV2's line started, that day unconsumed.
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-04-19', endDayPartial: true });
    // Recomputed from 300.00 of 416.67 alone it started 2023-04-18, a day INV1 serves in full.
    expect(lines(await execute(billing))).toEqual([['C1', '116.67', '2023-04-19', '2023-05-31']]);
  });

  it('C (JPY): INV2 reversed after the cut of C1 moved a unit onto C4; C4 billed again from 07-11 (partly consumed), not 06-30', async () => {
    const { billing } = await caseC();
    await cancelS1(billing, '2023-02-01', '2023-11-01');
    const second = await execute(billing);
    expectOk(await postInvoice(billing.context, { invoiceNumber: second.number }));
    expect(lines(second)).toEqual([
      ['C1', '583', '2023-04-01', '2023-10-31'],
      ['C4', '4', '2023-07-11', '2023-12-31'],
    ]);
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: second.number }));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    // Recomputed from C4's new total (5) it started 2023-06-30, 11 days inside INV1's live C4 line.
    expect(lines(await execute(billing))).toEqual(lines(second));
  });

  it('a reverted line that started on a day partly consumed before it starts there again', async () => {
    // C4's INV2 line starts on 07-11, the day INV1's line left partly consumed: going back keeps that day.
    const { billing } = await caseC();
    const second = await execute(billing);
    expect(lines(second)).toEqual([
      ['C1', '750', '2023-04-01', '2023-12-31'],
      ['C4', '3', '2023-07-11', '2023-12-31'],
    ]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: second.number }));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual(lines(second));
  });

  it("the first invoice reversed after a cut: billed again from the charge's start", async () => {
    const { billing, first } = await caseA();
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: first.number }));
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-01-01', endDayPartial: true });
    // 300.00 of 416.67 over the five months left: 3.6 months, to 04-18.
    expect(lines(await execute(billing))).toEqual([['C1', '300.00', '2023-01-01', '2023-04-18']]);
  });
});

describe('detach and attach keep where the charge was served through (review 4, §5.4, §5.5)', () => {
  it('C (JPY): C4 detached, C1 cut (C4 4 → 5 in the set), C4 attached back: its next line starts 07-11, not 06-30', async () => {
    const { billing } = await caseC();
    const selection = {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C4'] }],
    };
    expectOk(await detachInvoiceScheduleCharges(billing.context, selection));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    await cancelS1(billing, '2023-02-01', '2023-11-01');
    expectOk(await attachInvoiceScheduleCharges(billing.context, selection));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual([
      ['C1', '583', '2023-04-01', '2023-10-31'],
      ['C4', '4', '2023-07-11', '2023-12-31'],
    ]);
  });

  it("A: C1 detached, cancelled from 2023-06-01; standard billing resumes 04-19, the day after the schedule's last line", async () => {
    const { billing } = await caseA();
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    // 416.67 − 300.00; read from 300.00 of 416.67 alone it started 2023-04-18, which INV1 served in full.
    expect(lines(billing.store.probe.invoice('INV00000002') as InvoiceRecord)).toEqual([
      ['C1', '116.67', '2023-04-19', '2023-05-31'],
    ]);
  });
});
