// Mutation review (operations layer): no test failed when this path was broken. A resumed run bills an account that failed before and has nothing due now as Billed (an empty part), so the run completes without errors.
import { expect, it } from 'vitest';
import { billAccount } from '../../../src/operations/bill-account';
import { runBillRun, startBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { expectOk } from '../../support/billing';
import { hooked } from '../../support/hooked';
import { givenAccountsDue } from '../../support/scenarios';

const RUN = { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' } as const;

it('resume (batch path): a Failed account with nothing left to bill ends Billed, the run Completed', async () => {
  const billing = await givenAccountsDue(2);
  let failing = true;
  const flaky = hooked(billing.context, (repository, method, args) => {
    if (failing && repository === 'subscriptions' && method === 'listByAccount' && args[0] === 'A-002')
      throw new Error('could not serialize access (40001)');
  });
  const started = expectOk(await startBillRun(flaky, RUN));
  for (const accountNumber of ['A-001', 'A-002'])
    expectOk(await billAccount(flaky, { billRunNumber: started.number, accountNumber }));
  expect(billing.store.probe.billRunAccount(started.number, 'A-002')?.status).toBe('Failed');
  failing = false;
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000002' }));
  const run = expectOk(await runBillRun(billing.context, RUN));
  expect([run.status, run.failures]).toEqual(['Completed', []]);
  expect(billing.store.probe.billRunAccount(started.number, 'A-002')).toMatchObject({
    status: 'Billed',
    version: 2,
  });
});
