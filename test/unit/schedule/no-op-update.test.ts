// An update that changes nothing saves nothing (review 102): the schedule sent back as it was read (C36 d, the
// guide's "send back what you read"), or a request with no field to change, neither raises the version (another
// editor's expectedVersion would then conflict for nothing) nor tells InvoiceScheduleUpdated (docs/events.md: a
// saved change) — as a pause of a paused schedule saves nothing.
import { describe, expect, it } from 'vitest';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { givenC01Schedule } from '../../support/scenarios';

describe('an update that changes nothing', () => {
  it.each([
    ['the schedule sent back as read (notes and every item)', true],
    ['the schedule number alone', false],
  ])('%s: version 1 stays, no event, and another editor at version 1 still saves', async (_, sendBack) => {
    const { billing } = await givenC01Schedule();
    const read = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const stored = billing.store.probe.invoiceSchedule('IS-00000001');
    const from = billing.store.probe.outbox().length;
    const request = sendBack
      ? {
          invoiceScheduleNumber: 'IS-00000001',
          expectedVersion: read.version,
          notes: read.notes,
          items: read.items.map((i) => ({ id: i.id, runDate: i.runDate, amount: i.amount.toFixed(2) })),
        }
      : { invoiceScheduleNumber: 'IS-00000001' };
    const updated = expectOk(await updateInvoiceSchedule(billing.context, request));
    expect([updated.version, updated.events]).toEqual([1, []]);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toEqual(stored);
    expect(billing.store.probe.outbox(from)).toEqual([]);
    // The other editor read version 1 too: its change saves (version 2), told once.
    const edited = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        expectedVersion: 1,
        notes: 'second editor',
      }),
    );
    expect([edited.version, edited.events.map((e) => e.type)]).toEqual([2, ['InvoiceScheduleUpdated']]);
  });

  // Review 118: fields are compared by name (custom-fields.md). A record read from jsonb (schema versions before 9)
  // holds them in another order than the request sends them, and so may a host's request: it saved a version.
  it('custom fields sent in another order than stored: nothing is saved', async () => {
    const { billing } = await givenC01Schedule();
    const set = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        customFields: { Alpha__c: 'a', B__c: 'b' },
      }),
    );
    const stored = billing.store.probe.invoiceSchedule('IS-00000001');
    const again = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        customFields: { B__c: 'b', Alpha__c: 'a' },
      }),
    );
    expect([set.version, again.version, again.events]).toEqual([2, 2, []]);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toEqual(stored);
  });

  it('with an idempotency key: the retry answers the same schedule, and nothing is saved either time', async () => {
    const { billing } = await givenC01Schedule();
    const stored = billing.store.probe.invoiceSchedule('IS-00000001');
    const request = { invoiceScheduleNumber: 'IS-00000001', notes: '', idempotencyKey: 'same-notes' };
    const first = expectOk(await updateInvoiceSchedule(billing.context, request));
    const again = expectOk(await updateInvoiceSchedule(billing.context, request));
    expect([first.version, again.version, again.notes]).toEqual([1, 1, '']);
    expect([first.events, again.events]).toEqual([[], []]);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toEqual(stored);
  });
});
