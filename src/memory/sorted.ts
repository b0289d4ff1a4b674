// A sorted list kept in chunks of at most 2 × CHUNK values, for the tables' committed numbers and named
// orderings: adding or removing a value moves at most one small chunk, not the whole list (a splice of one
// array of 10,000 rows cost more than the rest of a save: V8 moves the elements one by one, with a write
// barrier each, while the collector marks, which is often in a store this size).

const CHUNK = 32;

/** Reads a {@link SortedList} in order from a position; `undefined` once past the last value. */
export interface SortedCursor<T> {
  next(): T | undefined;
}

/** Distinct values in ascending `compare` order. */
export interface SortedList<T> {
  /** Adds `value` (the caller never adds one that compares equal to a value already in). */
  add(value: T): void;
  /** Removes the value comparing equal to `value`, if there is one. */
  delete(value: T): void;
  /** The values strictly after `after` (`null`: from the first), in order. */
  after(after: T | null): SortedCursor<T>;
  /** Every value, in order. */
  values(): T[];
}

export function sortedList<T>(compare: (a: T, b: T) => number): SortedList<T> {
  const chunks: T[][] = [];

  /** The first chunk whose last value is ≥ `value` (`chunks.length` if none). */
  function chunkOf(value: T): number {
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid] as T[];
      if (compare(chunk[chunk.length - 1] as T, value) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first position in `chunk` whose value is ≥ `value` (or > it when `strictly`). */
  function positionIn(chunk: readonly T[], value: T, strictly: boolean): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(chunk[mid] as T, value);
      if (c < 0 || (strictly && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    add(value) {
      if (chunks.length === 0) {
        chunks.push([value]);
        return;
      }
      // New numbers mostly come last: append without a search.
      const last = chunks[chunks.length - 1] as T[];
      if (compare(last[last.length - 1] as T, value) < 0) {
        last.push(value);
        if (last.length > 2 * CHUNK) chunks.push(last.splice(CHUNK));
        return;
      }
      const c = Math.min(chunkOf(value), chunks.length - 1);
      const chunk = chunks[c] as T[];
      chunk.splice(positionIn(chunk, value, false), 0, value);
      if (chunk.length > 2 * CHUNK) chunks.splice(c + 1, 0, chunk.splice(CHUNK));
    },
    delete(value) {
      const c = chunkOf(value);
      const chunk = chunks[c];
      if (chunk === undefined) return;
      const at = positionIn(chunk, value, false);
      if (at >= chunk.length || compare(chunk[at] as T, value) !== 0) return;
      chunk.splice(at, 1);
      if (chunk.length === 0) chunks.splice(c, 1);
    },
    after(after) {
      let c = after === null ? 0 : chunkOf(after);
      let at = after === null || c >= chunks.length ? 0 : positionIn(chunks[c] as T[], after, true);
      return {
        next() {
          let chunk = chunks[c];
          while (chunk !== undefined && at >= chunk.length) {
            c += 1;
            at = 0;
            chunk = chunks[c];
          }
          if (chunk === undefined) return undefined;
          const value = chunk[at] as T;
          at += 1;
          return value;
        },
      };
    },
    values: () => chunks.flat() as T[],
  };
}
