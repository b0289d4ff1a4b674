import { describe, expect, it } from 'vitest';
import {
  CUSTOM_FIELD_LIMITS,
  type CustomFields,
  NO_CUSTOM_FIELDS,
  sameCustomFields,
  validateCustomFields,
} from '../../src/domain/custom-fields';
import type { Invoice } from '../../src/domain/documents/invoice';
import { INPUT_LIMITS } from '../../src/domain/input';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import {
  fromInvoiceRecord,
  fromInvoiceScheduleRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
} from '../../src/ports/records';
import { buildInvoice, buildInvoiceSchedule } from '../../src/testing/builders';
import { expectErr, expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  C01_ITEMS,
  createSchedule,
  givenC01Schedule,
  givenSchedule,
  givenSubscriptions,
  yearly,
} from '../support/scenarios';

// Issue 13: custom fields (`*__c`, reference §2.1, §2.2) on schedules and items; an item's fields are
// copied onto the invoice lines it bills (PO numbers on invoices, C18 / C19).

const PO = (value: string): CustomFields => ({ PONumber__c: value });

async function invoice(billing: TestBilling, number: string): Promise<Invoice> {
  return expectOk(await getInvoice(billing.context, number));
}

/** Each line of an invoice as [charge, amount, start, end, PO number]: the cases' columns and the PO. */
function linesWithPo(inv: Invoice) {
  return inv.lines.map((l) => [
    l.chargeNumber,
    l.amount.toFixed(2),
    l.serviceStartDate,
    l.serviceEndDate,
    l.customFields.PONumber__c,
  ]);
}

describe('custom fields on a schedule and its items (C01 figures)', () => {
  it("item 2's invoice lines carry item 2's fields; the schedule keeps its own; item 1's lines carry none", async () => {
    const { billing, schedule } = await givenC01Schedule({
      items: [
        C01_ITEMS[0] as (typeof C01_ITEMS)[number],
        {
          ...(C01_ITEMS[1] as (typeof C01_ITEMS)[number]),
          customFields: { PONumber__c: 'PO-5678', Seats__c: 40 },
        },
        C01_ITEMS[2] as (typeof C01_ITEMS)[number],
      ],
    });
    expect(schedule.customFields).toEqual({});
    const withFields = await givenSchedule(
      await givenSubscriptions([yearly('S9', [{ number: 'C9', price: '100.00' }])]),
      {
        items: [{ runDate: '2023-02-04', amount: '100.00' }],
        customFields: { PONumber__c: 'PO-1234' },
      },
    );
    expect(withFields.customFields).toEqual({ PONumber__c: 'PO-1234' });
    expect(Object.isFrozen(withFields.customFields)).toBe(true);
    expect(withFields.items[0]?.customFields).toEqual({});

    expect(schedule.items.map((i) => i.customFields)).toEqual([
      {},
      { PONumber__c: 'PO-5678', Seats__c: 40 },
      {},
    ]);
    await billAndPost(billing, ['2023-02-04', '2023-05-01']);
    const inv001 = await invoice(billing, 'INV00000001');
    const inv002 = await invoice(billing, 'INV00000002');
    // C01: INV001 50,000.00 from item 1, INV002 14,000.00 from item 2, one line per charge C1–C4.
    expect(inv001.amount.toFixed(2)).toBe('50000.00');
    expect(inv001.lines.map((l) => l.customFields)).toEqual([{}, {}, {}, {}]);
    expect(inv002.amount.toFixed(2)).toBe('14000.00');
    expect(inv002.lines.map((l) => l.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4']);
    for (const line of inv002.lines) {
      expect(line.customFields).toEqual({ PONumber__c: 'PO-5678', Seats__c: 40 });
      expect(line.invoiceScheduleItemId).toBe(schedule.items[1]?.id);
    }
  });

  it("a consolidated invoice (invoiceSeparately false) keeps each line group with its own item's fields", async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, {
      invoiceSeparately: false,
      items: [
        { runDate: '2023-01-01', amount: '700.00', customFields: PO('PO-001') },
        { runDate: '2023-05-01', amount: '500.00', customFields: PO('PO-002') },
      ],
    });
    await billAndPost(billing, ['2023-05-01']);
    const merged = await invoice(billing, 'INV00000001');
    expect(linesWithPo(merged)).toEqual([
      ['C1', '700.00', '2023-01-01', '2023-07-31', 'PO-001'],
      ['C1', '500.00', '2023-08-01', '2023-12-31', 'PO-002'],
    ]);
  });
});

