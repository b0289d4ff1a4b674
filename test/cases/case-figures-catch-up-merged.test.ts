// Worked cases' figures (cases.md) through catch-up bill runs and a merged invoice (invoiceSeparately false):
// C01's lines in one invoice dated its latest item (decision 18), then C10's credit; C07 and C05 in one run each
// (review 95). Each asserts the case's published figures.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { postInvoice } from '../../src/operations/invoices';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, C01_SUBSCRIPTIONS, expectOk, type TestBilling } from '../support/billing';
import { C01_ITEMS, givenC01Removal, givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

const pl = (b: TestBilling, n: string) =>
  b.store.probe
    .invoice(n)
    ?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);

describe('catch-up and merged paths', () => {
  it('C01 invoiceSeparately false, one run on 2023-10-01: one invoice 70,200.00 dated 2023-09-16 whose line groups are C01 INV001/2/3; then C10 removal credits 11,700.00 with C1 3,258.97 / 2,891.03', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    await givenSchedule(billing, { invoiceSeparately: false, items: C01_ITEMS });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const inv = billing.store.probe.invoice('INV00000001');
    expect([inv?.invoiceDate, inv?.amount]).toEqual(['2023-09-16', '70200.00']);
    expect(pl(billing, 'INV00000001')).toEqual([
      ['C1', '26282.05', '2023-01-01', '2023-09-17'],
      ['C2', '15313.39', '2023-01-01', '2023-09-17'],
      ['C3', '7834.76', '2023-01-01', '2023-09-17'],
      ['C4', '569.80', '2023-01-01', '2023-09-17'],
      ['C1', '7358.98', '2023-09-17', '2023-11-29'],
      ['C2', '4287.75', '2023-09-17', '2023-11-29'],
      ['C3', '2193.73', '2023-09-17', '2023-11-29'],
      ['C4', '159.54', '2023-09-17', '2023-11-29'],
      ['C1', '3258.97', '2023-11-29', '2023-12-31'],
      ['C2', '1898.86', '2023-11-29', '2023-12-31'],
      ['C3', '971.51', '2023-11-29', '2023-12-31'],
      ['C4', '70.66', '2023-11-29', '2023-12-31'],
    ]);
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    const credit = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    expect(credit.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('11700.00');
    expect(memo?.lines.map((l) => [l.chargeNumber, l.serviceStartDate, l.serviceEndDate, l.amount])).toEqual([
      ['C1', '2023-11-29', '2023-12-31', '3258.97'],
      ['C1', '2023-11-01', '2023-11-29', '2891.03'],
      ['C2', '2023-11-29', '2023-12-31', '1898.86'],
      ['C2', '2023-11-01', '2023-11-29', '1684.48'],
      ['C3', '2023-11-29', '2023-12-31', '971.51'],
      ['C3', '2023-11-01', '2023-11-29', '861.82'],
      ['C4', '2023-11-29', '2023-12-31', '70.66'],
      ['C4', '2023-11-01', '2023-11-29', '62.67'],
    ]);
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toMatchObject({
      status: 'FullyProcessed',
      billedAmount: '58500.00',
      unbilledAmount: '0.00',
    });
  });

  it('C07 one catch-up run on 2024-01-01 (invoiceSeparately true): three invoices with C07 figures', async () => {
    const subs = (
      [
        ['S1', 'C1', '2023'],
        ['S2', 'C2', '2023'],
        ['S4', 'C4', '2024'],
        ['S5', 'C5', '2024'],
        ['S6', 'C6', '2024'],
      ] as const
    ).map(([s, c, y]) => yearly(s, [{ number: c, price: '12000.00' }], y));
    const s3 = {
      number: 'S3',
      termStart: '2023-06-01',
      termEnd: '2023-12-31',
      charges: [{ number: 'C3', price: '12000.00' }],
    };
    const billing = await givenSubscriptions([subs[0]!, subs[1]!, s3, subs[2]!, subs[3]!, subs[4]!]);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '27000.00' },
        { runDate: '2023-05-01', amount: '4000.00' },
        { runDate: '2024-01-01', amount: '36000.00' },
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
    expect(pl(billing, 'INV00000001')).toEqual([
      ['C1', '10451.61', '2023-01-01', '2023-11-14'],
      ['C2', '10451.62', '2023-01-01', '2023-11-14'],
      ['C3', '6096.77', '2023-06-01', '2023-12-03'],
    ]);
    expect(pl(billing, 'INV00000002')).toEqual([
      ['C1', '1548.39', '2023-11-14', '2023-12-31'],
      ['C2', '1548.38', '2023-11-14', '2023-12-31'],
      ['C3', '903.23', '2023-12-03', '2023-12-31'],
    ]);
    expect(billing.store.probe.invoice('INV00000003')?.amount).toBe('36000.00');
  });

  it('C05 one catch-up run on 2024-06-10: nine invoices, 350/350/300 per year from C1, C2, C3', async () => {
    const subs = (['2022', '2023', '2024'] as const).map((y, i) =>
      yearly(`S${i + 1}`, [{ number: `C${i + 1}`, price: '1000.00' }], y),
    );
    const billing = await givenSubscriptions(subs, { now: '2022-01-01T12:00:00Z' });
    const items = ['2022', '2023', '2024'].flatMap((y) => [
      { runDate: `${y}-01-01`, amount: '350.00' },
      { runDate: `${y}-02-20`, amount: '350.00' },
      { runDate: `${y}-06-10`, amount: '300.00' },
    ]);
    await givenSchedule(billing, { items });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-06-10' }));
    expect(run.invoiceNumbers).toHaveLength(9);
    expect(
      run.invoiceNumbers.map((n) => [
        billing.store.probe.invoice(n)?.invoiceDate,
        ...(pl(billing, n) ?? []).map((l) => `${l[0]} ${l[1]}`),
      ]),
    ).toEqual(items.map((it, k) => [it.runDate, `C${Math.floor(k / 3) + 1} ${it.amount}`]));
  });
});
