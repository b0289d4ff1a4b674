import { describe, expect, it } from 'vitest';
import { pauseInvoiceSchedule, updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, newBilling, setUpOrder } from '../support/billing';
import { givenSchedule } from '../support/scenarios';

// Issue 10: no lost updates. An edit says which version of the schedule it was made on (`expectedVersion`);
// when the schedule changed since, the edit is refused with VersionConflict instead of overwriting it.
async function c01() {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  const schedule = await givenSchedule(billing, {
    items: [
      { runDate: '2023-02-04', amount: '50000.00' },
      { runDate: '2023-05-01', amount: '14000.00' },
      { runDate: '2023-09-16', amount: '6200.00' },
    ],
  });
  return { billing, schedule };
}

describe('expectedVersion on schedule edits (no lost updates)', () => {
  it('two editors load version 1; the first saves (version 2), the second is refused and changes nothing (was: silently overwritten)', async () => {
    const { billing, schedule } = await c01();
    expect(schedule.version).toBe(1);
    const first = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: schedule.number,
        notes: 'first editor',
        expectedVersion: 1,
      }),
    );
    expect(first.version).toBe(2);
    const before = billing.store.probe.snapshot();
    expect(
      expectErr(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: schedule.number,
          notes: 'second editor',
          expectedVersion: 1,
        }),
      ),
    ).toMatchObject({
      type: 'VersionConflict',
      entity: 'InvoiceSchedule',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.invoiceSchedule(schedule.number)?.notes).toBe('first editor');
  });

  it('without expectedVersion an edit applies to whatever version is stored (as before)', async () => {
    const { billing, schedule } = await c01();
    expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: schedule.number, notes: 'a' }),
    );
    const second = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: schedule.number, notes: 'b' }),
    );
    expect([second.version, second.notes]).toEqual([3, 'b']);
  });

  it('pause with a stale version is refused; with the current one it pauses', async () => {
    const { billing, schedule } = await c01();
    expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: schedule.number, notes: 'x' }),
    );
    expect(
      expectErr(
        await pauseInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: schedule.number,
          expectedVersion: 1,
        }),
      ),
    ).toMatchObject({ type: 'VersionConflict', expectedVersion: 1, actualVersion: 2 });
    const paused = expectOk(
      await pauseInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: schedule.number,
        expectedVersion: 2,
      }),
    );
    expect(paused.status).toBe('Paused');
  });

  it.each([0, 1.5, '1', -1])('expectedVersion %j is refused with InvalidInput', async (expectedVersion) => {
    const { billing, schedule } = await c01();
    const edit = { invoiceScheduleNumber: schedule.number, expectedVersion: expectedVersion as number };
    expect(expectErr(await updateInvoiceSchedule(billing.context, { ...edit, notes: 'x' }))).toMatchObject({
      type: 'InvalidInput',
      path: 'expectedVersion',
    });
    expect(expectErr(await pauseInvoiceSchedule(billing.context, edit))).toMatchObject({
      type: 'InvalidInput',
      path: 'expectedVersion',
    });
  });
});
