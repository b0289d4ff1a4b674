// Mutation review (operations layer): no test failed when this path was broken. A schedule save that loses its compare-and-set inside an execution rolls back the invoice (atomicity: all of an operation is saved, or none).
import { err } from 'neverthrow';
import { expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import type { Repositories, UnitOfWork } from '../../../src/ports';
import { versionConflict } from '../../../src/ports/records';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../../support/billing';

it("a schedule save that loses its compare-and-set (another writer bumped it) rolls back the run's invoice", async () => {
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
  // The store as an adapter reports a stale schedule: its save is a VersionConflict (as the port allows).
  const stale: UnitOfWork = {
    transaction: (work) =>
      billing.store.transaction((repos) =>
        work({
          ...repos,
          invoiceSchedules: {
            ...repos.invoiceSchedules,
            save: async (s) => err(versionConflict('InvoiceSchedule', s.number, s.version - 1, s.version)),
          },
        } as Repositories),
      ),
  };
  const before = billing.store.probe.snapshot();
  const error = expectErr(
    await executeInvoiceSchedule(
      { ...billing.context, store: stale },
      { invoiceScheduleNumber: 'IS-00000001' },
    ),
  );
  expect(error).toMatchObject({ type: 'VersionConflict', entity: 'InvoiceSchedule' });
  const after = billing.store.probe.snapshot();
  expect(after.invoices).toEqual(before.invoices); // no invoice for an item still Pending
  expect(after).toEqual(before);
});
