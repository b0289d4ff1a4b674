import { PGlite } from '@electric-sql/pglite';
import { ok } from 'neverthrow';
import { afterAll, describe, expect, it } from 'vitest';
import { BILLING_EVENT_TYPES, type BillingEvent } from '../../src/domain/billing/events';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { createSequentialIds } from '../../src/memory/ids';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { pauseInvoiceSchedule, resumeInvoiceSchedule } from '../../src/operations/lifecycle';
import { applyCreditMemo, unapplyCreditMemo } from '../../src/operations/settlement';
import { createPostgresStore, migrate } from '../../src/postgres/index';
import { fixedClock } from '../../src/time/clock';
import { C01_SUBSCRIPTIONS, expectErr, expectOk, setUpOrder, type TestBilling } from '../support/billing';
import {
  billAndPost,
  C01_ITEMS,
  createSchedule,
  givenC01Removal,
  givenC01Schedule,
  givenSubscriptions,
} from '../support/scenarios';

/** The events' types and main facts, without ids and stamps. */
const brief = (events: readonly BillingEvent[]) =>
  events.map((e) => {
    const { id: _id, occurredAt: _at, actor: _actor, reason: _reason, ...facts } = e;
    return facts;
  });

describe('domain events in Ok values and in the outbox', () => {
  it('C01: creating the schedule → InvoiceScheduleCreated with the total 70,200.00 and 3 items', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    const created = expectOk(await createSchedule(billing, { items: C01_ITEMS }));
    expect(brief(created.events)).toEqual([
      {
        type: 'InvoiceScheduleCreated',
        invoiceScheduleNumber: created.number,
        accountNumber: 'A-001',
        currency: 'USD',
        totalAmount: '70200.00',
        itemCount: 3,
      },
    ]);
    // Not enumerable: the value still serialises and compares as the record.
    expect(Object.keys(created)).not.toContain('events');
    expect(JSON.parse(JSON.stringify(created))).not.toHaveProperty('events');
  });

  it('C01: the bill run on 2023-02-04 → BillRunStarted, InvoiceCreated 50,000.00, ItemProcessed, BillRunCompleted; the same list in the outbox', async () => {
    const { billing } = await givenC01Schedule();
    const before = billing.store.probe.outbox().length;
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(brief(run.events)).toEqual([
      { type: 'BillRunStarted', billRunNumber: 'BR-00000001', targetDate: '2023-02-04' },
      {
        type: 'InvoiceCreated',
        invoiceNumber: 'INV00000001',
        accountNumber: 'A-001',
        amount: '50000.00',
        currency: 'USD',
        invoiceDate: '2023-02-04',
        status: 'Draft',
        billRunNumber: 'BR-00000001',
        invoiceScheduleNumbers: ['IS-00000001'],
      },
      {
        type: 'InvoiceScheduleUpdated',
        invoiceScheduleNumber: 'IS-00000001',
        accountNumber: 'A-001',
        status: 'PartiallyProcessed',
        version: 2,
      },
      {
        type: 'ItemProcessed',
        invoiceScheduleNumber: 'IS-00000001',
        accountNumber: 'A-001',
        itemId: run.events.find((e) => e.type === 'ItemProcessed')?.itemId,
        sequence: 1,
        billedAmount: '50000.00',
        invoiceNumber: 'INV00000001',
        creditMemoNumbers: [],
      },
      {
        type: 'BillRunCompleted',
        billRunNumber: 'BR-00000001',
        kind: 'BillRun',
        status: 'Completed',
        targetDate: '2023-02-04',
        itemsProcessed: 1,
        invoiceCount: 1,
        creditMemoCount: 0,
        failureCount: 0,
      },
    ]);
    expect(billing.store.probe.outbox(before).map((e) => e.event)).toEqual(run.events);
    // Ids are unique and stable; stamps come from the context's clock.
    const ids = billing.store.probe.outbox().map((e) => e.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.events.every((e) => e.occurredAt === '2023-01-01T12:00:00.000Z' && e.actor === null)).toBe(
      true,
    );
    // Nothing new is due: the second run saves no document, only its own record.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(again.events.map((e) => e.type)).toEqual(['BillRunStarted', 'BillRunCompleted']);
  });

  it("keepEvents: false leaves a bill run's events to the outbox: the same events stored, none kept in the value", async () => {
    const kept = await givenC01Schedule();
    const left = await givenC01Schedule();
    const from = [kept, left].map(({ billing }) => billing.store.probe.outbox().length);
    const withEvents = expectOk(await runBillRun(kept.billing.context, { targetDate: '2023-02-04' }));
    const without = expectOk(
      await runBillRun(left.billing.context, { targetDate: '2023-02-04' }, { keepEvents: false }),
    );
    expect(without).toEqual(withEvents);
    expect(without.events).toEqual([]);
    expect(Object.isFrozen(without.events)).toBe(true);
    expect(left.billing.store.probe.outbox(from[1]).map((e) => e.event)).toEqual(withEvents.events);
    expect(kept.billing.store.probe.outbox(from[0]).map((e) => e.event)).toEqual(withEvents.events);
    // A replay of the completed run (same key) saves nothing: no events either way, none stored.
    const keyed = { targetDate: '2023-05-01', idempotencyKey: 'run-2023-05-01' };
    const first = expectOk(await runBillRun(left.billing.context, keyed, { keepEvents: false }));
    const stored = left.billing.store.probe.outbox().length;
    const replay = expectOk(await runBillRun(left.billing.context, keyed, { keepEvents: false }));
    expect(replay).toEqual(first);
    expect(replay.events).toEqual([]);
    expect(left.billing.store.probe.outbox()).toHaveLength(stored);
    // A getter on the options that throws is InvalidInput at the option, nothing saved (it rejected the call once).
    const throwing = Object.defineProperty({}, 'keepEvents', {
      get: () => {
        throw new Error('options getter');
      },
    });
    const before = left.billing.store.probe.snapshot();
    const error = expectErr(await runBillRun(left.billing.context, { targetDate: '2023-05-01' }, throwing));
    expect([error.type, (error as { path?: string }).path]).toEqual(['InvalidInput', 'options.keepEvents']);
    expect(left.billing.store.probe.snapshot()).toEqual(before);
  });

  it('refuses a keepEvents that is not true or false, before anything is saved', async () => {
    const { billing } = await givenC01Schedule();
    const before = billing.store.probe.snapshot();
    for (const bad of ['no', 0, null]) {
      const error = expectErr(
        await runBillRun(billing.context, { targetDate: '2023-02-04' }, { keepEvents: bad } as never),
      );
      expect([error.type, (error as { path?: string }).path]).toEqual(['InvalidInput', 'options.keepEvents']);
    }
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('C10: the removal credit → CreditMemoCreated 11,700.00; C18: reversing INV00000003 → InvoiceReversed and ItemReverted, stamped with the actor and reason', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    const memo = run.events.find((e) => e.type === 'CreditMemoCreated');
    expect(memo).toMatchObject({
      creditMemoNumber: 'CM00000001',
      amount: '11700.00',
      memoDate: '2023-11-01',
    });
    // C18: the latest invoice of a fully billed C01 reversed, by a named actor for a reason.
    const { billing: other } = await givenC01Schedule();
    await billAndPost(other, ['2023-02-04', '2023-05-01', '2023-09-16']);
    const reversed = expectOk(
      await reverseInvoice(
        { ...other.context, actor: 'user:ana', reason: 'TICKET-42' },
        { invoiceNumber: 'INV00000003' },
      ),
    );
    expect(reversed.events.map((e) => e.type).sort()).toEqual([
      'InvoiceReversed',
      'InvoiceScheduleUpdated',
      'ItemReverted',
    ]);
    expect(reversed.events.find((e) => e.type === 'InvoiceReversed')).toMatchObject({ amount: '6200.00' });
    expect(reversed.events.every((e) => e.actor === 'user:ana' && e.reason === 'TICKET-42')).toBe(true);
  });

  it('an idempotent replay saves nothing and carries no events; the outbox holds the first call’s once', async () => {
    const { billing } = await givenC01Schedule();
    const first = expectOk(
      await executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        idempotencyKey: 'k1',
      }),
    );
    const outbox = billing.store.probe.outbox();
    expect(first.events.map((e) => e.type)).toEqual([
      'InvoiceCreated',
      'InvoiceScheduleUpdated',
      'ItemProcessed',
      'BillRunCompleted',
    ]);
    const replay = expectOk(
      await executeInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        idempotencyKey: 'k1',
      }),
    );
    expect(replay.number).toBe(first.number);
    expect(replay.events).toEqual([]);
    expect(billing.store.probe.outbox()).toEqual(outbox);
  });

  it('deleteOutbox drops the entries up to a position: the rest keep their positions, later ones follow on, a deleted id may be stored again', async () => {
    const { billing } = await givenC01Schedule();
    const { store } = billing;
    const all = store.probe.outbox();
    expect(all.length).toBeGreaterThan(3);
    store.deleteOutbox(2);
    expect(store.probe.outbox()).toEqual(all.slice(2));
    expect(store.probe.outbox(1)).toEqual(all.slice(2));
    expect(store.probe.outbox(3)).toEqual(all.slice(3));
    store.deleteOutbox(1); // already deleted: nothing changes
    expect(store.probe.outbox()).toEqual(all.slice(2));
    store.deleteOutbox(all.length + 10); // beyond the last: every entry
    expect(store.probe.outbox()).toEqual([]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    const after = store.probe.outbox();
    expect(after.map((e) => e.event)).toEqual(run.events);
    expect(after.map((e) => e.position)).toEqual(run.events.map((_, i) => all.length + i + 1));
    // An id deleted from the outbox is stored again when appended again (as after deleting published rows).
    const first = all[0]?.event as BillingEvent;
    expectOk(
      await store.transaction(async (repositories) => {
        await repositories.outbox?.append([first]);
        return ok(undefined);
      }),
    );
    expect(store.probe.outbox().at(-1)).toEqual({
      position: all.length + run.events.length + 1,
      event: first,
    });
    for (const bad of [-1, 1.5, Number.NaN, '3' as unknown as number])
      expect(() => store.deleteOutbox(bad)).toThrow(RangeError);
  });

  it('a refused call leaves no event in the outbox', async () => {
    const { billing } = await givenC01Schedule();
    const before = billing.store.probe.outbox();
    expectErr(await postInvoice(billing.context, { invoiceNumber: 'INV00000099' }));
    expect(billing.store.probe.outbox()).toEqual(before);
  });

  it('pause, resume, post and credit applications have their events; partial unapply tells the amount taken back', async () => {
    const { billing } = await givenC01Schedule();
    const paused = expectOk(
      await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(paused.events.map((e) => e.type)).toEqual(['InvoiceScheduleUpdated', 'InvoiceSchedulePaused']);
    const resumed = expectOk(
      await resumeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(resumed.events.map((e) => e.type)).toEqual(['InvoiceScheduleUpdated', 'InvoiceScheduleResumed']);
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    const { postCreditMemo } = await import('../../src/operations/invoices');
    const posted = expectOk(await postCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    expect(brief(posted.events)).toEqual([
      {
        type: 'CreditMemoPosted',
        creditMemoNumber: 'CM00000001',
        accountNumber: 'A-001',
        amount: '11700.00',
      },
    ]);
    const applied = expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000001',
        applications: [{ invoiceNumber: 'INV00000003', amount: '1000.00' }],
      }),
    );
    expect(brief(applied.events)).toEqual([
      {
        type: 'CreditMemoApplied',
        creditMemoNumber: 'CM00000001',
        invoiceNumber: 'INV00000003',
        accountNumber: 'A-001',
        amount: '1000.00',
      },
    ]);
    const taken = expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000001',
        invoiceNumber: 'INV00000003',
        amount: '400.00',
      }),
    );
    expect(brief(taken.events)).toEqual([
      {
        type: 'CreditMemoUnapplied',
        creditMemoNumber: 'CM00000001',
        invoiceNumber: 'INV00000003',
        accountNumber: 'A-001',
        amount: '400.00',
      },
    ]);
  });

  it('every event type is documented in docs/events.md', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
    for (const type of BILLING_EVENT_TYPES) expect(doc).toContain(`\`${type}\``);
  });
});

