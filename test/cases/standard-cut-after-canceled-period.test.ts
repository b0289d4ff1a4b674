import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal';
import { runBillRun } from '../../src/operations/bill-run';
import { cancelInvoice } from '../../src/operations/invoices';
import { expectOk, newBilling, type TestBilling } from '../support/billing';
import { givenAccount, givenActivatedOrder } from '../support/scenarios';

// Standard billing of a charge cut short of its billed days while an earlier period's invoice is canceled
// (§8.4: the invoice lines after the effective date are credited, latest first; §6.4: a canceled period is billed
// again). S4's charge C-S4 (4,000.00/yr, billed per quarter from 2023-01-01) is billed Q1 on INV00000001, Q2 on
// INV00000002 and Q3 on INV00000003, 1,000.00 each; one of them is canceled, then S4 is cancelled. The next run
// credits what the live lines bill after the charge's new end and bills the canceled period again, so the charge
// ends billed its value over its service days. Found in review: the live lines already added up to the new value
// (Q2 + Q3 = Q1 + Q2 = 2,000.00), so nothing was credited or billed, Q3 stayed billed and Q1 unbilled.

const S4 = {
  type: 'CreateSubscription',
  subscriptionNumber: 'S4',
  termType: 'Termed',
  termStart: '2023-01-01',
  termEnd: '2023-12-31',
  ratePlans: [
    {
      id: 'RP-S4',
      name: 'S4',
      charges: [
        {
          number: 'C-S4',
          name: 'S4',
          type: 'Recurring',
          price: '4000.00',
          listPriceBase: 'Year',
          billingPeriod: 'Quarter',
        },
      ],
    },
  ],
};

/** S4 billed Q1–Q3 by runs on each quarter's first day; `canceled` (an invoice number) canceled after them. */
async function billedQ1ToQ3(canceled: string | null): Promise<TestBilling> {
  const billing = newBilling({}, '2023-09-30T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, { number: 'O-0001', orderDate: '2023-01-01', actions: [S4] });
  for (const targetDate of ['2023-01-01', '2023-04-01', '2023-07-01'])
    expectOk(await runBillRun(billing.context, { targetDate }));
  if (canceled !== null) expectOk(await cancelInvoice(billing.context, { invoiceNumber: canceled }));
  return billing;
}

async function cancelS4(billing: TestBilling, orderDate: string, effectiveDate: string): Promise<void> {
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate,
    actions: [{ type: 'CancelSubscription', subscriptionNumber: 'S4', effectiveDate }],
  });
}

/** Every document: number, status, date, amount, then each line (a memo line with the invoice it credits). */
function documents(billing: TestBilling): string[] {
  const snapshot = billing.store.probe.snapshot();
  return [
    ...snapshot.invoices.map(
      (i) =>
        `${i.number} ${i.status} ${i.invoiceDate} ${i.amount}: ${i.lines
          .map((l) => `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`)
          .join(', ')}`,
    ),
    ...snapshot.creditMemos.map(
      (m) =>
        `${m.number} ${m.status} ${m.memoDate} ${m.amount}: ${m.lines
          .map(
            (l) =>
              `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate} of ${l.creditedInvoiceNumber}`,
          )
          .join(', ')}`,
    ),
  ];
}

/** What the live documents bill S4 in all: invoices Draft or Posted minus every credit memo. */
function billedInAll(billing: TestBilling): string {
  const snapshot = billing.store.probe.snapshot();
  const invoiced = snapshot.invoices
    .filter((i) => i.status === 'Draft' || i.status === 'Posted')
    .reduce((sum, i) => sum.plus(i.amount), new Dec(0));
  const credited = snapshot.creditMemos.reduce((sum, m) => sum.plus(m.amount), new Dec(0));
  return invoiced.minus(credited).toFixed(2);
}

