// The worked set-ups of the served-through cases (review 2 and review 4, §7.4, decision 3), shared by
// served-through-after-order-change.test.ts and served-through-undo-detach.test.ts: schedule IS-00000001 of account
// A-001, its first item's invoice posted, and the lines' figures each case starts from.
import { expect } from 'vitest';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import type { InvoiceRecord, InvoiceScheduleRecord } from '../../src/ports/records';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';
import { createSchedule, givenActivatedOrder, yearly } from '../support/scenarios';

export type Line = readonly [charge: string, amount: string, start: string, end: string];

/** An invoice record's lines as [charge, amount, service start, service end]. */
export const lines = (invoice: InvoiceRecord): Line[] =>
  invoice.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

/** Executes IS-00000001 and reads its (first) invoice back from the store. */
export async function execute(billing: TestBilling): Promise<InvoiceRecord> {
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  return billing.store.probe.invoice(run.invoiceNumbers[0] as string) as InvoiceRecord;
}

/** IS-00000001's record, read from the store directly. */
const schedule = (billing: TestBilling): InvoiceScheduleRecord =>
  billing.store.probe.invoiceSchedule('IS-00000001') as InvoiceScheduleRecord;

/** Where the charge's lines served through, as stored on IS-00000001. */
export const servedThrough = (billing: TestBilling, chargeNumber: string) =>
  schedule(billing).charges.find((c) => c.chargeNumber === chargeNumber)?.servedThrough;

/** Order O-0002 (ordered `orderDate`) cancels S1 from `effectiveDate`. */
export async function cancelS1(
  billing: TestBilling,
  orderDate: string,
  effectiveDate: string,
): Promise<void> {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: [{ type: 'CancelSubscription', subscriptionNumber: 'S1', effectiveDate }],
  });
}

/** Case A: S1/C1 1,000.00 for 2023; items 300.00 (2023-01-01) and 700.00 (2023-04-01); item 1 posted. */
export async function caseA(): Promise<{ billing: TestBilling; first: InvoiceRecord }> {
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
  return { billing, first };
}

/**
 * Case C: JPY, S1/C1 1,000/yr and S3/C4 7/yr from 2023-05-15 (worth 4.40, billed 4 in the set, decision 2);
 * items 251 (2023-01-30) and 753 (2023-10-28); item 1 posted: C1 250 to 03-31, C4 1 to 07-11 (partly).
 */
export async function caseC(): Promise<{ billing: TestBilling; first: InvoiceRecord }> {
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
  // C4 billed 1 of 4: 05-15 + 1.89 months, 2023-07-11 partly consumed.
  expect(lines(first)).toEqual([
    ['C1', '250', '2023-01-01', '2023-03-31'],
    ['C4', '1', '2023-05-15', '2023-07-11'],
  ]);
  return { billing, first };
}