describe('the outbox on PostgreSQL (PGlite)', () => {
  const db = new PGlite();
  afterAll(() => db.close());

  it('C01: the bill run writes its events to the outbox table in its transactions; a replay adds none', async () => {
    await migrate(db, { schema: 'events_c01' });
    const store = createPostgresStore(db, { schema: 'events_c01' });
    const context = {
      store,
      clock: fixedClock('2023-01-01T12:00:00Z'),
      ids: createSequentialIds(),
      settings: DEFAULT_TENANT_SETTINGS,
      actor: 'job:nightly-bill-run',
    };
    await setUpOrder({ store, context } as unknown as TestBilling, { subscriptions: C01_SUBSCRIPTIONS });
    expectOk(await createSchedule({ store, context } as unknown as TestBilling, { items: C01_ITEMS }));
    const run = expectOk(
      await runBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'nightly-1' }),
    );
    const stored = await store.probe.outbox(0);
    expect(stored.slice(-run.events.length).map((e) => e.event)).toEqual(run.events);
    expect(stored.map((e) => e.event.type).slice(0, 3)).toEqual([
      'AccountCreated',
      'OrderCreated',
      'OrderActivated',
    ]);
    const { rows } = await db.query<{ type: string; amount: string }>(
      "SELECT type, event->>'amount' AS amount FROM events_c01.outbox WHERE type = 'InvoiceCreated'",
    );
    expect(rows).toEqual([{ type: 'InvoiceCreated', amount: '50000.00' }]);
    expect(run.events.every((e) => e.actor === 'job:nightly-bill-run')).toBe(true);
    const replay = expectOk(
      await runBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 'nightly-1' }),
    );
    expect(replay.events).toEqual([]);
    expect(await store.probe.outbox(0)).toEqual(stored);
  });
});

