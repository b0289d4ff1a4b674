// The memory store's shapes (src/ports/shapes.ts) stand in for the records codecs on a save: whatever a
// shape vouches for must be exactly what the codecs' round trip gives, and anything a codec refuses must
// still be refused by the store.
import { fc, test } from '@fast-check/vitest';
import { Decimal } from 'decimal.js';
import { createMemoryStore } from 'invoice-schedules/memory';
import { buildBillRun, buildInvoice, buildInvoiceSchedule } from 'invoice-schedules/testing';
import { arbInvoice, arbInvoiceSchedule } from 'invoice-schedules/testing/arbitraries';
import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { BillRunAccount } from '../../src/domain/billing/bill-run';
import type { Invoice, InvoiceLine } from '../../src/domain/documents/invoice';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { Dec } from '../../src/money/decimal';
import {
  fromBillRunAccountRecord,
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  toBillRunAccountRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
} from '../../src/ports/records';
import { createShapes } from '../../src/ports/shapes';
import type { BusinessDate } from '../../src/time/date';
import { billedPart, FAILED_PART } from '../support/billing';
import { arbMutated, expectSame, expectVouchedByCodecs, isDeepFrozen } from '../support/mutations';

const RUNS = { numRuns: 100 };

/** Audit fields as the operations stamp them (since 0.2.0), or none (records saved before). */
const arbAudit = fc.oneof(
  fc.constant({}),
  fc.record({
    createdAt: fc.constantFrom('2023-01-01T12:00:00.000Z', '2024-02-29T00:00:00.000Z'),
    createdBy: fc.constantFrom(null, 'ops@example.com', ''),
    updatedAt: fc.constantFrom('2023-01-02T08:30:00.000Z'),
    updatedBy: fc.constantFrom(null, 'billing'),
  }),
);

/**
 * Variants the arbitraries do not draw: a percentage, a detached charge, a specific subscription, a name, a due
 * date, a deleted schedule, removal cuts and a user's next run date, audit fields.
 */
const arbVariedSchedule = fc
  .tuple(arbInvoiceSchedule(), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), arbAudit)
  .map(([s, detach, specific, deleted, cut, audit]): InvoiceSchedule => {
    const [first, ...rest] = s.items;
    const [charge, ...others] = s.charges;
    const { version, ...head } = s;
    return {
      ...head,
      specificSubscriptions: specific
        ? [{ orderNumber: 'O-00000001', subscriptionNumber: 'S-00000001', chargeNumbers: ['C-00000001'] }]
        : [],
      charges:
        detach && charge !== undefined
          ? [
              {
                ...charge,
                detached: true,
                detachment: {
                  subscriptionVersion: 2,
                  processingMark: 3,
                  value: '-400/3',
                  total: new Dec('-133.34'),
                  setValue: '2000/3',
                },
              },
              ...others,
            ]
          : s.charges,
      items:
        first === undefined
          ? s.items
          : [
              { ...first, name: 'First', percentage: new Dec('12.5'), dueDate: '2023-01-15' as BusinessDate },
              ...rest,
            ],
      ...(deleted ? { deleted: true as const } : {}),
      ...(cut && first !== undefined
        ? {
            removalCuts: [
              {
                effectiveDates: ['2023-01-20' as BusinessDate, '2023-03-01' as BusinessDate],
                itemId: first.id,
              },
            ],
            nextRunDateOverride: '2023-03-01' as BusinessDate,
            userNextRunDate: '2023-03-01' as BusinessDate,
          }
        : {}),
      ...audit,
      version,
    };
  });

/** Invoices with audit fields, and sometimes a host's additional line (a tax). */
const arbVariedInvoice = fc
  .tuple(arbInvoice(), fc.boolean(), arbAudit)
  .map(([invoice, tax, audit]): Invoice => {
    const { version, ...head } = invoice;
    const additional: InvoiceLine = {
      id: `${invoice.number}-tax`,
      kind: 'Additional',
      subscriptionNumber: '',
      chargeNumber: '',
      chargeName: 'Tax 5%',
      appliesToChargeNumber: null,
      amount: new Dec('1.25'),
      serviceStartDate: invoice.invoiceDate,
      serviceEndDate: invoice.invoiceDate,
      invoiceScheduleNumber: null,
      invoiceScheduleItemId: null,
      customFields: {},
    };
    return { ...head, lines: tax ? [...invoice.lines, additional] : invoice.lines, ...audit, version };
  });

