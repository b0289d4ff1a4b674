// Repositories and the unit of work: a transaction that commits, one that rolls back, and a
// compare-and-set conflict between two writers, on the in-memory adapter.
// Run: npx tsx docs/examples/repositories.ts
import type { Repositories, VersionConflict } from 'invoice-schedules';
import { createMemoryStore } from 'invoice-schedules/memory';
import { buildAccount, buildInvoiceSchedule } from 'invoice-schedules/testing';
import { err, ok } from 'neverthrow';

const store = createMemoryStore({ initial: { accounts: [buildAccount()] } });

// #region commit
// 1. The work resolves to an Ok: every write of the transaction is committed together.
const created = await store.transaction(async (r: Repositories) => {
  const n = await r.sequences.next('InvoiceSchedule'); // 1, gapless
  const schedule = buildInvoiceSchedule({ number: `IS-${String(n).padStart(8, '0')}` });
  const saved = await r.invoiceSchedules.save(schedule); // version 1: an insert
  return saved.map(() => schedule.number);
});
console.log(
  'committed:',
  created._unsafeUnwrap(),
  '→ stored version',
  store.probe.invoiceSchedule('IS-00000001')?.version,
);
// #endregion commit

// #region rollback
// 2. The work resolves to an Err: nothing it wrote is kept, and its sequence number is given back.
const before = store.probe.snapshot();
const refused = await store.transaction(async (r) => {
  const n = await r.sequences.next('InvoiceSchedule'); // 2 …
  await r.invoiceSchedules.save(buildInvoiceSchedule({ number: `IS-${String(n).padStart(8, '0')}` }));
  return err({ type: 'ScheduleRefused', message: 'a business rule said no' });
});
const after = store.probe.snapshot();
console.log(
  'rolled back:',
  refused.isErr() && refused.error.type,
  '→ store unchanged:',
  JSON.stringify(after) === JSON.stringify(before),
);
// rolled back: ScheduleRefused → store unchanged: true
console.log('next schedule number is still', after.sequences.InvoiceSchedule + 1);
// next schedule number is still 2
// #endregion rollback

// #region conflict
// 3. Two writers read version 1 and both save version 2: the second gets a VersionConflict value.
const read = async () =>
  (await store.transaction(async (r) => ok(await r.invoiceSchedules.get('IS-00000001'))))._unsafeUnwrap();
const alice = await read();
const bob = await read();
if (alice === null || bob === null) throw new Error('IS-00000001 was committed above');
const first = await store.transaction((r) =>
  r.invoiceSchedules.save({ ...alice, notes: 'Alice', version: 2 }),
);
const second = await store.transaction((r) => r.invoiceSchedules.save({ ...bob, notes: 'Bob', version: 2 }));
console.log('first writer:', first.isOk() ? 'saved version 2' : 'conflict');
second.match(
  () => console.log('second writer: saved (should not happen)'),
  (conflict: VersionConflict) =>
    console.log(
      `second writer: ${conflict.type} (expected ${conflict.expectedVersion}, found ${conflict.actualVersion}): reload and retry`,
    ),
);
// #endregion conflict
