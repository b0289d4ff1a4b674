import { AsyncLocalStorage } from 'node:async_hooks';
import { fc } from '@fast-check/vitest';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { Dec } from '../../src/money/decimal';
import { billAccount } from '../../src/operations/bill-account';
import { completeBillRun, runBillRun, startBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../src/operations/contracts';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import type { BillingContext } from '../../src/ports';
import { fixedClock } from '../../src/time/clock';
import {
  C01_SUBSCRIPTIONS,
  expectOk,
  newBilling,
  type SubscriptionSpec,
  setUpOrder,
  type TestBilling,
} from '../support/billing';
import { racing } from '../support/racing';
import {
  givenAccount,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  saveOrder,
} from '../support/scenarios';

// Issue 10: operations run side by side on a store at READ COMMITTED (the memory store's 'read-committed'
// mode, every repository call a point where fast-check's scheduler picks who goes on). Invariants that span
// rows — a charge covered by at most one schedule, billed at most its value — used to hold only because the
// memory store ran one transaction at a time.

/** An owner transfer of S1 to A-002 (decision 17). */
const S1_TO_A002 = [{ type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' }];

const C01_ITEMS = [
  { runDate: '2023-02-04', amount: '50000.00' },
  { runDate: '2023-05-01', amount: '14000.00' },
  { runDate: '2023-09-16', amount: '6200.00' },
];

async function c01Order(): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  return billing;
}

/** Every charge's billed total over every invoice of the store. */
function billedPerCharge(billing: TestBilling): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const invoice of billing.store.probe.snapshot().invoices) {
    for (const line of invoice.lines) {
      const key = `${line.subscriptionNumber}/${line.chargeNumber}`;
      out.set(key, (out.get(key) ?? new Dec(0)).plus(line.amount));
    }
  }
  return out;
}

/** Every charge's net billed: its lines on invoices in force, less its lines on memos in force. */
function netBilledPerCharge(billing: TestBilling): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  const add = (line: { subscriptionNumber: string; chargeNumber: string; amount: string }, sign: 1 | -1) => {
    const key = `${line.subscriptionNumber}/${line.chargeNumber}`;
    out.set(key, (out.get(key) ?? new Dec(0)).plus(new Dec(line.amount).times(sign)));
  };
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  for (const invoice of invoices)
    if (invoice.status === 'Draft' || invoice.status === 'Posted') for (const l of invoice.lines) add(l, 1);
  for (const memo of creditMemos) if (memo.status !== 'Canceled') for (const l of memo.lines) add(l, -1);
  return out;
}

const VALUES: Readonly<Record<string, string>> = {
  'S1/C1': '36900.00',
  'S2/C2': '21500.00',
  'S3/C3': '11000.00',
  'S4/C4': '800.00',
};

