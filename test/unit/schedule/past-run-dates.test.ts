import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { expectOk, newBilling, setUpOrder } from '../../support/billing';
import { yearly } from '../../support/scenarios';

// Decision 9: run dates in the past are allowed at creation; the items are due at the next bill run, each
// invoice dated its own item's run date (§6.3), not the day the run was made.
describe('decision 9: run dates in the past', () => {
  it('created on 2023-06-01 with items of 2023-01-15 and 2023-03-01: accepted, nextRunDate 2023-01-15; the run of that day bills both, each dated its run date', async () => {
    const billing = newBilling({}, '2023-06-01T12:00:00Z');
    await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '1200.00' }])] });
    const schedule = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-01-15', amount: '600.00' },
          { runDate: '2023-03-01', amount: '600.00' },
        ],
      }),
    );
    expect([schedule.status, schedule.nextRunDate]).toEqual(['Pending', '2023-01-15']);
    const run = expectOk(await runBillRun(billing.context, {}));
    expect([run.targetDate, run.itemsProcessed]).toEqual(['2023-06-01', 2]);
    expect(
      run.invoiceNumbers.map((n) => {
        const invoice = billing.store.probe.invoice(n);
        return [invoice?.invoiceDate, invoice?.amount];
      }),
    ).toEqual([
      ['2023-01-15', '600.00'],
      ['2023-03-01', '600.00'],
    ]);
  });
});
