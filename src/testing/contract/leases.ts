import type { BillRunLeaseRequest, Repositories, UnitOfWork } from '../../ports/index';
import { check, checkEqual } from '../assert';
import { buildAccount } from '../builders';
import { type ContractHarness, checkOk } from './harness';

/** The names of the lease tests, for the broken-adapter catalogue. */
export const LEASES = {
  order:
    "bill run leases > leaseAccounts takes accounts in number order from the run's cursor, at most `limit`, then none",
  expired:
    'bill run leases > an expired lease not done is leased again first; a done lease never; listOpenLeases shows who holds what',
  ascending:
    'bill run leases > leaseAccounts returns the accounts it takes ascending, whatever order it chose them in (expired by end, then new)',
  among: 'bill run leases > `among` restricts the accounts; each run has its own cursor',
  rollback: 'bill run leases > leases and the cursor roll back with their transaction',
  concurrent: 'bill run leases > two transactions leasing at once never take the same account',
} as const;

const RUN = 'BR-00000081';
const T0 = '2023-02-04T06:00:00.000Z';
const T1 = '2023-02-04T06:05:00.000Z';
/** Between T0 and T1: a lease that ends before those ending at T1. */
const T0_2 = '2023-02-04T06:02:00.000Z';
const T2 = '2023-02-04T06:10:00.000Z';
const ACCOUNTS = ['A00000801', 'A00000802', 'A00000803', 'A00000804', 'A00000805'] as const;

function request(overrides: Partial<BillRunLeaseRequest> = {}): BillRunLeaseRequest {
  return { billRunNumber: RUN, worker: 'w1', limit: 2, now: T0, leasedUntil: T1, among: null, ...overrides };
}

/** The lease methods, which an adapter must have for `workOnBillRun`. */
function leases(r: Repositories) {
  const { leaseAccounts, finishAccountLeases, listOpenLeases } = r.billRuns;
  check(
    typeof leaseAccounts === 'function' &&
      typeof finishAccountLeases === 'function' &&
      typeof listOpenLeases === 'function',
    'billRuns must have leaseAccounts, finishAccountLeases and listOpenLeases',
  );
  return {
    lease: (req: BillRunLeaseRequest) =>
      (leaseAccounts as NonNullable<typeof leaseAccounts>).call(r.billRuns, req),
    finish: (accounts: readonly string[]) =>
      (finishAccountLeases as NonNullable<typeof finishAccountLeases>).call(r.billRuns, RUN, accounts),
    open: (run = RUN) => (listOpenLeases as NonNullable<typeof listOpenLeases>).call(r.billRuns, run),
  };
}

/**
 * Bill run leases (the many-workers pattern): accounts handed out in number order from a cursor per run,
 * expired leases handed out again, done leases never; transactional; two leasers never share an account.
 */
