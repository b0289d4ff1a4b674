// Mutation review (operations layer): no test failed when this path was broken. Two executions with one idempotency key racing on READ COMMITTED bill once and answer the same run (decision 14).
import { fc } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../../support/billing';
import { racing } from '../../support/racing';

const C01_ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-05-01', amount: '14000.00' },
  { runDate: '2023-09-16', amount: '6200.00' },
];

it('two concurrent keyed executions (same key, same request): one bill run, one invoice', async () => {
  const base = newBilling();
  await setUpOrder(base, { subscriptions: C01_SUBSCRIPTIONS });
  expectOk(
    await createInvoiceSchedule(base.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: C01_ITEMS,
    }),
  );
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
      const execute = () =>
        executeInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          idempotencyKey: 'retry-1',
        });
      const [a, b] = await s.waitFor(Promise.all([execute(), execute()]));
      expect(expectOk(a).number).toBe(expectOk(b).number);
      expect(billing.store.probe.snapshot().invoices).toHaveLength(1);
    }),
    { numRuns: 20 },
  );
});
