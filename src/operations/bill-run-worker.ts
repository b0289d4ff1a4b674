import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import type { AccountsBillRun } from '../domain/billing/bill-run';
import { type InvalidInput, invalidInput } from '../domain/errors';
import type { BillRunNumber } from '../domain/numbers';
import { type BillRunAborted, type BillRunNotFound, billRunAborted } from '../domain/schedule/errors';
import type {
  BillingContext,
  BillRunLease,
  BillRunRepository,
  InvalidContext,
  StoreConflict,
  VersionConflict,
} from '../ports';
import { ACCOUNTS_PER_TRANSACTION, billAccountsOfRun } from './account-batch';
import { refreshCompletedRun } from './bill-account';
import {
  type BillRunProgress,
  checkOptions,
  completeBillRun,
  namedAccounts,
  type RunBillRunOptions,
} from './bill-run';
import { noteForIdFault } from './checked-ids';
import { EXPECTED_NUMBER, loadBillRunByKey, OPTIONAL_FIELDS, requireFields, wholeNumber } from './common';
import { type Emitted, mutation, transact } from './operation';

// A bill run shared by many workers (issue 12): each worker leases a few accounts at a time, bills them in
// batches, and leases again until nothing is left, ending the leases it settled in the transaction that
// takes the next ones; the worker that finds every lease done completes the run. A dead worker's leases
// expire and are leased again.

/**
 * One worker's share of a bill run.
 * @category Inputs
 * @since 0.2.0
 */
export interface WorkOnBillRunInput {
  /** A bill run from `startBillRun` (its number or id). */
  readonly billRunNumber: BillRunNumber;
  /** Who works (a host name and process id, a job id): recorded on the leases it takes. */
  readonly worker: string;
  /**
   * How long a lease lasts, in seconds (1 to 86,400; default 300): after it, a lease not done is taken
   * by another worker. Make it longer than billing `batchSize` accounts takes.
   */
  readonly leaseSeconds?: number;
  /**
   * How many accounts a worker leases at a time (1 to 500; default twice `accountsPerTransaction`, so 100
   * unless told, at most 500): a lease is billed in transactions of `accountsPerTransaction` accounts, and
   * each lease is a transaction of its own. A worker that dies holds this many accounts back until its
   * leases end.
   */
  readonly batchSize?: number;
}

/**
 * What one call of {@link workOnBillRun} did, and the run as it stands.
 * @category Domain model
 * @since 0.2.0
 */
export interface BillRunWork {
  /** The run: `Completed` / `CompletedWithErrors` when it is done, else still `Running`. */
  readonly run: AccountsBillRun;
  /**
   * Accounts this call visited (billed, failed, or nothing to bill), an account it took over from an expired lease
   * and found billed included: summed over workers it can exceed the run's accounts.
   */
  readonly accountsVisited: number;
  /**
   * When the run is still `Running`: the leases other workers hold (nothing was left to lease when this
   * call stopped). Empty once the run is completed.
   */
  readonly waitingFor: readonly BillRunLease[];
  /**
   * When to call again if the run is still `Running`: the first instant one of `waitingFor`'s leases ends
   * (ISO 8601). A worker that died leaves its accounts to whoever calls after that. `null` once completed.
   */
  readonly retryAt: string | null;
}

/**
 * Everything {@link workOnBillRun} can fail with. An account that fails is not among them: it is
 * recorded as its `Failed` part, as in `runBillRun`.
 * @category Errors
 * @since 0.2.0
 */
export type WorkOnBillRunError =
  | BillRunNotFound
  | InvalidInput
  | VersionConflict
  | StoreConflict
  | InvalidContext
  | BillRunAborted;

const DEFAULT_LEASE_SECONDS = 300;

/** The lease methods of the store's bill run repository, or an error naming what the adapter lacks. */
function leasesOf(
  billRuns: BillRunRepository,
): Result<
  Required<Pick<BillRunRepository, 'leaseAccounts' | 'finishAccountLeases' | 'listOpenLeases'>>,
  InvalidInput
> {
  const { leaseAccounts, finishAccountLeases, listOpenLeases } = billRuns;
  if (leaseAccounts === undefined || finishAccountLeases === undefined || listOpenLeases === undefined) {
    return err(
      invalidInput(
        'context.store',
        'a store whose billRuns repository has leaseAccounts, finishAccountLeases and listOpenLeases',
        'a store without bill run leases',
      ),
    );
  }
  return ok({
    leaseAccounts: leaseAccounts.bind(billRuns),
    finishAccountLeases: finishAccountLeases.bind(billRuns),
    listOpenLeases: listOpenLeases.bind(billRuns),
  });
}

