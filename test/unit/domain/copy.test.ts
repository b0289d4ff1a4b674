// The literal copies of domain/copy.ts must give what the spreads they replace gave: the same fields and
// values (a value with other keys than its type's, or a deleted schedule, is still copied by a spread, so a
// JavaScript caller's extra field is kept as before), a writable draft that shares nothing writable with the
// frozen source, and frozen values where the helper freezes.
import { fc, test } from '@fast-check/vitest';
import { arbInvoice, arbInvoiceSchedule } from 'invoice-schedules/testing/arbitraries';
import { describe, expect, it } from 'vitest';
import { invoiceDraft, lineWithId } from '../../../src/domain/documents/copy';
import type { Invoice } from '../../../src/domain/documents/invoice';
import { chargeWithBilled, itemDraft, scheduleDraft } from '../../../src/domain/schedule/copy';
import { type InvoiceSchedule, refreshSchedule } from '../../../src/domain/schedule/schedule';
import { deepFreeze } from '../../../src/memory/table';
import { Dec } from '../../../src/money/decimal';
import type { BusinessDate } from '../../../src/time/date';

/** No audit fields (a value before its first save), or all four (a stored version). */
const arbAudit = fc.oneof(
  fc.constant({}),
  fc.record({
    createdAt: fc.constant('2023-01-01T12:00:00.000Z'),
    createdBy: fc.constantFrom(null, 'ops@example.com'),
    updatedAt: fc.constant('2023-01-02T08:30:00.000Z'),
    updatedBy: fc.constantFrom(null, 'billing'),
  }),
);

/** Sometimes a field a JavaScript caller added, sometimes a deleted schedule or a lone audit field. */
const arbOdd = fc.constantFrom<Record<string, unknown>>(
  {},
  {},
  { extra: 1 },
  { deleted: true },
  { createdAt: '2023-01-01T12:00:00.000Z' },
);

const arbSchedule = fc
  .tuple(arbInvoiceSchedule(), arbAudit, arbOdd)
  .map(([s, audit, odd]) => deepFreeze({ ...s, ...audit, ...odd }) as InvoiceSchedule);
const arbInvoiceOf = fc
  .tuple(arbInvoice(), arbAudit, arbOdd)
  .map(([i, audit, odd]) => deepFreeze({ ...i, ...audit, ...odd }) as Invoice);

describe('domain copies: literals that give what a spread gives', () => {
  test.prop([arbSchedule], { numRuns: 200 })('a schedule, its items and charges', (s) => {
    const draft = scheduleDraft(s);
    expect(draft).toStrictEqual({ ...s });
    expect(Object.keys(draft)).toEqual(Object.keys({ ...s }));
    expect(Object.isFrozen(draft)).toBe(false);
    expect(draft).not.toBe(s);
    draft.notes = 'changed';
    expect(s.notes).not.toBe('changed');
    for (const item of s.items) {
      const copy = itemDraft(item);
      expect(copy).toStrictEqual({ ...item });
      expect(Object.keys(copy)).toEqual(Object.keys({ ...item }));
      expect(Object.isFrozen(copy)).toBe(false);
    }
    for (const charge of s.charges) {
      const billed = new Dec('12.34');
      const served = { end: '2023-04-18' as BusinessDate, endDayPartial: false };
      const copy = chargeWithBilled(charge, billed, served);
      expect(copy).toStrictEqual({ ...charge, billedAmount: billed, servedThrough: served });
      expect(Object.keys(copy)).toEqual(Object.keys(charge));
      expect(Object.isFrozen(copy)).toBe(true);
    }
  });

  test.prop([arbInvoiceOf], { numRuns: 200 })('an invoice and its lines', (invoice) => {
    const draft = invoiceDraft(invoice);
    expect(draft).toStrictEqual({ ...invoice });
    expect(Object.keys(draft)).toEqual(Object.keys({ ...invoice }));
    expect(Object.isFrozen(draft)).toBe(false);
    for (const line of invoice.lines) {
      const copy = lineWithId(line, 'new-1');
      expect(copy).toStrictEqual({ ...line, id: 'new-1' });
      expect(Object.keys(copy)).toEqual(Object.keys({ ...line, id: 'new-1' }));
      expect(Object.isFrozen(copy)).toBe(true);
    }
  });

  it("keeps a JavaScript caller's extra field, as the spread did", () => {
    const withExtra = Object.freeze({ ...arbSample(arbInvoiceSchedule()), extra: 'kept' });
    expect((scheduleDraft(withExtra as InvoiceSchedule) as unknown as { extra: string }).extra).toBe('kept');
    const item = withExtra.items[0];
    if (item !== undefined) {
      const odd = Object.freeze({ ...item, extra: 'kept' });
      expect((itemDraft(odd) as unknown as { extra: string }).extra).toBe('kept');
    }
  });
});

