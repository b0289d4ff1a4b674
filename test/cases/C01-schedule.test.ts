import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk } from '../support/billing';
import { givenC01Schedule } from '../support/scenarios';

describe('C01 — single-year schedule, four subscriptions, same 12-month term', () => {
  it('C01: creates IS-00000001 with total 70,200.00 and three pending items', async () => {
    // C01's items: 2023-02-04 50,000 / 2023-05-01 14,000 / 2023-09-16 6,200.
    const { schedule } = await givenC01Schedule();
    expect(schedule.number).toBe('IS-00000001');
    expect(amounts(schedule)).toEqual({
      status: 'Pending',
      totalAmount: '70200.00',
      actualAmount: '70200.00',
      billedAmount: '0.00',
      unbilledAmount: '70200.00',
      nextRunDate: '2023-02-04',
    });
  });

  it('C01: INV001..INV003 reproduce every line amount and service period', async () => {
    const { billing } = await givenC01Schedule();
    const expected = [
      {
        date: '2023-02-04',
        total: '50000.00',
        lines: ['26282.05', '15313.39', '7834.76', '569.80'],
        period: ['2023-01-01', '2023-09-17'],
      },
      {
        date: '2023-05-01',
        total: '14000.00',
        lines: ['7358.98', '4287.75', '2193.73', '159.54'],
        period: ['2023-09-17', '2023-11-29'],
      },
      {
        date: '2023-09-16',
        total: '6200.00',
        lines: ['3258.97', '1898.86', '971.51', '70.66'],
        period: ['2023-11-29', '2023-12-31'],
      },
    ];
    for (const [index, step] of expected.entries()) {
      const run = expectOk(await runBillRun(billing.context, { targetDate: step.date }));
      expect(run.invoiceNumbers).toEqual([`INV0000000${index + 1}`]);
      const invoice = expectOk(await getInvoice(billing.context, `INV0000000${index + 1}`));
      expect(invoice.invoiceDate).toBe(step.date);
      expect(invoice.amount.toFixed(2)).toBe(step.total);
      expect(invoice.lines.map((l) => l.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4']);
      expect(invoice.lines.map((l) => l.amount.toFixed(2))).toEqual(step.lines);
      for (const line of invoice.lines) {
        expect([line.serviceStartDate, line.serviceEndDate]).toEqual(step.period);
      }
    }
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '70200.00',
      billedAmount: '70200.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