/**
 * Works on a bill run together with other workers (other processes, other machines): leases a batch of
 * the run's accounts, bills them — `options.accountsPerTransaction` (default 50) accounts per transaction,
 * each account's due items and standard billing with its part, as `billAccount` would — and leases again,
 * ending the leases it settled in the same transaction, until no account is left to lease. Then, when no lease is open anywhere, it completes the run; when other workers still
 * hold leases, it returns them with `retryAt`, the instant the first of them ends: call again then, so
 * the accounts of a worker that died are billed (its leases expire). Start the run once with
 * `startBillRun` and call this from every worker with the run's number.
 *
 * Leases spread the work; they are not what keeps it right: an account is billed under its claim and
 * saved with its `Billed` part, so an account leased twice (an expired lease of a slow worker) is billed
 * once. The lease instants come from the context's clock; the workers' clocks should agree to well
 * within the lease.
 * @example
 * ```ts
 * // On each of several workers, with the number of a run one of them started:
 * const work = await workOnBillRun(context, { billRunNumber: 'BR-00000001', worker: 'worker-1' });
 * if (work.isOk() && work.value.run.status === 'Running') {
 *   // Others still hold leases: call again at work.value.retryAt.
 * }
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function workOnBillRun(
  context: BillingContext,
  input: WorkOnBillRunInput,
  options: RunBillRunOptions = {},
): ResultAsync<Emitted<BillRunWork>, WorkOnBillRunError> {
  return mutation(context, input, work, options);
}

/** The body of {@link workOnBillRun}, once the context is checked. */
async function work(
  context: BillingContext,
  input: WorkOnBillRunInput,
  options: RunBillRunOptions,
): Promise<Result<BillRunWork, WorkOnBillRunError>> {
  const fields = requireFields(
    'workOnBillRun',
    input,
    {
      billRunNumber: EXPECTED_NUMBER.billRunNumber,
      worker: 'a non-blank string naming the worker, such as "billing-worker-1"',
    },
    OPTIONAL_FIELDS.workOnBillRun,
  );
  if (fields.isErr()) return err(fields.error);
  const given = fields.value;
  const leaseRead = wholeNumber(input.leaseSeconds, 'leaseSeconds', 1, 86_400, DEFAULT_LEASE_SECONDS);
  if (leaseRead.isErr()) return err(leaseRead.error);
  const leaseSeconds = leaseRead.value;
  const checked = checkOptions(options);
  if (checked.isErr()) return err(checked.error);
  const size = options.accountsPerTransaction ?? ACCOUNTS_PER_TRANSACTION;
  const batchRead = wholeNumber(input.batchSize, 'batchSize', 1, 500, Math.min(500, 2 * size));
  if (batchRead.isErr()) return err(batchRead.error);
  const batchSize = batchRead.value;
  // Every transaction of the call goes through transact: a serialization failure or a deadlock is run
  // again (3 attempts), then a StoreConflict — never the driver's error thrown at the host.
  const found = await transact(context, (repos) => loadBillRunByKey(repos, given.billRunNumber));
  if (found.isErr()) return err(found.error);
  const loaded = found.value;
  if (loaded.kind !== 'BillRun') {
    return err(
      invalidInput(
        'billRunNumber',
        'the number of a bill run over accounts (kind BillRun)',
        given.billRunNumber,
      ),
    );
  }
  const run: AccountsBillRun = loaded;
  if (run.status !== 'Running') return ok(done(run, 0));
  // A bad id from here on stops this worker with no transaction of it committing after the fault: the leases it
  // holds (of accounts billed in its earlier transactions too) stay open until they end.
  noteForIdFault(
    context,
    `Bill run ${run.number} stays Running, with the accounts billed before the fault; the accounts this call leased stay leased until their leases end (leaseSeconds: ${leaseSeconds}): call workOnBillRun again with good ids, at its retryAt while it answers the run Running, and it bills the accounts left and completes the run.`,
  );
  const among = await namedAccounts(context, run);
  let visited = 0;
  // A function, not a narrowed property: onProgress (or anything else) may abort while the call runs.
  const abortRequested = () => options.signal?.aborted === true;
  // The accounts of the last lease that are settled: their leases end in the transaction that takes the
  // next ones (one transaction per lease, not two), or in one of their own when the worker stops.
  let settled: readonly string[] = [];
  const finishSettled = async (): Promise<Result<undefined, InvalidInput | StoreConflict>> => {
    const accounts = settled;
    settled = [];
    if (accounts.length === 0) return ok(undefined);
    return transact(context, async (repos): Promise<Result<undefined, InvalidInput>> => {
      const leases = leasesOf(repos.billRuns);
      if (leases.isErr()) return err(leases.error);
      await leases.value.finishAccountLeases(run.number, accounts);
      return ok(undefined);
    });
  };
  // Whether parts were saved since the run was last read after them. A run completed beside a worker must be
  // brought in line with the parts it saved (refreshCompletedRun: each side reads the run after it commits):
  // the worker reads the run in the transaction of its next lease, not in one of its own after each batch,
  // and refreshes it only when it is no longer Running; or before it returns without leasing again.
  let unread = false;
  const refreshUnread = async (): Promise<void> => {
    if (!unread) return;
    unread = false;
    await refreshCompletedRun(context, run.number);
  };
  // Before returning without leasing again: the run brought in line, then the settled leases ended (best effort
  // where the caller ignores the result: a lease left open ends after leaseSeconds, and its account is then
  // found settled).
  const wrapUp = async (): Promise<Result<undefined, InvalidInput | StoreConflict>> => {
    await refreshUnread();
    return finishSettled();
  };
  try {
    for (;;) {
      if (abortRequested()) {
        await wrapUp();
        return err(billRunAborted(run.number));
      }
      const now = context.clock.now();
      const ending = settled;
      const reading = unread;
      const leasing = await transact(
        context,
        async (repos): Promise<Result<{ leased: readonly string[]; running: boolean }, InvalidInput>> => {
          const leases = leasesOf(repos.billRuns);
          if (leases.isErr()) return err(leases.error);
          if (ending.length > 0) await leases.value.finishAccountLeases(run.number, ending);
          const current = reading ? await loadBillRunByKey(repos, run.number) : null;
          const running = current === null || current.map((r) => r.status === 'Running').unwrapOr(false);
          // A run no longer Running (completed beside this worker) has nothing left to lease.
          if (!running) return ok({ leased: [], running });
          const leased = await leases.value.leaseAccounts({
            billRunNumber: run.number,
            worker: given.worker,
            limit: batchSize,
            now: now.toISOString(),
            leasedUntil: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
            among,
          });
          return ok({ leased, running });
        },
      );
      if (leasing.isErr()) {
        // The settled leases' end rolled back with the lease: ended in a transaction of their own.
        await wrapUp();
        return err(leasing.error);
      }
      settled = [];
      if (leasing.value.running) unread = false;
      else await refreshUnread();
      const { leased } = leasing.value;
      if (leased.length === 0) break;
      const finished: string[] = [];
      let stopped = false;
      let aborted = false;
      for (let at = 0; at < leased.length; at += size) {
        // Checked before each batch, as runBillRun does; the accounts left keep their leases until they end.
        if (abortRequested()) {
          aborted = true;
          break;
        }
        const batch = leased.slice(at, at + size);
        const billed = await billAccountsOfRun(context, run, batch, { completesAfter: true });
        if (billed.parts.some((p) => p.version > 0)) unread = true;
        for (const part of billed.parts) {
          finished.push(part.accountNumber);
          visited++;
          const progress: BillRunProgress = {
            billRunNumber: run.number,
            account: part,
            accountsVisited: visited,
          };
          options.onProgress?.(Object.freeze(progress));
        }
        if (billed.stopped !== null) {
          // Not Running any more: completed by another worker (which found every lease done, so these
          // accounts were billed by whoever leased them after this worker's lease ended), or missing, or a
          // StoreConflict (the store kept refusing an account's transactions): the settled leases end first.
          if (billed.stopped.type !== 'BillRunNotRunning') {
            settled = finished;
            await wrapUp();
            return err(billed.stopped);
          }
          stopped = true;
          break;
        }
      }
      settled = finished;
      if (aborted || stopped) {
        const ended = await wrapUp();
        if (aborted) return err(billRunAborted(run.number));
        if (ended.isErr()) return err(ended.error);
        break;
      }
    }
  } catch (thrown) {
    // A throw (the host's onProgress, a store failure no transaction retries): the parts this worker saved
    // still count, so a run completed beside it is brought in line before the throw goes on.
    await refreshUnread().catch(() => null);
    throw thrown;
  }
  const listed = await transact(context, async (repos) => {
    const leases = leasesOf(repos.billRuns);
    if (leases.isErr()) return err(leases.error);
    return ok(await leases.value.listOpenLeases(run.number));
  });
  if (listed.isErr()) return err(listed.error);
  const open = listed.value;
  if (open.length > 0) {
    const reloaded = await transact(context, (repos) => loadBillRunByKey(repos, run.number));
    if (reloaded.isErr()) return err(reloaded.error);
    const current = reloaded.value;
    if (current.kind === 'BillRun' && current.status !== 'Running') return ok(done(current, visited));
    // ISO instants in UTC sort as strings: the first to end is the smallest.
    const retryAt = open.map((l) => l.leasedUntil).sort()[0] ?? null;
    return ok(
      Object.freeze({
        run: current as AccountsBillRun,
        accountsVisited: visited,
        waitingFor: open,
        retryAt,
      }),
    );
  }
  const completed = await completeBillRun(context, { billRunNumber: run.number });
  if (completed.isErr()) return err(completed.error);
  return ok(done(completed.value, visited));
}

function done(run: AccountsBillRun, accountsVisited: number): BillRunWork {
  // The record alone: `completeBillRun`'s answer carries its events (not enumerable), which are this call's
  // `events` — and none with `keepEvents: false`.
  const record = Object.hasOwn(run, 'events') ? Object.freeze({ ...run }) : run;
  return Object.freeze({ run: record, accountsVisited, waitingFor: Object.freeze([]), retryAt: null });
}
