// Mutation review (operations layer): no test failed when this path was broken. An execution whose bill run number is taken (a sequence behind the stored runs) is a VersionConflict and saves nothing.
import { expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../../support/billing';
import { seedOf } from '../../support/racing';
import { seededBilling } from '../../support/scenarios';

it('execute whose bill run number is taken (billRuns.insert conflicts): VersionConflict, nothing saved', async () => {
  const base = newBilling();
  await setUpOrder(base, { subscriptions: C01_SUBSCRIPTIONS });
  expectOk(
    await createInvoiceSchedule(base.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '20200.00' },
      ],
    }),
  );
  expectOk(await runBillRun(base.context, { targetDate: '2023-01-01' })); // BR-00000001, nothing due
  // The same data with the BillRun sequence behind (e.g. restored from a partial backup): the next number is taken.
  const seed = seedOf(base.store.probe.snapshot());
  const { BillRun: _, ...sequences } = seed.sequences ?? {};
  const billing = seededBilling({ ...seed, sequences });
  const before = billing.store.probe.snapshot();
  const error = expectErr(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(error).toMatchObject({ type: 'VersionConflict', entity: 'BillRun' });
  expect(billing.store.probe.snapshot()).toEqual(before); // no invoice, item still Pending
});
