// A keyed createInvoiceSchedule or updateInvoiceSchedule retried answers with the schedule its first call
// returned, which the key's record keeps (its `result`, the schedule's record as JSON): on every store alike,
// through the PostgreSQL adapter's `text` column too, for a long schedule as for a short one.
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
      const schema = `first_result_${++schemas}`;
      await migrate(db, { schema });
      return createPostgresStore(db, { schema });
    },
  ],
];

/** 40 items of 30.00 and 40 custom fields of 240 characters: a record of over 15,000 characters. */
const longSchedule = {
  accountNumber: 'A-001',
  orders: ['O-1'],
  items: Array.from({ length: 40 }, (_, i) => ({
    name: `Étape ${i + 1} — 請求 😀`,
    runDate: `2023-${String(2 + Math.floor(i / 4)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}`,
    amount: '30.00',
  })),
  customFields: Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`Note${i}__c`, `"quoted" \\ ${'x'.repeat(220)} ${i}`]),
  ),
  idempotencyKey: 'create-long',
};

/** A value as a caller would serialise it (`events` is not enumerable). */
const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe.each(STORES)('a keyed retry returns the first result, on %s', (_name, makeStore) => {
  it('createInvoiceSchedule retried after the schedule was deleted: the first schedule, not InvoiceScheduleNotFound', async () => {
    const context = await givenAnnualAccountOn(await makeStore());
    const request = {
      accountNumber: 'A-001',
      orders: ['O-1'],
      items: [{ runDate: '2023-02-04', amount: '1200.00' }],
      idempotencyKey: 'create-1',
    };
    const first = expectOk(await api.createInvoiceSchedule(context, request));
    expectOk(await api.deleteInvoiceSchedule(context, { invoiceScheduleNumber: first.number }));
    expect(json(expectOk(await api.createInvoiceSchedule(context, request)))).toEqual(json(first));
  });

  it('a long schedule, retried after a bill run processed its first items: the first schedule, every item Pending', async () => {
    const context = await givenAnnualAccountOn(await makeStore());
    const first = expectOk(await api.createInvoiceSchedule(context, longSchedule));
    expect(JSON.stringify(api.toInvoiceScheduleRecord(first)).length).toBeGreaterThan(15_000);
    expectOk(
      await api.runBillRun(
        { ...context, clock: api.fixedClock('2023-03-01T12:00:00Z') },
        { targetDate: '2023-03-01' },
      ),
    );
    const retry = expectOk(await api.createInvoiceSchedule(context, longSchedule));
    expect(json(retry)).toEqual(json(first));
    expect(retry.items.every((i) => i.status === 'Pending')).toBe(true);
  });
});
