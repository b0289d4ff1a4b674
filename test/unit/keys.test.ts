// Reference §2.1, "scheduleKey": every lookup takes the id or the number. Each lookup and each operation that
// names a schedule, an invoice, a credit memo or a bill run is run twice on two equal stores, once
// with the number and once with the id: the results and the stores afterwards must be equal. An
// unknown key, and the id of another kind of record, fail exactly like an unknown number.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice, postCreditMemo, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import {
  attachInvoiceScheduleCharges,
  deleteInvoiceSchedule,
  detachInvoiceScheduleCharges,
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
  updateInvoiceSchedule,
} from '../../src/operations/lifecycle';
import {
  getBillRun,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
} from '../../src/operations/queries';
import type { BillingContext } from '../../src/ports';
import { buildCreditMemo } from '../../src/testing/builders';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder, type TestBilling } from '../support/billing';

type Kind = 'schedule' | 'invoice' | 'creditMemo' | 'billRun';

const NUMBER: Readonly<Record<Kind, string>> = {
  schedule: 'IS-00000001',
  invoice: 'INV00000001',
  creditMemo: 'CM00000001',
  billRun: 'BR-00000001',
};

/** What the tests read of an operation's result (the ResultAsyncs of different types share no narrower type). */
interface Outcome {
  isOk(): boolean;
  _unsafeUnwrap(): unknown;
  _unsafeUnwrapErr(): unknown;
}

async function outcome(run: unknown): Promise<{ ok: unknown } | { err: unknown }> {
  const result = (await run) as Outcome;
  return result.isOk() ? { ok: result._unsafeUnwrap() } : { err: result._unsafeUnwrapErr() };
}

/**
 * C01's schedule IS-00000001 (50,000.00 on 2023-02-04, 20,200.00 on 2023-05-01) with its first item
 * billed by bill run BR-00000001 (INV00000001, Draft). Built the same way every time (fixed clock,
 * sequential ids), so two calls give equal stores.
 */
async function scenario(): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '20200.00' },
      ],
    }),
  );
  expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
  return billing;
}

/** Adds a Draft credit memo CM00000001 of the schedule (what §8.3 produces after a price decrease). */
async function withCreditMemo(billing: TestBilling): Promise<void> {
  const memo = buildCreditMemo({
    id: billing.context.ids.next('CreditMemo'),
    number: NUMBER.creditMemo,
    accountNumber: 'A-001',
    status: 'Draft',
    lines: [
      {
        ...buildCreditMemo().lines[0]!,
        id: 'cm-line-1',
        subscriptionNumber: 'S1',
        chargeNumber: 'C1',
        creditedInvoiceNumber: NUMBER.invoice,
        creditedInvoiceLineId: null,
        invoiceScheduleNumber: NUMBER.schedule,
      },
    ],
  });
  expectOk(await billing.store.transaction(async (r) => r.creditMemos.save(memo)));
}

/** Every record's id, read from the store directly. */
function idsOf(billing: TestBilling): Readonly<Record<Kind, string>> {
  const { probe } = billing.store;
  return {
    schedule: probe.invoiceSchedule(NUMBER.schedule)?.id ?? 'no schedule',
    invoice: probe.invoice(NUMBER.invoice)?.id ?? 'no invoice',
    creditMemo: probe.creditMemo(NUMBER.creditMemo)?.id ?? 'no credit memo',
    billRun: probe.billRun(NUMBER.billRun)?.id ?? 'no bill run',
  };
}

interface KeyCase {
  /** The kind of record the key names. */
  readonly kind: Kind;
  /** Runs the lookup or operation with this key. */
  readonly run: (context: BillingContext, key: string) => unknown;
  /** Brings the store where the operation succeeds (by number). */
  readonly prepare?: (billing: TestBilling) => Promise<void>;
  /** An unknown key: this typed error (with the key in `field`), or this Ok value. */
  readonly missing: { readonly type: string; readonly field: string } | { readonly value: readonly never[] };
}

const SCHEDULE_NOT_FOUND = { type: 'InvoiceScheduleNotFound', field: 'invoiceScheduleNumber' };
const INVOICE_NOT_FOUND = { type: 'InvoiceNotFound', field: 'invoiceNumber' };
const CREDIT_MEMO_NOT_FOUND = { type: 'CreditMemoNotFound', field: 'creditMemoNumber' };
const BILL_RUN_NOT_FOUND = { type: 'BillRunNotFound', field: 'billRunNumber' };

