import type { Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { InvoiceSchedule } from '../../../src/domain/schedule/schedule';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import {
  C01_SUBSCRIPTIONS,
  expectErr,
  expectOk,
  newBilling,
  setUpOrder,
  type TestBilling,
} from '../../support/billing';

// Execution and invoice-lifecycle errors (reference §6.2, §6.4, decision 12): the `type`, the
// details naming the schedule / item / invoice, and nothing written (store snapshot unchanged).
// InvoiceSchedulePaused is tested with pause/resume (a later issue).

async function c01(
  items = [
    { runDate: '2023-02-04', amount: '50000.00' },
    { runDate: '2023-05-01', amount: '14000.00' },
    { runDate: '2023-09-16', amount: '6200.00' },
  ] as readonly { runDate: string | null; amount: string }[],
): Promise<{ billing: TestBilling; schedule: InvoiceSchedule }> {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  const schedule = expectOk(
    await createInvoiceSchedule(billing.context, { accountNumber: 'A-001', orders: ['O-0001'], items }),
  );
  return { billing, schedule };
}

/** Runs an operation that must fail; checks the store did not change and returns the error. */
async function refused<T, E>(billing: TestBilling, run: () => PromiseLike<Result<T, E>>): Promise<E> {
  const before = billing.store.probe.snapshot();
  const error = expectErr(await run());
  expect(billing.store.probe.snapshot()).toEqual(before);
  expect((error as { message: string }).message.length).toBeGreaterThan(10);
  return error;
}

const itemId = (schedule: InvoiceSchedule, index: number) => schedule.items[index]?.id as string;

describe('executeInvoiceSchedule errors', () => {
  it('NotEarliestPendingItem names the item asked for and the earliest pending item (§6.2)', async () => {
    const { billing, schedule } = await c01();
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        itemId: itemId(schedule, 1),
      }),
    );
    expect(error).toMatchObject({
      type: 'NotEarliestPendingItem',
      invoiceScheduleNumber: 'IS-00000001',
      itemId: itemId(schedule, 1),
      earliestPendingItemId: itemId(schedule, 0),
    });
  });

  it('NothingToExecute names the schedule when every item is processed and no credit is due (decision 12); no bill run', async () => {
    const { billing } = await c01();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(error).toMatchObject({ type: 'NothingToExecute', invoiceScheduleNumber: 'IS-00000001' });
  });

  it('RunDateRequired names the next pending item when its run date is blank (C24)', async () => {
    const { billing, schedule } = await c01([
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: null, amount: '14000.00' },
      { runDate: null, amount: '6200.00' },
    ]);
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(error).toMatchObject({
      type: 'RunDateRequired',
      invoiceScheduleNumber: 'IS-00000001',
      itemId: itemId(schedule, 1),
    });
  });

  it('RunDateRequired also when the blank item is named explicitly', async () => {
    const { billing, schedule } = await c01([
      { runDate: null, amount: '50000.00' },
      { runDate: null, amount: '14000.00' },
      { runDate: null, amount: '6200.00' },
    ]);
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        itemId: itemId(schedule, 0),
      }),
    );
    expect(error).toMatchObject({ type: 'RunDateRequired', itemId: itemId(schedule, 0) });
  });

  it('ItemAlreadyProcessed names the item processed by a bill run', async () => {
    const { billing, schedule } = await c01();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        itemId: itemId(schedule, 0),
      }),
    );
    expect(error).toMatchObject({
      type: 'ItemAlreadyProcessed',
      invoiceScheduleNumber: 'IS-00000001',
      itemId: itemId(schedule, 0),
      message:
        'Item 1 of IS-00000001 is already processed. To bill the next item, execute without an itemId; to bill this one again, cancel (Draft) or reverse (Posted) its invoice INV00000001 first.',
    });
  });

  it('InvoiceScheduleNotFound names the schedule', async () => {
    const { billing } = await c01();
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-99999999' }),
    );
    expect(error).toMatchObject({ type: 'InvoiceScheduleNotFound', invoiceScheduleNumber: 'IS-99999999' });
  });

  it('InvoiceScheduleItemNotFound names the schedule and the unknown item id', async () => {
    const { billing } = await c01();
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        itemId: 'no-such-item',
      }),
    );
    expect(error).toMatchObject({
      type: 'InvoiceScheduleItemNotFound',
      invoiceScheduleNumber: 'IS-00000001',
      itemId: 'no-such-item',
    });
  });
});

describe('invoice lifecycle errors', () => {
  it.each([
    ['postInvoice', postInvoice],
    ['cancelInvoice', cancelInvoice],
    ['reverseInvoice', reverseInvoice],
  ] as const)('InvoiceNotFound names the invoice (%s)', async (_name, operation) => {
    const { billing } = await c01();
    const error = await refused(billing, () => operation(billing.context, { invoiceNumber: 'INV99999999' }));
    expect(error).toMatchObject({ type: 'InvoiceNotFound', invoiceNumber: 'INV99999999' });
  });

  it('InvalidInvoiceStatus: a Draft invoice cannot be reversed (post it first)', async () => {
    const { billing } = await c01();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    const error = await refused(billing, () =>
      reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }),
    );
    expect(error).toMatchObject({
      type: 'InvalidInvoiceStatus',
      invoiceNumber: 'INV00000001',
      status: 'Draft',
      expectedStatus: 'Posted',
    });
  });

  it('InvalidInvoiceStatus: a Posted invoice cannot be canceled (reverse it instead)', async () => {
    const { billing } = await c01();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const error = await refused(billing, () =>
      cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }),
    );
    expect(error).toMatchObject({
      type: 'InvalidInvoiceStatus',
      invoiceNumber: 'INV00000001',
      status: 'Posted',
      expectedStatus: 'Draft',
    });
  });

  it('InvalidInvoiceStatus: a Canceled invoice cannot be posted', async () => {
    const { billing } = await c01();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    const error = await refused(billing, () =>
      postInvoice(billing.context, { invoiceNumber: 'INV00000001' }),
    );
    expect(error).toMatchObject({
      type: 'InvalidInvoiceStatus',
      invoiceNumber: 'INV00000001',
      status: 'Canceled',
      expectedStatus: 'Draft',
    });
  });
});
