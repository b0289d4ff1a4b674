// The in-memory adapter must pass the same contract kit any host adapter runs (decisions.md,
// "Shape of the code"), with its probe as the independent read path.
import { createMemoryStore, type MemoryStore } from 'invoice-schedules/memory';
import { describeRepositoryContract } from 'invoice-schedules/testing';
import { describe, it } from 'vitest';

describeRepositoryContract<MemoryStore>({
  describe,
  it,
  name: 'memory',
  createStore: () => createMemoryStore(),
  probe: (store) => store.probe,
});

// Again with transactions side by side (issue 10, item 5): the kit's isolation and concurrency checks
// then really overlap, as on PostgreSQL at READ COMMITTED.
describeRepositoryContract<MemoryStore>({
  describe,
  it,
  name: 'memory, read committed',
  createStore: () => createMemoryStore({ isolation: 'read-committed' }),
  probe: (store) => store.probe,
});
