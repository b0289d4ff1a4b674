import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { pauseInvoiceSchedule } from '../../../src/operations/lifecycle';
import { previewExecution } from '../../../src/operations/preview';
import { expectErr, expectOk } from '../../support/billing';
import { givenC01Schedule } from '../../support/scenarios';

// Decision 14: executing item N again returns the first execution's bill run and writes nothing new — also once
// the schedule is paused (it answered InvoiceSchedulePaused, while the same retry by idempotencyKey returned the
// run: review 141). execute-by-hand.md, "Retrying safely"; dry-run.md.

const N = 'IS-00000001';

describe('an execution retried by itemId after a pause (decision 14)', () => {
  it('returns the first bill run, writes nothing; its preview foresees it', async () => {
    const { billing, schedule } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z' });
    const [item1, item2] = schedule.items;
    const first = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: N, itemId: item1!.id }),
    );
    expect([first.number, first.invoiceNumbers]).toEqual(['BR-00000001', ['INV00000001']]);
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
    const before = billing.store.probe.snapshot();
    const again = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: N, itemId: item1!.id }),
    );
    expect(again).toEqual(first);
    expect(billing.store.probe.snapshot()).toEqual(before);
    expectOk(await previewExecution(billing.context, { invoiceScheduleNumber: N, itemId: item1!.id }));
    // The next item is not a retry: a paused schedule is not executed.
    const next = expectErr(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: N, itemId: item2!.id }),
    );
    expect(next.type).toBe('InvoiceSchedulePaused');
    expect(expectErr(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: N })).type).toBe(
      'InvoiceSchedulePaused',
    );
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('an item a bill run processed is ItemAlreadyProcessed on a paused schedule, as on a running one', async () => {
    const { billing, schedule } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z' });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
    const error = expectErr(
      await executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: N,
        itemId: schedule.items[0]!.id,
      }),
    );
    expect(error.type).toBe('ItemAlreadyProcessed');
  });
});
