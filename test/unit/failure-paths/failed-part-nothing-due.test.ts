// Mutation review (operations layer): no test failed when these paths were broken. An account that failed in a run
// and has nothing due when it is billed again (its item executed by hand meanwhile) is saved Billed, an empty part
// (version 2), so the run completes without errors — by billAccount and by a resumed runBillRun (the batch path).
import { expect, it } from 'vitest';
import { billAccount } from '../../../src/operations/bill-account';
import { completeBillRun, runBillRun, startBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { expectOk } from '../../support/billing';
import { hooked } from '../../support/hooked';
import { givenAccountsDue } from '../../support/scenarios';

const RUN = { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' } as const;

/** Two accounts due; A-002 fails every attempt of the run (a 40001), then its item is executed by hand. */
async function failedThenExecutedByHand() {
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
  // Meanwhile A-002's item is executed by hand: nothing is left for the run to bill there.
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000002' }));
  return { billing, runNumber: started.number };
}

it('billAccount: a Failed account with nothing left to bill is Billed (nothing), not left Failed', async () => {
  const { billing, runNumber } = await failedThenExecutedByHand();
  const part = expectOk(
    await billAccount(billing.context, { billRunNumber: runNumber, accountNumber: 'A-002' }),
  );
  expect(part).toMatchObject({ status: 'Billed', version: 2 });
  const run = expectOk(await completeBillRun(billing.context, { billRunNumber: runNumber }));
  expect([run.status, run.failures]).toEqual(['Completed', []]);
  expect(billing.store.probe.billRunAccount(runNumber, 'A-002')).toMatchObject({
    status: 'Billed',
    version: 2,
  });
});

it('resume (batch path): a Failed account with nothing left to bill ends Billed, the run Completed', async () => {
  const { billing, runNumber } = await failedThenExecutedByHand();
  const run = expectOk(await runBillRun(billing.context, RUN));
  expect([run.status, run.failures]).toEqual(['Completed', []]);
  expect(billing.store.probe.billRunAccount(runNumber, 'A-002')).toMatchObject({
    status: 'Billed',
    version: 2,
  });
});
