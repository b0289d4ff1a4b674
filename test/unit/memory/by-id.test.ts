// The memory store's id index (getById of schedules, invoices, credit memos and bill runs): kept with
// the committed records by the seed and by every commit, read through the open transaction's writes.
import { createMemoryStore } from 'invoice-schedules/memory';
import { buildBillRun, buildCreditMemo, buildInvoice, buildInvoiceSchedule } from 'invoice-schedules/testing';
import { err, ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';

describe('memory store: getById', () => {
  it('finds the initial data by id', async () => {
    const store = createMemoryStore({
      initial: {
        invoiceSchedules: [buildInvoiceSchedule({ id: 'is-a' })],
        invoices: [buildInvoice({ id: 'inv-a' })],
        creditMemos: [buildCreditMemo({ id: 'cm-a' })],
        billRuns: [buildBillRun({ id: 'br-a' })],
      },
    });
    const found = await store.transaction(async (r) =>
      ok([
        (await r.invoiceSchedules.getById('is-a'))?.number,
        (await r.invoices.getById('inv-a'))?.number,
        (await r.creditMemos.getById('cm-a'))?.number,
        (await r.billRuns.getById('br-a'))?.number,
      ]),
    );
    expect(found._unsafeUnwrap()).toEqual(['IS-00000001', 'INV00000001', 'CM00000001', 'BR-00000001']);
  });

  it('follows a new version that changes the id; a rolled-back change leaves the old id', async () => {
    const v1 = buildInvoice({ id: 'old' });
    const store = createMemoryStore({ initial: { invoices: [v1] } });
    const v2 = { ...v1, id: 'new', version: 2 };
    const inside = await store.transaction(async (r) => {
      await r.invoices.save(v2);
      const seen = [
        (await r.invoices.getById('old'))?.id ?? null,
        (await r.invoices.getById('new'))?.id ?? null,
      ];
      return err(seen);
    });
    expect(inside._unsafeUnwrapErr()).toEqual([null, 'new']);
    const afterRollback = await store.transaction(async (r) =>
      ok([(await r.invoices.getById('old'))?.version, await r.invoices.getById('new')]),
    );
    expect(afterRollback._unsafeUnwrap()).toEqual([1, null]);
    await store.transaction(async (r) => r.invoices.save(v2));
    const afterCommit = await store.transaction(async (r) =>
      ok([await r.invoices.getById('old'), (await r.invoices.getById('new'))?.version]),
    );
    expect(afterCommit._unsafeUnwrap()).toEqual([null, 2]);
  });

  it('of records sharing an id (builder defaults), returns the lowest number; a removal uncovers the next', async () => {
    // The store does not refuse a duplicate id: fixtures built with buildInvoiceSchedule() share its
    // default id. Hosts keep ids unique (their IdGenerator).
    const store = createMemoryStore({
      initial: {
        invoiceSchedules: [
          buildInvoiceSchedule({ number: 'IS-00000003' }),
          buildInvoiceSchedule({ number: 'IS-00000002' }),
        ],
      },
    });
    const { id } = buildInvoiceSchedule();
    const first = await store.transaction(async (r) => ok((await r.invoiceSchedules.getById(id))?.number));
    expect(first._unsafeUnwrap()).toBe('IS-00000002');
    await store.transaction(async (r) => {
      await r.invoiceSchedules.save(buildInvoiceSchedule({ number: 'IS-00000001' }));
      expect((await r.invoiceSchedules.getById(id))?.number).toBe('IS-00000001');
      return r.invoiceSchedules.remove('IS-00000002', 1);
    });
    const lowest = await store.transaction(async (r) => ok((await r.invoiceSchedules.getById(id))?.number));
    expect(lowest._unsafeUnwrap()).toBe('IS-00000001');
    await store.transaction(async (r) => r.invoiceSchedules.remove('IS-00000001', 1));
    const last = await store.transaction(async (r) => ok((await r.invoiceSchedules.getById(id))?.number));
    expect(last._unsafeUnwrap()).toBe('IS-00000003');
  });

  it('returns a decoded copy, never the stored record', async () => {
    const store = createMemoryStore({ initial: { billRuns: [buildBillRun({ id: 'br-a' })] } });
    const read = await store.transaction(async (r) => ok(await r.billRuns.getById('br-a')));
    expect(read._unsafeUnwrap()).not.toBe(store.probe.billRun('BR-00000001'));
    expect(read._unsafeUnwrap()?.id).toBe('br-a');
  });

  it('refuses to be used after its transaction ended', async () => {
    const store = createMemoryStore();
    let leaked: Parameters<Parameters<typeof store.transaction>[0]>[0] | undefined;
    await store.transaction(async (r) => {
      leaked = r;
      return ok(undefined);
    });
    await expect(leaked?.creditMemos.getById('x')).rejects.toThrow(
      /creditMemos\.getById.*after its transaction ended/,
    );
  });
});
