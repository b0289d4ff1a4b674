/**
 * `invoice-schedules/memory`: the in-memory adapter of the repository ports and a deterministic id
 * generator, for tests, demos and prototypes. Production hosts implement the ports on their own
 * database and run the contract kit of `invoice-schedules/testing` against it.
 * @since 0.1.0
 */

export { createSequentialIds } from './ids';
export { createMemoryStore } from './store';
export type {
  MemoryStore,
  MemoryStoreOptions,
  MemoryStoreProbe,
  MemoryStoreSeed,
  MemoryStoreSnapshot,
} from './types';