describe('standard billing: a charge cut short of its billed days with an earlier period canceled (§8.4, §6.4)', () => {
  it('Q1 canceled, S4 cancelled as of 2023-07-01 (value 2,000.00 = Q2 + Q3 still live): the 2023-07-02 run credits Q3 (CM 1,000.00 for 2023-07-01..09-30 of INV00000003) and bills Q1 again (1,000.00 for 2023-01-01..03-31)', async () => {
    const billing = await billedQ1ToQ3('INV00000001');
    await cancelS4(billing, '2023-07-02', '2023-07-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-02' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000004'], ['CM00000001']]);
    expect(documents(billing)).toEqual([
      'INV00000001 Canceled 2023-01-01 1000.00: C-S4 1000.00 2023-01-01..2023-03-31',
      'INV00000002 Draft 2023-04-01 1000.00: C-S4 1000.00 2023-04-01..2023-06-30',
      'INV00000003 Draft 2023-07-01 1000.00: C-S4 1000.00 2023-07-01..2023-09-30',
      'INV00000004 Draft 2023-07-02 1000.00: C-S4 1000.00 2023-01-01..2023-03-31',
      'CM00000001 Draft 2023-07-02 1000.00: C-S4 1000.00 2023-07-01..2023-09-30 of INV00000003',
    ]);
    expect(billedInAll(billing)).toBe('2000.00');
    // Settled: later runs, to the term's end, issue nothing.
    for (const targetDate of ['2023-07-02', '2023-10-01', '2023-12-31']) {
      const later = expectOk(await runBillRun(billing.context, { targetDate }));
      expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
    }
  });

  it('control, nothing canceled: the same cancellation gives the same credit memo (1,000.00 for 2023-07-01..09-30 of INV00000003) and no invoice', async () => {
    const billing = await billedQ1ToQ3(null);
    await cancelS4(billing, '2023-07-02', '2023-07-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-02' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    expect(documents(billing).slice(3)).toEqual([
      'CM00000001 Draft 2023-07-02 1000.00: C-S4 1000.00 2023-07-01..2023-09-30 of INV00000003',
    ]);
    expect(billedInAll(billing)).toBe('2000.00');
  });

  it('Q1 canceled, S4 cancelled mid-quarter as of 2023-08-15 (value 2,483.87: 7 months and 14 of August 31 days): the 2023-08-16 run credits Q3 for 2023-08-15..09-30 only (516.13) and bills Q1 again (1,000.00)', async () => {
    const billing = await billedQ1ToQ3('INV00000001');
    await cancelS4(billing, '2023-08-16', '2023-08-15');
    // The day before the cancellation takes effect, only Q1 is billed again: the credit is due on 2023-08-15.
    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-14' }));
    expect([early.invoiceNumbers, early.creditMemoNumbers]).toEqual([['INV00000004'], []]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-16' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    expect(documents(billing).slice(3)).toEqual([
      'INV00000004 Draft 2023-08-14 1000.00: C-S4 1000.00 2023-01-01..2023-03-31',
      'CM00000001 Draft 2023-08-16 516.13: C-S4 516.13 2023-08-15..2023-09-30 of INV00000003',
    ]);
    expect(billedInAll(billing)).toBe('2483.87');
  });

  it('Q1 canceled, S4 cancelled as of 2023-08-15, one run on 2023-08-16: the credit (516.13) and Q1 again (1,000.00) in the same run', async () => {
    const billing = await billedQ1ToQ3('INV00000001');
    await cancelS4(billing, '2023-08-16', '2023-08-15');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-16' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000004'], ['CM00000001']]);
    expect(documents(billing).slice(3)).toEqual([
      'INV00000004 Draft 2023-08-16 1000.00: C-S4 1000.00 2023-01-01..2023-03-31',
      'CM00000001 Draft 2023-08-16 516.13: C-S4 516.13 2023-08-15..2023-09-30 of INV00000003',
    ]);
    expect(billedInAll(billing)).toBe('2483.87');
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  it('Q2 canceled instead, S4 cancelled as of 2023-07-01: the 2023-07-02 run credits Q3 (1,000.00 for 2023-07-01..09-30 of INV00000003) and bills Q2 again (1,000.00 for 2023-04-01..06-30)', async () => {
    const billing = await billedQ1ToQ3('INV00000002');
    await cancelS4(billing, '2023-07-02', '2023-07-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-02' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000004'], ['CM00000001']]);
    expect(documents(billing).slice(3)).toEqual([
      'INV00000004 Draft 2023-07-02 1000.00: C-S4 1000.00 2023-04-01..2023-06-30',
      'CM00000001 Draft 2023-07-02 1000.00: C-S4 1000.00 2023-07-01..2023-09-30 of INV00000003',
    ]);
    expect(billedInAll(billing)).toBe('2000.00');
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });
});