export function describeLeases<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit, rollBack } = harness;
  const name = (full: string) => full.slice('bill run leases > '.length);
  const withAccounts = async (store: S) => {
    await commit(store, async (r) => {
      for (const number of ACCOUNTS)
        checkOk(await r.accounts.insert(buildAccount({ number, id: `id-${number}` })), 'accounts.insert');
    });
  };
  describe('bill run leases', () => {
    test(name(LEASES.order), async (store) => {
      await withAccounts(store);
      const taken: (readonly string[])[] = [];
      for (let k = 0; k < 4; k++) taken.push(await commit(store, (r) => leases(r).lease(request())));
      checkEqual(
        taken,
        [['A00000801', 'A00000802'], ['A00000803', 'A00000804'], ['A00000805'], []],
        'four leases of 2 over 5 accounts',
      );
      const open = await commit(store, (r) => leases(r).open());
      checkEqual(
        open.map((l) => [l.accountNumber, l.worker, l.leasedUntil, l.done]),
        ACCOUNTS.map((a) => [a, 'w1', T1, false]),
        'listOpenLeases after leasing every account',
      );
    });

    test(name(LEASES.expired), async (store) => {
      await withAccounts(store);
      await commit(store, (r) => leases(r).lease(request({ limit: 5 })));
      await commit(store, (r) => leases(r).finish(['A00000801', 'A00000803']));
      const early = await commit(store, (r) => leases(r).lease(request({ worker: 'w2', now: T0 })));
      checkEqual(early, [], 'a lease before every lease ends (none has expired, none is new)');
      const again = await commit(store, (r) =>
        leases(r).lease(request({ worker: 'w2', now: T1, leasedUntil: T2, limit: 5 })),
      );
      checkEqual(
        again,
        ['A00000802', 'A00000804', 'A00000805'],
        'a lease at the instant the first leases end: the expired ones not done, never the done ones',
      );
      const open = await commit(store, (r) => leases(r).open());
      checkEqual(
        open.map((l) => [l.accountNumber, l.worker, l.leasedUntil]),
        [
          ['A00000802', 'w2', T2],
          ['A00000804', 'w2', T2],
          ['A00000805', 'w2', T2],
        ],
        'listOpenLeases: the re-leased accounts, with their new worker and end',
      );
      await commit(store, (r) => leases(r).finish(['A00000802', 'A00000804', 'A00000805', 'A00000899']));
      checkEqual(await commit(store, (r) => leases(r).open()), [], 'listOpenLeases once every lease is done');
      // More expired leases than asked for: those that ended first go first, then by account.
      const other = { billRunNumber: 'BR-00000083' };
      await commit(store, (r) => leases(r).lease(request({ ...other, limit: 2 })));
      await commit(store, (r) => leases(r).lease(request({ ...other, limit: 1, leasedUntil: T0_2 })));
      const first = await commit(store, (r) =>
        leases(r).lease(request({ ...other, worker: 'w2', now: T1, leasedUntil: T2, limit: 1 })),
      );
      checkEqual(first, ['A00000803'], 'of three expired leases, one: the one that ended first');
      const second = await commit(store, (r) =>
        leases(r).lease(request({ ...other, worker: 'w2', now: T1, leasedUntil: T2, limit: 1 })),
      );
      checkEqual(second, ['A00000801'], 'then, of the two that ended together, the first by account');
    });

    test(name(LEASES.ascending), async (store) => {
      await withAccounts(store);
      // A dead worker's leases, ending at different instants: A801 and A802 at T1, A803 earlier (T0_2).
      await commit(store, (r) => leases(r).lease(request({ limit: 2 })));
      await commit(store, (r) => leases(r).lease(request({ limit: 1, leasedUntil: T0_2 })));
      const at = (limit: number) =>
        commit(store, (r) => leases(r).lease(request({ worker: 'w2', now: T1, leasedUntil: T2, limit })));
      // Chosen: A803 (ended first), then A801 (of the two that ended at T1, the first by account).
      checkEqual(
        await at(2),
        ['A00000801', 'A00000803'],
        'two of three expired leases (A803 ended first): returned ascending, not in the order chosen — workOnBillRun bills them in the order returned, and refuses accounts out of order',
      );
      checkEqual(
        await at(2),
        ['A00000802', 'A00000804'],
        'the last expired lease, then the first new account from the cursor',
      );
      checkEqual(
        await at(5),
        ['A00000805'],
        'then only the new account left (the others are leased until T2)',
      );
    });

    test(name(LEASES.among), async (store) => {
      await withAccounts(store);
      const named = await commit(store, (r) =>
        leases(r).lease(request({ among: ['A00000802', 'A00000804'], limit: 5 })),
      );
      checkEqual(named, ['A00000802', 'A00000804'], 'a lease among two named accounts');
      const other = await commit(store, (r) =>
        leases(r).lease(request({ billRunNumber: 'BR-00000082', limit: 1 })),
      );
      checkEqual(other, ['A00000801'], "another run's first lease starts from the first account");
      checkEqual(
        await commit(store, (r) => leases(r).open('BR-00000082')),
        [
          {
            billRunNumber: 'BR-00000082',
            accountNumber: 'A00000801',
            worker: 'w1',
            leasedUntil: T1,
            done: false,
          },
        ],
        'listOpenLeases of the other run: only its own lease',
      );
      // A lease smaller than the named accounts moves the cursor past the last it took, in their order.
      const among = ['A00000802', 'A00000803', 'A00000805'];
      const lease = () =>
        commit(store, (r) => leases(r).lease(request({ billRunNumber: 'BR-00000083', among, limit: 2 })));
      checkEqual(await lease(), ['A00000802', 'A00000803'], 'the first two of three named accounts');
      checkEqual(await lease(), ['A00000805'], 'the next lease continues after them');
      checkEqual(await lease(), [], 'then none is left');
    });

    test(name(LEASES.rollback), async (store) => {
      await withAccounts(store);
      await rollBack(store, async (r) => {
        await leases(r).lease(request());
      });
      checkEqual(
        await commit(store, (r) => leases(r).lease(request())),
        ['A00000801', 'A00000802'],
        'a lease after a rolled-back lease takes the same accounts',
      );
      await rollBack(store, async (r) => {
        await leases(r).finish(['A00000801']);
      });
      checkEqual(
        (await commit(store, (r) => leases(r).open())).map((l) => l.accountNumber),
        ['A00000801', 'A00000802'],
        'leases after a rolled-back finish: still open',
      );
    });

    test(name(LEASES.concurrent), async (store) => {
      await withAccounts(store);
      const both = await Promise.all([
        commit(store, (r) => leases(r).lease(request({ worker: 'w1', limit: 3 }))),
        commit(store, (r) => leases(r).lease(request({ worker: 'w2', limit: 3 }))),
      ]);
      const all = [...both[0], ...both[1]];
      check(
        new Set(all).size === all.length,
        `two leasers took the same account: ${JSON.stringify(both)} (take new accounts under a lock on the run's cursor)`,
      );
      checkEqual([...all].sort(), [...ACCOUNTS], 'the two leases together: every account once');
    });
  });
}
