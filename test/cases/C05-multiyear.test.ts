import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk } from '../support/billing';
import { givenSchedule, givenSubscriptions, invoiceLines, yearly } from '../support/scenarios';

// C05 — multiyear schedule billing each year's charge within that year. The page's service
// dates are unreliable (mixed years, one month early): amounts and charges are the oracle. The
// service-period test below asserts the dates the library produces and says which the page publishes.
const SUBSCRIPTIONS = (
  [
    ['S1', 'C1', '2022'],
    ['S2', 'C2', '2023'],
    ['S3', 'C3', '2024'],
  ] as const
).map(([sub, charge, year]) => yearly(sub, [{ number: charge, price: '1000.00' }], year));

const ITEMS = ['2022', '2023', '2024'].flatMap((year) => [
  { runDate: `${year}-01-01`, amount: '350.00' },
  { runDate: `${year}-02-20`, amount: '350.00' },
  { runDate: `${year}-06-10`, amount: '300.00' },
]);

describe('C05 — multiyear schedule billing each year within that year', () => {
  it('C05: total 3,000.00; INV001..003 from C1, INV004..006 from C2, INV007..009 from C3, 350 / 350 / 300 each year', async () => {
    const billing = await givenSubscriptions(SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
    const created = await givenSchedule(billing, { items: ITEMS });
    expect(created.totalAmount.toFixed(2)).toBe('3000.00');
    const charges = ['C1', 'C1', 'C1', 'C2', 'C2', 'C2', 'C3', 'C3', 'C3'];
    for (const [index, item] of ITEMS.entries()) {
      const number = `INV0000000${index + 1}`;
      const run = expectOk(await runBillRun(billing.context, { targetDate: item.runDate }));
      expect(run.invoiceNumbers).toEqual([number]);
      const invoice = expectOk(await getInvoice(billing.context, number));
      expect(invoice.invoiceDate).toBe(item.runDate);
      expect(invoice.amount.toFixed(2)).toBe(item.amount);
      // Each invoice bills a single charge: each $1,000 is consumed before the next charge.
      expect(invoice.lines.map((l) => [l.chargeNumber, l.amount.toFixed(2)])).toEqual([
        [charges[index], item.amount],
      ]);
    }
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '3000.00',
      actualAmount: '3000.00',
      billedAmount: '3000.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });

  it('C05: service periods each year 01-01 → 05-07 (350), 05-07 → 09-12 (350), 09-13 → 12-31 (300), for C1 in 2022, C2 in 2023, C3 in 2024', async () => {
    // Doc issue (the middle dates). Published, and asserted as printed: each year's first invoice starts on 01-01 and its third ends on
    // 12-31. Derived (§7.4, as C01 and C06), not the page's: the middle dates. The page prints INV001 → 04-06,
    // INV002 04-07 → 08-12, INV003 from 08-13, one month earlier than its own formula: 350 ÷ 1,000 × 12 = 4.2
    // months from 01-01 ends inside 05-07, which INV001 and INV002 both bill; 8.4 months ends with 09-12, so
    // INV003 starts 09-13.
    const billing = await givenSubscriptions(SUBSCRIPTIONS, { now: '2022-01-01T12:00:00Z' });
    await givenSchedule(billing, { items: ITEMS });
    const lines: ReturnType<typeof invoiceLines>[] = [];
    for (const [index, item] of ITEMS.entries()) {
      expectOk(await runBillRun(billing.context, { targetDate: item.runDate }));
      lines.push(invoiceLines(expectOk(await getInvoice(billing.context, `INV0000000${index + 1}`))));
    }
    expect(lines).toEqual([
      [['C1', '350.00', '2022-01-01', '2022-05-07']],
      [['C1', '350.00', '2022-05-07', '2022-09-12']],
      [['C1', '300.00', '2022-09-13', '2022-12-31']],
      [['C2', '350.00', '2023-01-01', '2023-05-07']],
      [['C2', '350.00', '2023-05-07', '2023-09-12']],
      [['C2', '300.00', '2023-09-13', '2023-12-31']],
      [['C3', '350.00', '2024-01-01', '2024-05-07']],
      [['C3', '350.00', '2024-05-07', '2024-09-12']],
      [['C3', '300.00', '2024-09-13', '2024-12-31']],
    ]);
  });
});
