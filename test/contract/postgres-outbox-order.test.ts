// The PostgreSQL store's outbox probe pages in position order (found in a review): its statement selected
// `position::text AS position … ORDER BY position`, and the ORDER BY bound to the text column, so once there were
// ten events the probe answered 1, 10, 11, 2, …, and a paging with (after, limit) — resuming after the last
// position it read — skipped events 2–9. On PGlite, as on the server. (A host's relay over several writers marks
// rows rather than resume by position: docs/events.md.)
import { PGlite } from '@electric-sql/pglite';
import * as api from 'invoice-schedules';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { afterAll, expect, it } from 'vitest';
import { expectOk } from '../support/billing';
import { givenAnnualAccountOn } from '../support/stores';

const db = new PGlite();
afterAll(() => db.close());

it('probe.outbox(after, limit) answers in position order, and a relay paging two at a time reads every event once', async () => {
  await migrate(db, { schema: 'outbox_order' });
  const store = createPostgresStore(db, { schema: 'outbox_order' });
  const context = await givenAnnualAccountOn(store);
  expectOk(
    await api.createInvoiceSchedule(context, {
      accountNumber: 'A-001',
      orders: ['O-1'],
      items: [
        { runDate: '2023-01-15', amount: '400.00' },
        { runDate: '2023-03-01', amount: '800.00' },
      ],
    }),
  );
  expectOk(await api.runBillRun(context, { targetDate: '2023-09-01' }));
  const all = await store.probe.outbox();
  expect(all.length).toBeGreaterThan(10);
  expect(all.map((e) => e.position)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  const relayed: number[] = [];
  let after = 0;
  for (;;) {
    const batch = await store.probe.outbox(after, 2);
    if (batch.length === 0) break;
    relayed.push(...batch.map((e) => e.position));
    after = batch[batch.length - 1]?.position ?? after;
  }
  expect(relayed).toEqual(all.map((e) => e.position));
});
