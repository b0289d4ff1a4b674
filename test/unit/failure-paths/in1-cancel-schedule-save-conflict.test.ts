// Mutation review (operations layer): no test failed when this path was broken. A cancel whose schedule save loses its compare-and-set saves nothing: the invoice stays, its item stays Processed.
import { err } from 'neverthrow';
import { expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { cancelInvoice } from '../../../src/operations/invoices';
import type { Repositories, UnitOfWork } from '../../../src/ports';
import { versionConflict } from '../../../src/ports/records';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../../support/billing';

it('cancelInvoice whose schedule save loses its compare-and-set leaves the invoice Draft (item stays Processed with it)', async () => {
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
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
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
    await cancelInvoice({ ...billing.context, store: stale }, { invoiceNumber: run.invoiceNumbers[0]! }),
  );
  expect(error).toMatchObject({ type: 'VersionConflict', entity: 'InvoiceSchedule' });
  expect(billing.store.probe.snapshot()).toEqual(before); // not Canceled while its item stays Processed
});
