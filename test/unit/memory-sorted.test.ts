// The memory store's chunked sorted list (src/memory/sorted.ts) keeps the tables' numbers and orderings:
// whatever is added and removed, it reads back as one sorted array would, from any position.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { sortedList } from '../../src/memory/sorted';
import { byKey } from '../../src/memory/table';

/** Adds (true) and removes (false) of numbers drawn from a small range, so both hit existing values. */
const arbOps = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 1500 });

const key = (n: number) => `N${String(n).padStart(4, '0')}`;

function drain(cursor: { next(): string | undefined }): string[] {
  const out: string[] = [];
  for (let v = cursor.next(); v !== undefined; v = cursor.next()) out.push(v);
  return out;
}

describe('memory store sorted list', () => {
  test.prop([arbOps, fc.integer({ min: -1, max: 401 })], { numRuns: 60 })(
    'reads back as a sorted array would, after any adds and removes, from any position',
    (ops, from) => {
      const list = sortedList<string>(byKey);
      const model = new Set<string>();
      for (const [add, n] of ops) {
        if (add) {
          // The tables never add a value twice.
          if (!model.has(key(n))) list.add(key(n));
          model.add(key(n));
        } else {
          list.delete(key(n));
          model.delete(key(n));
        }
      }
      const sorted = [...model].sort(byKey);
      expect(list.values()).toEqual(sorted);
      expect(drain(list.after(null))).toEqual(sorted);
      const after = from < 0 ? null : key(from);
      expect(drain(list.after(after))).toEqual(sorted.filter((k) => after === null || k > after));
    },
  );
});
