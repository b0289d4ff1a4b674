import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { getInvoiceSchedule } from '../../src/operations/queries';
import type { InvoiceRecord } from '../../src/ports/records';
import { expectOk, newBilling, type TestBilling } from '../support/billing';
import { givenAccount, givenActivatedOrder } from '../support/scenarios';

// Standard billing after an earlier period's invoice is canceled or reversed (§6.4, §6.5): S4's charge C-S4
// (1,200.00/yr, billed per quarter from 2023-03-01) is billed Q1 (2023-03-01..05-31, 300.00) on INV00000001 and
// Q2 (2023-06-01..08-31, 300.00) on INV00000002; INV00000001 is then canceled (or reversed). No live invoice
// bills Q1 any more, INV00000002 still bills Q2: the next run bills Q1 again, 300.00 for 2023-03-01..05-31 —
// not a second Q2 (found in review: the billed total 300.00 was read as billing Q1).

const sub = (number: string, price: string, billingPeriod: string, termStart: string, termEnd: string) => ({
  type: 'CreateSubscription',
  subscriptionNumber: number,
  termType: 'Termed',
  termStart,
  termEnd,
  ratePlans: [
    {
      id: `RP-${number}`,
      name: number,
      charges: [
        {
          number: `C-${number}`,
          name: number,
          type: 'Recurring',
          price,
          listPriceBase: 'Year',
          billingPeriod,
        },
      ],
    },
  ],
});

const S4 = sub('S4', '1200.00', 'Quarter', '2023-03-01', '2024-02-29');

function invoiceOf(billing: TestBilling, number: string): InvoiceRecord {
  const invoice = billing.store.probe.invoice(number);
  if (invoice === null) throw new Error(`no invoice ${number}`);
  return invoice;
}

const lineText = (l: InvoiceRecord['lines'][number]) =>
  `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`;

function linesOf(invoice: InvoiceRecord): string[] {
  return invoice.lines.map(lineText);
}

/** Every line of the live (Draft or Posted) invoices, by service start (a stable sort: invoice order within). */
function liveLines(billing: TestBilling): string[] {
  return billing.store.probe
    .snapshot()
    .invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted')
    .flatMap((i) => i.lines)
    .sort((a, b) =>
      a.serviceStartDate < b.serviceStartDate ? -1 : a.serviceStartDate > b.serviceStartDate ? 1 : 0,
    )
    .map(lineText);
}

