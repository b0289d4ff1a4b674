import type { UnitOfWork } from '../../ports/index';
import { describeLookupById } from './by-id';
import { describeCompareAndSet, describeScheduleRemoval } from './compare-and-set';
import { contractHarness, type RepositoryContractOptions } from './harness';
import { describeQueries } from './queries';
import { describeRoundTrips, describeShape } from './round-trips';
import { describeIdempotencyKeys, describeSequences, describeTransactions } from './transactions';

export type { MaybePromise, RepositoryContractOptions, RepositoryProbe } from './harness';

/**
 * Registers the repository contract suite: the behaviour every adapter of the ports in
 * `invoice-schedules` must have (reference §2, §2.1). Run it from your adapter's test file with
 * your runner's `describe`/`it` and a factory of fresh stores:
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeRepositoryContract } from 'invoice-schedules/testing';
 * describeRepositoryContract({ describe, it, name: 'postgres', createStore: () => makePgStore() });
 * ```
 *
 * Every test creates its own store, so tests are independent and may run in any order. Covered:
 * round trips of every aggregate (compared as records), compare-and-set with typed
 * `VersionConflict`s, commit on `Ok` and rollback on `Err` / throw, gapless transactional
 * sequences, unique idempotency keys, the list queries' filters and ordering, lookups by id
 * (`getById`), CAS removal, and concurrent transactions. Assertions throw plain `Error`s; the kit does not import any runner.
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
    describeSequences(harness);
    describeIdempotencyKeys(harness);
    describeQueries(harness);
  });
}
