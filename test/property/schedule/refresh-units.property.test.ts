// A schedule's refresh sums its amounts in minor units when the currency is known and every amount is at its
// scale (issue 11: the decimal arithmetic was a tenth of a bill run), and in decimals otherwise. Both ways must
// give the same schedule: the same billed and unbilled amounts, the same actual amount on each pending item
// (decision 4), the items that keep their amount kept as they are — on random schedules, with actual amounts
// above, at and below what was billed, negative and zero amounts, and amounts with more places than the
// currency has (which take the decimal way). The decimal way is reached with a currency code the table lacks.
import { fc, test } from '@fast-check/vitest';
import { arbInvoiceSchedule } from 'invoice-schedules/testing/arbitraries';
import { describe, expect } from 'vitest';
import {
  type InvoiceSchedule,
  type InvoiceScheduleItem,
  refreshScheduleAs,
} from '../../../src/domain/schedule/schedule';
import { Dec } from '../../../src/money/decimal';

/** An amount of up to `places` places, positive, zero or negative, sometimes one place more than the currency. */
const amountText = fc
  .tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.nat(4))
  .map(([units, places]) => new Dec(units).div(10 ** places));

const changes = fc.record({
  actual: fc.option(amountText, { nil: undefined }),
  /** Per item: a new amount, billed amount or status, or nothing. */
  edits: fc.array(
    fc.record({
      amount: fc.option(amountText, { nil: undefined }),
      billed: fc.option(amountText, { nil: undefined }),
      processed: fc.option(fc.boolean(), { nil: undefined }),
      /** The id of another item (ids are how a refresh tells items apart). */
      sameIdAs: fc.option(fc.nat(5), { nil: undefined }),
    }),
    { maxLength: 6 },
  ),
});

function edited(schedule: InvoiceSchedule, c: typeof changes extends fc.Arbitrary<infer C> ? C : never) {
  const items = schedule.items.map((item, k): InvoiceScheduleItem => {
    const e = c.edits[k];
    if (e === undefined) return item;
    const other = e.sameIdAs === undefined ? undefined : schedule.items[e.sameIdAs];
    return Object.freeze({
      ...item,
      id: other?.id ?? item.id,
      amount: e.amount ?? item.amount,
      billedAmount: e.billed ?? item.billedAmount,
      status: e.processed === undefined ? item.status : e.processed ? 'Processed' : 'Pending',
    });
  });
  return Object.freeze({ ...schedule, items: Object.freeze(items) }) as InvoiceSchedule;
}

describe('a refresh in minor units gives what the decimals give', () => {
  test.prop([arbInvoiceSchedule(), changes], { numRuns: 400 })(
    'billed, unbilled, each actual amount and each item kept',
    (generated, c) => {
      const schedule = edited(generated, c);
      const inUnits = refreshScheduleAs(schedule, {}, c.actual);
      const inDecimals = refreshScheduleAs(
        Object.freeze({ ...schedule, currency: 'ZZZ' }) as InvoiceSchedule,
        {},
        c.actual,
      );
      expect(inUnits.billedAmount.eq(inDecimals.billedAmount)).toBe(true);
      expect(inUnits.unbilledAmount.eq(inDecimals.unbilledAmount)).toBe(true);
      expect(inUnits.items.length).toBe(inDecimals.items.length);
      inUnits.items.forEach((item, k) => {
        const other = inDecimals.items[k] as InvoiceScheduleItem;
        expect(item.actualAmount.eq(other.actualAmount)).toBe(true);
        expect(item === schedule.items[k]).toBe(other === schedule.items[k]);
      });
      expect(inUnits.items === schedule.items).toBe(inDecimals.items === schedule.items);
      expect(inUnits.nextRunDate).toBe(inDecimals.nextRunDate);
      expect(inUnits.status).toBe(inDecimals.status);
      expect(Object.isFrozen(inUnits.billedAmount) && Object.isFrozen(inUnits.unbilledAmount)).toBe(
        Object.isFrozen(inDecimals.billedAmount) && Object.isFrozen(inDecimals.unbilledAmount),
      );
    },
  );
});