const part: BillRunAccount = FAILED_PART;

describe('memory store shapes agree with the records codecs', () => {
  test.prop([arbMutated(arbVariedSchedule)], { numRuns: 400 })(
    'a schedule with an odd field is vouched for only as the codecs read it back',
    (value) => {
      const shaped = createShapes().invoiceSchedule(value, undefined);
      expectVouchedByCodecs(shaped, value, toInvoiceScheduleRecord, fromInvoiceScheduleRecord);
    },
  );

  test.prop([arbMutated(arbVariedInvoice)], { numRuns: 400 })(
    'an invoice with an odd field is vouched for only as the codecs read it back',
    (value) => {
      const shaped = createShapes().invoice(value, undefined);
      expectVouchedByCodecs(shaped, value, toInvoiceRecord, fromInvoiceRecord);
    },
  );

  test.prop([arbMutated(fc.constantFrom(part, billedPart()))], {
    numRuns: 200,
  })('a bill run account part with an odd field is vouched for only as the codecs read it back', (value) => {
    const shaped = createShapes().billRunAccount(value, undefined);
    expectVouchedByCodecs(shaped, value, toBillRunAccountRecord, fromBillRunAccountRecord);
  });

  test.prop([arbVariedSchedule], RUNS)('a schedule is vouched for as the codecs read it back', (schedule) => {
    const shaped = createShapes().invoiceSchedule(schedule, undefined);
    expect(shaped).toBeDefined();
    expectSame(shaped, fromInvoiceScheduleRecord(toInvoiceScheduleRecord(schedule))._unsafeUnwrap());
  });

  test.prop([arbVariedInvoice], RUNS)('an invoice is vouched for as the codecs read it back', (invoice) => {
    const shaped = createShapes().invoice(invoice, undefined);
    // Credit applications (instants) are left to the codecs.
    if (invoice.creditApplications.length > 0) expect(shaped).toBeUndefined();
    else expectSame(shaped, fromInvoiceRecord(toInvoiceRecord(invoice))._unsafeUnwrap());
  });

  it('a bill run account part is vouched for as the codecs read it back', () => {
    for (const p of [part, billedPart()]) {
      expectSame(
        createShapes().billRunAccount(p, undefined),
        fromBillRunAccountRecord(toBillRunAccountRecord(p))._unsafeUnwrap(),
      );
    }
  });

  test.prop([arbVariedSchedule], RUNS)(
    'parts identical to the stored value are kept as they are',
    (schedule) => {
      const shapes = createShapes();
      const stored = shapes.invoiceSchedule(schedule, undefined) as InvoiceSchedule;
      const next = shapes.invoiceSchedule(
        { ...stored, notes: 'changed', version: stored.version + 1 },
        stored,
      );
      expect(next?.items).toBe(stored.items);
      expect(next?.charges).toBe(stored.charges);
      expect(next?.notes).toBe('changed');
    },
  );

  it('declines what it cannot vouch for, so the codecs decide', () => {
    const shapes = createShapes();
    const schedule = buildInvoiceSchedule();
    const declined: unknown[] = [
      { ...schedule, extra: 1 },
      { ...schedule, notes: new Dec(1) },
      { ...schedule, totalAmount: '100.00' },
      { ...schedule, totalAmount: new Dec(Number.NaN) },
      { ...schedule, totalAmount: new Decimal('100') },
      { ...schedule, customFields: undefined },
      { ...schedule, currency: 'XXX' },
      { ...schedule, nextRunDate: '2023-02-30' },
      { ...schedule, status: 'Paused', statusBeforePause: null },
      { ...schedule, statusBeforePause: 'Pending' },
      { ...schedule, items: [{ ...schedule.items[0], status: 'Done' }] },
      Object.assign(Object.create({ inherited: 1 }), schedule),
    ];
    for (const value of declined) expect(shapes.invoiceSchedule(value, undefined)).toBeUndefined();
    expect(
      shapes.invoice(
        { ...buildInvoice(), lines: [{ ...buildInvoice().lines[0], kind: 'Additional' }] },
        undefined,
      ),
    ).toBeUndefined();
  });

  it("reads a detachment made before it recorded the set's total and value with both null, as the codecs do", () => {
    const schedule = buildInvoiceSchedule();
    const [first, ...others] = schedule.charges;
    const old = {
      ...schedule,
      charges: [
        {
          ...first,
          detached: true,
          detachment: { subscriptionVersion: 1, processingMark: 1, value: '1000/3' },
        },
        ...others,
      ],
    };
    const shaped = createShapes().invoiceSchedule(old, undefined);
    expect(shaped?.charges[0]?.detachment).toEqual({
      subscriptionVersion: 1,
      processingMark: 1,
      value: '1000/3',
      total: null,
      setValue: null,
    });
    expectSame(
      shaped,
      fromInvoiceScheduleRecord(toInvoiceScheduleRecord(shaped as InvoiceSchedule))._unsafeUnwrap(),
    );
    // The codecs write the value itself too, its missing fields as their defaults (they threw a TypeError:
    // property seed -183493891 of the schedule test above).
    expectSame(shaped, fromInvoiceScheduleRecord(toInvoiceScheduleRecord(old as never))._unsafeUnwrap());
  });

  it("reads the served days' value of a detachment as the codecs do: kept, null kept, absent left out, a decimal declined", () => {
    const schedule = buildInvoiceSchedule();
    const [first, ...others] = schedule.charges;
    const detachment = {
      subscriptionVersion: 1,
      processingMark: 1,
      value: '1000',
      total: new Dec('1000.00'),
      setValue: '1000',
    };
    const withServed = (servedValue?: unknown) => ({
      ...schedule,
      charges: [
        {
          ...first,
          detached: true,
          detachment: servedValue === undefined ? detachment : { ...detachment, servedValue },
        },
        ...others,
      ],
    });
    for (const input of [withServed('900/7'), withServed(null), withServed()]) {
      const shaped = createShapes().invoiceSchedule(input, undefined);
      expect(shaped).toBeDefined();
      expectSame(shaped, fromInvoiceScheduleRecord(toInvoiceScheduleRecord(input as never))._unsafeUnwrap());
    }
    expect(
      createShapes().invoiceSchedule(withServed(), undefined)?.charges[0]?.detachment,
    ).not.toHaveProperty('servedValue');
    expect(createShapes().invoiceSchedule(withServed('1.5'), undefined)).toBeUndefined();
  });

  it('reads where a charge was served through as the codecs do, and declines a charge without it (the codecs default it)', () => {
    const schedule = buildInvoiceSchedule();
    const [first, ...others] = schedule.charges;
    const served = {
      ...schedule,
      charges: [{ ...first, servedThrough: { end: '2023-04-18', endDayPartial: true } }, ...others],
    };
    const shaped = createShapes().invoiceSchedule(served, undefined);
    expect(shaped?.charges[0]?.servedThrough).toEqual({ end: '2023-04-18', endDayPartial: true });
    expectSame(shaped, fromInvoiceScheduleRecord(toInvoiceScheduleRecord(served as never))._unsafeUnwrap());
    const { servedThrough: _, ...old } = first as NonNullable<typeof first>;
    const without = { ...schedule, charges: [old, ...others] };
    expect(createShapes().invoiceSchedule(without, undefined)).toBeUndefined();
    expect(
      fromInvoiceScheduleRecord(toInvoiceScheduleRecord(without as never))._unsafeUnwrap().charges[0]
        ?.servedThrough,
    ).toBeNull();
    for (const bad of [{ end: '2023-02-30', endDayPartial: true }, { end: '2023-04-18' }, '2023-04-18'])
      expect(
        createShapes().invoiceSchedule(
          { ...schedule, charges: [{ ...first, servedThrough: bad }, ...others] },
          undefined,
        ),
      ).toBeUndefined();
  });

  it('reads a negative zero back as zero, as the codecs do', () => {
    const schedule = buildInvoiceSchedule();
    const shaped = createShapes().invoiceSchedule({ ...schedule, billedAmount: new Dec('-0') }, undefined);
    expect(shaped?.billedAmount.isNeg()).toBe(false);
    expect(
      fromInvoiceScheduleRecord(toInvoiceScheduleRecord({ ...schedule, billedAmount: new Dec('-0') }))
        ._unsafeUnwrap()
        .billedAmount.isNeg(),
    ).toBe(false);
  });
});

