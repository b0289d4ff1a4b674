import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { previewBillRun } from '../../src/operations/preview';
import type { InvoiceRecord } from '../../src/ports/records';
import { expectOk, newBilling, type TestBilling } from '../support/billing';
import { givenAccount, givenActivatedOrder, repriceFromStart } from '../support/scenarios';

// Standard billing of a charge whose price is raised from its start after periods were billed (§8.5 Update
// Product, §6.5; docs/guides/standard-billing.md "Credits after a removal of billed periods"), the mirror of
// standard-price-lowered-credit. S1/C1 is 1,200.00 a year billed monthly from 2023-01-01; January to March are
// billed at 100.00 each, then an order of 2023-03-15 raises its price to 2,400.00 a year from its start. The three
// billed months are now worth 200.00 each: the next bill run bills each of them its own difference, 100.00, with
// that month's service period (revenue recognition reads them), and April at the new price, 200.00. The amounts
// were right before, the dates were not: the catch-up was dated from where the billed total reaches at the new
// price (2023-02-15..2023-02-28 100.00, then March 200.00).

const invoiceLines = (invoice: InvoiceRecord | null) =>
  invoice?.lines.map((l) => `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);

/** Account A-001 with S1/C1, 1,200.00 a year billed every `billingPeriod` from 2023-01-01 to `termEnd`. */
async function c1(termEnd: string, billingPeriod: 'Month' | 'Quarter'): Promise<TestBilling> {
  const billing = newBilling();
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S1',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd,
        ratePlans: [
          {
            id: 'rp-S1',
            name: 'Plan S1',
            charges: [
              {
                number: 'C1',
                name: 'C1',
                type: 'Recurring',
                price: '1200.00',
                listPriceBase: 'Year',
                billingPeriod,
              },
            ],
          },
        ],
      },
    ],
  });
  return billing;
}

/** Bills `targetDates`, checks the invoices' lines, then raises C1 to 2,400.00/yr from its start (order of `orderDate`). */
async function raisedAfter(
  billing: TestBilling,
  targetDates: readonly string[],
  billedLines: readonly (readonly string[])[],
  orderDate: string,
): Promise<TestBilling> {
  for (const targetDate of targetDates) expectOk(await runBillRun(billing.context, { targetDate }));
  expect(billing.store.probe.snapshot().invoices.map((i) => invoiceLines(i))).toEqual(billedLines);
  await repriceFromStart(billing, { number: 'O-0002', orderDate, price: '2400.00' });
  return billing;
}

/** Monthly C1 to `termEnd`, billed January to March 2023, then raised to 2,400.00/yr. */
async function raisedAfterMarch(termEnd: string): Promise<TestBilling> {
  return raisedAfter(
    await c1(termEnd, 'Month'),
    ['2023-01-01', '2023-02-01', '2023-03-01'],
    [
      ['C1 100.00 2023-01-01..2023-01-31'],
      ['C1 100.00 2023-02-01..2023-02-28'],
      ['C1 100.00 2023-03-01..2023-03-31'],
    ],
    '2023-03-15',
  );
}

const CATCH_UP_300 = [
  'C1 100.00 2023-01-01..2023-01-31',
  'C1 100.00 2023-02-01..2023-02-28',
  'C1 100.00 2023-03-01..2023-03-31',
];

describe('standard billing: a price raised from the charge start after billing is caught up period by period', () => {
  it('evergreen (to 9999-12-31): the 2023-03-20 run bills 300.00, 100.00 per billed month with its dates; 2023-04-01 bills April 200.00; nothing twice after', async () => {
    const billing = await raisedAfterMarch('9999-12-31');

    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([preview.invoices.map((i) => i.amount.toFixed(2)), preview.creditMemos]).toEqual([['300.00'], []]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([run.status, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      'Completed',
      ['INV00000004'],
      [],
    ]);
    const catchUp = billing.store.probe.invoice('INV00000004');
    expect([catchUp?.invoiceDate, catchUp?.amount]).toEqual(['2023-03-20', '300.00']);
    expect(invoiceLines(catchUp)).toEqual(CATCH_UP_300);

    // A second run on the same target date: nothing more.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([again.invoiceNumbers, again.creditMemoNumbers]).toEqual([[], []]);

    const april = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([april.invoiceNumbers, april.creditMemoNumbers]).toEqual([['INV00000005'], []]);
    expect(invoiceLines(billing.store.probe.invoice('INV00000005'))).toEqual([
      'C1 200.00 2023-04-01..2023-04-30',
    ]);
    // Net billed through April: 4 × 200.00.
    const invoiced = billing.store.probe.snapshot().invoices.reduce((a, i) => a + Number(i.amount), 0);
    expect(invoiced.toFixed(2)).toBe('800.00');
  });

  it('evergreen: a first run on 2023-04-01 bills the three months 100.00 each and April 200.00 on one invoice', async () => {
    const billing = await raisedAfterMarch('9999-12-31');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000004'], []]);
    expect(invoiceLines(billing.store.probe.invoice('INV00000004'))).toEqual([
      ...CATCH_UP_300,
      'C1 200.00 2023-04-01..2023-04-30',
    ]);
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-20' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  it('a one-year term (2023): caught up at the 2023-03-20 run; the year ends billed 2,400.00', async () => {
    const billing = await raisedAfterMarch('2023-12-31');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect(invoiceLines(billing.store.probe.invoice(run.invoiceNumbers[0] ?? ''))).toEqual(CATCH_UP_300);
    for (let month = 4; month <= 12; month++)
      expectOk(
        await runBillRun(billing.context, { targetDate: `2023-${String(month).padStart(2, '0')}-01` }),
      );
    const after = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-01' }));
    expect([after.invoiceNumbers, after.creditMemoNumbers]).toEqual([[], []]);
    const snapshot = billing.store.probe.snapshot();
    expect(snapshot.creditMemos).toEqual([]);
    expect(snapshot.invoices.slice(4).map((i) => i.amount)).toEqual(Array(9).fill('200.00'));
    const invoiced = snapshot.invoices.reduce((a, i) => a + Number(i.amount), 0);
    expect(invoiced.toFixed(2)).toBe('2400.00');
  });

  it('quarterly to 2023-08-15 (a partial last quarter, billed): Q1 300.00, Q2 300.00, 2023-07-01..2023-08-15 148.38', async () => {
    // 1,200.00/yr billed quarterly to 2023-08-15: Q1 and Q2 300.00, then 2023-07-01..2023-08-15 is worth
    // 1,200 × (7 + 15/31) ÷ 12 − 600 = 148.39 (the charge 748.39). At 2,400.00/yr the charge is 1,496.77 and the
    // partial quarter 1,496.77 − 1,200.00 = 296.77: its catch-up is 148.38, the quarters' 300.00 each.
    const billing = await raisedAfter(
      await c1('2023-08-15', 'Quarter'),
      ['2023-01-01', '2023-04-01', '2023-07-01'],
      [
        ['C1 300.00 2023-01-01..2023-03-31'],
        ['C1 300.00 2023-04-01..2023-06-30'],
        ['C1 148.39 2023-07-01..2023-08-15'],
      ],
      '2023-07-10',
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-20' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000004'], []]);
    const catchUp = billing.store.probe.invoice('INV00000004');
    expect(catchUp?.amount).toBe('748.38');
    expect(invoiceLines(catchUp)).toEqual([
      'C1 300.00 2023-01-01..2023-03-31',
      'C1 300.00 2023-04-01..2023-06-30',
      'C1 148.38 2023-07-01..2023-08-15',
    ]);
    const after = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect([after.invoiceNumbers, after.creditMemoNumbers]).toEqual([[], []]);
  });

  it('lowered to 600.00/yr and credited 50.00 a month first, then raised to 2,400.00/yr: each month is billed 150.00 with its dates', async () => {
    const billing = await c1('9999-12-31', 'Month');
    for (const targetDate of ['2023-01-01', '2023-02-01', '2023-03-01'])
      expectOk(await runBillRun(billing.context, { targetDate }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-10', price: '600.00' });
    const lowered = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-10' }));
    expect([lowered.invoiceNumbers, lowered.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    await repriceFromStart(billing, { number: 'O-0003', orderDate: '2023-03-15', price: '2400.00' });
    const raised = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([raised.invoiceNumbers, raised.creditMemoNumbers]).toEqual([['INV00000004'], []]);
    expect(invoiceLines(billing.store.probe.invoice('INV00000004'))).toEqual([
      'C1 150.00 2023-01-01..2023-01-31',
      'C1 150.00 2023-02-01..2023-02-28',
      'C1 150.00 2023-03-01..2023-03-31',
    ]);
  });

  it('control: without the price change, the 2023-03-10 preview bills and credits nothing', async () => {
    const billing = await c1('9999-12-31', 'Month');
    for (const targetDate of ['2023-01-01', '2023-02-01', '2023-03-01'])
      expectOk(await runBillRun(billing.context, { targetDate }));
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-03-10' }));
    expect([preview.invoices, preview.creditMemos]).toEqual([[], []]);
  });
});
