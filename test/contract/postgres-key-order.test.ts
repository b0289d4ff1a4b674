// Account numbers outside the Basic Multilingual Plane on the PostgreSQL adapter (PGlite): the store pages and
// leases accounts in code point order (`COLLATE "C"`), and the library's cursors now compare in that order too
// (`compareKeys`). Before, JavaScript's code-unit order put A😀 (U+1F600) before A！ (U+FF01): a run over named
// accounts leased A😀 first, moved its cursor there, and the store's next lease skipped A！ — the run completed
// without visiting it; and `runBillRun` over every account threw, the store's page being out of the order it
// checked.
import { PGlite } from '@electric-sql/pglite';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  startBillRun,
  workOnBillRun,
} from 'invoice-schedules';
import { createSequentialIds } from 'invoice-schedules/memory';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { chargeInput, createSubscription, expectOk } from '../support/billing';

const db = new PGlite();
afterAll(() => db.close());

/** In code point order; JavaScript's `<` puts the first two the other way round. */
const ACCOUNTS = ['A\uFF01', 'A\u{1F600}', 'A\u{1F600}\u00E9'] as const;

let schemas = 0;
/** A fresh schema with one account per number, each with an annual charge (2023) and a schedule of two items. */
async function billedAccounts(): Promise<BillingContext> {
  const schema = `key_order_${++schemas}`;
  await migrate(db, { schema });
  const context: BillingContext = {
    store: createPostgresStore(db, { schema }),
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  for (const [n, account] of ACCOUNTS.entries()) {
    expectOk(
      await saveNewAccount(context, {
        id: `id-${n}`,
        number: account,
        name: `account ${n}`,
        currency: 'USD',
      }),
    );
    expectOk(
      await saveNewOrder(context, {
        number: `O-${n}`,
        accountNumber: account,
        orderDate: '2023-01-01',
        actions: [createSubscription(`S-${n}`, [chargeInput({ number: 'C1', price: '1200.00' })])],
      }),
    );
    expectOk(await activateSavedOrder(context, { orderNumber: `O-${n}` }));
    expectOk(
      await createInvoiceSchedule(context, {
        accountNumber: account,
        orders: [`O-${n}`],
        items: [
          { runDate: '2023-01-15', amount: '600.00' },
          { runDate: '2023-06-15', amount: '600.00' },
        ],
      }),
    );
  }
  return context;
}

describe('account numbers outside the BMP, on the PostgreSQL adapter', () => {
  it('a run over named accounts, leased one at a time, visits and bills every account once', async () => {
    const context = await billedAccounts();
    const run = expectOk(
      await startBillRun(context, { targetDate: '2023-02-04', accountNumbers: [...ACCOUNTS].reverse() }),
    );
    const visited: string[] = [];
    for (let call = 0; call < 10; call++) {
      const work = expectOk(
        await workOnBillRun(
          context,
          { billRunNumber: run.number, worker: 'w1', batchSize: 1 },
          { onProgress: (p) => visited.push(p.account.accountNumber) },
        ),
      );
      if (work.run.status !== 'Running') {
        expect(work.run.status).toBe('Completed');
        expect(work.run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
        break;
      }
    }
    expect(visited).toEqual([...ACCOUNTS]);
  });

  it('runBillRun over every account bills them all, in code point order', async () => {
    const context = await billedAccounts();
    const run = expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(run.status).toBe('Completed');
    expect(run.itemsProcessed).toBe(ACCOUNTS.length);
    expect(run.invoiceNumbers).toHaveLength(3);
  });
});
