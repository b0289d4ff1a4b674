import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk } from '../support/billing';
import { givenC08Schedule, invoiceLines as lines } from '../support/scenarios';

// C08 — zero-amount price charge in the schedule (invoice part; the cancellation credit memo is a
// later issue). S1/C1 2,000/yr and S2/C2 0.00/yr over 2023; items 2023-02-04 1,000, 2023-05-01 500,
// 2023-11-14 500 (givenC08Schedule).

describe('C08 — zero-amount price charge in the schedule', () => {
  it('C08: INV001 C1 1,000.00 + C2 0.00 (2023-01-01→2023-06-30); INV002 500 (2023-07-01→2023-09-30); INV003 500 (2023-10-01→2023-12-31); FullyProcessed', async () => {
    const { billing, schedule: created } = await givenC08Schedule('2023-01-15T12:00:00Z');
    expect(created.totalAmount.toFixed(2)).toBe('2000.00');
    const expected = [
      { date: '2023-02-04', total: '1000.00', start: '2023-01-01', end: '2023-06-30' },
      { date: '2023-05-01', total: '500.00', start: '2023-07-01', end: '2023-09-30' },
      { date: '2023-11-14', total: '500.00', start: '2023-10-01', end: '2023-12-31' },
    ];
    for (const [index, step] of expected.entries()) {
      const number = `INV0000000${index + 1}`;
      // "All executed via UI Generate and posted".
      const run = expectOk(
        await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
      );
      expect(run.invoiceNumbers).toEqual([number]);
      expectOk(await postInvoice(billing.context, { invoiceNumber: number }));
      const invoice = expectOk(await getInvoice(billing.context, number));
      expect(invoice.invoiceDate).toBe(step.date);
      expect(invoice.status).toBe('Posted');
      expect(invoice.amount.toFixed(2)).toBe(step.total);
      expect(lines(invoice)).toEqual([
        ['C1', step.total, step.start, step.end],
        ['C2', '0.00', step.start, step.end],
      ]);
    }
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '2000.00',
      actualAmount: '2000.00',
      billedAmount: '2000.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
