import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoice } from '../../src/operations/queries';
import { expectErr, expectOk } from '../support/billing';
import { createSchedule, givenS1Order, givenSchedule } from '../support/scenarios';

// C37 — overview examples: a 12,000 subscription billed 3,000 / 4,000 / 3,000 / 2,000 instead of
// quarterly; a 10 / 20 / 70 % milestone plan; a 50 / 0 / 50 plan entered as two 50% items.
// Setup: account A-001, order O-0001 of S1/C1 12,000 over 2023 (givenS1Order).

describe('C37 — overview examples', () => {
  it('C37: 12,000 billed 3,000 (Feb 3) / 4,000 (Jul 12) / 3,000 (Oct 20) / 2,000 (Nov 28); each invoice bills its item', async () => {
    const billing = await givenS1Order();
    const items = [
      { runDate: '2023-02-03', amount: '3000.00' },
      { runDate: '2023-07-12', amount: '4000.00' },
      { runDate: '2023-10-20', amount: '3000.00' },
      { runDate: '2023-11-28', amount: '2000.00' },
    ];
    const schedule = await givenSchedule(billing, { items });
    expect(schedule.totalAmount.toFixed(2)).toBe('12000.00');
    // Derived service periods: 3, 7, 10 and 12 months of the charge (whole months, fully consumed).
    const periods = [
      ['2023-01-01', '2023-03-31'],
      ['2023-04-01', '2023-07-31'],
      ['2023-08-01', '2023-10-31'],
      ['2023-11-01', '2023-12-31'],
    ];
    for (const [index, item] of items.entries()) {
      const number = `INV0000000${index + 1}`;
      expect(
        expectOk(await runBillRun(billing.context, { targetDate: item.runDate })).invoiceNumbers,
      ).toEqual([number]);
      const invoice = expectOk(await getInvoice(billing.context, number));
      expect(invoice.invoiceDate).toBe(item.runDate);
      expect(invoice.lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate])).toEqual([
        [item.amount, ...(periods[index] as string[])],
      ]);
    }
  });

  it('C37: a three-milestone project billed 10% / 20% / 70% of 12,000 → 1,200 / 2,400 / 8,400', async () => {
    const billing = await givenS1Order();
    const schedule = await givenSchedule(billing, {
      items: [{ percentage: '10' }, { percentage: '20' }, { percentage: '70' }],
    });
    expect(schedule.items.map((i) => [i.percentage?.toFixed(), i.amount.toFixed(2)])).toEqual([
      ['10', '1200.00'],
      ['20', '2400.00'],
      ['70', '8400.00'],
    ]);
  });

  it('C37: a 50/0/50 plan is created as two 50% items (6,000 / 6,000); a 0% item is refused with ItemPercentageOutOfRange', async () => {
    const billing = await givenS1Order();
    const before = billing.store.probe.snapshot();
    const refused = expectErr(
      await createSchedule(billing, {
        items: [{ percentage: '50' }, { percentage: '0' }, { percentage: '50' }],
      }),
    );
    expect(refused).toMatchObject({ type: 'ItemPercentageOutOfRange', itemIndex: 1, percentage: '0' });
    expect(billing.store.probe.snapshot()).toEqual(before);
    const schedule = await givenSchedule(billing, { items: [{ percentage: '50' }, { percentage: '50' }] });
    expect(schedule.items.map((i) => [i.percentage?.toFixed(), i.amount.toFixed(2)])).toEqual([
      ['50', '6000.00'],
      ['50', '6000.00'],
    ]);
  });
});
