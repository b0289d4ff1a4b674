// Standard billing (§8.5, §6.4, decision 2): a charge whose first periods were billed 0.00 (their rounded worth
// was nothing, so no invoice line was issued), then raised from its start. Those days were billed, not left
// unbilled: only a voided (Canceled or Reversed) invoice leaves days to bill again. They were read as days no
// invoice billed, so the raise credited the last billed period and billed an earlier one again: 0.02/yr a month,
// billed 0.00, 0.00, 0.01 for January–March, raised to 0.03/yr (still worth 0.01 in all) gave an invoice of 0.01
// for February and a credit memo of 0.01 for March (the standard-reprice property, seed -2012764927); and the gap
// rule billed such a month again (0.01/yr billed 0.01 for June alone, raised to 0.02/yr: 0.01 for March). And a
// raise over canceled first periods credited a standing period the unit its rounding put there (reviews 91, 92).
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice } from '../../../src/operations/invoices';
import { expectOk, type TestBilling } from '../../support/billing';
import { givenMonthlyS1, repriceFromStart } from '../../support/scenarios';

/** A bill run's documents: each invoice line as `amount start..end`, each memo line negated, sorted. */
async function run(billing: TestBilling, targetDate: string): Promise<string[]> {
  const r = expectOk(await runBillRun(billing.context, { targetDate }));
  expect(r.failures).toEqual([]);
  const out: string[] = [];
  for (const n of r.invoiceNumbers)
    for (const l of billing.store.probe.invoice(n)?.lines ?? [])
      out.push(`${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);
  for (const n of r.creditMemoNumbers)
    for (const l of billing.store.probe.creditMemo(n)?.lines ?? [])
      out.push(`-${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`);
  return out.sort();
}

/** What the live documents net on S1/C1. */
function net(billing: TestBilling): string {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  let sum = new Dec(0);
  for (const i of invoices)
    if (i.status === 'Draft' || i.status === 'Posted') for (const l of i.lines) sum = sum.plus(l.amount);
  for (const m of creditMemos) for (const l of m.lines) sum = sum.minus(l.amount);
  return sum.toFixed(2);
}

describe('§8.5: periods billed 0.00 are billed, not a gap', () => {
  it('0.02/yr a month for January–March, billed 0.00, 0.00, 0.01, raised to 0.03/yr (worth 0.01 still): no document', async () => {
    const billing = await givenMonthlyS1({ price: '0.02', termEnd: '2023-03-31' });
    expect(await run(billing, '2023-03-01')).toEqual(['0.01 2023-03-01..2023-03-31']);
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-04-24', price: '0.03' });
    expect(await run(billing, '2023-04-24')).toEqual([]);
    expect(net(billing)).toBe('0.01');
  });

  it('0.01/yr a month for January–September, billed 0.01 for June alone, raised to 0.02/yr at the run of 2023-10-07: September 0.01 alone, no line for the months billed 0.00 (seed -640237801)', async () => {
    const billing = await givenMonthlyS1({ price: '0.01', termEnd: '2023-09-30' });
    expect(await run(billing, '2023-06-01')).toEqual(['0.01 2023-06-01..2023-06-30']);
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-10-07', price: '0.02' });
    expect(await run(billing, '2023-10-07')).toEqual(['0.01 2023-09-01..2023-09-30']);
    expect(net(billing)).toBe('0.02');
  });

  it('raised to 0.06/yr instead (worth 0.02): January, billed 0.00, its catch-up of 0.01 on its own line, no credit memo', async () => {
    const billing = await givenMonthlyS1({ price: '0.02', termEnd: '2023-03-31' });
    await run(billing, '2023-03-01');
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-04-24', price: '0.06' });
    expect(await run(billing, '2023-04-24')).toEqual(['0.01 2023-01-01..2023-01-31']);
    expect(net(billing)).toBe('0.02');
  });

  it('lowered to 0.01/yr (worth 0.00): March credited 0.01', async () => {
    const billing = await givenMonthlyS1({ price: '0.02', termEnd: '2023-03-31' });
    await run(billing, '2023-03-01');
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-04-24', price: '0.01' });
    expect(await run(billing, '2023-04-24')).toEqual(['-0.01 2023-03-01..2023-03-31']);
    expect(net(billing)).toBe('0.00');
  });

  it('a voided invoice still leaves its days to bill again: 1,200.00/yr, January canceled, raised to 2,400.00/yr: January 200.00, February 100.00 more, March 200.00', async () => {
    const billing = await givenMonthlyS1();
    expect(await run(billing, '2023-01-01')).toEqual(['100.00 2023-01-01..2023-01-31']);
    expect(await run(billing, '2023-02-01')).toEqual(['100.00 2023-02-01..2023-02-28']);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-03-10', price: '2400.00' });
    expect(await run(billing, '2023-03-15')).toEqual([
      '100.00 2023-02-01..2023-02-28',
      '200.00 2023-01-01..2023-01-31',
      '200.00 2023-03-01..2023-03-31',
    ]);
    expect(net(billing)).toBe('600.00');
  });
  it('a raise over canceled first periods whose standing period holds a rounding unit: 0.17/yr, January–May canceled, June 0.02 standing, raised to 0.18/yr: January–May billed 0.07 (May, the latest worth two units, a unit less), no memo of 0.01 for June (review 91)', async () => {
    const billing = await givenMonthlyS1({ price: '0.17' });
    const billed: string[] = [];
    for (const month of ['01', '02', '03', '04', '05', '06'])
      billed.push(...(await run(billing, `2023-${month}-01`)));
    expect(billed).toEqual([
      '0.01 2023-01-01..2023-01-31',
      '0.02 2023-02-01..2023-02-28',
      '0.01 2023-03-01..2023-03-31',
      '0.02 2023-04-01..2023-04-30',
      '0.01 2023-05-01..2023-05-31',
      '0.02 2023-06-01..2023-06-30',
    ]);
    for (const n of ['INV00000001', 'INV00000002', 'INV00000003', 'INV00000004', 'INV00000005'])
      expectOk(await cancelInvoice(billing.context, { invoiceNumber: n }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-06-10', price: '0.18' });
    expect(await run(billing, '2023-06-10')).toEqual([
      '0.01 2023-02-01..2023-02-28',
      '0.01 2023-04-01..2023-04-30',
      '0.01 2023-05-01..2023-05-31',
      '0.02 2023-01-01..2023-01-31',
      '0.02 2023-03-01..2023-03-31',
    ]);
    expect(net(billing)).toBe('0.09');
    expect(await run(billing, '2023-07-01')).toEqual(['0.02 2023-07-01..2023-07-31']);
  });
  it('the unit goes to the latest voided period worth two units, so that every voided period keeps its line: 0.13/yr, January–April canceled, May–July (0.01, 0.02, 0.01) standing, raised to 0.14/yr: March 0.01, August billed on time, no memo ever (review 92)', async () => {
    const billing = await givenMonthlyS1({ price: '0.13' });
    for (const month of ['01', '02', '03', '04', '05', '06', '07']) await run(billing, `2023-${month}-01`);
    for (const n of ['INV00000001', 'INV00000002', 'INV00000003', 'INV00000004'])
      expectOk(await cancelInvoice(billing.context, { invoiceNumber: n }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-07-10', price: '0.14' });
    expect(await run(billing, '2023-07-10')).toEqual([
      '0.01 2023-01-01..2023-01-31',
      '0.01 2023-02-01..2023-02-28',
      '0.01 2023-03-01..2023-03-31',
      '0.01 2023-04-01..2023-04-30',
    ]);
    expect(net(billing)).toBe('0.08');
    expect(await run(billing, '2023-08-01')).toEqual(['0.01 2023-08-01..2023-08-31']);
    expect(await run(billing, '2023-09-01')).toEqual(['0.02 2023-09-01..2023-09-30']);
    for (const month of ['10', '11', '12']) {
      const docs = await run(billing, `2023-${month}-01`);
      expect(docs.filter((d) => d.startsWith('-'))).toEqual([]);
    }
    expect(net(billing)).toBe('0.14');
  });

  it('no voided period worth two units: the unit is credited, as before: 0.09/yr, January, February, April and May canceled, June (0.01) standing, lowered to 0.04/yr: June credited, February and May billed, July nothing (review 92)', async () => {
    const billing = await givenMonthlyS1({ price: '0.09' });
    for (const month of ['01', '02', '03', '04', '05', '06']) await run(billing, `2023-${month}-01`);
    for (const n of ['INV00000001', 'INV00000002', 'INV00000003', 'INV00000004'])
      expectOk(await cancelInvoice(billing.context, { invoiceNumber: n }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-06-10', price: '0.04' });
    expect(await run(billing, '2023-06-10')).toEqual([
      '-0.01 2023-06-01..2023-06-30',
      '0.01 2023-02-01..2023-02-28',
      '0.01 2023-05-01..2023-05-31',
    ]);
    expect(net(billing)).toBe('0.02');
    expect(await run(billing, '2023-07-01')).toEqual([]);
    expect(await run(billing, '2023-08-01')).toEqual(['0.01 2023-08-01..2023-08-31']);
    expect(net(billing)).toBe('0.03');
  });
  it('months billed 0.00 between canceled ones count as the gap rule bills them: 0.06/yr a month, thirty-day months rounded down, February, April and June canceled (January, March, May and July billed 0.00), lowered to 0.04/yr: August credited 0.01, March and June billed, 0.02 in all (review 93)', async () => {
    const billing = await givenMonthlyS1({
      price: '0.06',
      settings: { prorationDays: 'thirty', rounding: 'down' },
    });
    const billed: string[] = [];
    for (const month of ['01', '02', '03', '04', '05', '06', '07', '08'])
      billed.push(...(await run(billing, `2023-${month}-01`)));
    expect(billed).toEqual([
      '0.01 2023-02-01..2023-02-28',
      '0.01 2023-04-01..2023-04-30',
      '0.01 2023-06-01..2023-06-30',
      '0.01 2023-08-01..2023-08-31',
    ]);
    for (const n of ['INV00000001', 'INV00000002', 'INV00000003'])
      expectOk(await cancelInvoice(billing.context, { invoiceNumber: n }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-08-10', price: '0.04' });
    // 0.04/yr rounded down: worth 0.00, 0.00, 0.01, 0.01, 0.01, 0.02, 0.02, 0.02 through January–August.
    expect(await run(billing, '2023-08-10')).toEqual([
      '-0.01 2023-08-01..2023-08-31',
      '0.01 2023-03-01..2023-03-31',
      '0.01 2023-06-01..2023-06-30',
    ]);
    expect(net(billing)).toBe('0.02');
    expect(await run(billing, '2023-09-01')).toEqual(['0.01 2023-09-01..2023-09-30']);
    expect(await run(billing, '2023-10-01')).toEqual([]);
    expect(net(billing)).toBe('0.03');
  });
  it('standing periods with months billed 0.00 between them are one stretch: 0.05/yr a month, February canceled, April and June standing (March and May billed 0.00), lowered to 0.03/yr: April credited 0.01, February billed, 0.02 through June', async () => {
    const billing = await givenMonthlyS1({ price: '0.05' });
    for (const month of ['01', '02', '03', '04', '05', '06']) await run(billing, `2023-${month}-01`);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await repriceFromStart(billing, { number: 'O-0002', orderDate: '2023-06-10', price: '0.03' });
    expect(await run(billing, '2023-06-10')).toEqual([
      '-0.01 2023-04-01..2023-04-30',
      '0.01 2023-02-01..2023-02-28',
    ]);
    expect(net(billing)).toBe('0.02');
    expect(await run(billing, '2023-07-01')).toEqual([]);
    expect(net(billing)).toBe('0.02');
  });
});
