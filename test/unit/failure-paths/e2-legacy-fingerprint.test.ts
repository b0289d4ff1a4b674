// Mutation review (operations layer): no test failed when this path was broken. An execution record of the earlier format is only taken as one when it has no fingerprint: a caller's key of that shape is not.
import { expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../../support/billing';

it("a caller key shaped like item 2's legacy record, used to execute item 1, is not item 2's execution", async () => {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  const s = expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '20200.00' },
      ],
    }),
  );
  const item2 = s.items[1]!;
  // The caller's key (fingerprinted) lands on `executeInvoiceSchedule:item:<id>:<item 2>:<gen>`, the legacy key's form.
  const byKey = expectOk(
    await executeInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: s.number,
      idempotencyKey: `item:${s.id}:${item2.id}:${item2.generation}`,
    }),
  );
  expect(byKey.itemsProcessed).toBe(1); // item 1
  expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' })); // a bill run processes item 2
  expect(expectOk(await getInvoiceSchedule(billing.context, s.number)).items[1]?.status).toBe('Processed');
  // Item 2 was processed by the bill run, not by an execution: ItemAlreadyProcessed, not item 1's run.
  expect(
    expectErr(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: s.number, itemId: item2.id }),
    ),
  ).toMatchObject({ type: 'ItemAlreadyProcessed' });
});
