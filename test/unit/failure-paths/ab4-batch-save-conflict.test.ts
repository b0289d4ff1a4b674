// Mutation review (operations layer): no test failed when this path was broken. A batch's save that loses its compare-and-set fails the account (CompletedWithErrors) and saves none of its documents.
import { expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk } from '../../support/billing';
import { losingSaves } from '../../support/faults';
import { givenAccountsDue } from '../../support/scenarios';

it('a batch whose schedule saves lose their compare-and-set writes none of its invoices', async () => {
  const billing = await givenAccountsDue(1);
  const run = expectOk(
    await runBillRun(
      { ...billing.context, store: losingSaves(billing.store, 'invoiceSchedules') },
      { targetDate: '2023-02-04' },
    ),
  );
  expect(run.status).toBe('CompletedWithErrors');
  expect(billing.store.probe.snapshot().invoices).toEqual([]); // the item stays Pending: no invoice for it
  expect(billing.store.probe.billRunAccount(run.number, 'A-001')?.status).toBe('Failed');
});
