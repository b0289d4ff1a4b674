// A bill run reads, per account, what that account needs — never something that grows with the run or the
// store (issue 11). Counted, not timed: every row a list query returns during a run, over 10 accounts and
// over 30; the rows per account must be the same. (A refresh after each account that listed every part of
// the run so far made a run over n accounts read n²/2 parts.)
import type { Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  type Repositories,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  type UnitOfWork,
} from '../../src';
import { createMemoryStore, createSequentialIds } from '../../src/memory';

/** Counts the rows every `list…` method returns, through every transaction. */
function counting(store: UnitOfWork): { store: UnitOfWork; rows: () => number } {
  let rows = 0;
  const wrap = (repos: Repositories): Repositories =>
    Object.fromEntries(
      Object.entries(repos).map(([name, repo]) => [
        name,
        Object.fromEntries(
          Object.entries(repo as Record<string, (...a: unknown[]) => Promise<unknown>>).map(([m, fn]) => [
            m,
            async (...args: unknown[]) => {
              const out = await fn(...args);
              if (m.startsWith('list') && Array.isArray(out)) rows += out.length;
              return out;
            },
          ]),
        ),
      ]),
    ) as unknown as Repositories;
  return {
    store: {
      transaction: <T, E>(work: (r: Repositories) => Promise<Result<T, E>>) =>
        store.transaction((repos) => work(wrap(repos))),
    },
    rows: () => rows,
  };
}

async function rowsPerAccount(accounts: number): Promise<number> {
  const inner = createMemoryStore();
  const { store, rows } = counting(inner);
  const context: BillingContext = {
    store,
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  for (let a = 0; a < accounts; a++) {
    const acc = `A${String(a).padStart(4, '0')}`;
    (await saveNewAccount(context, { id: acc, number: acc, name: acc, currency: 'USD' }))._unsafeUnwrap();
    (
      await saveNewOrder(context, {
        number: `O-${acc}`,
        accountNumber: acc,
        orderDate: '2023-01-01',
        actions: ['1200.00', '600.00'].map((price, c) => ({
          type: 'CreateSubscription',
          subscriptionNumber: `${acc}-S${c + 1}`,
          termType: 'Termed',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          ratePlans: [
            {
              id: `${acc}-RP${c + 1}`,
              name: 'Plan',
              charges: [
                {
                  number: `C${c + 1}`,
                  name: `Charge ${c + 1}`,
                  type: 'Recurring',
                  price,
                  listPriceBase: 'Year',
                  billingPeriod: 'Annual',
                },
              ],
            },
          ],
        })),
      })
    )._unsafeUnwrap();
    (await activateSavedOrder(context, { orderNumber: `O-${acc}` }))._unsafeUnwrap();
    (
      await createInvoiceSchedule(context, {
        accountNumber: acc,
        orders: [`O-${acc}`],
        items: [
          { runDate: '2023-02-01', amount: '1000.00' },
          { runDate: '2023-06-01', amount: '800.00' },
        ],
      })
    )._unsafeUnwrap();
  }
  const before = rows();
  for (const targetDate of ['2023-02-01', '2023-06-01']) {
    const run = (await runBillRun(context, { targetDate }))._unsafeUnwrap();
    expect(run.invoiceNumbers).toHaveLength(accounts);
  }
  return (rows() - before) / accounts;
}

describe('bill run reads', () => {
  it('a bill run reads the same rows per account over 10 accounts as over 30 (no query grows with the run)', async () => {
    const small = await rowsPerAccount(10);
    const large = await rowsPerAccount(30);
    // The completion lists the run's parts once: one row per billed account, the same share for every size.
    expect(large).toBe(small);
  });
});