describe('editing custom fields (same status rules as the object)', () => {
  it("a pending item's fields change; a processed item sent back without them keeps its own", async () => {
    const { billing, schedule } = await givenC01Schedule({
      items: C01_ITEMS.map((i, n) => ({ ...i, customFields: PO(`PO-00${n + 1}`) })),
    });
    await billAndPost(billing, ['2023-02-04']);
    const [i1, i2, i3] = schedule.items;
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: [
          // Processed: sent back without customFields (a client unaware of them) — they stay.
          { id: i1?.id as string, runDate: '2023-02-04', amount: '50000.00' },
          { id: i2?.id as string, runDate: '2023-05-01', amount: '14000.00', customFields: PO('PO-222') },
          // Pending, left out: unchanged.
          { id: i3?.id as string, runDate: '2023-09-16', amount: '6200.00' },
        ],
      }),
    );
    expect(updated.items.map((i) => i.customFields)).toEqual([PO('PO-001'), PO('PO-222'), PO('PO-003')]);
    await billAndPost(billing, ['2023-05-01']);
    expect((await invoice(billing, 'INV00000001')).lines.map((l) => l.customFields.PONumber__c)).toEqual([
      'PO-001',
      'PO-001',
      'PO-001',
      'PO-001',
    ]);
    expect((await invoice(billing, 'INV00000002')).lines.map((l) => l.customFields.PONumber__c)).toEqual([
      'PO-222',
      'PO-222',
      'PO-222',
      'PO-222',
    ]);
  });

  it("the message names a processed item's fields by name, whatever order the store kept them in (JSONB keeps none)", async () => {
    const { billing, schedule } = await givenC01Schedule({
      items: C01_ITEMS.map((i, n) => ({
        ...i,
        customFields: n === 0 ? { Seats__c: 3, PONumber__c: 'PO-001' } : {},
      })),
    });
    await billAndPost(billing, ['2023-02-04']);
    const ids = schedule.items.map((i) => i.id);
    const refused = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: [
          { id: ids[0] as string, runDate: '2023-02-04', amount: '50000.00', customFields: PO('PO-999') },
          { id: ids[1] as string, runDate: '2023-05-01', amount: '14000.00' },
          { id: ids[2] as string, runDate: '2023-09-16', amount: '6200.00' },
        ],
      }),
    );
    expect(refused.message).toContain(
      'send it back with custom fields {"PONumber__c":"PO-001","Seats__c":3}',
    );
  });

  it("a processed item's fields cannot change (ProcessedItemChanged, field customFields); sent back equal, they pass", async () => {
    const { billing, schedule } = await givenC01Schedule({
      items: C01_ITEMS.map((i, n) => ({
        ...i,
        customFields: n === 0 ? { PONumber__c: 'PO-001', Seats__c: 3 } : {},
      })),
    });
    await billAndPost(billing, ['2023-02-04']);
    const ids = schedule.items.map((i) => i.id);
    const items = (first: CustomFields) => [
      { id: ids[0] as string, runDate: '2023-02-04', amount: '50000.00', customFields: first },
      { id: ids[1] as string, runDate: '2023-05-01', amount: '14000.00' },
      { id: ids[2] as string, runDate: '2023-09-16', amount: '6200.00' },
    ];
    const refused = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: items(PO('PO-999')),
      }),
    );
    expect(refused).toMatchObject({ type: 'ProcessedItemChanged', field: 'customFields', itemId: ids[0] });
    expect(refused.message).toBe(
      `items[0] (id ${ids[0]}) is processed, so its custom fields cannot change; send it back with custom fields {"PONumber__c":"PO-001","Seats__c":3} (§5.1, §3.3).`,
    );
    // The same fields in another order are the same fields.
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: items({ Seats__c: 3, PONumber__c: 'PO-001' }),
      }),
    );
  });

  it("the schedule's own fields are edited in every status, like notes (decision 10); left out they stay", async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, {
      items: [{ runDate: '2023-01-01', amount: '1200.00' }],
      customFields: PO('PO-1234'),
    });
    await billAndPost(billing, ['2023-01-01']);
    const notes = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', notes: 'billed' }),
    );
    expect(notes.status).toBe('FullyProcessed');
    expect(notes.customFields).toEqual(PO('PO-1234'));
    const changed = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        customFields: { PONumber__c: 'PO-4321', Region__c: null },
      }),
    );
    expect(changed.customFields).toEqual({ PONumber__c: 'PO-4321', Region__c: null });
    // The invoice already issued is unchanged: it carries the item's fields, which were none.
    expect((await invoice(billing, 'INV00000001')).lines[0]?.customFields).toEqual({});
    const cleared = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        customFields: {},
      }),
    );
    expect(cleared.customFields).toEqual({});
  });
});

