import type { UnitOfWork } from '../../ports/index';
import { describeBatches } from './batches';
import { describeBillRuns } from './bill-runs';
import { describeLookupById } from './by-id';
import { describeCompareAndSet, describeScheduleRemoval } from './compare-and-set';
import { describeDocumentQueries } from './documents';
import { contractHarness, type RepositoryContractOptions } from './harness';
import { describeIsolation } from './isolation';
import { describeKeys } from './keys';
import { describeLeases } from './leases';
import { describeOutbox } from './outbox';
import { describeOwnWrites } from './own-writes';
import { describePages } from './pages';
import { describeQueries } from './queries';
import { describeRoundTrips, describeShape } from './round-trips';
import {
  describeIdempotencyAge,
  describeIdempotencyKeys,
  describeSequences,
  describeTransactions,
} from './transactions';

export type { MaybePromise, RepositoryContractOptions, RepositoryProbe } from './harness';

/**
 * Registers the repository contract suite: the behaviour every adapter of the ports in
 * `invoice-schedules` must have (the library's rules, listed in docs/guides/repositories.md). Run it from
 * your adapter's test file with your runner's `describe`/`it` and a factory of fresh stores:
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeRepositoryContract } from 'invoice-schedules/testing';
 * describeRepositoryContract({ describe, it, name: 'postgres', createStore: () => makePgStore() });
 * ```
 *
 * Every test creates its own store, so tests are independent and may run in any order. Covered:
 * round trips of every aggregate (compared as records, with every field a save can give it: a credit memo's
 * applications, each kind of bill run with its filters, the audit fields), compare-and-set with typed
 * `VersionConflict`s, commit on `Ok` and rollback on `Err` / throw, repositories that refuse to be used once
 * their transaction ended, read-your-writes of every write
 * method, isolation between transactions (no stale cached reads, no dirty reads, a rollback undoes
 * only its own writes), gapless transactional sequences that never issue a committed number again,
 * unique case-sensitive keys and numbers, idempotency keys a rollback frees, idempotency records' `createdAt`
 * and their deletion by age (`deleteCreatedBefore`, when the store has it), every list query's
 * filter, statuses and ordering (Drafts included), lookups by id (`getById`), CAS removal,
 * concurrent transactions, the keyset pages of the listings (`page`: order, filters, keys taken as given,
 * own writes), the optional outbox (commit, rollback, a rolled-back id appended again, the order given, an
 * id stored once), bill run leases (which accounts `leaseAccounts` takes, returned ascending), and the
 * optional batch methods, each as its single-key form (every entity of a batch saved, by compare-and-set; each row
 * listed once, at its current version; a document found by any of its lines; a run's own parts only; of two
 * concurrent `insertMany` of one key, one inserts it). The isolation tests hold one transaction open
 * while another runs: a store that runs transactions one at a time passes them too (after a 50 ms wait
 * each). Assertions
 * throw plain `Error`s; the kit does not import any runner. A test of an optional port or method the
 * store does not have is reported as skipped through the runner's test context (see
 * {@link RepositoryContractOptions.it}); an `outbox` needs the `outbox` probe, or its tests fail. Test
 * names are stable, so a runner's name filter selects a group (`vitest -t "sequences"`).
 * @since 0.1.0
 */
export function describeRepositoryContract<S extends UnitOfWork>(
  options: RepositoryContractOptions<S>,
): void {
  const harness = contractHarness(options);
  const { describe } = harness;
  const title = `repository contract${options.name === undefined ? '' : ` (${options.name})`}`;
  // The groups register in this order; test names and order are part of what adapter authors see.
  describe(title, () => {
    describeShape(harness);
    describeRoundTrips(harness);
    describeCompareAndSet(harness);
    describeLookupById(harness);
    describeScheduleRemoval(harness);
    describeTransactions(harness);
    describeOwnWrites(harness);
    describeIsolation(harness);
    describeSequences(harness);
    describeIdempotencyKeys(harness);
    describeIdempotencyAge(harness);
    describeKeys(harness);
    describeQueries(harness);
    describeDocumentQueries(harness);
    describeBillRuns(harness);
    describeLeases(harness);
    describePages(harness);
    describeOutbox(harness);
    describeBatches(harness);
  });
}
