// Operations refuse fields they do not know (found in a review). Creating, updating and settling already did;
// the operations that read only the numbers they need ignored the rest, so a misspelt optional field was a
// call made without it: `executeInvoiceSchedule({ idempotency_key })` ran without idempotency, `pause…({
// expectedversion })` without the version check, `runBillRun({ targetdate })` billed up to today and
// `runBillRun({ accountNumber })` every account. Now each answers `InvalidInput` at the field, naming the fields
// it takes, and saves nothing.
import * as api from 'invoice-schedules';
import { describe, expect, it } from 'vitest';
import { givenAccountsDue } from '../support/scenarios';

type Context = Parameters<typeof api.runBillRun>[0];
type Call = (context: Context) => Promise<{ isErr(): boolean; readonly error?: unknown }>;

const CASES: readonly (readonly [string, string, Call])[] = [
  [
    'executeInvoiceSchedule',
    'idempotency_key',
    async (c) =>
      api.executeInvoiceSchedule(c, {
        invoiceScheduleNumber: 'IS-00000001',
        idempotency_key: 'k-1',
      } as never),
  ],
  [
    'previewExecution',
    'itemID',
    async (c) => api.previewExecution(c, { invoiceScheduleNumber: 'IS-00000001', itemID: 'x' } as never),
  ],
  [
    'pauseInvoiceSchedule',
    'expectedversion',
    async (c) =>
      api.pauseInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001', expectedversion: 99 } as never),
  ],
  [
    'resumeInvoiceSchedule',
    'expected_version',
    async (c) =>
      api.resumeInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001', expected_version: 99 } as never),
  ],
  [
    'deleteInvoiceSchedule',
    'expectedVersion',
    async (c) =>
      api.deleteInvoiceSchedule(c, { invoiceScheduleNumber: 'IS-00000001', expectedVersion: 1 } as never),
  ],
  ['runBillRun', 'targetdate', async (c) => api.runBillRun(c, { targetdate: '2023-02-04' } as never)],
  [
    'runBillRun',
    'accountNumber',
    async (c) => api.runBillRun(c, { targetDate: '2023-02-04', accountNumber: 'A-001' } as never),
  ],
  [
    'startBillRun',
    'includePausedSchedule',
    async (c) => api.startBillRun(c, { targetDate: '2023-02-04', includePausedSchedule: true } as never),
  ],
  [
    'previewBillRun',
    'accounts',
    async (c) => api.previewBillRun(c, { targetDate: '2023-02-04', accounts: ['A-001'] } as never),
  ],
  [
    'generateBillingDocuments',
    'idempotency_key',
    async (c) =>
      api.generateBillingDocuments(c, {
        accountNumber: 'A-001',
        targetDate: '2023-02-04',
        idempotency_key: 'k-1',
      } as never),
  ],
  [
    'completeBillRun',
    'billRunNumbers',
    async (c) =>
      api.completeBillRun(c, { billRunNumber: 'BR-00000001', billRunNumbers: ['BR-00000002'] } as never),
  ],
  [
    'workOnBillRun',
    'leaseSecond',
    async (c) =>
      api.workOnBillRun(c, { billRunNumber: 'BR-00000001', worker: 'w', leaseSecond: 60 } as never),
  ],
  [
    'billAccount',
    'account',
    async (c) =>
      api.billAccount(c, { billRunNumber: 'BR-00000001', accountNumber: 'A-001', account: 'A-002' } as never),
  ],
  [
    'activateSavedOrder',
    'force',
    async (c) => api.activateSavedOrder(c, { orderNumber: 'O-0001', force: true } as never),
  ],
  [
    'postInvoice',
    'postedDate',
    async (c) => api.postInvoice(c, { invoiceNumber: 'INV00000001', postedDate: '2023-02-04' } as never),
  ],
  [
    'cancelInvoice',
    'reason',
    async (c) => api.cancelInvoice(c, { invoiceNumber: 'INV00000001', reason: 'x' } as never),
  ],
  [
    'postCreditMemo',
    'memoDate',
    async (c) => api.postCreditMemo(c, { creditMemoNumber: 'CM00000001', memoDate: '2023-02-04' } as never),
  ],
  [
    'detachInvoiceScheduleCharges',
    'charges',
    async (c) =>
      api.detachInvoiceScheduleCharges(c, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
        charges: [],
      } as never),
  ],
  [
    'detachInvoiceScheduleCharges',
    'specificSubscriptions[0].chargeNumber',
    async (c) =>
      api.detachInvoiceScheduleCharges(c, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: [], chargeNumber: 'C1' }],
      } as never),
  ],
  [
    'attachInvoiceScheduleCharges',
    'specificSubscriptions[1].subscription',
    async (c) =>
      api.attachInvoiceScheduleCharges(c, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [
          { subscriptionNumber: 'S1', chargeNumbers: ['C1'] },
          { subscriptionNumber: 'S2', chargeNumbers: ['C2'], subscription: 'S2' },
        ],
      } as never),
  ],
];

describe('an unknown field is refused, and nothing is saved', () => {
  it.each(CASES)('%s with `%s`', async (_name, field, call) => {
    const { store, context } = await givenAccountsDue(1);
    const before = store.probe.snapshot();
    const answer = await call(context);
    expect(answer.isErr()).toBe(true);
    expect(answer.error).toMatchObject({ type: 'InvalidInput', path: field });
    expect((answer.error as { expected: string }).expected).toMatch(/^no such field \(allowed: /);
    expect(store.probe.snapshot()).toEqual(before);
  });

  it('names the fields the operation takes', async () => {
    const { context } = await givenAccountsDue(1);
    const answer = await api.executeInvoiceSchedule(context, {
      invoiceScheduleNumber: 'IS-00000001',
      idempotency_key: 'k-1',
    } as never);
    expect(answer._unsafeUnwrapErr()).toMatchObject({
      expected: 'no such field (allowed: invoiceScheduleNumber, itemId, idempotencyKey)',
      received: '"k-1"',
    });
  });
});

describe('a preview takes a run request as it is', () => {
  it("checks the run's idempotency key, as the run would, and otherwise ignores it", async () => {
    const { store, context } = await givenAccountsDue(2);
    const before = store.probe.snapshot();
    const bad = await api.previewBillRun(context, { targetDate: '2023-02-04', idempotencyKey: 7 } as never);
    expect(bad._unsafeUnwrapErr()).toMatchObject({ type: 'InvalidInput', path: 'idempotencyKey' });
    const keyed = await api.previewBillRun(context, {
      targetDate: '2023-02-04',
      idempotencyKey: 'daily-2023-02-04',
    } as never);
    const plain = await api.previewBillRun(context, { targetDate: '2023-02-04' });
    expect(keyed._unsafeUnwrap()).toEqual(plain._unsafeUnwrap());
    expect(plain._unsafeUnwrap().accounts.length).toBe(2);
    expect(store.probe.snapshot()).toEqual(before);
  });
});