// The reference's C18 and C19 change a *charge* custom field (PO Number) with Update Product orders; charge
// custom fields are not modelled yet, so these tests carry the PO number on the schedule items, whose fields
// the invoice lines copy, and reproduce the cases' stated invoices and their PO numbers.
const ONE_CHARGE = [yearly('S1', [{ number: 'C1', price: '1200.00' }])];

async function generate(billing: TestBilling, number: string): Promise<Invoice> {
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(run.invoiceNumbers).toEqual([number]);
  return expectOk(await postInvoice(billing.context, { invoiceNumber: number }));
}

describe('C18 and C19 with the PO number on the items', () => {
  it('C18: INV001 Posted PO-001, INV002 Reversed PO-001, INV003 Posted PO-002 (item 2 edited once pending again)', async () => {
    const billing = await givenSubscriptions(ONE_CHARGE);
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '700.00', customFields: PO('PO-001') },
        { runDate: '2023-05-01', amount: '500.00', customFields: PO('PO-001') },
      ],
    });
    const [i1, i2] = schedule.items.map((i) => i.id) as [string, string];
    expect(linesWithPo(await generate(billing, 'INV00000001'))).toEqual([
      ['C1', '700.00', '2023-01-01', '2023-07-31', 'PO-001'],
    ]);
    expect(linesWithPo(await generate(billing, 'INV00000002'))).toEqual([
      ['C1', '500.00', '2023-08-01', '2023-12-31', 'PO-001'],
    ]);
    const edit = {
      invoiceScheduleNumber: 'IS-00000001',
      items: [
        { id: i1, runDate: '2023-01-01', amount: '700.00' },
        { id: i2, runDate: '2023-05-01', amount: '500.00', customFields: PO('PO-002') },
      ],
    };
    // While INV002 stands, item 2 is processed: its PO number cannot change (to change a billed period,
    // reverse its invoice first, §8.5).
    expect(expectErr(await updateInvoiceSchedule(billing.context, edit))).toMatchObject({
      type: 'ProcessedItemChanged',
      field: 'customFields',
    });
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expectOk(await updateInvoiceSchedule(billing.context, edit));
    const inv003 = await generate(billing, 'INV00000003');
    expect(inv003.invoiceDate).toBe('2023-05-01');
    expect(linesWithPo(inv003)).toEqual([['C1', '500.00', '2023-08-01', '2023-12-31', 'PO-002']]);
    const finals: [string, unknown][] = [];
    for (const n of ['INV00000001', 'INV00000002', 'INV00000003']) {
      const inv = await invoice(billing, n);
      finals.push([inv.status, inv.lines[0]?.customFields.PONumber__c]);
    }
    expect(finals).toEqual([
      ['Posted', 'PO-001'],
      ['Reversed', 'PO-001'],
      ['Posted', 'PO-002'],
    ]);
    expect((await getInvoiceSchedule(billing.context, 'IS-00000001'))._unsafeUnwrap().status).toBe(
      'FullyProcessed',
    );
  });

  it('C19: INV001 PO-001 2023-01-01→2023-07-31 700; INV002 PO-002 2023-08-01→2023-10-31 300; INV003 PO-003 2023-11-01→2023-12-31 200', async () => {
    const billing = await givenSubscriptions(ONE_CHARGE);
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '700.00', customFields: PO('PO-001') },
        { runDate: '2023-05-01', amount: '300.00', customFields: PO('PO-001') },
        { runDate: '2023-11-01', amount: '200.00', customFields: PO('PO-001') },
      ],
    });
    const ids = schedule.items.map((i) => i.id) as [string, string, string];
    await generate(billing, 'INV00000001');
    // Two edits after INV001, as C19's two Update Product orders: PO-002, then PO-003 for the last item.
    const edit = (second: string, third: string) =>
      updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: [
          { id: ids[0], runDate: '2023-01-01', amount: '700.00' },
          { id: ids[1], runDate: '2023-05-01', amount: '300.00', customFields: PO(second) },
          { id: ids[2], runDate: '2023-11-01', amount: '200.00', customFields: PO(third) },
        ],
      });
    expectOk(await edit('PO-002', 'PO-002'));
    expectOk(await edit('PO-002', 'PO-003'));
    await generate(billing, 'INV00000002');
    await generate(billing, 'INV00000003');
    const stated = [];
    for (const n of ['INV00000001', 'INV00000002', 'INV00000003'])
      stated.push(...linesWithPo(await invoice(billing, n)));
    expect(stated).toEqual([
      ['C1', '700.00', '2023-01-01', '2023-07-31', 'PO-001'],
      ['C1', '300.00', '2023-08-01', '2023-10-31', 'PO-002'],
      ['C1', '200.00', '2023-11-01', '2023-12-31', 'PO-003'],
    ]);
  });
});

