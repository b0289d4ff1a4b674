import { describe, expect, it } from 'vitest';
import { billAccount } from '../../src/operations/bill-account';
import { completeBillRun, runBillRun, startBillRun } from '../../src/operations/bill-run';
import type { UnitOfWork } from '../../src/ports';
import { expectErr, expectOk } from '../support/billing';
import { hooked } from '../support/hooked';
import { givenAccountsDue, seededBilling } from '../support/scenarios';

// Issue 10: a bill run is a record from its start. It used to reserve its number, bill each account, and
// write the record last: interrupted in between, the number had no record, the invoices already issued
// pointed at it, and a retry with the same key started a new run listing none of them.

const RUN = { targetDate: '2023-02-04', idempotencyKey: 'daily-2023-02-04' } as const;

/** Whether the call reads the account's rows: `listByAccount(account)`, or a batch read naming it. */
function readsAccount(method: string, args: readonly unknown[], account: string): boolean {
  if (method === 'listByAccount') return args[0] === account;
  return method === 'listByAccounts' && (args[0] as readonly string[]).includes(account);
}

describe('a bill run interrupted after billing some accounts is resumed by a retry with the same key', () => {
  it('the store throws when the run is being closed: the retry returns BR-00000001 listing all three invoices, each account billed once', async () => {
    const billing = await givenAccountsDue(3);
    let thrown = false;
    const crashing = hooked(billing.context, (repository, method, args) => {
      const run = args[0] as { status?: string } | undefined;
      const closing = (method === 'save' || method === 'insert') && run?.status !== 'Running';
      if (repository === 'billRuns' && closing && !thrown) {
        thrown = true;
        throw new Error('connection terminated unexpectedly');
      }
    });
    await expect(runBillRun(crashing, RUN)).rejects.toThrow('connection terminated');
    // The accounts were billed before the crash; the run is on record, Running.
    expect(billing.store.probe.billRun('BR-00000001')?.status).toBe('Running');
    const run = expectOk(await runBillRun(billing.context, RUN));
    expect([run.number, run.status, run.itemsProcessed]).toEqual(['BR-00000001', 'Completed', 3]);
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
    const snapshot = billing.store.probe.snapshot();
    expect(snapshot.invoices.map((i) => [i.number, i.accountNumber, i.amount, i.billRunNumber])).toEqual([
      ['INV00000001', 'A-001', '70200.00', 'BR-00000001'],
      ['INV00000002', 'A-002', '70200.00', 'BR-00000001'],
      ['INV00000003', 'A-003', '70200.00', 'BR-00000001'],
    ]);
    expect(snapshot.billRuns.map((r) => r.number)).toEqual(['BR-00000001']);
    expect(snapshot.sequences.BillRun).toBe(1);
  });

  it('a crash after the first account (onProgress throws): the retry bills only A-002 and A-003', async () => {
    const billing = await givenAccountsDue(3);
    await expect(
      runBillRun(billing.context, RUN, {
        accountsPerTransaction: 1,
        onProgress: () => {
          throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    expect(billing.store.probe.snapshot().invoices.map((i) => i.accountNumber)).toEqual(['A-001']);
    const billed: string[] = [];
    const run = expectOk(
      await runBillRun(billing.context, RUN, {
        onProgress: (p) => billed.push(`${p.account.accountNumber}:${p.account.invoiceNumbers.join(',')}`),
      }),
    );
    // A-001's part was already Billed: visiting it again creates nothing.
    expect(billed).toEqual(['A-001:INV00000001', 'A-002:INV00000002', 'A-003:INV00000003']);
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
    expect(billing.store.probe.billRunAccount('BR-00000001', 'A-001')?.version).toBe(1);
  });

  it('an AbortSignal stops the run between accounts with BillRunAborted; the run stays Running and resumes', async () => {
    const billing = await givenAccountsDue(3);
    const controller = new AbortController();
    const aborted = expectErr(
      await runBillRun(billing.context, RUN, {
        accountsPerTransaction: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.accountsVisited === 2) controller.abort();
        },
      }),
    );
    expect([aborted.type, (aborted as { billRunNumber?: string }).billRunNumber]).toEqual([
      'BillRunAborted',
      'BR-00000001',
    ]);
    expect(billing.store.probe.billRun('BR-00000001')?.status).toBe('Running');
    expect(billing.store.probe.snapshot().invoices).toHaveLength(2);
    const run = expectOk(await runBillRun(billing.context, RUN));
    expect([run.status, run.invoiceNumbers]).toEqual([
      'Completed',
      ['INV00000001', 'INV00000002', 'INV00000003'],
    ]);
  });

  it('by default the signal is checked between batches: an abort during a batch stops before the next one', async () => {
    const billing = await givenAccountsDue(5);
    const controller = new AbortController();
    const visited: string[] = [];
    const aborted = expectErr(
      await runBillRun(billing.context, RUN, {
        accountsPerTransaction: 2,
        signal: controller.signal,
        onProgress: (p) => {
          visited.push(p.account.accountNumber);
          if (p.accountsVisited === 3) controller.abort();
        },
      }),
    );
    expect(aborted.type).toBe('BillRunAborted');
    // The batch had committed when its progress reported A-003.
    expect(visited).toEqual(['A-001', 'A-002', 'A-003', 'A-004']);
    expect(billing.store.probe.snapshot().invoices.map((i) => i.accountNumber)).toEqual([
      'A-001',
      'A-002',
      'A-003',
      'A-004',
    ]);
    const run = expectOk(await runBillRun(billing.context, RUN));
    expect(run.invoiceNumbers).toEqual([
      'INV00000001',
      'INV00000002',
      'INV00000003',
      'INV00000004',
      'INV00000005',
    ]);
  });

  it('a crash in the middle of a batch leaves nothing of it: the batch is one transaction', async () => {
    const billing = await givenAccountsDue(4);
    let reads = 0;
    const crashing = hooked(billing.context, (repository, method) => {
      // The second batch (A-003, A-004) dies while reading its accounts' schedules.
      if (repository === 'invoiceSchedules' && method === 'listByAccounts' && ++reads === 2)
        throw new Error('connection terminated');
    });
    const run = expectOk(await runBillRun(crashing, RUN, { accountsPerTransaction: 2 }));
    // The batch that threw is billed again one account at a time: every account once.
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003', 'INV00000004']);
    expect(billing.store.probe.snapshot().invoices.map((i) => i.accountNumber)).toEqual([
      'A-001',
      'A-002',
      'A-003',
      'A-004',
    ]);
  });

  it('refuses an accountsPerTransaction that is not a whole number from 1 to 500', async () => {
    const billing = await givenAccountsDue(1);
    for (const bad of [0, 501, 2.5, '10', null]) {
      const error = expectErr(
        await runBillRun(billing.context, RUN, { accountsPerTransaction: bad } as never),
      );
      expect([error.type, (error as { path?: string }).path]).toEqual([
        'InvalidInput',
        'options.accountsPerTransaction',
      ]);
    }
    expect(billing.store.probe.snapshot().invoices).toHaveLength(0);
  });

  it('a completed run is returned as it is by a retry with the same key', async () => {
    const billing = await givenAccountsDue(2);
    const first = expectOk(await runBillRun(billing.context, RUN));
    const again = expectOk(await runBillRun(billing.context, RUN));
    expect(again).toEqual(first);
    expect(billing.store.probe.snapshot().invoices).toHaveLength(2);
  });
});

describe('a failed account is recorded as its Failed part and billed by a later resume', () => {
  it('A-002 throws on every attempt: CompletedWithErrors; no key, so a new run bills A-002 alone', async () => {
    const billing = await givenAccountsDue(2);
    const failing = hooked(billing.context, (repository, method, args) => {
      if (repository === 'subscriptions' && readsAccount(method, args, 'A-002'))
        throw new Error('could not serialize access (40001)');
    });
    const run = expectOk(await runBillRun(failing, { targetDate: '2023-02-04' }));
    expect(run.status).toBe('CompletedWithErrors');
    expect(billing.store.probe.billRunAccount(run.number, 'A-002')).toMatchObject({
      status: 'Failed',
      failure: { accountNumber: 'A-002', errorType: 'StoreFailure' },
    });
    const next = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect([next.status, next.invoiceNumbers]).toEqual(['Completed', ['INV00000002']]);
  });

  it('a resumed run retries its Failed accounts: the part goes Failed → Billed (version 2)', async () => {
    const billing = await givenAccountsDue(2);
    let failing = true;
    const flaky = hooked(billing.context, (repository, method, args) => {
      if (failing && repository === 'subscriptions' && readsAccount(method, args, 'A-002'))
        throw new Error('could not serialize access (40001)');
    });
    const started = expectOk(await startBillRun(flaky, RUN));
    for (const accountNumber of ['A-001', 'A-002']) {
      expectOk(await billAccount(flaky, { billRunNumber: started.number, accountNumber }));
    }
    expect(billing.store.probe.billRunAccount(started.number, 'A-002')?.status).toBe('Failed');
    failing = false;
    const run = expectOk(await runBillRun(flaky, RUN));
    expect([run.status, run.invoiceNumbers, run.failures]).toEqual([
      'Completed',
      ['INV00000001', 'INV00000002'],
      [],
    ]);
    expect(billing.store.probe.billRunAccount(started.number, 'A-002')).toMatchObject({
      status: 'Billed',
      version: 2,
    });
  });
});

describe('billAccount: the per-account step a host can shard over workers', () => {
  it('start, bill each account (concurrently), complete: the same documents as runBillRun', async () => {
    const sharded = await givenAccountsDue(3);
    const run = expectOk(await startBillRun(sharded.context, { targetDate: '2023-02-04' }));
    expect([run.number, run.status, run.version]).toEqual(['BR-00000001', 'Running', 1]);
    const parts = await Promise.all(
      ['A-003', 'A-001', 'A-002'].map(async (accountNumber) =>
        expectOk(await billAccount(sharded.context, { billRunNumber: run.number, accountNumber })),
      ),
    );
    expect(parts.map((p) => [p.accountNumber, p.status, p.itemsProcessed])).toEqual([
      ['A-003', 'Billed', 1],
      ['A-001', 'Billed', 1],
      ['A-002', 'Billed', 1],
    ]);
    const done = expectOk(await completeBillRun(sharded.context, { billRunNumber: run.number }));
    expect([done.status, done.itemsProcessed, done.invoiceNumbers.length, done.version]).toEqual([
      'Completed',
      3,
      3,
      2,
    ]);
    const whole = await givenAccountsDue(3);
    expectOk(await runBillRun(whole.context, { targetDate: '2023-02-04' }));
    const amounts = (b: typeof whole) =>
      b.store.probe
        .snapshot()
        .invoices.map((i) => [i.accountNumber, i.amount, i.lines.length])
        .sort();
    expect(amounts(sharded)).toEqual(amounts(whole));
  });

  it('billing an account twice returns its part and creates nothing; after completion the run refuses (BillRunNotRunning)', async () => {
    const billing = await givenAccountsDue(1);
    const run = expectOk(await startBillRun(billing.context, { targetDate: '2023-02-04' }));
    const step = { billRunNumber: run.number, accountNumber: 'A-001' };
    const first = expectOk(await billAccount(billing.context, step));
    const again = expectOk(await billAccount(billing.context, step));
    expect(again).toEqual(first);
    expect(billing.store.probe.snapshot().invoices).toHaveLength(1);
    expectOk(await completeBillRun(billing.context, { billRunNumber: run.number }));
    expect(expectErr(await billAccount(billing.context, step)).type).toBe('BillRunNotRunning');
    // Completing again returns the completed run unchanged.
    expect(expectOk(await completeBillRun(billing.context, { billRunNumber: run.number })).version).toBe(2);
  });

  it('refuses an account outside the run filter (InvalidInput) and an unknown run (BillRunNotFound)', async () => {
    const billing = await givenAccountsDue(2);
    const run = expectOk(
      await startBillRun(billing.context, { targetDate: '2023-02-04', accountNumbers: ['A-001'] }),
    );
    const outside = expectErr(
      await billAccount(billing.context, { billRunNumber: run.number, accountNumber: 'A-002' }),
    );
    expect([outside.type, (outside as { path?: string }).path]).toEqual(['InvalidInput', 'accountNumber']);
    const unknown = expectErr(
      await billAccount(billing.context, { billRunNumber: 'BR-00000099', accountNumber: 'A-001' }),
    );
    expect(unknown.type).toBe('BillRunNotFound');
    expect(billing.store.probe.snapshot().invoices).toHaveLength(0);
  });

  it('an account named in the filter that does not exist is that account’s failure (AccountNotFound)', async () => {
    const billing = await givenAccountsDue(1);
    const run = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-02-04', accountNumbers: ['A-001', 'A-404'] }),
    );
    expect([run.status, run.invoiceNumbers, run.failures.map((f) => [f.accountNumber, f.errorType])]).toEqual(
      ['CompletedWithErrors', ['INV00000001'], [['A-404', 'AccountNotFound']]],
    );
  });
});

describe('the request is checked before anything is written', () => {
  it.each([
    [{ accountNumbers: ['A-001', 42] }, 'accountNumbers[1]'],
    [{ accountNumbers: 'A-001' }, 'accountNumbers'],
    [{ invoiceScheduleNumbers: [''] }, 'invoiceScheduleNumbers[0]'],
  ])('%j → InvalidInput at %s, no bill run number reserved', async (bad, path) => {
    const billing = await givenAccountsDue(1);
    const error = expectErr(await runBillRun(billing.context, { targetDate: '2023-02-04', ...bad } as never));
    expect([error.type, (error as { path?: string }).path]).toEqual(['InvalidInput', path]);
    expect(billing.store.probe.sequence('BillRun')).toBe(0);
  });

  it('options that are not a function / an AbortSignal are InvalidInput', async () => {
    const billing = await givenAccountsDue(1);
    const error = expectErr(await runBillRun(billing.context, RUN, { onProgress: 'log' } as never));
    expect([error.type, (error as { path?: string }).path]).toEqual(['InvalidInput', 'options.onProgress']);
  });
});

describe('accounts are read a page at a time', () => {
  const accounts = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const number = `A${String(i + 1).padStart(5, '0')}`;
      return { id: `acc-${number}`, number, name: number, currency: 'USD' };
    });

  it('1,001 accounts: three pages of at most 500 (and one empty), every account visited once, in order', async () => {
    const billing = seededBilling({ accounts: accounts(1001) });
    const pages: unknown[][] = [];
    const counting = hooked(billing.context, (repository, method, args) => {
      if (repository === 'accounts' && method === 'list') pages.push([...args]);
    });
    const visited: string[] = [];
    const run = expectOk(
      await runBillRun(
        counting,
        { targetDate: '2023-02-04' },
        { onProgress: (p) => visited.push(p.account.accountNumber) },
      ),
    );
    expect(pages).toEqual([
      [null, 500],
      ['A00500', 500],
      ['A01000', 500],
      ['A01001', 500],
    ]);
    expect(visited).toEqual(accounts(1001).map((a) => a.number));
    expect(run.status).toBe('Completed');
  });

  it('an adapter that ignores the page (returns every account) is refused, not looped over', async () => {
    const billing = seededBilling({ accounts: accounts(3) });
    const store: UnitOfWork = {
      transaction: (work) =>
        billing.store.transaction((repos) =>
          work({ ...repos, accounts: { ...repos.accounts, list: () => repos.accounts.list(null, 1000) } }),
        ),
    };
    await expect(runBillRun({ ...billing.context, store }, { targetDate: '2023-02-04' })).rejects.toThrow(
      'the adapter ignores the page',
    );
  });
});
