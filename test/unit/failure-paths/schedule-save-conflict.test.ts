// Mutation review (operations layer): no test failed when these paths were broken. A schedule save that loses its
// compare-and-set (another writer bumped the schedule) saves nothing of the operation: an execution leaves no
// invoice for an item still Pending; a cancel leaves the invoice as it was while its item stays Processed.
import { expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { cancelInvoice } from '../../../src/operations/invoices';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../../support/billing';
import { losingSaves } from '../../support/faults';

/** C01 on a schedule of two items: 2023-02-04 50,000.00 and 2023-05-01 20,200.00. */
async function c01TwoItems() {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '20200.00' },
      ],
    }),
  );
  return billing;
}

it("an execution whose schedule save loses its compare-and-set rolls back the run's invoice", async () => {
  const billing = await c01TwoItems();
  const before = billing.store.probe.snapshot();
  const error = expectErr(
    await executeInvoiceSchedule(
      { ...billing.context, store: losingSaves(billing.store, 'invoiceSchedules') },
      { invoiceScheduleNumber: 'IS-00000001' },
    ),
  );
  expect(error).toMatchObject({ type: 'VersionConflict', entity: 'InvoiceSchedule' });
  const after = billing.store.probe.snapshot();
  expect(after.invoices).toEqual(before.invoices); // no invoice for an item still Pending
  expect(after).toEqual(before);
});

it('cancelInvoice whose schedule save loses its compare-and-set leaves the invoice Draft (item stays Processed with it)', async () => {
  const billing = await c01TwoItems();
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  const before = billing.store.probe.snapshot();
  const error = expectErr(
    await cancelInvoice(
      { ...billing.context, store: losingSaves(billing.store, 'invoiceSchedules') },
      { invoiceNumber: run.invoiceNumbers[0] as string },
    ),
  );
  expect(error).toMatchObject({ type: 'VersionConflict', entity: 'InvoiceSchedule' });
  expect(billing.store.probe.snapshot()).toEqual(before); // not Canceled while its item stays Processed
});