describe('memory store: what a save stores', () => {
  it('still refuses a value its record could not hold, and keeps nothing of it', async () => {
    const store = createMemoryStore();
    const bad = { ...buildInvoiceSchedule(), notes: new Dec(1) } as unknown as InvoiceSchedule;
    await expect(store.transaction(async (r) => r.invoiceSchedules.save(bad))).rejects.toThrow(
      /refusing to save an invalid InvoiceSchedule/,
    );
    expect(store.probe.invoiceSchedule(bad.number)).toBeNull();
  });

  it('stores a copy: the caller changing what it saved changes nothing stored, and reads are deep frozen', async () => {
    const store = createMemoryStore();
    const mine = { ...buildInvoiceSchedule(), notes: 'mine', orders: ['O-00000001'], extra: 'dropped' };
    await store.transaction(async (r) => r.invoiceSchedules.save(mine as InvoiceSchedule));
    mine.notes = 'changed';
    mine.orders.push('O-00000002');
    const read = await store.transaction(async (r) => ok(await r.invoiceSchedules.get(mine.number)));
    const value = read._unsafeUnwrap();
    expect(value?.notes).toBe('mine');
    expect(value?.orders).toEqual(['O-00000001']);
    expect(value).not.toHaveProperty('extra');
    expect(isDeepFrozen(value)).toBe(true);
    expect(Object.isFrozen(mine)).toBe(false);
    expect(store.probe.invoiceSchedule(mine.number)).toEqual(
      toInvoiceScheduleRecord({ ...buildInvoiceSchedule(), notes: 'mine', orders: ['O-00000001'] }),
    );
  });

  it("leaves the caller's Decimals as they were: none is frozen by a save", async () => {
    const store = createMemoryStore();
    // The builders return frozen Decimals: the caller's own are new ones, unfrozen.
    const built = buildInvoiceSchedule();
    const mine = {
      ...built,
      items: built.items.map((i) => ({
        ...i,
        amount: new Dec(i.amount),
        actualAmount: new Dec(i.actualAmount),
        billedAmount: new Dec(i.billedAmount),
      })),
    };
    const amounts = mine.items.flatMap((i) => [i.amount, i.actualAmount, i.billedAmount]);
    const unfrozen = amounts.filter((a) => !Object.isFrozen(a) && !a.isZero());
    expect(unfrozen.length).toBeGreaterThan(0);
    await store.transaction(async (r) => r.invoiceSchedules.save(mine));
    for (const a of unfrozen) {
      expect(Object.isFrozen(a)).toBe(false);
      expect(Object.isFrozen(a.d)).toBe(false);
    }
    const read = await store.transaction(async (r) => ok(await r.invoiceSchedules.get(mine.number)));
    expect(isDeepFrozen(read._unsafeUnwrap())).toBe(true);
    expect(read._unsafeUnwrap()?.items[0]?.amount.toFixed(2)).toBe(mine.items[0]?.amount.toFixed(2));
  });

  it('aggregates without a shape still go through the codecs', async () => {
    const store = createMemoryStore();
    const run = { ...buildBillRun(), createdAt: 'yesterday' };
    await expect(store.transaction(async (r) => r.billRuns.insert(run))).rejects.toThrow(
      /refusing to save an invalid BillRun/,
    );
  });
});
