import type { IdGenerator } from '../ports/index';

/**
 * A deterministic {@link IdGenerator} for tests and demos: `next('InvoiceScheduleItem')` gives
 * `InvoiceScheduleItem-000001`, then `-000002`, ...; one counter per kind, kept in this generator
 * instance (two generators never share state), so a re-run of the same scenario yields the same
 * ids. `prefix` is prepended, e.g. `createSequentialIds('t1-')` → `t1-Invoice-000001`.
 * Production hosts should inject UUIDs instead (`{ next: () => crypto.randomUUID() }`).
 * @since 0.1.0
 */
export function createSequentialIds(prefix = ''): IdGenerator {
  const counters = new Map<string, number>();
  return Object.freeze({
    next(kind: string): string {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      // Joined, not concatenated: a flat string (a concatenation is a rope of its parts, twice the size).
      return [prefix, kind, '-', String(n).padStart(6, '0')].join('');
    },
  });
}
