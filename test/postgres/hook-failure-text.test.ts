// A bill run records why an account failed, and the message may quote what a host's hook threw or returned
// (an `additionalInvoiceLines` that throws, or a line the library refuses with the hook's own field names): text
// no request check has read. With U+0000 or an unpaired surrogate in it, PostgreSQL refused to store the
// account's part — the run threw a driver error and stayed Running, the other accounts unbilled, while the
// memory store kept the text as it was. Both now record the text with each such code unit replaced by U+FFFD,
// and at most FAILURE_MESSAGE_LIMIT code units of it (a reviewer's finding). On PGlite and on the memory store.
import { PGlite } from '@electric-sql/pglite';
import {
  type AdditionalLineInput,
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  getBillRun,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  type UnitOfWork,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { FAILURE_MESSAGE_LIMIT } from '../../src/domain/billing/bill-run';
import { chargeInput, createSubscription, expectOk } from '../support/billing';

const db = new PGlite();
afterAll(() => db.close());
let schemas = 0;

type Hook = () => readonly AdditionalLineInput[];

/** Two accounts due on 2023-03-01, billed with `hook`: the failures the run records, and its status. */
async function billWith(store: UnitOfWork, hook: Hook) {
  const context: BillingContext = {
    store,
    clock: fixedClock('2023-01-01T12:00:00Z'),
    ids: createSequentialIds(),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  for (const n of [1, 2]) {
    const account = `A-00${n}`;
    expectOk(
      await saveNewAccount(context, { id: `acc-${n}`, number: account, name: 'Acme', currency: 'USD' }),
    );
    const order = {
      number: `O-00${n}`,
      accountNumber: account,
      orderDate: '2023-01-01',
      actions: [createSubscription(`S${n}`, [chargeInput({ number: `C${n}`, price: '1200.00' })])],
    };
    expectOk(await saveNewOrder(context, order));
    expectOk(await activateSavedOrder(context, { orderNumber: order.number }));
    expectOk(
      await createInvoiceSchedule(context, {
        accountNumber: account,
        orders: [order.number],
        items: [{ runDate: '2023-03-01', amount: '1200.00' }],
      }),
    );
  }
  // Only A-001's invoice meets the bad hook; A-002's gets no additional line.
  const hooks = {
    additionalInvoiceLines: (invoice: { readonly accountNumber: string }) =>
      invoice.accountNumber === 'A-001' ? hook() : [],
  };
  const run = expectOk(await runBillRun({ ...context, hooks }, { targetDate: '2023-03-01' }));
  const read = expectOk(await getBillRun(context, run.number));
  return { status: read.status, invoices: read.invoiceNumbers.length, failures: read.failures };
}

const stores: readonly [string, () => Promise<UnitOfWork>][] = [
  ['the memory store', async () => createMemoryStore()],
  [
    'PostgreSQL (PGlite)',
    async () => {
      const schema = `hook_failure_${++schemas}`;
      await migrate(db, { schema });
      return createPostgresStore(db, { schema });
    },
  ],
];

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe.each(stores)('a failure whose message quotes a hook, on %s', (_name, storeOf) => {
  it.each<[string, Hook, string]>([
    [
      'U+0000 in what the hook threw',
      () => {
        throw new Error('tax service said \u0000');
      },
      'tax service said \uFFFD',
    ],
    [
      'an unpaired surrogate in what the hook threw',
      () => {
        throw new Error('tax service said \uD800!');
      },
      'tax service said \uFFFD!',
    ],
    [
      'U+0000 in a custom field name of a returned line',
      () => [{ name: 'Tax', amount: '1.00', customFields: { 'Tax\u0000__c': 1 } }],
      'Tax\uFFFD__c',
    ],
  ])(
    '%s: the account is Failed, the other billed, the run CompletedWithErrors',
    async (_what, hook, shown) => {
      const { status, invoices, failures } = await billWith(await storeOf(), hook);
      expect([status, invoices, failures.map((f) => f.accountNumber)]).toEqual([
        'CompletedWithErrors',
        1,
        ['A-001'],
      ]);
      const [failure] = failures;
      expect(failure?.message).toContain(shown);
      expect(failure?.message.includes('\u0000') || LONE.test(failure?.message ?? '')).toBe(false);
    },
  );

  it('a message of a million characters is recorded cut to FAILURE_MESSAGE_LIMIT code units', async () => {
    const { status, failures } = await billWith(await storeOf(), () => {
      throw new Error('x'.repeat(1_000_000));
    });
    expect(status).toBe('CompletedWithErrors');
    expect(failures[0]?.message.length).toBe(FAILURE_MESSAGE_LIMIT + 1);
    expect(failures[0]?.message.endsWith('…')).toBe(true);
  });
});