const post = async (billing: TestBilling) => {
  expectOk(await postInvoice(billing.context, { invoiceNumber: NUMBER.invoice }));
};
const S4 = [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }];

const CASES: Readonly<Record<string, KeyCase>> = {
  getInvoiceSchedule: { kind: 'schedule', run: getInvoiceSchedule, missing: SCHEDULE_NOT_FOUND },
  getInvoice: { kind: 'invoice', run: getInvoice, missing: INVOICE_NOT_FOUND },
  getCreditMemo: {
    kind: 'creditMemo',
    run: getCreditMemo,
    prepare: withCreditMemo,
    missing: CREDIT_MEMO_NOT_FOUND,
  },
  getBillRun: { kind: 'billRun', run: getBillRun, missing: BILL_RUN_NOT_FOUND },
  listScheduleInvoices: { kind: 'schedule', run: listScheduleInvoices, missing: { value: [] } },
  listScheduleCreditMemos: {
    kind: 'schedule',
    run: listScheduleCreditMemos,
    prepare: withCreditMemo,
    missing: { value: [] },
  },
  executeInvoiceSchedule: {
    kind: 'schedule',
    run: (c, key) => executeInvoiceSchedule(c, { invoiceScheduleNumber: key }),
    missing: SCHEDULE_NOT_FOUND,
  },
  updateInvoiceSchedule: {
    kind: 'schedule',
    run: (c, key) => updateInvoiceSchedule(c, { invoiceScheduleNumber: key, notes: 'named by key' }),
    missing: SCHEDULE_NOT_FOUND,
  },
  pauseInvoiceSchedule: {
    kind: 'schedule',
    run: (c, key) => pauseInvoiceSchedule(c, { invoiceScheduleNumber: key }),
    missing: SCHEDULE_NOT_FOUND,
  },
  resumeInvoiceSchedule: {
    kind: 'schedule',
    run: (c, key) => resumeInvoiceSchedule(c, { invoiceScheduleNumber: key }),
    prepare: async (billing) => {
      expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: NUMBER.schedule }));
    },
    missing: SCHEDULE_NOT_FOUND,
  },
  deleteInvoiceSchedule: {
    kind: 'schedule',
    run: (c, key) => deleteInvoiceSchedule(c, { invoiceScheduleNumber: key }),
    // C02: canceling the only invoice puts the schedule back to Pending, which can be deleted.
    prepare: async (billing) => {
      expectOk(await cancelInvoice(billing.context, { invoiceNumber: NUMBER.invoice }));
    },
    missing: SCHEDULE_NOT_FOUND,
  },
  detachInvoiceScheduleCharges: {
    kind: 'schedule',
    run: (c, key) =>
      detachInvoiceScheduleCharges(c, { invoiceScheduleNumber: key, specificSubscriptions: S4 }),
    prepare: post,
    missing: SCHEDULE_NOT_FOUND,
  },
  attachInvoiceScheduleCharges: {
    kind: 'schedule',
    run: (c, key) =>
      attachInvoiceScheduleCharges(c, { invoiceScheduleNumber: key, specificSubscriptions: S4 }),
    prepare: async (billing) => {
      await post(billing);
      expectOk(
        await detachInvoiceScheduleCharges(billing.context, {
          invoiceScheduleNumber: NUMBER.schedule,
          specificSubscriptions: S4,
        }),
      );
    },
    missing: SCHEDULE_NOT_FOUND,
  },
  postInvoice: {
    kind: 'invoice',
    run: (c, key) => postInvoice(c, { invoiceNumber: key }),
    missing: INVOICE_NOT_FOUND,
  },
  cancelInvoice: {
    kind: 'invoice',
    run: (c, key) => cancelInvoice(c, { invoiceNumber: key }),
    missing: INVOICE_NOT_FOUND,
  },
  reverseInvoice: {
    kind: 'invoice',
    run: (c, key) => reverseInvoice(c, { invoiceNumber: key }),
    prepare: post,
    missing: INVOICE_NOT_FOUND,
  },
  postCreditMemo: {
    kind: 'creditMemo',
    run: (c, key) => postCreditMemo(c, { creditMemoNumber: key }),
    prepare: withCreditMemo,
    missing: CREDIT_MEMO_NOT_FOUND,
  },
};

