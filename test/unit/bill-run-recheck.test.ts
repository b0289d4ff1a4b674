import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import type { UnitOfWork } from '../../src/ports';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../support/billing';
import { givenAccountsDue, givenSchedule } from '../support/scenarios';

// Issue 10: a bill run plans what is due in one transaction and bills each account in another. An edit that
// lands in between and moves a planned item past the target date must win: the account's transaction
// re-checks the plan on what it loads. It used to bill the moved item anyway.
describe('a bill run re-checks its plan inside the billing transaction', () => {
  it('C01 item 1 (2023-02-04) planned by a run for 2023-02-04, then moved to 2023-03-01 before its account is billed: nothing is billed', async () => {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6200.00' },
      ],
    });
    const [i1, i2, i3] = schedule.items;
    let transactions = 0;
    // The store as the run sees it: right after the planning transaction, an editor's update commits.
    const racing: UnitOfWork = {
      transaction: async (work) => {
        transactions += 1;
        if (transactions === 2) {
          expectOk(
            await updateInvoiceSchedule(billing.context, {
              invoiceScheduleNumber: schedule.number,
              items: [
                { id: i1?.id as string, runDate: '2023-03-01', amount: '50000.00' },
                { id: i2?.id as string, runDate: '2023-05-01', amount: '14000.00' },
                { id: i3?.id as string, runDate: '2023-09-16', amount: '6200.00' },
              ],
            }),
          );
        }
        return billing.store.transaction(work);
      },
    };
    const run = expectOk(
      await runBillRun({ ...billing.context, store: racing }, { targetDate: '2023-02-04' }),
    );
    expect([run.itemsProcessed, run.invoiceNumbers]).toEqual([0, []]);
    const after = billing.store.probe.invoiceSchedule(schedule.number);
    expect(after?.items.map((i) => [i.runDate, i.status])).toEqual([
      ['2023-03-01', 'Pending'],
      ['2023-05-01', 'Pending'],
      ['2023-09-16', 'Pending'],
    ]);
  });
});

// Issue 10: one thrown adapter error (PostgreSQL's 40001, a dropped connection) rejected the whole run. An
// account's transaction that throws is tried again (it rolled back); one that keeps throwing is that
// account's failure (`StoreFailure`), and the other accounts are billed.
describe('a thrown store error fails an account, not the run', () => {
  const twoAccounts = () => givenAccountsDue(2);

  /** The store, throwing from the transactions that bill `account` (the first `times` of them). */
  function throwing(billing: Awaited<ReturnType<typeof twoAccounts>>, account: string, times: number) {
    let thrown = 0;
    const store: UnitOfWork = {
      transaction: (work) =>
        billing.store.transaction(async (repos) => {
          const result = await work({
            ...repos,
            subscriptions: {
              ...repos.subscriptions,
              listByAccount: async (n) => {
                if (n === account && thrown < times) {
                  thrown += 1;
                  throw new Error('could not serialize access due to concurrent update (40001)');
                }
                return repos.subscriptions.listByAccount(n);
              },
              // A batch of accounts reads them all at once: it throws when the batch holds the account.
              listByAccounts: async (numbers: readonly string[]) => {
                if (numbers.includes(account) && thrown < times) {
                  thrown += 1;
                  throw new Error('could not serialize access due to concurrent update (40001)');
                }
                return repos.subscriptions.listByAccounts?.(numbers) ?? [];
              },
            },
          } as typeof repos);
          return result;
        }),
    };
    return { ...billing.context, store };
  }

  it('a transient error (thrown once) is retried: both accounts are billed', async () => {
    const billing = await twoAccounts();
    const run = expectOk(await runBillRun(throwing(billing, 'A-001', 1), { targetDate: '2023-02-04' }));
    expect([run.status, run.failures, run.invoiceNumbers]).toEqual([
      'Completed',
      [],
      ['INV00000001', 'INV00000002'],
    ]);
  });

  it("an error that persists is A-001's failure (StoreFailure); A-002 is billed and the run completes with errors", async () => {
    const billing = await twoAccounts();
    const run = expectOk(await runBillRun(throwing(billing, 'A-001', 99), { targetDate: '2023-02-04' }));
    expect(run.status).toBe('CompletedWithErrors');
    expect(run.failures).toEqual([
      expect.objectContaining({ accountNumber: 'A-001', errorType: 'StoreFailure' }),
    ]);
    expect(run.failures[0]?.message).toContain('40001');
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    expect(billing.store.probe.invoice('INV00000001')?.accountNumber).toBe('A-002');
  });
});
