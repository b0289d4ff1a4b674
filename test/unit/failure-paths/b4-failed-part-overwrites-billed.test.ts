// Mutation review (operations layer): no test failed when this path was broken. A worker that failed an account never overwrites the Billed part another worker saved meanwhile.
import { expect, it } from 'vitest';
import { billAccount } from '../../../src/operations/bill-account';
import { completeBillRun, startBillRun } from '../../../src/operations/bill-run';
import type { UnitOfWork } from '../../../src/ports';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../../support/billing';
import { givenSchedule } from '../../support/scenarios';

it('a worker whose attempts failed does not overwrite the Billed part another worker committed meanwhile', async () => {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-05-01', amount: '20200.00' },
    ],
  });
  const run = expectOk(await startBillRun(billing.context, { targetDate: '2023-02-04' }));
  const step = { billRunNumber: run.number, accountNumber: 'A-001' };
  // Worker A: its store connection drops on each of its 3 attempts; worker B bills the account before A saves its Failed part.
  let n = 0;
  const flaky: UnitOfWork = {
    transaction: async (work) => {
      n += 1;
      if (n >= 2 && n <= 4) throw new Error('connection reset');
      if (n === 5) expectOk(await billAccount(billing.context, step)); // worker B
      return billing.store.transaction(work);
    },
  };
  const a = expectOk(await billAccount({ ...billing.context, store: flaky }, step));
  expect(a.status).toBe('Billed');
  expect(billing.store.probe.billRunAccount(run.number, 'A-001')).toMatchObject({
    status: 'Billed',
    invoiceNumbers: ['INV00000001'],
  });
  const done = expectOk(await completeBillRun(billing.context, { billRunNumber: run.number }));
  expect(done.invoiceNumbers).toEqual(['INV00000001']); // the run lists the invoice it issued
});
