import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk } from '../support/billing';
import {
  C06_SUBSCRIPTIONS,
  givenSchedule,
  givenSubscriptions,
  invoiceLines as lines,
} from '../support/scenarios';

// C06 — multiyear schedule billing the second-year charge in the first year: S1/C1 1,000 over 2022,
// S2/C2 1,000 over 2023 (C06_SUBSCRIPTIONS).
const ITEMS = [
  { runDate: '2022-02-04', amount: '1200.00' },
  { runDate: '2023-01-05', amount: '500.00' },
  { runDate: '2023-07-15', amount: '300.00' },
];

describe('C06 — multiyear schedule billing second-year charge in the first year', () => {
  it('C06: INV001 1,200 = C1 1,000.00 (2022-01-01→2022-12-31) + C2 200.00 (2023-01-01→2023-03-13); INV002 500.00 2023-03-13→2023-09-12; INV003 300 2023-09-13→2023-12-31', async () => {
    const billing = await givenSubscriptions(C06_SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
    const created = await givenSchedule(billing, { items: ITEMS });
    expect(created.totalAmount.toFixed(2)).toBe('2000.00');

    expectOk(await runBillRun(billing.context, { targetDate: '2022-02-04' }));
    const inv001 = expectOk(await getInvoice(billing.context, 'INV00000001'));
    expect(inv001.amount.toFixed(2)).toBe('1200.00');
    expect(lines(inv001)).toEqual([
      ['C1', '1000.00', '2022-01-01', '2022-12-31'],
      // (200 ÷ 1,000) × 12 = 2.4 months = 2 months + 12.4 days → part of 2023-03-13 consumed.
      ['C2', '200.00', '2023-01-01', '2023-03-13'],
    ]);

    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-05' }));
    const inv002 = expectOk(await getInvoice(billing.context, 'INV00000002'));
    expect(inv002.amount.toFixed(2)).toBe('500.00');
    // Starts the same day: 2023-03-13 was only partly consumed (decision 3).
    expect(lines(inv002)).toEqual([['C2', '500.00', '2023-03-13', '2023-09-12']]);

    expectOk(await runBillRun(billing.context, { targetDate: '2023-07-15' }));
    const inv003 = expectOk(await getInvoice(billing.context, 'INV00000003'));
    expect(inv003.amount.toFixed(2)).toBe('300.00');
    // 7.2 months end exactly on 2023-09-12 (fully consumed) → next day.
    expect(lines(inv003)).toEqual([['C2', '300.00', '2023-09-13', '2023-12-31']]);

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
