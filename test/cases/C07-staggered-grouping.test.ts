import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/domain/documents/invoice';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { givenSchedule, givenSubscriptions, invoiceLines as lines } from '../support/scenarios';

// C07 — group and bill charges with staggered start dates; all list prices 12,000/yr, Annual.
const SUBSCRIPTIONS = (
  [
    ['S1', 'C1', '2023-01-01', '2023-12-31'],
    ['S2', 'C2', '2023-01-01', '2023-12-31'],
    ['S3', 'C3', '2023-06-01', '2023-12-31'],
    ['S4', 'C4', '2024-01-01', '2024-12-31'],
    ['S5', 'C5', '2024-01-01', '2024-12-31'],
    ['S6', 'C6', '2024-01-01', '2024-12-31'],
  ] as const
).map(([sub, charge, start, end]) => ({
  number: sub,
  termStart: start,
  termEnd: end,
  charges: [{ number: charge, price: '12000.00' }],
}));
const ITEMS = [
  { runDate: '2023-01-01', amount: '27000.00' },
  { runDate: '2023-05-01', amount: '4000.00' },
  { runDate: '2024-01-01', amount: '36000.00' },
];

async function setUp(chargeGrouping: 'term' | 'startDate'): Promise<TestBilling> {
  const billing = await givenSubscriptions(SUBSCRIPTIONS, {
    now: '2023-01-01T12:00:00Z',
    settings: { chargeGrouping },
    orderNumber: 'O-001',
  });
  const schedule = await givenSchedule(billing, { orders: ['O-001'], items: ITEMS });
  expect(schedule.totalAmount.toFixed(2)).toBe('67000.00');
  return billing;
}

/** Items 1 and 2 executed manually (UI Generate) and posted; item 3 by the scheduler's bill run. */
async function billAll(billing: TestBilling): Promise<Invoice[]> {
  for (const number of ['INV00000001', 'INV00000002']) {
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual([number]);
    expect(expectOk(await postInvoice(billing.context, { invoiceNumber: number })).status).toBe('Posted');
  }
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-01' }));
  expect(run.invoiceNumbers).toEqual(['INV00000003']);
  const invoices: Invoice[] = [];
  for (const number of ['INV00000001', 'INV00000002', 'INV00000003']) {
    invoices.push(expectOk(await getInvoice(billing.context, number)));
  }
  return invoices;
}

describe('C07 — group and bill charges with staggered start dates', () => {
  it('C07: grouping by term — INV001 27,000.00 = C1 10,451.61 / C2 10,451.62 (2023-01-01→2023-11-14) + C3 6,096.77 (2023-06-01→2023-12-03)', async () => {
    const billing = await setUp('term');
    const [inv001] = await billAll(billing);
    expect(inv001?.invoiceDate).toBe('2023-01-01');
    expect(inv001?.amount.toFixed(2)).toBe('27000.00');
    expect(lines(inv001 as Invoice)).toEqual([
      ['C1', '10451.61', '2023-01-01', '2023-11-14'],
      ['C2', '10451.62', '2023-01-01', '2023-11-14'],
      ['C3', '6096.77', '2023-06-01', '2023-12-03'],
    ]);
  });

  it('C07: INV002 4,000.00 (rest of group 1) = C1 1,548.39 / C2 1,548.38 (2023-11-14→2023-12-31) + C3 903.23 (2023-12-03→2023-12-31)', async () => {
    const billing = await setUp('term');
    const [, inv002] = await billAll(billing);
    expect(inv002?.invoiceDate).toBe('2023-05-01');
    expect(inv002?.amount.toFixed(2)).toBe('4000.00');
    expect(lines(inv002 as Invoice)).toEqual([
      ['C1', '1548.39', '2023-11-14', '2023-12-31'],
      ['C2', '1548.38', '2023-11-14', '2023-12-31'],
      ['C3', '903.23', '2023-12-03', '2023-12-31'],
    ]);
  });

  it('C07: INV003 36,000.00 = C4 / C5 / C6 12,000.00 each, 2024-01-01→2024-12-31 (derived; the page table is garbage); FullyProcessed', async () => {
    const billing = await setUp('term');
    const [, , inv003] = await billAll(billing);
    expect(inv003?.invoiceDate).toBe('2024-01-01');
    expect(inv003?.amount.toFixed(2)).toBe('36000.00');
    expect(lines(inv003 as Invoice)).toEqual([
      ['C4', '12000.00', '2024-01-01', '2024-12-31'],
      ['C5', '12000.00', '2024-01-01', '2024-12-31'],
      ['C6', '12000.00', '2024-01-01', '2024-12-31'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '67000.00',
      actualAmount: '67000.00',
      billedAmount: '67000.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });

  it("C07 with tenant chargeGrouping 'startDate' (older rule, §7.2 b): C1/C2 consumed before C3 — INV001 12,000 / 12,000 / 3,000; INV002 C3 4,000; INV003 36,000 (derived)", async () => {
    const billing = await setUp('startDate');
    const [inv001, inv002, inv003] = await billAll(billing);
    expect(lines(inv001 as Invoice)).toEqual([
      ['C1', '12000.00', '2023-01-01', '2023-12-31'],
      ['C2', '12000.00', '2023-01-01', '2023-12-31'],
      // 3,000 ÷ 7,000 × 7 months = 3 months exactly.
      ['C3', '3000.00', '2023-06-01', '2023-08-31'],
    ]);
    expect(lines(inv002 as Invoice)).toEqual([['C3', '4000.00', '2023-09-01', '2023-12-31']]);
    expect(inv003?.amount.toFixed(2)).toBe('36000.00');
    expect(inv003?.lines.map((l) => l.amount.toFixed(2))).toEqual(['12000.00', '12000.00', '12000.00']);
  });
});
