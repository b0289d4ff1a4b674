import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { previewBillRun } from '../../src/operations/preview';
import type { CreditMemoRecord, InvoiceRecord } from '../../src/ports/records';
import { expectOk, type TestBilling } from '../support/billing';
import { givenMonthlyS1, repriceFromStart } from '../support/scenarios';

// Standard billing of a charge whose price is lowered from its start after periods were billed (§8.5 Update
// Product, §6.5; docs/guides/standard-billing.md "Credits after a removal of billed periods"). S1/C1 is
// 1,200.00 a year billed monthly from 2023-01-01; January to March are billed at 100.00 each, then an order of
// 2023-03-15 lowers its price to 600.00 a year from its start (2023-01-01). The three billed months are now worth
// 50.00 each: 150.00 was billed above their value. Like a price decrease back-dated over billed periods in Zuora,
// the next bill run whose target date reaches the change credits it — 50.00 per billed month, latest first —
// and April is billed at the new price, 50.00. The credit used to wait for the day after the charge's end:
// 10000-01-01 (never) for a charge to 9999-12-31, 2024-01-01 for a one-year term.

const memoLines = (memo: CreditMemoRecord | null) =>
  memo?.lines.map((l) => `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);
const invoiceLines = (invoice: InvoiceRecord | null) =>
  invoice?.lines.map((l) => `${l.chargeNumber} ${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);

/** S1/C1 1,200.00/yr billed monthly to `termEnd`, billed January to March 2023, then repriced to 600.00/yr. */
async function repricedAfterMarch(termEnd: string): Promise<TestBilling> {
  const billing = await givenMonthlyS1({ termEnd });
  for (const targetDate of ['2023-01-01', '2023-02-01', '2023-03-01'])
    expectOk(await runBillRun(billing.context, { targetDate }));
  expect(billing.store.probe.snapshot().invoices.map((i) => invoiceLines(i))).toEqual([
    ['C1 100.00 2023-01-01..2023-01-31'],
    ['C1 100.00 2023-02-01..2023-02-28'],
    ['C1 100.00 2023-03-01..2023-03-31'],
  ]);
  await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-15', price: '600.00' });
  return billing;
}

const CREDIT_150 = [
  'C1 50.00 2023-03-01..2023-03-31',
  'C1 50.00 2023-02-01..2023-02-28',
  'C1 50.00 2023-01-01..2023-01-31',
];

describe('standard billing: a price lowered from the charge start after billing is credited at the next bill run', () => {
  it('evergreen (to 9999-12-31): the 2023-03-20 run credits 150.00, 50.00 per billed month; 2023-04-01 bills April 50.00; nothing twice after', async () => {
    const billing = await repricedAfterMarch('9999-12-31');

    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([preview.invoices.length, preview.creditMemos.map((m) => m.amount.toFixed(2))]).toEqual([
      0,
      ['150.00'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([run.status, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      'Completed',
      [],
      ['CM00000001'],
    ]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.memoDate, memo?.amount]).toEqual(['2023-03-20', '150.00']);
    expect(memoLines(memo)).toEqual(CREDIT_150);
    // Each line credits its month's invoice.
    expect(memo?.lines.map((l) => l.creditedInvoiceNumber)).toEqual([
      'INV00000003',
      'INV00000002',
      'INV00000001',
    ]);

    // A second run on the same target date: nothing more.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect([again.invoiceNumbers, again.creditMemoNumbers]).toEqual([[], []]);

    const april = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([april.invoiceNumbers, april.creditMemoNumbers]).toEqual([['INV00000004'], []]);
    expect(invoiceLines(billing.store.probe.invoice('INV00000004'))).toEqual([
      'C1 50.00 2023-04-01..2023-04-30',
    ]);

    const may = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([may.invoiceNumbers, may.creditMemoNumbers]).toEqual([['INV00000005'], []]);
    expect(invoiceLines(billing.store.probe.invoice('INV00000005'))).toEqual([
      'C1 50.00 2023-05-01..2023-05-31',
    ]);
    // Net billed through May: 5 × 50.00.
    const snapshot = billing.store.probe.snapshot();
    const invoiced = snapshot.invoices.reduce((a, i) => a + Number(i.amount), 0);
    const credited = snapshot.creditMemos.reduce((a, m) => a + Number(m.amount), 0);
    expect((invoiced - credited).toFixed(2)).toBe('250.00');
  });

  it('evergreen: a first run on 2023-04-01 credits 150.00 and bills April 50.00 in the same run', async () => {
    const billing = await repricedAfterMarch('9999-12-31');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000004'], ['CM00000001']]);
    expect(memoLines(billing.store.probe.creditMemo('CM00000001'))).toEqual(CREDIT_150);
    expect(invoiceLines(billing.store.probe.invoice('INV00000004'))).toEqual([
      'C1 50.00 2023-04-01..2023-04-30',
    ]);
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-20' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  it('a one-year term (2023): credited at the 2023-03-20 run, not on 2024-01-01; the year ends billed 600.00 net', async () => {
    const billing = await repricedAfterMarch('2023-12-31');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-20' }));
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    expect(memoLines(billing.store.probe.creditMemo('CM00000001'))).toEqual(CREDIT_150);
    for (let month = 4; month <= 12; month++)
      expectOk(
        await runBillRun(billing.context, { targetDate: `2023-${String(month).padStart(2, '0')}-01` }),
      );
    const after = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-01' }));
    expect([after.invoiceNumbers, after.creditMemoNumbers]).toEqual([[], []]);
    const snapshot = billing.store.probe.snapshot();
    expect(snapshot.creditMemos.map((m) => m.amount)).toEqual(['150.00']);
    expect(snapshot.invoices.slice(3).map((i) => i.amount)).toEqual(Array(9).fill('50.00'));
  });

  it('control: without the price change, the 2023-03-10 preview bills and credits nothing', async () => {
    // Control: the same billing before the order is activated owes no credit.
    const billing = await givenMonthlyS1({ termEnd: '9999-12-31' });
    for (const targetDate of ['2023-01-01', '2023-02-01', '2023-03-01'])
      expectOk(await runBillRun(billing.context, { targetDate }));
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-03-10' }));
    expect([preview.invoices, preview.creditMemos]).toEqual([[], []]);
  });
});
