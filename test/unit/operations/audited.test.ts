// The audit stamp a recorded transaction puts on every schedule, invoice and credit memo it saves
// (operations/recording.ts `audited`), directly: the operations' tests (test/unit/audit.test.ts) see it only
// through what they save. A schedule and an invoice are copied as literals of their fields (domain/copy.ts),
// anything else through a spread: both must give the same fields, in the same order, frozen, and leave the
// value they were given as it was. The values are in the stores' field order (read back through the codecs,
// all four audit fields or none), so the literal copies are the ones taken: a field miscopied in either
// literal fails four of its entity's five tests (checked by hand); a value with a key of its own takes the
// spread.
import { buildCreditMemo, buildInvoice, buildInvoiceSchedule } from 'invoice-schedules/testing';
import { describe, expect, it } from 'vitest';
import { audited, type Entity, type Stored } from '../../../src/operations/recording';
import {
  fromCreditMemoRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
} from '../../../src/ports/records';

const AT = '2023-02-01T10:00:00.000Z';
const EARLIER = '2023-01-01T09:00:00.000Z';
const stamp = { at: AT, by: 'user:bob' };

/**
 * What the spread gives: the reference the literal copies must equal, key order included. A stamp with a
 * creation puts the audit fields before the version, as the stores order them (a value that had none, a
 * new one, gets them there too, so the answer serialises as its stored copy does).
 */
function bySpread(next: object, createdAt: string | undefined, createdBy: string | null): object {
  if (createdAt === undefined) return { ...next, updatedAt: AT, updatedBy: 'user:bob' };
  const { version, ...rest } = next as { readonly version?: number };
  return {
    ...rest,
    createdAt,
    createdBy,
    updatedAt: AT,
    updatedBy: 'user:bob',
    ...(version === undefined ? {} : { version }),
  };
}

/** A builder's value as the stores return it: its fields in the codecs' order (the literal copies' order). */
function stored<E>(value: E, to: (v: E) => unknown, from: (r: unknown) => { _unsafeUnwrap(): E }): Stored {
  return from(to(value))._unsafeUnwrap() as unknown as Stored;
}

const cases: [Entity, (over: Record<string, unknown>) => Stored][] = [
  [
    'InvoiceSchedule',
    (over) => stored(buildInvoiceSchedule(over as never), toInvoiceScheduleRecord, fromInvoiceScheduleRecord),
  ],
  ['Invoice', (over) => stored(buildInvoice(over as never), toInvoiceRecord, fromInvoiceRecord)],
  ['CreditMemo', (over) => stored(buildCreditMemo(over as never), toCreditMemoRecord, fromCreditMemoRecord)],
];

describe.each(cases)('audited: %s', (entity, build) => {
  /** A value as stored: saved by `who`, created at `createdAt` (all four audit fields). */
  const saved = (version: number, who: string, createdAt = EARLIER) =>
    Object.freeze(build({ version, createdAt, createdBy: who, updatedAt: EARLIER, updatedBy: who }));
  /** A value as the domain builds a new version of it: no audit field at all. */
  const bare = (version: number) => {
    const record = { ...(build({ version }) as unknown as Record<string, unknown>) };
    for (const field of ['createdAt', 'createdBy', 'updatedAt', 'updatedBy']) delete record[field];
    return Object.freeze(record) as unknown as Stored;
  };

  it('a first version is created and updated now, by the stamp’s actor', () => {
    const next = saved(1, 'user:ana');
    const out = audited(next, null, stamp, entity);
    expect(out).toEqual(bySpread(next, AT, 'user:bob'));
    expect(Object.keys(out)).toEqual(Object.keys(bySpread(next, AT, 'user:bob')));
    expect(Object.isFrozen(out)).toBe(true);
  });

  it('a later version keeps the creation it carries, and is updated now', () => {
    const next = saved(3, 'user:ana');
    const out = audited(next, saved(2, 'x', '2022-12-01T00:00:00.000Z'), stamp, entity);
    expect(out).toEqual(bySpread(next, EARLIER, 'user:ana'));
    expect(Object.keys(out)).toEqual(Object.keys(bySpread(next, EARLIER, 'user:ana')));
  });

  it('a creation the later version carries is kept as it is, a null creator included', () => {
    const next = Object.freeze({ ...saved(3, 'user:ana'), createdBy: null }) as unknown as Stored;
    const out = audited(next, saved(2, 'user:zoe'), stamp, entity) as unknown as Record<string, unknown>;
    expect([out.createdAt, out.createdBy]).toEqual([EARLIER, null]);
    expect(out).toEqual(bySpread(next, EARLIER, null));
  });

  it('a later version without audit fields takes the stored version’s creation', () => {
    const next = bare(2);
    const out = audited(next, saved(1, 'user:ana'), stamp, entity) as unknown as Record<string, unknown>;
    expect(out).toEqual(bySpread(next, EARLIER, 'user:ana'));
    expect(Object.keys(out)).toEqual(Object.keys(bySpread(next, EARLIER, 'user:ana')));
    expect([out.createdAt, out.createdBy, out.updatedAt, out.updatedBy]).toEqual([
      EARLIER,
      'user:ana',
      AT,
      'user:bob',
    ]);
  });

  it('a later version with neither its own nor a stored creation gets none', () => {
    const next = bare(2);
    const out = audited(next, null, stamp, entity) as unknown as Record<string, unknown>;
    expect(out).toEqual(bySpread(next, undefined, null));
    expect('createdAt' in out).toBe(false);
  });

  it('leaves the value it was given as it was, and keeps a key the type does not have', () => {
    const withExtra = Object.freeze({ ...saved(2, 'user:ana'), hostNote: 'kept' }) as unknown as Stored;
    const before = JSON.stringify(withExtra);
    const out = audited(withExtra, null, stamp, entity) as unknown as Record<string, unknown>;
    expect(JSON.stringify(withExtra)).toBe(before);
    expect(out.hostNote).toBe('kept');
    expect(out).toEqual(bySpread(withExtra, EARLIER, 'user:ana'));
  });
});
