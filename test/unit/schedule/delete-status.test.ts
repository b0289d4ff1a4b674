import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import {
  deleteInvoiceSchedule,
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
} from '../../../src/operations/lifecycle';
import { expectErr, expectOk, type TestBilling } from '../../support/billing';
import { billAndPost, givenC01Schedule } from '../../support/scenarios';

// §5.2: only a Pending schedule can be deleted; §5.3: a paused one keeps the status it had. The refusal said to
// "reverse or cancel its invoices first (§5.2, C17)" whatever the status, also to a paused schedule that had
// none: it now says what to do for the status the schedule is in (review finding).

const N = 'IS-00000001';

/** Deletes IS-00000001, which must be refused; checks nothing is saved and returns the message. */
async function refusedDelete(billing: TestBilling, status: string): Promise<string> {
  const before = billing.store.probe.snapshot();
  const error = expectErr(await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
  expect(error).toMatchObject({
    type: 'InvalidScheduleStatus',
    invoiceScheduleNumber: N,
    status,
    operation: 'delete',
  });
  expect(billing.store.probe.snapshot()).toEqual(before);
  return error.message;
}

describe('§5.2 / §5.3: a refused delete says what to do first, by status', () => {
  it('C01 paused while Pending (no invoice): "resume it first"; once resumed, the delete succeeds', async () => {
    const { billing } = await givenC01Schedule();
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
    expect(await refusedDelete(billing, 'Paused')).toBe(
      'Invoice schedule IS-00000001 is Paused; only a Pending schedule can be deleted — resume it first (§5.2, §5.3).',
    );
    expectOk(await resumeInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
    expectOk(await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
  });

  it('C01 paused after item 1 was billed: reverse or cancel its invoices, then resume it', async () => {
    const { billing } = await givenC01Schedule();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
    expect(await refusedDelete(billing, 'Paused')).toBe(
      'Invoice schedule IS-00000001 is Paused; only a Pending schedule can be deleted — its items are PartiallyProcessed: reverse or cancel the invoices of its processed items, then resume it (§5.2, §5.3, C17).',
    );
  });

  it('C01 paused while Pending, then billed by a run that includes paused schedules (decision 16): the message names the items as they are, not the status at the pause', async () => {
    const { billing } = await givenC01Schedule();
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: N }));
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04', includePausedSchedules: true }));
    expect(await refusedDelete(billing, 'Paused')).toBe(
      'Invoice schedule IS-00000001 is Paused; only a Pending schedule can be deleted — its items are PartiallyProcessed: reverse or cancel the invoices of its processed items, then resume it (§5.2, §5.3, C17).',
    );
  });

  it.each([
    ['PartiallyProcessed', ['2023-02-04']],
    ['FullyProcessed', ['2023-02-04', '2023-05-01', '2023-09-16']],
  ])('C01 %s: reverse or cancel its invoices first (C17)', async (status, dates) => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, dates);
    expect(await refusedDelete(billing, status)).toBe(
      `Invoice schedule IS-00000001 is ${status}; only a Pending schedule can be deleted — reverse or cancel its invoices first (§5.2, C17).`,
    );
  });
});
