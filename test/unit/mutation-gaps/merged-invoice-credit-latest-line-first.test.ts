import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { postInvoice } from '../../../src/operations/invoices';
import { expectOk, type TestBilling } from '../../support/billing';
import {
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

// Mutant C12 (credit.ts latestLinesFirst): the tie-break `b.index - a.index` → `a.index - b.index`.
// §8.4: the credit is taken from the charge's invoice items latest first. Decision 11: one bill run that picks
// two items of a schedule makes one invoice with one line group per item, in item order. A one-time charge's
// lines all have its start day as their service period (§7.4), so only the line order tells which is later:
// the later item's line is credited first.

const memoLines = (billing: TestBilling, number: string) =>
  billing.store.probe
    .creditMemo(number)
    ?.lines.map((l) => [l.chargeNumber, l.creditedInvoiceNumber, l.creditedInvoiceLineId, l.amount]);

describe('§8.4 latest first, decision 11 — a merged invoice’s later item line is credited first', () => {
  it('one-time C1 1,000.00 billed 400.00 + 600.00 by one run (INV001 lines 1 and 2), then removed entirely → CM lines 600.00 (line 2), 400.00 (line 1)', async () => {
    const billing = await givenSubscriptions(
      [yearly('S1', [{ number: 'C1', type: 'OneTime', price: '1000.00', startDate: '2023-03-01' }])],
      { now: '2023-03-01T12:00:00Z' },
    );
    await givenSchedule(billing, {
      invoiceSeparately: false,
      items: [
        { runDate: '2023-01-15', amount: '400.00' },
        { runDate: '2023-02-15', amount: '600.00' },
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect(invoice?.lines.map((l) => [l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['400.00', '2023-03-01', '2023-03-01'],
      ['600.00', '2023-03-01', '2023-03-01'],
    ]);
    const [first, second] = (invoice?.lines ?? []).map((l) => l.id);
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: removeProducts(['S1'], '2023-03-01'),
    });
    const credit = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(credit.creditMemoNumbers).toEqual(['CM00000001']);
    expect(memoLines(billing, 'CM00000001')).toEqual([
      ['C1', 'INV00000001', second, '600.00'],
      ['C1', 'INV00000001', first, '400.00'],
    ]);
  });
});