describe('races at READ COMMITTED', () => {
  it('two concurrent createInvoiceSchedule on one order: exactly one Ok, the other ChargeAlreadyScheduled', async () => {
    const base = await c01Order();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const create = () =>
          createInvoiceSchedule(billing.context, {
            accountNumber: 'A-001',
            orders: ['O-0001'],
            items: C01_ITEMS,
          });
        const [a, b] = await s.waitFor(Promise.all([create(), create()]));
        const outcomes = [a, b].map((r) => (r.isOk() ? 'Ok' : r.error.type)).sort();
        expect(outcomes).toEqual(['ChargeAlreadyScheduled', 'Ok']);
        expect(billing.store.probe.snapshot().invoiceSchedules).toHaveLength(1);
      }),
      { numRuns: 25 },
    );
  });

  it("two concurrent executions of one schedule: the second waits for the account's claim, then returns the first's run (by itemId) or bills the next item", async () => {
    const base = await c01Order();
    expectOk(
      await createInvoiceSchedule(base.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: C01_ITEMS,
      }),
    );
    const firstId = expectOk(await getInvoiceSchedule(base.context, 'IS-00000001')).items[0]?.id ?? '';
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.boolean(), async (s, named) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const execute = () =>
          executeInvoiceSchedule(billing.context, {
            invoiceScheduleNumber: 'IS-00000001',
            ...(named ? { itemId: firstId } : {}),
          });
        const [a, b] = await s.waitFor(Promise.all([execute(), execute()]));
        const runs = [expectOk(a), expectOk(b)];
        const invoices = billing.store.probe.snapshot().invoices;
        if (named) {
          expect(runs[0]?.number).toBe(runs[1]?.number);
          expect(invoices.map((i) => new Dec(i.amount).toFixed(2))).toEqual(['50000.00']);
        } else {
          expect(runs[0]?.number).not.toBe(runs[1]?.number);
          expect(invoices.map((i) => new Dec(i.amount).toFixed(2)).sort()).toEqual(['14000.00', '50000.00']);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('a bill run standard-billing the account while a schedule is created for its charges: no charge is billed beyond its value', async () => {
    const base = await c01Order();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        await s.waitFor(
          Promise.all([
            runBillRun(billing.context, { targetDate: '2023-12-31' }),
            createInvoiceSchedule(billing.context, {
              accountNumber: 'A-001',
              orders: ['O-0001'],
              items: C01_ITEMS,
            }),
          ]),
        );
        // Whatever the order, a second run bills what the first left due; then every charge is billed once.
        await s.waitFor(Promise.resolve(runBillRun(billing.context, { targetDate: '2023-12-31' })));
        for (const [charge, billed] of billedPerCharge(billing)) {
          expect(billed.lte(VALUES[charge] ?? '0'), `${charge} billed ${billed.toFixed(2)}`).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a bill run ∥ generateBillingDocuments on its account, charges without a schedule: each charge is standard-billed once (the run claims its batch with accounts.claimMany)', async () => {
    const base = await c01Order();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const [run, generated] = await s.waitFor(
          Promise.all([
            runBillRun(billing.context, { targetDate: '2023-12-31' }),
            generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-12-31' }),
          ]),
        );
        expectOk(run);
        expectOk(generated);
        const billed = billedPerCharge(billing);
        expect(billed.size).toBeGreaterThan(0);
        for (const [charge, amount] of billed) {
          expect(amount.lte(VALUES[charge] ?? '0'), `${charge} billed ${amount.toFixed(2)}`).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a bill run ∥ an edit moving the due item past the target date: the item is billed, or moved, never both', async () => {
    const base = await c01Order();
    const schedule = await givenSchedule(base, { items: C01_ITEMS });
    const ids = schedule.items.map((i) => i.id);
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const [run, edit] = await s.waitFor(
          Promise.all([
            runBillRun(billing.context, { targetDate: '2023-02-04' }),
            updateInvoiceSchedule(billing.context, {
              invoiceScheduleNumber: schedule.number,
              items: C01_ITEMS.map((item, i) => ({
                ...item,
                id: ids[i] as string,
                ...(i === 0 ? { runDate: '2023-03-01' } : {}),
              })),
            }),
          ]),
        );
        expect(run.isOk()).toBe(true);
        const item = billing.store.probe.invoiceSchedule(schedule.number)?.items[0];
        const billed = billing.store.probe.snapshot().invoices.length > 0;
        if (edit.isOk()) {
          expect([item?.runDate, item?.status, billed]).toEqual(['2023-03-01', 'Pending', false]);
        } else {
          expect([item?.runDate, item?.status, billed]).toEqual(['2023-02-04', 'Processed', true]);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('a bill run completed while an account is being billed', () => {
  it('the completed run lists every document its accounts were billed, whichever commits first', async () => {
    const base = await c01Order();
    await givenSchedule(base, { items: C01_ITEMS });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const started = await s.waitFor(
          Promise.resolve(startBillRun(billing.context, { targetDate: '2023-02-04' })),
        );
        expect(started.isOk()).toBe(true);
        const number = started._unsafeUnwrap().number;
        const [billed] = await s.waitFor(
          Promise.all([
            billAccount(billing.context, { billRunNumber: number, accountNumber: 'A-001' }),
            completeBillRun(billing.context, { billRunNumber: number }),
          ]),
        );
        const invoices = billing.store.probe
          .snapshot()
          .invoices.filter((i) => i.billRunNumber === number)
          .map((i) => i.number);
        const run = billing.store.probe.billRun(number);
        // Billed before or beside the completion: the run lists its invoice. Refused after it: nothing billed.
        expect(run?.invoiceNumbers).toEqual(invoices);
        if (billed.isErr()) expect([billed.error.type, invoices]).toEqual(['BillRunNotRunning', []]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('two workers billing one account of a run at once', () => {
  it('one invoice; both get the same Billed part', async () => {
    const base = await c01Order();
    await givenSchedule(base, { items: C01_ITEMS });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const started = await s.waitFor(
          Promise.resolve(startBillRun(billing.context, { targetDate: '2023-02-04' })),
        );
        const step = { billRunNumber: started._unsafeUnwrap().number, accountNumber: 'A-001' };
        const [a, b] = await s.waitFor(
          Promise.all([billAccount(billing.context, step), billAccount(billing.context, step)]),
        );
        expect(billing.store.probe.snapshot().invoices).toHaveLength(1);
        expect(a._unsafeUnwrap()).toEqual(b._unsafeUnwrap());
        expect(a._unsafeUnwrap().invoiceNumbers).toEqual(['INV00000001']);
      }),
      { numRuns: 25 },
    );
  });
});

describe('orders at READ COMMITTED', () => {
  const order = (accountNumber: string) => ({
    number: 'O-0002',
    accountNumber,
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S9',
        termType: 'Termed',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: 'rp-S9',
            name: 'Plan',
            charges: [
              {
                number: 'C9',
                name: 'C9',
                type: 'Recurring',
                price: '1200.00',
                listPriceBase: 'Year',
                billingPeriod: 'Annual',
              },
            ],
          },
        ],
      },
    ],
  });

  it('two concurrent saveNewOrder of one number: one Ok, the other VersionConflict, the first order kept', async () => {
    const base = await c01Order();
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const results = await s.waitFor(
          Promise.all([
            saveNewOrder(billing.context, order('A-001')),
            saveNewOrder(billing.context, order('A-001')),
          ]),
        );
        expect(results.map((r) => (r.isOk() ? 'Ok' : r.error.type)).sort()).toEqual([
          'Ok',
          'VersionConflict',
        ]);
      }),
      { numRuns: 15 },
    );
  });

  it('two concurrent activateSavedOrder of one order: one Ok, the other refused; the subscription exists once', async () => {
    const base = await c01Order();
    expect((await saveNewOrder(base.context, order('A-001'))).isOk()).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const activate = () => activateSavedOrder(billing.context, { orderNumber: 'O-0002' });
        const results = await s.waitFor(Promise.all([activate(), activate()]));
        expect(results.filter((r) => r.isOk())).toHaveLength(1);
        expect(billing.store.probe.order('O-0002')?.status).toBe('Completed');
        expect(billing.store.probe.subscription('S9')?.version).toBe(1);
      }),
      { numRuns: 15 },
    );
  });
});