async function quarterlyS4(): Promise<TestBilling> {
  const billing = newBilling({}, '2023-06-02T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, { number: 'O-0001', orderDate: '2023-01-01', actions: [S4] });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
  expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
  return billing;
}

describe('standard billing of a period whose invoice was canceled or reversed after a later one (§6.4, §6.5)', () => {
  it('Q1 invoice canceled after Q2 was billed: the 2023-06-02 run bills 300.00 for 2023-03-01..05-31, not Q2 again', async () => {
    const billing = await quarterlyS4();
    expect(linesOf(invoiceOf(billing, 'INV00000002'))).toEqual(['C-S4 300.00 2023-06-01..2023-08-31']);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-02' }));
    expect(run.invoiceNumbers).toEqual(['INV00000003']);
    expect(linesOf(invoiceOf(billing, 'INV00000003'))).toEqual(['C-S4 300.00 2023-03-01..2023-05-31']);
    // Billed to the end: each quarter once, 1,200.00 in all.
    for (const targetDate of ['2023-09-01', '2023-12-01', '2024-02-29'])
      expectOk(await runBillRun(billing.context, { targetDate }));
    expect(liveLines(billing)).toEqual([
      'C-S4 300.00 2023-03-01..2023-05-31',
      'C-S4 300.00 2023-06-01..2023-08-31',
      'C-S4 300.00 2023-09-01..2023-11-30',
      'C-S4 300.00 2023-12-01..2024-02-29',
    ]);
  });

  it('Q1 invoice reversed after Q2 was billed: the 2023-06-02 run bills 300.00 for 2023-03-01..05-31', async () => {
    const billing = await quarterlyS4();
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-02' }));
    expect(run.invoiceNumbers).toEqual(['INV00000003']);
    expect(linesOf(invoiceOf(billing, 'INV00000003'))).toEqual(['C-S4 300.00 2023-03-01..2023-05-31']);
  });

  it('Q2 invoice canceled, Q1 standing: the 2023-06-02 run bills Q2 again, 300.00 for 2023-06-01..08-31', async () => {
    const billing = await quarterlyS4();
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-02' }));
    expect(linesOf(invoiceOf(billing, run.invoiceNumbers[0] ?? ''))).toEqual([
      'C-S4 300.00 2023-06-01..2023-08-31',
    ]);
  });

  it('consolidated: S1 (12,000.00/yr) and S2 (6,000.00/yr) on schedules not invoiced separately, merged with S4 on INV00000001; canceled after INV00000002 bills S4 Q2: INV00000003 bills S4 Q1 (300.00, 2023-03-01..05-31), and billed to the end each charge is billed its value', async () => {
    const billing = newBilling({}, '2023-03-01T12:00:00Z');
    await givenAccount(billing, 'A-001');
    await givenActivatedOrder(billing, {
      number: 'O-0001',
      orderDate: '2023-01-01',
      actions: [
        sub('S1', '12000.00', 'Annual', '2023-01-01', '2023-12-31'),
        sub('S2', '6000.00', 'Annual', '2023-01-01', '2023-12-31'),
        S4,
      ],
    });
    for (const [subscriptionNumber, half] of [
      ['S1', '6000.00'],
      ['S2', '3000.00'],
    ] as const) {
      expectOk(
        await createInvoiceSchedule(billing.context, {
          accountNumber: 'A-001',
          orders: ['O-0001'],
          specificSubscriptions: [{ orderNumber: 'O-0001', subscriptionNumber }],
          invoiceSeparately: false,
          items: [
            { runDate: '2023-03-01', amount: half },
            { runDate: '2023-09-01', amount: half },
          ],
        }),
      );
    }
    expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(linesOf(invoiceOf(billing, 'INV00000001'))).toEqual([
      'C-S1 6000.00 2023-01-01..2023-06-30',
      'C-S2 3000.00 2023-01-01..2023-06-30',
      'C-S4 300.00 2023-03-01..2023-05-31',
    ]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect(linesOf(invoiceOf(billing, 'INV00000002'))).toEqual(['C-S4 300.00 2023-06-01..2023-08-31']);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    for (const targetDate of ['2023-06-02', '2023-09-01', '2023-12-01', '2024-02-29']) {
      const run = expectOk(await runBillRun(billing.context, { targetDate }));
      for (const invoiceNumber of run.invoiceNumbers)
        expectOk(await postInvoice(billing.context, { invoiceNumber }));
    }
    expect(linesOf(invoiceOf(billing, 'INV00000003'))).toEqual([
      'C-S1 6000.00 2023-01-01..2023-06-30',
      'C-S2 3000.00 2023-01-01..2023-06-30',
      'C-S4 300.00 2023-03-01..2023-05-31',
    ]);
    expect(liveLines(billing)).toEqual([
      'C-S1 6000.00 2023-01-01..2023-06-30',
      'C-S2 3000.00 2023-01-01..2023-06-30',
      'C-S4 300.00 2023-03-01..2023-05-31',
      'C-S4 300.00 2023-06-01..2023-08-31',
      'C-S1 6000.00 2023-07-01..2023-12-31',
      'C-S2 3000.00 2023-07-01..2023-12-31',
      'C-S4 300.00 2023-09-01..2023-11-30',
      'C-S4 300.00 2023-12-01..2024-02-29',
    ]);
    expect(billing.store.probe.snapshot().creditMemos).toEqual([]);
    for (const number of ['IS-00000001', 'IS-00000002']) {
      const schedule = expectOk(await getInvoiceSchedule(billing.context, number));
      expect([schedule.status, schedule.unbilledAmount.toFixed(2)]).toEqual(['FullyProcessed', '0.00']);
    }
  });
});
