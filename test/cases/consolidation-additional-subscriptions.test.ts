import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { createSubscription, expectOk, newBilling } from '../support/billing';
import { createSchedule, givenAccount, givenActivatedOrder } from '../support/scenarios';

// §7.7 with §7.8: a schedule with invoiceSeparately false bills its additional subscription with its item; the
// item's invoice is the account's shared invoice of the run, and the account's standard billing, which runs
// after it in the same run, must see those lines (billing history belongs to the charge, decision 17). Before
// the run was decided at once, the held shared invoice was invisible to standard billing, which billed S2's
// year a second time (INV00000001 S2 1,200.00, then INV00000002 S1 + S2 2,400.00: 3,600.00 in all).
const yearly = (number: string) => ({
  number,
  name: number,
  type: 'Recurring',
  price: '1200.00',
  listPriceBase: 'Year',
  billingPeriod: 'Annual',
});

describe('consolidation with additional subscriptions (§7.7, §7.8, decision 11)', () => {
  it('S1 in a schedule (invoiceSeparately false, additional S2) and S2 billed with its item: one invoice 2,400.00, S2 billed once', async () => {
    const billing = newBilling({}, '2023-01-01T12:00:00Z');
    await givenAccount(billing, 'A-001');
    await givenActivatedOrder(billing, {
      number: 'O-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S1', [yearly('C1')])],
    });
    await givenActivatedOrder(billing, {
      number: 'O-002',
      orderDate: '2023-01-01',
      actions: [createSubscription('S2', [yearly('C2')])],
    });
    expectOk(
      await createSchedule(billing, {
        orders: ['O-001'],
        invoiceSeparately: false,
        additionalSubscriptionsToBill: ['S2'],
        items: [{ runDate: '2023-01-01', amount: '1200.00' }],
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect(invoice?.amount).toBe('2400.00');
    expect(invoice?.lines.map((l) => [l.subscriptionNumber, l.chargeNumber, l.amount])).toEqual([
      ['S1', 'C1', '1200.00'],
      ['S2', 'C2', '1200.00'],
    ]);
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(again.invoiceNumbers).toEqual([]);
  });
});