describe('a transient store failure (40001, 40P01) runs the transaction again', () => {
  function failing(billing: TestBilling, times: number, code: string) {
    let thrown = 0;
    return {
      ...billing.context,
      store: {
        transaction: ((work) =>
          billing.store.transaction(async (repos) => {
            if (thrown < times) {
              thrown += 1;
              throw Object.assign(new Error('could not serialize access due to concurrent update'), { code });
            }
            return work(repos);
          })) as TestBilling['store']['transaction'],
      },
    };
  }

  it.each(['40001', '40P01'])(
    'thrown twice with code %s: the third attempt creates the schedule',
    async (code) => {
      const billing = await c01Order();
      const created = await createInvoiceSchedule(failing(billing, 2, code), {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: C01_ITEMS,
      });
      expect(created.isOk()).toBe(true);
      expect(billing.store.probe.snapshot().invoiceSchedules).toHaveLength(1);
    },
  );

  it('thrown three times: StoreConflict (retryable, code 40001, 3 attempts); another error thrown once reaches the caller; nothing is saved', async () => {
    const billing = await c01Order();
    const request = { accountNumber: 'A-001', orders: ['O-0001'], items: C01_ITEMS };
    const refused = await createInvoiceSchedule(failing(billing, 3, '40001'), request);
    expect(refused.isErr() && refused.error).toMatchObject({
      type: 'StoreConflict',
      code: '40001',
      attempts: 3,
      retryable: true,
    });
    await expect(createInvoiceSchedule(failing(billing, 1, '23505'), request)).rejects.toThrow('serialize');
    expect(billing.store.probe.snapshot().invoiceSchedules).toHaveLength(0);
  });

  it('a keyed call whose idempotency key cannot be read (40001 every time): StoreConflict, also from the re-read of the key after the failure, never a throw', async () => {
    const billing = await c01Order();
    const unreadable: BillingContext = {
      ...billing.context,
      store: {
        transaction: ((work) =>
          billing.store.transaction((repos) =>
            work({
              ...repos,
              idempotency: {
                ...repos.idempotency,
                get: async () => {
                  throw Object.assign(new Error('could not serialize access'), { code: '40001' });
                },
              },
            }),
          )) as TestBilling['store']['transaction'],
      },
    };
    const refused = await createInvoiceSchedule(unreadable, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: C01_ITEMS,
      idempotencyKey: 'k-1',
    });
    expect(refused.isErr() && refused.error).toMatchObject({
      type: 'StoreConflict',
      code: '40001',
      attempts: 3,
    });
    expect(billing.store.probe.snapshot().invoiceSchedules).toHaveLength(0);
  });
});