describe('eventsOfWrites (pure)', () => {
  it('a completed run saved again with a corrected summary has a second BillRunCompleted, its id naming the version', async () => {
    const { eventsOfWrites } = await import('../../src/domain/billing/events');
    const { buildBillRun } = await import('../../src/testing/builders');
    const running = {
      ...buildBillRun({ number: 'BR-00000007' }),
      kind: 'BillRun',
      status: 'Running',
      version: 1,
    } as never;
    const closed = {
      ...(running as object),
      status: 'Completed',
      invoiceNumbers: ['INV00000001'],
      version: 2,
    } as never;
    const corrected = {
      ...(closed as object),
      invoiceNumbers: ['INV00000001', 'INV00000002'],
      version: 3,
    } as never;
    const stamp = { occurredAt: '2023-02-04T02:00:00.000Z', actor: null, reason: null };
    const events = eventsOfWrites(
      [
        { entity: 'BillRun', previous: running, next: closed },
        { entity: 'BillRun', previous: closed, next: corrected },
      ],
      stamp,
    );
    expect(events.map((e) => [e.id, e.type === 'BillRunCompleted' ? e.invoiceCount : null])).toEqual([
      ['BillRun/BR-00000007/v2/BillRunCompleted', 1],
      ['BillRun/BR-00000007/v3/BillRunCompleted', 2],
    ]);
  });
});
