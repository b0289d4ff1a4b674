// Standard billing (§8.5, §6.4, §1): a monthly charge whose January invoice was reversed while February's stands,
// then lowered from its start. The credit is what the billed days were billed above their worth now; it was
// measured against the worth from the charge's start through the last billed day, the reversed January included,
// so the run that bills January again credited nothing and left March (due in advance) unbilled until the next
// run, or issued a credit memo of 0.01 alone (decision 2) (review finding).
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money';
import { runBillRun } from '../../../src/operations/bill-run';
import { postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import { expectOk, type TestBilling } from '../../support/billing';
import { givenMonthlyS1, repriceFromStart } from '../../support/scenarios';

/**
 * A bill run's documents, each charge line netted with the discount lines after it and each memo line negated, as
 * `amount start..end`, sorted; the invoices are posted.
 */
async function run(billing: TestBilling, targetDate: string): Promise<string[]> {
  const r = expectOk(await runBillRun(billing.context, { targetDate }));
  const out: string[] = [];
  for (const n of r.invoiceNumbers) {
    const lines = billing.store.probe.invoice(n)?.lines ?? [];
    lines.forEach((l, k) => {
      if (l.kind !== 'Charge') return;
      let net = new Dec(l.amount);
      for (const d of lines.slice(k + 1)) {
        if (d.kind !== 'Discount') break;
        net = net.plus(d.amount);
      }
      out.push(`${net.toFixed(2)} ${l.serviceStartDate}..${l.serviceEndDate}`);
    });
    expectOk(await postInvoice(billing.context, { invoiceNumber: n }));
  }
  for (const n of r.creditMemoNumbers)
    for (const l of billing.store.probe.creditMemo(n)?.lines ?? [])
      out.push(`-${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);
  return out.sort();
}

describe('§8.5 with a reversed period: a lowered charge is credited and billed at the run that bills the gap', () => {
  it('1,200.00/yr, 10 % off (90.00 a month), January reversed, lowered to 600.00/yr: the run of 2023-03-15 credits February 45.00 and bills January and March 45.00 each', async () => {
    const billing = await givenMonthlyS1({ discounts: ['10'] });
    expect(await run(billing, '2023-01-01')).toEqual(['90.00 2023-01-01..2023-01-31']);
    expect(await run(billing, '2023-02-01')).toEqual(['90.00 2023-02-01..2023-02-28']);
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-10', price: '600.00' });
    expect(await run(billing, '2023-03-15')).toEqual([
      '-45.00 2023-02-01..2023-02-28',
      '45.00 2023-01-01..2023-01-31',
      '45.00 2023-03-01..2023-03-31',
    ]);
    expect(await run(billing, '2023-04-01')).toEqual(['45.00 2023-04-01..2023-04-30']);
  });

  it('raised instead (2,400.00/yr): January 180.00, February 90.00 more, March 180.00, as before', async () => {
    const billing = await givenMonthlyS1({ discounts: ['10'] });
    await run(billing, '2023-01-01');
    await run(billing, '2023-02-01');
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-10', price: '2400.00' });
    expect(await run(billing, '2023-03-15')).toEqual([
      '180.00 2023-01-01..2023-01-31',
      '180.00 2023-03-01..2023-03-31',
      '90.00 2023-02-01..2023-02-28',
    ]);
  });

  it('1,000.00/yr, three 1 % discounts, thirty-day months, half-even, January reversed, lowered to 500.00/yr: no credit memo of 0.01 alone', async () => {
    const billing = await givenMonthlyS1({
      price: '1000.00',
      discounts: ['1', '1', '1'],
      settings: { prorationDays: 'thirty', rounding: 'halfEven' },
    });
    await run(billing, '2023-01-17');
    await run(billing, '2023-02-09');
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-02-10', price: '500.00' });
    const r = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-15' }));
    const memos = r.creditMemoNumbers.map((n) => String(billing.store.probe.creditMemo(n)?.amount));
    expect(memos).not.toContain('0.01');
    expect(memos).toHaveLength(1);
    // And by the term's end the charge nets its value: 500.00 less 3 % (485.00).
    await run(billing, '2023-12-31');
    const { invoices, creditMemos } = billing.store.probe.snapshot();
    let net = new Dec(0);
    for (const i of invoices)
      if (i.status === 'Posted' || i.status === 'Draft') for (const l of i.lines) net = net.plus(l.amount);
    for (const m of creditMemos) for (const l of m.lines) net = net.minus(l.amount);
    expect(net.toFixed(2)).toBe('485.00');
  });
});
