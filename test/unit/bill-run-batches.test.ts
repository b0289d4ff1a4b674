import { describe, expect, it } from 'vitest';
import { completeBillRun, runBillRun, startBillRun } from '../../src/operations/bill-run';
import { workOnBillRun } from '../../src/operations/bill-run-worker';
import { activateSavedOrder } from '../../src/operations/contracts';
import type { BillingContext, UnitOfWork } from '../../src/ports';
import { expectOk, type TestBilling } from '../support/billing';
import { hooked } from '../support/hooked';
import {
  billAndPost,
  givenAccountsDue,
  givenC01Removal,
  givenC01Schedule,
  givenC17Schedule,
  saveOrder,
} from '../support/scenarios';

// Bill runs bill a batch of accounts per transaction (RunBillRunOptions.accountsPerTransaction): the batch's
// rows are read with the ports' batch reads, and an account that reads another account's rows (decision 17:
// its subscriptions had another owner) is billed on its own. Whatever the batch size, the documents are the
// same.

/** The context, its store counting each repository call as `repository.method(first argument)`. */
function counted(context: BillingContext): { context: BillingContext; calls: string[] } {
  const calls: string[] = [];
  const hookedContext = hooked(context, (name, method, args) => {
    calls.push(`${name}.${method}(${JSON.stringify(args[0])})`);
  });
  return { context: hookedContext, calls };
}

describe('bill runs bill a batch of accounts per transaction', () => {
  it('five accounts in one batch that only bill: one batch read per kind of row, no per-account list, no documents read', async () => {
    const billing = await givenAccountsDue(5);
    const { context, calls } = counted(billing.context);
    const run = expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(run.invoiceNumbers).toHaveLength(5);
    const named = (prefix: string) => calls.filter((c) => c.startsWith(prefix));
    expect(named('subscriptions.listByAccounts(')).toEqual([
      'subscriptions.listByAccounts(["A-001","A-002","A-003","A-004","A-005"])',
    ]);
    expect(named('invoiceSchedules.listByAccounts(')).toHaveLength(1);
    // Only a run that credits reads the schedules' documents (the invoice lines a memo credits).
    expect(named('invoices.listBySchedules(')).toEqual([]);
    expect(named('creditMemos.listBySchedules(')).toEqual([]);
    expect(named('accounts.claimMany(')).toHaveLength(1);
    expect(named('subscriptions.listByAccount(')).toEqual([]);
    expect(named('invoices.listBySchedule(')).toEqual([]);
    // Every number of the batch at once.
    expect(named('sequences.nextBlock(')).toEqual(['sequences.nextBlock("Invoice")']);
  });

  it("a batch whose account credits reads the due schedules' documents once, and credits what one account at a time credits (C10)", async () => {
    const given = async () => {
      const { billing } = await givenC01Schedule();
      await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
      await givenC01Removal(billing, '2023-10-15', '2023-11-01');
      return billing;
    };
    const batched = await given();
    const { context, calls } = counted(batched.context);
    const run = expectOk(await runBillRun(context, { targetDate: '2023-11-01' }));
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    expect(batched.store.probe.creditMemo('CM00000001')?.amount).toBe('11700.00');
    expect(calls.filter((c) => c.startsWith('invoices.listBySchedules('))).toEqual([
      'invoices.listBySchedules(["IS-00000001"])',
    ]);
    expect(calls.filter((c) => c.startsWith('creditMemos.listBySchedules('))).toHaveLength(1);
    const single = await given();
    expectOk(await runBillRun(single.context, { targetDate: '2023-11-01' }, { accountsPerTransaction: 1 }));
    const { billRuns: _b, ...documents } = batched.store.probe.snapshot();
    const { billRuns: _s, ...expected } = single.store.probe.snapshot();
    expect(documents).toEqual(expected);
  });

  /** C17's schedule of A1 (S1, S2), item 1 billed; then both subscriptions (and the schedule) move to A2. */
  async function transferred(): Promise<TestBilling> {
    const { billing } = await givenC17Schedule(['A1', 'A2', 'A3']);
    expectOk(await runBillRun(billing.context, { targetDate: '2022-01-01' }));
    await saveOrder(billing, {
      number: 'O-002',
      accountNumber: 'A1',
      orderDate: '2022-06-01',
      actions: ['S1', 'S2'].map((s) => ({
        type: 'OwnerTransfer',
        subscriptionNumber: s,
        newOwnerAccountNumber: 'A2',
      })),
    });
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-002' }));
    return billing;
  }

  it('an account whose subscriptions had another owner ends the batch and is billed alone; the documents are those of one account per transaction', async () => {
    const batched = await transferred();
    const { context, calls } = counted(batched.context);
    const run = expectOk(await runBillRun(context, { targetDate: '2022-12-01' }));
    const single = await transferred();
    const alone = expectOk(
      await runBillRun(single.context, { targetDate: '2022-12-01' }, { accountsPerTransaction: 1 }),
    );
    expect(run.invoiceNumbers).toEqual(alone.invoiceNumbers);
    expect(run.invoiceNumbers).toHaveLength(1);
    const { billRuns: _b, ...documents } = batched.store.probe.snapshot();
    const { billRuns: _s, ...expected } = single.store.probe.snapshot();
    expect(documents).toEqual(expected);
    expect(batched.store.probe.invoice(run.invoiceNumbers[0] as string)?.accountNumber).toBe('A2');
    // A2 was cut from the batch [A1, A2, A3] and billed on its own; A3 went on in a batch of its own.
    expect(calls.filter((c) => c.startsWith('billRuns.getAccount('))).toEqual([
      'billRuns.getAccount("BR-00000002")',
    ]);
    expect(calls.filter((c) => c.startsWith('accounts.claimMany('))).toEqual([
      'accounts.claimMany(["A1","A2","A3"])',
      'accounts.claimMany(["A3"])',
    ]);
  });

  it('a run completed by another process after a batch committed: the worker reports the batch, marks its leases done, and stops', async () => {
    const billing = await transferred();
    const run = expectOk(await startBillRun(billing.context, { targetDate: '2022-12-01' }));
    // As soon as the batch [A1] has committed (A2 ends it), another process completes the run: A2, billed
    // alone in the next transaction, finds it completed.
    let batched = false;
    let completed = false;
    const store: UnitOfWork = {
      transaction: async (work) => {
        if (batched && !completed) {
          completed = true;
          expectOk(await completeBillRun(billing.context, { billRunNumber: run.number }));
        }
        return billing.store.transaction((repos) =>
          work({
            ...repos,
            accounts: {
              ...repos.accounts,
              claimMany: async (numbers) => {
                batched = true;
                return repos.accounts.claimMany?.(numbers);
              },
            },
          }),
        );
      },
    };
    const visited: string[] = [];
    const work = expectOk(
      await workOnBillRun(
        { ...billing.context, store },
        { billRunNumber: run.number, worker: 'w', batchSize: 10 },
        { onProgress: (p) => visited.push(p.account.accountNumber) },
      ),
    );
    expect(completed).toBe(true);
    expect(visited).toEqual(['A1']);
    expect(work.run.status).toBe('Completed');
    expect(
      billing.store.probe
        .billRunLeases(run.number)
        .filter((l) => l.done)
        .map((l) => l.accountNumber),
    ).toEqual(['A1']);
  });
});
