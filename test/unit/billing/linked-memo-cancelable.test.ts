// docs/errors/schedules.md, InvoiceHasCredits: an invoice can be canceled once every memo named is canceled
// (cancelCreditMemo, for a Draft memo of standard lines such as an additional subscription's credit, C30), and
// "when every memo named is a Draft of standard billing … the message says so". Review 129: for a memo linked to
// the item (an additional subscription's credit, C21's "INV005 CM001") the message said "Those memos cannot be
// canceled … so this invoice stays", though cancelCreditMemo took it back and the invoice could then be canceled.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice, postInvoice } from '../../../src/operations/invoices';
import { cancelCreditMemo } from '../../../src/operations/settlement';
import { createSubscription, expectErr, expectOk, newBilling, recurringCharge } from '../../support/billing';
import { createSchedule, givenAccount, givenActivatedOrder } from '../../support/scenarios';

describe('InvoiceHasCredits names a linked Draft memo of standard billing as one to cancel first', () => {
  it('S2 (additional, repriced down from its start) credited by CM00000001 linked to item 2: cancel it, then the invoice', async () => {
    const billing = newBilling({}, '2023-01-01T12:00:00Z');
    await givenAccount(billing, 'A-001');
    for (const [order, subscription, charge] of [
      ['O-001', 'S1', recurringCharge('C1', '12000.00', 'Annual')],
      ['O-002', 'S2', recurringCharge('C2', '1200.00', 'Quarter')],
    ] as const)
      await givenActivatedOrder(billing, {
        number: order,
        orderDate: '2023-01-01',
        accountNumber: 'A-001',
        actions: [createSubscription(subscription, [charge])],
      });
    expectOk(
      await createSchedule(billing, {
        orders: ['O-001'],
        additionalSubscriptionsToBill: ['S2'],
        items: [
          { runDate: '2023-01-01', amount: '6000.00' },
          { runDate: '2023-04-01', amount: '6000.00' },
        ],
      }),
    );
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    // S2's price lowered from its start: its Q1, billed 300.00, is worth 150.00; item 2's run credits it.
    await givenActivatedOrder(billing, {
      number: 'O-003',
      orderDate: '2023-02-15',
      actions: [
        {
          type: 'UpdateProduct',
          subscriptionNumber: 'S2',
          chargeNumber: 'C2',
          effectiveDate: '2023-01-01',
          price: '600.00',
        },
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);

    const refused = expectErr(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect(refused).toMatchObject({ type: 'InvoiceHasCredits', creditMemoNumbers: ['CM00000001'] });
    expect(refused.message).toContain(
      'Cancel that Draft credit memo first (cancelCreditMemo), then cancel or reverse this invoice again.',
    );
    expect(refused.message).not.toContain('so this invoice stays');
    // What the message says works.
    expectOk(await cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    expect(expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' })).status).toBe(
      'Canceled',
    );
  });
});