describe('an owner transfer, then a credit on the new owner beside a reversal on the old', () => {
  it('a standard-billing invoice of A-001 reversed while a bill run credits its charge on A-002: the reversal is refused, or no credit is issued — never both', async () => {
    // S1 (36,900.00 a year, standard billing) billed on A-001 (INV00000001, posted), moved to A-002, and
    // removed from 2023-07-01: a bill run on A-002 credits the second half (decision 17: credits go to the
    // current owner). Reversing INV00000001 meanwhile claimed no account and read no memo of A-002's yet, so
    // both could commit: the charge credited on top of a reversed invoice (net billed −18,… ).
    const base = await givenSubscriptions([C01_SUBSCRIPTIONS[0] as SubscriptionSpec]);
    await givenAccount(base, 'A-002');
    const first = expectOk(await runBillRun(base.context, { targetDate: '2023-01-01' }));
    expect(first.invoiceNumbers).toEqual(['INV00000001']);
    expectOk(await postInvoice(base.context, { invoiceNumber: 'INV00000001' }));
    await givenActivatedOrder(base, {
      number: 'O-0002',
      orderDate: '2023-02-01',
      actions: S1_TO_A002,
    });
    await givenActivatedOrder(base, {
      number: 'O-0003',
      accountNumber: 'A-002',
      orderDate: '2023-06-01',
      actions: removeProducts(['S1'], '2023-07-01'),
    });
    // Alone, the bill run credits S1's second half on A-002.
    const alone = racing(base, () => Promise.resolve());
    expectOk(await runBillRun(alone.context, { targetDate: '2023-07-01' }));
    expect(alone.store.probe.snapshot().creditMemos.map((m) => [m.accountNumber, m.amount])).toEqual([
      ['A-002', '18450.00'],
    ]);
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (s) => {
        const billing = racing(base, (label) => s.schedule(Promise.resolve(), label));
        const [run, reversed] = await s.waitFor(
          Promise.all([
            runBillRun(billing.context, { targetDate: '2023-07-01' }),
            reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }),
          ]),
        );
        expect(run.isOk()).toBe(true);
        const memos = billing.store.probe.snapshot().creditMemos;
        if (reversed.isOk()) expect(memos, 'no credit of a reversed invoice').toEqual([]);
        else {
          expect(reversed.error.type).toBe('InvoiceHasCredits');
          expect(memos.map((m) => [m.accountNumber, m.amount])).toEqual([['A-002', memos[0]?.amount]]);
        }
        const net = netBilledPerCharge(billing).get('S1/C1');
        expect(net?.gte(0), `S1/C1 net billed ${net?.toFixed(2)}`).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

/**
 * A READ COMMITTED memory store whose repository calls can be held: `pause(op, label)` holds operation
 * `op` (run with `as(op, …)`) at its first call labelled `label` until `open()`.
 */
function gatedStore() {
  const ops = new AsyncLocalStorage<string>();
  const gates: { op: string; label: string; reached: () => void; wait: Promise<void>; done: boolean }[] = [];
  const store = createMemoryStore({
    isolation: 'read-committed',
    interleave: async (label) => {
      const op = ops.getStore();
      const gate = gates.find((g) => !g.done && g.op === op && g.label === label);
      if (gate === undefined) return;
      gate.done = true;
      gate.reached();
      await gate.wait;
    },
  });
  const context: BillingContext = {
    store,
    clock: fixedClock('2023-01-01T12:00:00Z'),
    ids: createSequentialIds(),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  const pause = (op: string, label: string) => {
    let reached: () => void = () => undefined;
    let open: () => void = () => undefined;
    const atGate = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const wait = new Promise<void>((resolve) => {
      open = resolve;
    });
    gates.push({ op, label, reached, wait, done: false });
    return { reached: atGate, open };
  };
  const as = <T>(op: string, work: () => PromiseLike<T>): Promise<T> =>
    ops.run(op, () => Promise.resolve(work()));
  return { store, billing: { store, context } as TestBilling, pause, as };
}

/** Lets every callback that can run, run (whoever waits on a claim still waits). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

describe('owner transfers beside changes of the moved schedule (the account claimed is the one it is on)', () => {
  it('a schedule edit that waited while its schedule moved to A-002 claims A-002: a charge standard-billed there meanwhile is not put in the schedule (was billed 22,000 for 11,000)', async () => {
    // IS-00000001 of A-001 covers S1 (36,900). The edit adds O-0002's S2 (11,000, on A-002). It read the
    // schedule on A-001 and waited for A-001's claim while S1, and the schedule with it, moved to A-002;
    // generateBillingDocuments on A-002 meanwhile standard-billed S2. The edit claimed only A-001, found
    // S2 not billed yet, and scheduled it: S2 billed 11,000 standard and 11,000 by the schedule.
    const { store, billing, pause, as } = gatedStore();
    await setUpOrder(billing, { subscriptions: [C01_SUBSCRIPTIONS[0] as SubscriptionSpec] });
    await setUpOrder(billing, {
      accountNumber: 'A-002',
      orderNumber: 'O-0002',
      subscriptions: [{ ...(C01_SUBSCRIPTIONS[2] as SubscriptionSpec), number: 'S2' }],
    });
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-06-01', amount: '20000.00' },
        { runDate: '2023-09-01', amount: '16900.00' },
      ],
    });
    const held = pause('edit', 'accounts.claim');
    const edit = as('edit', () =>
      updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: schedule.number,
        orders: ['O-0001', 'O-0002'],
        items: [
          { id: schedule.items[0]?.id as string, runDate: '2023-06-01', amount: '20000.00' },
          { id: schedule.items[1]?.id as string, runDate: '2023-09-01', amount: '27900.00' },
        ],
      }),
    );
    await held.reached;
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-02',
      actions: S1_TO_A002,
    });
    expect(store.probe.invoiceSchedule(schedule.number)?.accountNumber).toBe('A-002');
    const deciding = pause('generate', 'invoices.save');
    const generate = as('generate', () =>
      generateBillingDocuments(billing.context, { accountNumber: 'A-002', targetDate: '2023-01-01' }),
    );
    await deciding.reached;
    held.open();
    await settle();
    deciding.open();
    const [edited, generated] = await Promise.all([edit, generate]);
    expect(generated.isOk()).toBe(true);
    expect(edited.isErr() ? edited.error.type : 'Ok').toBe('ChargeAlreadyBilled');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(netBilledPerCharge(billing).get('S2/C3')?.toFixed(2)).toBe('11000.00');
  });

  it('an order activation that waited while its subscription moved to A-002 sees the schedule created there meanwhile: a term change §8.7 refuses is refused (was accepted: 55,350 billed for 36,900)', async () => {
    const { billing, pause, as } = gatedStore();
    await setUpOrder(billing, { subscriptions: [C01_SUBSCRIPTIONS[0] as SubscriptionSpec] });
    await givenAccount(billing, 'A-002');
    await saveOrder(billing, {
      number: 'O-T',
      orderDate: '2023-01-02',
      actions: S1_TO_A002,
    });
    await saveOrder(billing, {
      number: 'O-Y',
      orderDate: '2023-01-03',
      actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S1', termEnd: '2024-06-30' }],
    });
    // The transfer holds; the term change reads S1 on A-001 and waits for A-001; a schedule
    // of S1 is created on A-002 as soon as the transfer commits.
    const holding = pause('transfer', 'subscriptions.save');
    const transfer = as('transfer', () => activateSavedOrder(billing.context, { orderNumber: 'O-T' }));
    await holding.reached;
    const termChange = as('term', () => activateSavedOrder(billing.context, { orderNumber: 'O-Y' }));
    const create = as('create', () =>
      createInvoiceSchedule(billing.context, {
        accountNumber: 'A-002',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-06-01', amount: '20000.00' },
          { runDate: '2023-09-01', amount: '16900.00' },
        ],
      }),
    );
    await settle();
    holding.open();
    const [moved, changed, created] = await Promise.all([transfer, termChange, create]);
    expect([moved.isOk(), created.isOk()]).toEqual([true, true]);
    expect(changed.isErr() ? changed.error.type : 'Ok').toBe('OrderActionNotSupported');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(netBilledPerCharge(billing).get('S1/C1')?.toFixed(2)).toBe('36900.00');
  });
});
