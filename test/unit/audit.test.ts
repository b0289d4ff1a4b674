import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { postInvoice } from '../../src/operations/invoices';
import { deleteInvoiceSchedule, pauseInvoiceSchedule } from '../../src/operations/lifecycle';
import { listInvoiceSchedules } from '../../src/operations/listings';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { fixedClock } from '../../src/time/clock';
import { C01_SUBSCRIPTIONS, expectErr, expectOk } from '../support/billing';
import { C01_ITEMS, createSchedule, givenSubscriptions } from '../support/scenarios';

describe('audit: who saved a schedule, an invoice, a credit memo, and when', () => {
  it('C01: created by the context’s actor at its clock; a later change updates updatedAt/By and keeps createdAt/By', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    const ana = { ...billing.context, actor: 'user:ana', clock: fixedClock('2023-01-02T09:00:00Z') };
    const created = expectOk(await createSchedule({ ...billing, context: ana }, { items: C01_ITEMS }));
    expect(created).toMatchObject({
      createdAt: '2023-01-02T09:00:00.000Z',
      createdBy: 'user:ana',
      updatedAt: '2023-01-02T09:00:00.000Z',
      updatedBy: 'user:ana',
    });
    // The Ok value is what is stored.
    expect(billing.store.probe.invoiceSchedule(created.number)).toMatchObject({
      createdBy: 'user:ana',
      updatedBy: 'user:ana',
    });
    const bob = { ...billing.context, actor: 'user:bob', clock: fixedClock('2023-01-20T15:30:00Z') };
    const paused = expectOk(await pauseInvoiceSchedule(bob, { invoiceScheduleNumber: created.number }));
    expect(paused).toMatchObject({
      createdAt: '2023-01-02T09:00:00.000Z',
      createdBy: 'user:ana',
      updatedAt: '2023-01-20T15:30:00.000Z',
      updatedBy: 'user:bob',
      version: 2,
    });
    const read = expectOk(await getInvoiceSchedule(billing.context, created.number));
    expect([read.createdBy, read.updatedBy, read.updatedAt]).toEqual([
      'user:ana',
      'user:bob',
      '2023-01-20T15:30:00.000Z',
    ]);
  });

  it('C01: the bill run’s invoice is created by the job, posted by a person; without an actor the fields are null', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    expectOk(await createSchedule(billing, { items: C01_ITEMS }));
    const nightly = { ...billing.context, actor: 'job:nightly', clock: fixedClock('2023-02-04T02:00:00Z') };
    expectOk(await runBillRun(nightly, { targetDate: '2023-02-04' }));
    expect(billing.store.probe.invoice('INV00000001')).toMatchObject({
      amount: '50000.00',
      createdAt: '2023-02-04T02:00:00.000Z',
      createdBy: 'job:nightly',
      updatedBy: 'job:nightly',
    });
    const posted = expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expect(posted).toMatchObject({ status: 'Posted', createdBy: 'job:nightly', updatedBy: null });
    expect(posted.updatedAt).toBe('2023-01-01T12:00:00.000Z');
    // The schedule the run changed is stamped too.
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toMatchObject({ updatedBy: 'job:nightly' });
  });

  it('an actor or reason that is not a short non-blank string is an InvalidContext; nothing is saved (a blank actor was recorded on the events as it was)', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    const before = billing.store.probe.snapshot();
    for (const [field, value] of [
      ['actor', 42],
      ['actor', ''],
      ['actor', '   '],
      ['actor', 'x'.repeat(201)],
      ['reason', { why: 'no' }],
      ['reason', '\t\n'],
      ['reason', 'y'.repeat(1001)],
    ] as const) {
      const error = expectErr(
        await createSchedule(
          { ...billing, context: { ...billing.context, [field]: value } as never },
          {
            items: C01_ITEMS,
          },
        ),
      );
      expect(error).toMatchObject({ type: 'InvalidContext', missing: field });
      expect(error.message).toContain('a non-blank string');
    }
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('listInvoiceSchedules({ updatedSince }): the schedules saved at or after the instant; a bad instant is an InvalidInput', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    const at = (iso: string) => ({ ...billing, context: { ...billing.context, clock: fixedClock(iso) } });
    expectOk(await createSchedule(at('2023-01-02T09:00:00Z'), { items: C01_ITEMS }));
    const list = async (updatedSince: string) =>
      expectOk(await listInvoiceSchedules(billing.context, { updatedSince })).data.map((s) => s.number);
    expect(await list('2023-01-02T09:00:00Z')).toEqual(['IS-00000001']);
    expect(await list('2023-01-02T09:00:00.001Z')).toEqual([]);
    expectOk(
      await pauseInvoiceSchedule(at('2023-03-01T00:00:00Z').context, {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    expect(await list('2023-02-15T00:00:00.5Z')).toEqual(['IS-00000001']);
    for (const bad of [
      '2023-02-30T00:00:00Z',
      '2023-02-01T24:00:00Z',
      '2023-02-01',
      '2023-02-01T00:00:00+02:00',
      42,
    ]) {
      const error = expectErr(await listInvoiceSchedules(billing.context, { updatedSince: bad as string }));
      expect(error).toMatchObject({ type: 'InvalidInput', path: 'updatedSince' });
    }
  });

  it('C17: deleting keeps the record (deleted: true, stamped); not found, not listed, not billed; its charges can be scheduled again', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    expectOk(await createSchedule(billing, { items: C01_ITEMS }));
    const carol = { ...billing.context, actor: 'user:carol', reason: 'duplicate schedule' };
    const deleted = expectOk(await deleteInvoiceSchedule(carol, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(deleted).toMatchObject({ deleted: true, version: 2, updatedBy: 'user:carol' });
    expect(deleted.events.map((e) => [e.type, e.reason])).toEqual([
      ['InvoiceScheduleDeleted', 'duplicate schedule'],
    ]);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toMatchObject({ deleted: true, version: 2 });
    expect(expectErr(await getInvoiceSchedule(billing.context, 'IS-00000001'))).toMatchObject({
      type: 'InvoiceScheduleNotFound',
    });
    expect(
      expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001', { includeDeleted: true })),
    ).toMatchObject({ number: 'IS-00000001', deleted: true });
    expect(expectOk(await listInvoiceSchedules(billing.context, {})).data).toEqual([]);
    expect(
      expectOk(await listInvoiceSchedules(billing.context, { includeDeleted: true })).data.map(
        (s) => s.number,
      ),
    ).toEqual(['IS-00000001']);
    expect(
      expectErr(await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' })),
    ).toMatchObject({ type: 'InvoiceScheduleNotFound' });
    // Its charges are free for a new schedule, which the run bills; the deleted one bills nothing.
    const again = expectOk(await createSchedule(billing, { items: C01_ITEMS }));
    expect(again.number).toBe('IS-00000002');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect(invoice?.amount).toBe('50000.00');
    expect(new Set(invoice?.lines.map((l) => l.invoiceScheduleNumber))).toEqual(new Set(['IS-00000002']));
    expect(
      expectErr(await getInvoiceSchedule(billing.context, 'IS-00000001', { includeDeleted: 'yes' as never })),
    ).toMatchObject({ type: 'InvalidInput', path: 'options.includeDeleted' });
  });
});