describe('invalid custom fields are refused with their path', () => {
  const base = { items: [{ runDate: '2023-01-01', amount: '1200.00' }] };

  it.each([
    [
      'a name without __c',
      { customFields: { PONumber: 'x' } },
      'customFields.PONumber',
      'a custom field name: a letter, then letters, digits or underscores, ending in __c, at most 64 characters',
    ],
    [
      'a name with a space, on item 2',
      {
        items: [
          { runDate: '2023-01-01', amount: '700.00' },
          { runDate: '2023-05-01', amount: '500.00', customFields: { 'PO Number__c': 'x' } },
        ],
      },
      'items[1].customFields.PO Number__c',
      'a custom field name: a letter, then letters, digits or underscores, ending in __c, at most 64 characters',
    ],
    [
      'an object value',
      { customFields: { PONumber__c: { nested: 1 } } },
      'customFields.PONumber__c',
      'a string of at most 255 characters (well-formed Unicode, without U+0000), a finite number, true, false or null',
    ],
    [
      'a string of 256 characters',
      { customFields: { PONumber__c: 'x'.repeat(256) } },
      'customFields.PONumber__c',
      'a string of at most 255 characters (well-formed Unicode, without U+0000), a finite number, true, false or null',
    ],
    [
      'a list',
      { customFields: ['PONumber__c'] },
      'customFields',
      'an object of custom fields (names ending in __c)',
    ],
    [
      '51 fields',
      { customFields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`F${i}__c`, i])) },
      'customFields',
      'an object of at most 50 custom fields',
    ],
  ])('%s', async (_, input, path, expected) => {
    const billing = await givenSubscriptions(ONE_CHARGE);
    const error = expectErr(await createSchedule(billing, { ...base, ...(input as object) }));
    expect(error).toMatchObject({ type: 'InvalidInput', path, expected });
  });

  it('validateCustomFields refuses text no store can keep, as the operations do (U+0000, an unpaired surrogate)', () => {
    for (const value of ['PO\u00001', 'PO\uD8001', '\uDC00']) {
      const r = validateCustomFields({ PONumber__c: value }, 'customFields');
      expect(r.isErr() && r.error.type).toBe('InvalidInput');
      expect(r.isErr() && r.error.path).toBe('customFields.PONumber__c');
    }
    // A well-formed pair (an emoji) is kept.
    expect(validateCustomFields({ PONumber__c: 'PO \uD83D\uDE00' })._unsafeUnwrap()).toEqual({
      PONumber__c: 'PO 😀',
    });
  });

  it('too many fields say how many were sent; a number must be finite; -0 is 0; the result is frozen', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`F${i}__c`, i]));
    expect(validateCustomFields(many)._unsafeUnwrapErr()).toMatchObject({
      path: 'customFields',
      received: 'an object of 51 fields',
      message:
        'customFields: expected an object of at most 50 custom fields, received an object of 51 fields.',
    });
    expect(
      validateCustomFields({ N__c: Number.NaN }, 'items[2].customFields')._unsafeUnwrapErr(),
    ).toMatchObject({
      path: 'items[2].customFields.N__c',
      received: 'number NaN',
    });
    expect(validateCustomFields({ N__c: Number.POSITIVE_INFINITY }).isErr()).toBe(true);
    expect(validateCustomFields({ N__c: undefined }).isErr()).toBe(true);
    expect(validateCustomFields({ __c: 1 }).isErr()).toBe(true);
    expect(validateCustomFields({ [`${'a'.repeat(62)}__c`]: 1 }).isErr()).toBe(true);
    expect(validateCustomFields({ [`${'a'.repeat(61)}__c`]: 1 }).isOk()).toBe(true);
    const read = validateCustomFields({ Zero__c: -0, Cost_Center_2__c: 'R&D', Ok__c: true, None__c: null });
    expect(Object.is(read._unsafeUnwrap().Zero__c, 0)).toBe(true);
    expect(Object.isFrozen(read._unsafeUnwrap())).toBe(true);
    expect(sameCustomFields({ A__c: 1, B__c: 2 }, { B__c: 2, A__c: 1 })).toBe(true);
    expect(sameCustomFields({ A__c: 1 }, { A__c: '1' })).toBe(false);
    // -0 and 0 are one value (a host's own object may hold -0; the library reads it as 0).
    expect(sameCustomFields({ A__c: 0 }, { A__c: -0 })).toBe(true);
    expect(sameCustomFields({ A__c: null }, {})).toBe(false);
  });

  it('an update with a bad item field is refused at its path', async () => {
    const billing = await givenSubscriptions(ONE_CHARGE);
    const schedule = await givenSchedule(billing, base);
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: [
          {
            id: schedule.items[0]?.id as string,
            runDate: '2023-01-01',
            amount: '1200.00',
            customFields: { 'bad-name__c': 1 } as CustomFields,
          },
        ],
      }),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'items[0].customFields.bad-name__c' });
    expect(
      expectErr(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          customFields: null as unknown as CustomFields,
        }),
      ),
    ).toMatchObject({ type: 'InvalidInput', path: 'customFields' });
  });

  it('the bounds sit within INPUT_LIMITS, which are checked first', () => {
    expect(CUSTOM_FIELD_LIMITS.fields).toBeLessThanOrEqual(INPUT_LIMITS.listLength);
    expect(CUSTOM_FIELD_LIMITS.nameLength).toBeLessThanOrEqual(INPUT_LIMITS.identifierLength);
    expect(CUSTOM_FIELD_LIMITS.stringLength).toBeLessThanOrEqual(INPUT_LIMITS.stringLength);
  });
});

