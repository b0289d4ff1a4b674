import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { cancelInvoice, postInvoice } from '../../../src/operations/invoices';
import {
  attachInvoiceScheduleCharges,
  type ChargeSelectionInput,
  detachInvoiceScheduleCharges,
} from '../../../src/operations/lifecycle';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../../support/billing';

// Mutant 4 (detach.ts chargesBilledOutside: count every invoice, Canceled ones too, as billing the detached
// charge elsewhere). §5.5 / the function's own contract: only a line of a Draft or Posted invoice bills a charge;
// a Canceled invoice bills nothing (as a Canceled memo credits nothing, detach-attach.test.ts). With the only
// invoice that billed detached C3 outside the schedule canceled, C3 may be attached back.

const c3: ChargeSelectionInput = {
  invoiceScheduleNumber: 'IS-00000001',
  specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
};

describe('mutant 4 — a Canceled invoice does not count as billing a detached charge elsewhere', () => {
  it('C01, item 1 processed, C3 detached, standard billing bills C3 on a Draft, that Draft canceled → attach OK', async () => {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
    expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-02-04', amount: '50000.00' },
          { runDate: '2023-05-01', amount: '14000.00' },
          { runDate: '2023-09-16', amount: '6200.00' },
        ],
      }),
    );
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expectOk(await detachInvoiceScheduleCharges(billing.context, c3));
    const standard = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-30' }));
    expect(standard.invoiceNumbers.length).toBeGreaterThan(0);
    for (const invoiceNumber of standard.invoiceNumbers.filter((n) =>
      billing.store.probe.invoice(n)?.lines.some((l) => l.chargeNumber === 'C3'),
    )) {
      const inv = billing.store.probe.invoice(invoiceNumber);
      // The standard invoice bills C3 outside the schedule (no schedule named on its lines).
      expect(inv?.lines.some((l) => l.chargeNumber === 'C3' && l.invoiceScheduleNumber === null)).toBe(true);
      expect(inv?.status).toBe('Draft');
      expectOk(await cancelInvoice(billing.context, { invoiceNumber }));
    }
    expectOk(await attachInvoiceScheduleCharges(billing.context, c3));
  });
});