/** A scenario prepared for the case. */
async function preparedFor(c: KeyCase): Promise<TestBilling> {
  const billing = await scenario();
  await c.prepare?.(billing);
  return billing;
}

/** Runs the case with a key that names nothing of its kind: it fails like an unknown number, writing nothing. */
async function checkMissing(c: KeyCase, key: string): Promise<void> {
  const billing = await preparedFor(c);
  const before = billing.store.probe.snapshot();
  const result = await outcome(c.run(billing.context, key));
  if ('type' in c.missing) {
    expect(result).toEqual({
      err: expect.objectContaining({ type: c.missing.type, [c.missing.field]: key }),
    });
  } else {
    expect(result).toEqual({ ok: c.missing.value });
  }
  expect(billing.store.probe.snapshot()).toEqual(before);
}

describe('every lookup takes the id or the number (§2.1, "scheduleKey")', () => {
  for (const [name, c] of Object.entries(CASES)) {
    describe(name, () => {
      it('the id gives the same result, and leaves the same store, as the number', async () => {
        const byNumber = await preparedFor(c);
        const byId = await preparedFor(c);
        const id = idsOf(byId)[c.kind];
        expect(id).not.toBe(NUMBER[c.kind]);
        const viaNumber = await outcome(c.run(byNumber.context, NUMBER[c.kind]));
        const viaId = await outcome(c.run(byId.context, id));
        expect(viaNumber).toHaveProperty('ok');
        expect(viaNumber).not.toEqual({ ok: null });
        expect(viaNumber).not.toEqual({ ok: [] });
        expect(viaId).toEqual(viaNumber);
        expect(byId.store.probe.snapshot()).toEqual(byNumber.store.probe.snapshot());
      });

      it('an unknown number and an unknown id fail the same way', async () => {
        const unknownNumber = NUMBER[c.kind].replace(/1$/, '9');
        await checkMissing(c, unknownNumber);
        await checkMissing(c, '3b1d6a52-7d0e-4c8f-9a51-000000000000');
      });

      it('the id of another kind of record is not found', async () => {
        const ids = idsOf(await preparedFor(c));
        const others = (Object.keys(NUMBER) as Kind[]).filter((k) => k !== c.kind);
        for (const other of others) {
          if (ids[other].startsWith('no ')) continue; // not in this scenario (the credit memo)
          await checkMissing(c, ids[other]);
        }
      });
    });
  }

  it('the number wins when a key is one record’s number and another’s id', async () => {
    // Ids are host-generated, so nothing stops a host from giving a schedule an id that is another
    // schedule's number; the number is looked up first.
    const billing = await scenario();
    const first = billing.store.probe.invoiceSchedule(NUMBER.schedule);
    expect(first).not.toBeNull();
    const clash = await billing.store.transaction(async (r) => {
      const schedule = await r.invoiceSchedules.get(NUMBER.schedule);
      if (schedule === null) throw new Error('IS-00000001 is missing');
      return r.invoiceSchedules.save({ ...schedule, id: 'IS-00000002', number: 'IS-00000003', version: 1 });
    });
    expectOk(clash);
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000003')).id).toBe('IS-00000002');
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000002')).number).toBe('IS-00000003');
    const renamed = await billing.store.transaction(async (r) => {
      const schedule = await r.invoiceSchedules.get('IS-00000003');
      if (schedule === null) throw new Error('IS-00000003 is missing');
      return r.invoiceSchedules.save({ ...schedule, number: 'IS-00000002', id: 'x', version: 1 });
    });
    expectOk(renamed);
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000002')).id).toBe('x');
  });

  it('errors name the record by its number once it is found by id', async () => {
    // Reversing a Draft invoice named by id: InvalidInvoiceStatus carries the invoice's number.
    const billing = await scenario();
    const id = idsOf(billing).invoice;
    const refused = await outcome(reverseInvoice(billing.context, { invoiceNumber: id }));
    expect(refused).toEqual({
      err: expect.objectContaining({ type: 'InvalidInvoiceStatus', invoiceNumber: NUMBER.invoice }),
    });
  });
});
