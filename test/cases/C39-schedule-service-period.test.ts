import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { getInvoice } from '../../src/operations/queries';
import type { ProrationDays } from '../../src/time/service-period';
import { expectOk } from '../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

// C39 — the service-period rule through a real execution: a 12-month charge from 2022-01-01
// (12,000/yr) billed 6,700 = 6.7/12 of its value → 6.7 months.
async function bill(prorationDays: ProrationDays) {
  const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '12000.00' }], '2022')], {
    now: '2022-01-01T12:00:00Z',
    settings: { prorationDays },
  });
  await givenSchedule(billing, {
    items: [
      { runDate: '2022-01-01', amount: '6700.00' },
      { runDate: '2022-08-01', amount: '5300.00' },
    ],
  });
  const invoices = [];
  for (const number of ['INV00000001', 'INV00000002']) {
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const invoice = expectOk(await getInvoice(billing.context, number));
    invoices.push(invoice.lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]));
  }
  return invoices;
}

describe('C39 — service-period rule through an execution', () => {
  it("C39: 'actual' days — 0.7 × 31 = 21.7 days, part of 2022-07-22 consumed → 2022-01-01→2022-07-22; the next line starts the same day", async () => {
    expect(await bill('actual')).toEqual([
      [['6700.00', '2022-01-01', '2022-07-22']],
      [['5300.00', '2022-07-22', '2022-12-31']],
    ]);
  });

  it("C39: 'thirty' days — 0.7 × 30 = 21 days → 2022-01-01→2022-07-21; fully consumed, the next line starts 2022-07-22", async () => {
    expect(await bill('thirty')).toEqual([
      [['6700.00', '2022-01-01', '2022-07-21']],
      [['5300.00', '2022-07-22', '2022-12-31']],
    ]);
  });
});
