// Mutation review (operations layer): no test failed when this path was broken. A resumed run skips the accounts it billed, even when one of their items moved into its range since: no execution claim or number is taken for them.
import { expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { givenAccountsDue } from '../../support/scenarios';

const RUN = { targetDate: '2023-03-01', idempotencyKey: 'daily' } as const;

it('a resumed run leaves an account it already Billed alone: no claim, no number taken for work it does not write', async () => {
  const billing = await givenAccountsDue(2); // A-001 → IS-00000001, A-002 → IS-00000002, one item each on 2023-02-04
  const i1 = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).items[0]!;
  const edit = (runDate: string) =>
    updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      items: [
        { id: i1.id, runDate: '2023-02-04', amount: '50000.00' },
        { ...(second ? { id: second } : {}), runDate, amount: '20200.00' },
      ],
    });
  let second: string | undefined;
  expectOk(await edit('2023-06-01'));
  second = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).items[1]!.id;
  // The run crashes after its first account's transaction (A-001 Billed).
  await expect(
    runBillRun(billing.context, RUN, {
      accountsPerTransaction: 1,
      onProgress: () => {
        throw new Error('worker killed');
      },
    }),
  ).rejects.toThrow('worker killed');
  // Meanwhile A-001's second item is moved into the run's range.
  expectOk(await edit('2023-03-01'));
  const resumed = expectOk(await runBillRun(billing.context, RUN));
  expect(resumed.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']); // gapless: A-001's first, then A-002's
  // The moved item is still executable (no execution claim was left behind for it).
  const executed = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(executed.invoiceNumbers).toEqual(['INV00000003']);
});