describe('records', () => {
  it('round trip the fields of a schedule, its items and invoice lines', () => {
    const schedule = buildInvoiceSchedule({ customFields: { PONumber__c: 'PO-1234', Seats__c: 2.5 } });
    const record = toInvoiceScheduleRecord(schedule);
    expect(record.customFields).toEqual({ PONumber__c: 'PO-1234', Seats__c: 2.5 });
    const back = fromInvoiceScheduleRecord(JSON.parse(JSON.stringify(record)))._unsafeUnwrap();
    expect(back.customFields).toEqual(schedule.customFields);
    expect(Object.isFrozen(back.customFields)).toBe(true);
  });

  it('records written before 0.2.0 (no customFields) decode with {}', () => {
    const schedule = JSON.parse(JSON.stringify(toInvoiceScheduleRecord(buildInvoiceSchedule())));
    delete schedule.customFields;
    for (const item of schedule.items) delete item.customFields;
    const read = fromInvoiceScheduleRecord(schedule)._unsafeUnwrap();
    expect(read.customFields).toBe(NO_CUSTOM_FIELDS);
    expect(read.items.map((i) => i.customFields)).toEqual([{}, {}, {}]);
    const inv = JSON.parse(JSON.stringify(toInvoiceRecord(buildInvoice())));
    for (const line of inv.lines) delete line.customFields;
    expect(
      fromInvoiceRecord(inv)
        ._unsafeUnwrap()
        .lines.map((l) => l.customFields),
    ).toEqual([{}, {}, {}, {}]);
  });

  it('a stored field with a bad name is an InvalidRecord naming its path', () => {
    const inv = JSON.parse(JSON.stringify(toInvoiceRecord(buildInvoice())));
    inv.lines[1].customFields = { PONumber: 'PO-1' };
    expect(fromInvoiceRecord(inv)._unsafeUnwrapErr()).toMatchObject({
      type: 'InvalidRecord',
      entity: 'Invoice',
      path: 'lines[1].customFields.PONumber',
    });
  });
});