describe("domain copies: a value with other keys than its type's is copied as a spread copies it", () => {
  const schedule = () => arbSample(arbInvoiceSchedule());

  it('as many keys, one renamed: the extra one kept, the missing one not added', () => {
    const { notes: _, ...rest } = schedule();
    const odd = Object.freeze({ ...rest, remark: 'kept' }) as unknown as InvoiceSchedule;
    const draft = scheduleDraft(odd) as unknown as Record<string, unknown>;
    expect(draft).toStrictEqual({ ...odd });
    expect(Object.hasOwn(draft, 'notes')).toBe(false);
    const item = schedule().items[0];
    if (item === undefined) return;
    const { name: __, ...itemRest } = item;
    const oddItem = Object.freeze({ ...itemRest, label: 'kept' }) as unknown as typeof item;
    expect(itemDraft(oddItem)).toStrictEqual({ ...oddItem });
  });

  it('a symbol key is kept, as a spread keeps it', () => {
    const tag = Symbol('host');
    const s = Object.freeze({ ...schedule(), [tag]: 'kept' }) as InvoiceSchedule;
    expect((scheduleDraft(s) as unknown as Record<symbol, unknown>)[tag]).toBe('kept');
  });

  it('a value whose last fields are inherited is copied as a spread copies it: its own fields only', () => {
    const item = schedule().items[0];
    expect(item).toBeDefined();
    if (item === undefined) return;
    const { customFields, ...own } = item;
    // `for…in` lists the inherited field after the own ones, so the names read in order are the type's.
    const odd = Object.freeze(
      Object.assign(Object.create(Object.freeze({ customFields })), own),
    ) as typeof item;
    const draft = itemDraft(odd);
    expect(draft).toStrictEqual({ ...odd });
    expect(Object.hasOwn(draft, 'customFields')).toBe(false);
  });

  it('a value in another key order keeps its order', () => {
    const { id, ...rest } = schedule();
    const reordered = Object.freeze({ ...rest, id }) as InvoiceSchedule;
    expect(Object.keys(scheduleDraft(reordered))).toEqual(Object.keys(reordered));
  });
});

describe('refreshSchedule freezes only the sums it makes', () => {
  it("a caller's billed amount used as the sum is left unfrozen; the sums it adds up are frozen", () => {
    const s = arbSample(arbInvoiceSchedule());
    const [first, second] = s.items;
    if (first === undefined || second === undefined) return;
    const mine = new Dec('10.00');
    const alone = refreshSchedule({
      ...s,
      items: [
        { ...first, status: 'Processed', billedAmount: mine },
        { ...second, billedAmount: new Dec(0) },
      ],
    });
    expect(alone.billedAmount).toBe(mine);
    expect(Object.isFrozen(mine)).toBe(false);
    expect(Object.isFrozen(alone.unbilledAmount)).toBe(true);
    const other = new Dec('5.00');
    const both = refreshSchedule({
      ...s,
      items: [
        { ...first, status: 'Processed', billedAmount: mine },
        { ...second, status: 'Processed', billedAmount: other },
      ],
    });
    expect(both.billedAmount.toFixed(2)).toBe('15.00');
    expect(Object.isFrozen(both.billedAmount)).toBe(true);
    expect(Object.isFrozen(mine) || Object.isFrozen(other)).toBe(false);
  });
});

function arbSample<T>(arb: fc.Arbitrary<T>): T {
  return fc.sample(arb, { numRuns: 1, seed: 7 })[0] as T;
}
