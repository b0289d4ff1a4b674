import fc from 'fast-check';
import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/memory';
import type { IdempotencyRecord } from '../../../src/ports';

// The memory store's idempotency.deleteCreatedBefore keeps its records oldest first across calls (review 211: each
// batch of a prune sorted every record again, quadratic in their number). Whatever the order of calls, inserts
// and deletes, it deletes what a fresh sort would: the records before the instant, oldest first then by key,
// at most `limit`, never one the transaction wrote or deleted already.

const instant = (minute: number) => new Date(Date.UTC(2023, 0, 1, 0, minute)).toISOString();
const record = (key: string, minute: number | null): IdempotencyRecord => ({
  key,
  operation: 'test',
  result: '{}',
  ...(minute === null ? {} : { createdAt: instant(minute) }),
});

type Step =
  | { readonly kind: 'prune'; readonly before: number; readonly limit: number }
  | { readonly kind: 'insert'; readonly key: string; readonly minute: number | null };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('prune' as const),
    before: fc.integer({ min: 0, max: 12 }),
    limit: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
    minute: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  }),
);

describe('deleteCreatedBefore across calls', () => {
  it('deletes what a fresh sort of the records would, call after call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 10 })), {
          selector: ([key]) => key,
          maxLength: 20,
        }),
        fc.array(step, { maxLength: 15 }),
        async (seed, steps) => {
          const store = createMemoryStore({
            initial: { idempotency: seed.map(([key, minute]) => record(key, minute)) },
          });
          const model = new Map<string, number | null>(seed.map(([key, minute]) => [key, minute]));
          for (const s of steps) {
            if (s.kind === 'insert') {
              const inserted = await store.transaction(async (repos) =>
                ok(await repos.idempotency.insert(record(s.key, s.minute))),
              );
              if (inserted._unsafeUnwrap()) model.set(s.key, s.minute);
              continue;
            }
            const expected = [...model]
              .filter((e): e is [string, number] => e[1] !== null && e[1] < s.before)
              .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
              .slice(0, s.limit)
              .map(([key]) => key);
            const deleted = await store.transaction(async (repos) => {
              const deleteCreatedBefore = repos.idempotency.deleteCreatedBefore;
              if (deleteCreatedBefore === undefined) throw new Error('the memory store deletes by age');
              return ok(await deleteCreatedBefore.call(repos.idempotency, instant(s.before), s.limit));
            });
            expect(deleted._unsafeUnwrap()).toBe(expected.length);
            for (const key of expected) model.delete(key);
            const left = store.probe
              .snapshot()
              .idempotency.map((r) => r.key)
              .sort();
            expect(left).toEqual([...model.keys()].sort());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
