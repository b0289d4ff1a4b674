// What the `…-written-on-insert` adapters of the broken catalogue lose, shown through the public operations
// (review 100): before the kit's "every list follows a record's latest version" test, an adapter whose
// `invoiceSchedules.listByCharge` read a side table of charges filled on insert passed the whole kit. A charge a
// schedule took over by an update (§5.1) then looked unscheduled: a second schedule over it was created and the
// charge billed twice, against §4.2 rule 1 (a charge is in one schedule at a time).
import type { Decimal } from 'decimal.js';
import type { MemoryStore } from 'invoice-schedules/memory';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { Dec } from '../../src/money/decimal';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import type { UnitOfWork } from '../../src/ports/index';
import { fixedClock } from '../../src/time/clock';
import { expectOk, setUpOrder, type TestBilling } from '../support/billing';
import { yearly } from '../support/scenarios';
import { derivedOnInsert } from './broken-adapters';

function billingOn(broken: boolean): TestBilling {
  let inner: MemoryStore = createMemoryStore();
  let store: UnitOfWork = inner;
  if (broken)
    store = derivedOnInsert('scheduleCharges', (_, created) => {
      inner = created;
    })();
  const context = { store, clock: fixedClock('2023-01-01T12:00:00Z'), ids: createSequentialIds() };
  return { store: inner, context: { ...context, settings: DEFAULT_TENANT_SETTINGS } };
}

/** What each charge was billed, net: Draft and Posted invoice lines less credit memo lines. */
function billedByCharge(billing: TestBilling): Record<string, string> {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  const out: Record<string, Decimal> = {};
  const add = (charge: string, amount: Decimal) => {
    out[charge] = (out[charge] ?? new Dec(0)).plus(amount);
  };
  for (const i of invoices)
    if (i.status === 'Draft' || i.status === 'Posted')
      for (const l of i.lines) add(l.chargeNumber, new Dec(l.amount));
  for (const m of creditMemos) for (const l of m.lines) add(l.chargeNumber, new Dec(l.amount).negated());
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.toFixed(2)]));
}

describe('a charge a schedule took over by an update, on an adapter whose charges table is written on insert', () => {
  it.each([
    { on: 'the memory store', broken: false, created: 'ChargeAlreadyScheduled', billedC2: '6000.00' },
    { on: 'the broken adapter', broken: true, created: 'created IS-00000002', billedC2: '12000.00' },
  ])(
    '$on: a second schedule over C2 → $created; C2 billed $billedC2',
    async ({ broken, created, billedC2 }) => {
      const billing = billingOn(broken);
      await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '12000.00' }])] });
      await setUpOrder(billing, {
        createAccount: false,
        orderNumber: 'O-0002',
        subscriptions: [yearly('S2', [{ number: 'C2', price: '6000.00' }])],
      });
      const first = expectOk(
        await createInvoiceSchedule(billing.context, {
          accountNumber: 'A-001',
          orders: ['O-0001'],
          items: [{ runDate: '2023-02-01', amount: '12000.00' }],
        }),
      );
      const item = first.items[0];
      if (item === undefined) throw new Error('fixture: one item');
      // §5.1: IS-00000001 now covers O-0002 too; its charges change at version 2.
      expectOk(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: first.number,
          orders: ['O-0001', 'O-0002'],
          items: [{ id: item.id, runDate: '2023-02-01', amount: '18000.00' }],
        }),
      );
      const second = await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0002'],
        items: [{ runDate: '2023-03-01', amount: '6000.00' }],
      });
      expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
      expect(second.isErr() ? second.error.type : `created ${second.value.number}`).toBe(created);
      expect(billedByCharge(billing)).toEqual({ C1: '12000.00', C2: billedC2 });
    },
  );
});
