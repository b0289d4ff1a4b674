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
import type { InvoiceSchedule } from '../../../src/domain/schedule/schedule';
import { deepFreeze } from '../../../src/memory/table';
import { Dec } from '../../../src/money/decimal';

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
    expect(Object.isFrozen(draft)).toBe(false);
    expect(draft).not.toBe(s);
    draft.notes = 'changed';
    expect(s.notes).not.toBe('changed');
    for (const item of s.items) {
      const copy = itemDraft(item);
      expect(copy).toStrictEqual({ ...item });
      expect(Object.isFrozen(copy)).toBe(false);
    }
    for (const charge of s.charges) {
      const billed = new Dec('12.34');
      const copy = chargeWithBilled(charge, billed);
      expect(copy).toStrictEqual({ ...charge, billedAmount: billed });
      expect(Object.isFrozen(copy)).toBe(true);
    }
  });

  test.prop([arbInvoiceOf], { numRuns: 200 })('an invoice and its lines', (invoice) => {
    const draft = invoiceDraft(invoice);
    expect(draft).toStrictEqual({ ...invoice });
    expect(Object.isFrozen(draft)).toBe(false);
    for (const line of invoice.lines) {
      const copy = lineWithId(line, 'new-1');
      expect(copy).toStrictEqual({ ...line, id: 'new-1' });
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

function arbSample<T>(arb: fc.Arbitrary<T>): T {
  return fc.sample(arb, { numRuns: 1, seed: 7 })[0] as T;
}
