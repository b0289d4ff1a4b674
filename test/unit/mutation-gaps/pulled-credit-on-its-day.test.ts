import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { amounts, expectOk } from '../../support/billing';
import {
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

// Mutant E8 (execute.ts executeCredit): `!isAfter(pulled, args.dueBy)` → `isBefore(pulled, args.dueBy)`.
// §6.6 rule 4 (C22): an update may pull a credit's date earlier; decision 7: a bill run with target date T takes
// what is due on or before T, inclusive. test/unit/schedule/next-run-date-override.test.ts runs the day after the
// pulled date (2023-09-16); the run ON the pulled date must issue the memo too.

describe('§6.6 rule 4 / decision 7 — a credit pulled to 2023-09-15 is issued by the bill run of 2023-09-15', () => {
  it('S1/C1 1,200.00 billed in full, removed as of 2023-10-01 (300.00), nextRunDate set to 2023-09-15 → run of 2023-09-15: CM 300.00 dated 2023-09-15', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, { items: [{ runDate: '2023-01-15', amount: '1200.00' }] });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-08-01',
      actions: removeProducts(['S1'], '2023-10-01'),
    });
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-09-15',
      }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-15' }));
    expect(
      run.creditMemoNumbers.map((n) => {
        const memo = billing.store.probe.creditMemo(n);
        return `${memo?.amount} ${memo?.memoDate}`;
      }),
    ).toEqual(['300.00 2023-09-15']);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toMatchObject({
      status: 'FullyProcessed',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
