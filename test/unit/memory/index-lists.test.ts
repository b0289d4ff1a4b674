// The memory table's secondary indexes keep the numbers under a value as one string, a few in an array of
// their own length, or more in a set (table.ts `indexId`). Whatever the form, `listBy` must list exactly the
// committed rows whose index values include it, in number order, as a scan would: a model-based check over
// random inserts, moves between values, removals and rolled-back transactions.
import { fc, test } from '@fast-check/vitest';
import { ok } from 'neverthrow';
import { describe, expect } from 'vitest';
import { table } from '../../../src/memory/table';

interface Row {
  readonly number: string;
  readonly version: number;
  readonly tags: readonly string[];
}

const rowsTable = () =>
  table<Row, Row>(
    'InvoiceSchedule',
    (row) => row,
    (record) => ok(Object.freeze(record as Row)),
    { indexes: { tag: (row) => row.tags } },
  );

const TAGS = ['a', 'b', 'c'];
const arbStep = fc.record({
  number: fc.integer({ min: 0, max: 39 }).map((n) => `N${String(n).padStart(2, '0')}`),
  // Most rows share a tag, so that values cross the array's limit both ways; a row may list a tag twice.
  tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 4 }),
  remove: fc.boolean(),
  rollBack: fc.boolean(),
});

describe('memory table: the numbers under an index value', () => {
  test.prop([fc.array(arbStep, { minLength: 1, maxLength: 200 })], { numRuns: 200 })(
    'listBy lists what a scan of the committed rows finds, in number order, across 1, few and many rows',
    (steps) => {
      const t = rowsTable();
      const model = new Map<string, Row>();
      for (const step of steps) {
        const view = t.open();
        const current = t.get(view, step.number);
        if (step.remove) {
          if (current === null) continue;
          expect(t.remove(view, step.number, current.version).isOk()).toBe(true);
          if (!step.rollBack) {
            t.commit(view);
            model.delete(step.number);
          }
        } else {
          const row = Object.freeze({
            number: step.number,
            version: (current?.version ?? 0) + 1,
            tags: Object.freeze([...step.tags]),
          });
          expect(t.save(view, row).isOk()).toBe(true);
          if (!step.rollBack) {
            t.commit(view);
            model.set(step.number, row);
          }
        }
        const fresh = t.open();
        for (const tag of TAGS) {
          const expected = [...model.values()]
            .filter((r) => r.tags.includes(tag))
            .map((r) => r.number)
            .sort();
          expect(t.listBy(fresh, 'tag', tag).map((r) => r.number)).toEqual(expected);
        }
      }
    },
  );

  test.prop([fc.integer({ min: 1, max: 40 })])(
    'a value reached by many rows and left by them one by one lists those left at each step, then nothing',
    (count) => {
      const t = rowsTable();
      const numbers = Array.from({ length: count }, (_, i) => `N${String(i).padStart(2, '0')}`);
      for (const number of numbers) {
        const view = t.open();
        t.save(view, Object.freeze({ number, version: 1, tags: Object.freeze(['a']) }));
        t.commit(view);
      }
      expect(t.listBy(t.open(), 'tag', 'a')).toHaveLength(count);
      // Left from the middle out, so the numbers a set turns back into an array are not a prefix.
      const order = [...numbers].sort((x, y) => ((x.charCodeAt(2) * 7) % 11) - ((y.charCodeAt(2) * 7) % 11));
      const left = new Set(numbers);
      for (const number of order) {
        const view = t.open();
        const moved = t.save(view, Object.freeze({ number, version: 2, tags: Object.freeze(['b']) }));
        expect(moved.isOk()).toBe(true);
        t.commit(view);
        left.delete(number);
        expect(t.listBy(t.open(), 'tag', 'a').map((r) => r.number)).toEqual([...left].sort());
      }
      expect(t.listBy(t.open(), 'tag', 'a')).toEqual([]);
      expect(t.listBy(t.open(), 'tag', 'b').map((r) => r.number)).toEqual(numbers);
      // Back again, one by one: the value's numbers grow through each form once more.
      for (const [k, number] of order.entries()) {
        const view = t.open();
        t.save(view, Object.freeze({ number, version: 3, tags: Object.freeze(['a']) }));
        t.commit(view);
        expect(t.listBy(t.open(), 'tag', 'a').map((r) => r.number)).toEqual(order.slice(0, k + 1).sort());
      }
    },
  );
});
