// Text no store can keep as it is (found in a review of the PostgreSQL adapter): U+0000, which PostgreSQL's `text`
// and `jsonb` refuse, and a UTF-16 surrogate without its pair (half an emoji), whose `jsonb` escape PostgreSQL
// refuses and which node-postgres sends as U+FFFD. The library took both: on PostgreSQL a schedule with such a
// custom field, or a lookup of such a number, threw the driver's error out of the operation, and two idempotency
// keys differing only in an unpaired surrogate were stored as one key, so the second execution replayed the
// first and its item was never billed. Now every operation refuses such a string — a value or a field name, at
// any depth of its request, or a number given on its own — with `InvalidInput` at its path, on every store
// alike, and saves nothing; a well-formed surrogate pair (an emoji) is text like any other.
import { PGlite } from '@electric-sql/pglite';
import * as api from 'invoice-schedules';
import { createMemoryStore } from 'invoice-schedules/memory';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOk } from '../support/billing';
import { givenAnnualAccountOn } from '../support/stores';

const db = new PGlite();
afterAll(() => db.close());

let schemas = 0;
const STORES: readonly (readonly [string, () => Promise<api.BillingContext['store']>])[] = [
  ['the memory store', async () => createMemoryStore()],
  [
    'PostgreSQL (PGlite)',
    async () => {
      const schema = `unstorable_${++schemas}`;
      await migrate(db, { schema });
      return createPostgresStore(db, { schema });
    },
  ],
];

const schedule = (customFields: Record<string, string>) => ({
  accountNumber: 'A-001',
  orders: ['O-1'],
  customFields,
  items: [
    { runDate: '2023-02-04', amount: '600.00' },
    { runDate: '2023-06-01', amount: '600.00' },
  ],
});

describe.each(STORES)('text a store cannot keep, on %s', (_name, makeStore) => {
  it.each([
    ['U+0000 in a value', { Note__c: 'line 1\u0000line 2' }, 'customFields.Note__c', 'U+0000 at index 6'],
    ['a lone high surrogate', { Note__c: 'cut emoji \uD83D' }, 'customFields.Note__c', 'U+D83D at index 10'],
    ['a lone low surrogate', { Note__c: '\uDE00 and more' }, 'customFields.Note__c', 'U+DE00 at index 0'],
    ['U+0000 in a field name', { 'Note\u0000__c': 'x' }, 'customFields', 'U+0000 at index 4'],
  ])(
    '%s is refused with InvalidInput at its path, and nothing is saved',
    async (_what, fields, path, where) => {
      const context = await givenAnnualAccountOn(await makeStore());
      const created = await api.createInvoiceSchedule(context, schedule(fields));
      const error = created._unsafeUnwrapErr() as api.InvalidInput;
      expect(error).toMatchObject({ type: 'InvalidInput', path });
      expect(error.expected).toMatch(/without U\+0000 and without unpaired UTF-16 surrogates/);
      expect(error.received).toContain(where);
      expect((await api.getInvoiceSchedule(context, 'IS-00000001'))._unsafeUnwrapErr().type).toBe(
        'InvoiceScheduleNotFound',
      );
    },
  );

  it('a number with U+0000 is InvalidInput, not a driver error thrown out of the operation', async () => {
    const context = await givenAnnualAccountOn(await makeStore());
    const read = await api.getInvoiceSchedule(context, 'IS-00000001\u0000');
    expect(read._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidInput' });
  });

  it('two idempotency keys that differ only in an unpaired surrogate are refused, not merged', async () => {
    const context = await givenAnnualAccountOn(await makeStore());
    expectOk(await api.createInvoiceSchedule(context, schedule({})));
    for (const key of ['exec-\uD800', 'exec-\uDC00']) {
      const executed = await api.executeInvoiceSchedule(context, {
        invoiceScheduleNumber: 'IS-00000001',
        idempotencyKey: key,
      });
      expect(executed._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidInput', path: 'idempotencyKey' });
    }
    const stored = expectOk(await api.getInvoiceSchedule(context, 'IS-00000001'));
    expect(stored.items.map((i) => i.status)).toEqual(['Pending', 'Pending']);
  });

  it("the context's actor and reason, and an additional line's name and custom fields, are refused the same way (found in a re-read: they are stored on events and invoice lines)", async () => {
    const context = await givenAnnualAccountOn(await makeStore());
    expectOk(await api.createInvoiceSchedule(context, schedule({})));
    const withActor = await api.executeInvoiceSchedule(
      { ...context, actor: 'user\u0000x' },
      { invoiceScheduleNumber: 'IS-00000001' },
    );
    expect(withActor._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidContext', missing: 'actor' });
    const withReason = await api.executeInvoiceSchedule(
      { ...context, reason: 'why \uD800' },
      { invoiceScheduleNumber: 'IS-00000001' },
    );
    expect(withReason._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidContext', missing: 'reason' });
    for (const line of [
      { name: 'Tax \uDC00', amount: '1.00' },
      { name: 'Tax', amount: '1.00', customFields: { Code__c: 'a\u0000b' } },
    ]) {
      const hooked = await api.executeInvoiceSchedule(
        { ...context, hooks: { additionalInvoiceLines: () => [line] } },
        { invoiceScheduleNumber: 'IS-00000001' },
      );
      expect(hooked._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidAdditionalLines' });
    }
    const stored = expectOk(await api.getInvoiceSchedule(context, 'IS-00000001'));
    expect(stored.items.map((i) => i.status)).toEqual(['Pending', 'Pending']);
  });

  it('a well-formed surrogate pair (an emoji) is text like any other, and reads back as it was given', async () => {
    const context = await givenAnnualAccountOn(await makeStore());
    const created = expectOk(
      await api.createInvoiceSchedule(context, schedule({ Note__c: 'paid \u{1F600}' })),
    );
    const read = expectOk(await api.getInvoiceSchedule(context, created.number));
    expect(read.customFields).toEqual({ Note__c: 'paid \u{1F600}' });
    const executed = expectOk(
      await api.executeInvoiceSchedule(context, {
        invoiceScheduleNumber: created.number,
        idempotencyKey: 'exec-\u{1F600}',
      }),
    );
    const again = expectOk(
      await api.executeInvoiceSchedule(context, {
        invoiceScheduleNumber: created.number,
        idempotencyKey: 'exec-\u{1F601}',
      }),
    );
    expect(again.number).not.toBe(executed.number);
    const billed = expectOk(await api.getInvoiceSchedule(context, created.number));
    expect(billed.items.map((i) => i.status)).toEqual(['Processed', 'Processed']);
  });
});
