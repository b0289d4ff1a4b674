import { describe, expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { amounts, expectOk } from '../../support/billing';
import {
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

// Mutant E1 (execute.ts settlesAllCredits): `lastPending?.id === item.id || othersAtZero` → drop `othersAtZero`.
// Decision 19: when an item is billed and every later pending item is left at zero, those items are Processed
// in the same operation. The item's actual amount already nets the credit (§8.1/§8.2: actual − billed), so it
// must bill its actual amount plus the credit and give the credit with it; else the charges are never billed
// their value (decision 2: each charge is billed its value; decision 6: billed = invoices − credit memos).
// S1 (2023) and S2 (2024) are two consumption groups (§7.2, decision 1): item 1 bills S1's 1,200.00 in full.
// S1 removed as of 2023-11-01 → worth 1,000.00, 200.00 to credit; item 2 (1,000.00 actual) bills S2 and item 3
// falls to 0.

describe('decision 19 — an item whose later items are all at zero gives every credit with it', () => {
  it('item 2 on 2023-06-01: invoice 1,200.00 on S2, credit memo 200.00 on S1; FullyProcessed, billed 2,200.00, nothing due', async () => {
    const billing = await givenSubscriptions(
      [
        yearly('S1', [{ number: 'C1', price: '1200.00' }]),
        yearly('S2', [{ number: 'C2', price: '1200.00' }], '2024'),
      ],
      { now: '2023-06-01T12:00:00Z' },
    );
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '1200.00' },
        { runDate: '2023-06-01', amount: '1000.00' },
        { runDate: '2023-09-01', amount: '200.00' },
      ],
    });
    const first = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(first.invoiceNumbers).toEqual(['INV00000001']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-05-15',
      actions: removeProducts(['S1'], '2023-11-01'),
    });
    const second = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect([second.invoiceNumbers, second.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);
    expect(billing.store.probe.invoice('INV00000002')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C2', '1200.00'],
    ]);
    expect(
      billing.store.probe.creditMemo('CM00000001')?.lines.map((l) => [l.chargeNumber, l.amount]),
    ).toEqual([['C1', '200.00']]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '2400.00',
      actualAmount: '2200.00',
      billedAmount: '2200.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
