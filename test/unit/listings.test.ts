// The listings (issue 13, "Queries"; reference §10 Object Query, §11): schedules by account, status and next
// run date; what bills on a date; the documents of an account or a schedule — keyset pages behind an opaque
// cursor, on the memory store and once on PostgreSQL (PGlite).
import { PGlite } from '@electric-sql/pglite';
import { ok, type ResultAsync } from 'neverthrow';
import { afterAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/domain/input';
import { compareKeys } from '../../src/domain/keys';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { createSequentialIds } from '../../src/memory';
import { runBillRun } from '../../src/operations/bill-run';
import { fnv1a64 } from '../../src/operations/idempotency';
import {
  deleteInvoiceSchedule,
  pauseInvoiceSchedule,
  updateInvoiceSchedule,
} from '../../src/operations/lifecycle';
import {
  type DueItem,
  type ListingPage,
  listCreditMemos,
  listInvoiceSchedules,
  listInvoices,
  listItemsDue,
} from '../../src/operations/listings';
import type { BillingContext } from '../../src/ports';
import { createPostgresStore, migrate } from '../../src/postgres';
import { buildAccount, buildCreditMemo, buildInvoice, buildInvoiceSchedule } from '../../src/testing';
import { fixedClock } from '../../src/time/clock';
import {
  C01_SUBSCRIPTIONS,
  expectErr,
  expectOk,
  newBilling,
  setUpOrder,
  type TestBilling,
} from '../support/billing';
import { seedOf } from '../support/racing';
import {
  billAndPost,
  givenAccountsDue,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  givenSchedule,
  removeProducts,
  seededBilling,
} from '../support/scenarios';

/** C01's subscriptions renamed for account number `i` (the first keeps S1–S4), so accounts do not share them. */
function c01For(i: number) {
  const suffix = String(i).padStart(3, '0');
  return C01_SUBSCRIPTIONS.map((s) => ({ ...s, number: i === 1 ? s.number : `${suffix}${s.number}` }));
}

/**
 * Accounts A-001 … A-<count> on `billing`, each with a C01 order and a schedule of one 70,200.00 item on
 * `runDateOf(i)`: schedule IS-0000000i belongs to account i.
 */
async function givenOneItemSchedules(
  billing: TestBilling,
  count: number,
  runDateOf: (i: number) => string,
): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const accountNumber = `A-${String(i).padStart(3, '0')}`;
    const orderNumber = `O-${String(i).padStart(4, '0')}`;
    await setUpOrder(billing, { accountNumber, orderNumber, subscriptions: c01For(i) });
    await givenSchedule(billing, {
      accountNumber,
      orders: [orderNumber],
      items: [{ runDate: runDateOf(i), amount: '70200.00' }],
    });
  }
}

/**
 * Three schedules in three states: IS-00000001 (A-001, C01's items, item 1 billed on 2023-02-04:
 * PartiallyProcessed, next 2023-05-01), IS-00000002 (A-002, one item on 2023-03-15: Pending), IS-00000003
 * (A-001's second order, one item on 2023-02-20, paused: Paused).
 */
async function threeSchedules(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule();
  await setUpOrder(billing, { accountNumber: 'A-002', orderNumber: 'O-0002', subscriptions: c01For(2) });
  await givenSchedule(billing, {
    accountNumber: 'A-002',
    orders: ['O-0002'],
    items: [{ runDate: '2023-03-15', amount: '70200.00' }],
  });
  await setUpOrder(billing, {
    accountNumber: 'A-001',
    createAccount: false,
    orderNumber: 'O-0003',
    subscriptions: c01For(3),
  });
  await givenSchedule(billing, {
    orders: ['O-0003'],
    items: [{ runDate: '2023-02-20', amount: '70200.00' }],
  });
  expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000003' }));
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
  expect(run.invoiceNumbers).toEqual(['INV00000001']);
  return billing;
}

const numbersOf = (page: ListingPage<{ readonly number: string }>) => page.data.map((s) => s.number);

/**
 * A cursor as the listings write it (format 3, src/operations/listings.ts): base64url of [version] [kind] [values]
 * [FNV-1a 64 of the bytes before it], strings as UTF-16 (tag 3). Kinds: 0 schedules by number, 1 by next run date,
 * 2 due items, 3 invoices, 4 credit memos.
 */
function cursorOf(
  kind: number,
  key: readonly (string | number | null)[],
  { version = 3, checksum = true } = {},
): string {
  const bytes: number[] = [version, kind];
  for (const value of key) {
    if (value === null) bytes.push(0);
    else if (typeof value === 'number') {
      const float = new Uint8Array(8);
      new DataView(float.buffer).setFloat64(0, value);
      bytes.push(1, ...float);
    } else {
      bytes.push(3, (value.length * 2) >> 8, (value.length * 2) & 0xff);
      for (let i = 0; i < value.length; i++) bytes.push(value.charCodeAt(i) >> 8, value.charCodeAt(i) & 0xff);
    }
  }
  if (checksum) {
    const hex = fnv1a64(String.fromCharCode(...bytes));
    for (let i = 0; i < 8; i++) bytes.push(Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
  }
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The rows of a due-items page as [schedule, #, run date, due date, amount, actual amount]. */
function dueRows(page: ListingPage<DueItem>) {
  return page.data.map((d) => [
    d.invoiceScheduleNumber,
    d.sequence,
    d.runDate,
    d.dueDate,
    d.amount?.toFixed(2) ?? null,
    d.actualAmount?.toFixed(2) ?? null,
  ]);
}

describe('listInvoiceSchedules', () => {
  it('filters by account, status and next run date range, alone and together, in number or next-run-date order', async () => {
    const billing = await threeSchedules();
    const list = async (input: Parameters<typeof listInvoiceSchedules>[1]) =>
      expectOk(await listInvoiceSchedules(billing.context, input));
    const all = await list({});
    expect(all.data.map((s) => [s.number, s.accountNumber, s.status, s.nextRunDate])).toEqual([
      ['IS-00000001', 'A-001', 'PartiallyProcessed', '2023-05-01'],
      ['IS-00000002', 'A-002', 'Pending', '2023-03-15'],
      ['IS-00000003', 'A-001', 'Paused', '2023-02-20'],
    ]);
    expect(all.nextCursor).toBeNull();
    expect(numbersOf(await list({ accountNumber: 'A-001' }))).toEqual(['IS-00000001', 'IS-00000003']);
    expect(numbersOf(await list({ accountNumber: 'A-009' }))).toEqual([]);
    expect(numbersOf(await list({ status: 'Pending' }))).toEqual(['IS-00000002']);
    expect(numbersOf(await list({ status: 'Paused' }))).toEqual(['IS-00000003']);
    expect(numbersOf(await list({ status: 'PartiallyProcessed' }))).toEqual(['IS-00000001']);
    expect(numbersOf(await list({ status: 'FullyProcessed' }))).toEqual([]);
    expect(numbersOf(await list({ nextRunDate: { from: '2023-03-01' } }))).toEqual([
      'IS-00000001',
      'IS-00000002',
    ]);
    expect(numbersOf(await list({ nextRunDate: { to: '2023-03-15' } }))).toEqual([
      'IS-00000002',
      'IS-00000003',
    ]);
    expect(numbersOf(await list({ nextRunDate: { from: '2023-03-01', to: '2023-03-31' } }))).toEqual([
      'IS-00000002',
    ]);
    expect(numbersOf(await list({ sort: 'nextRunDate' }))).toEqual([
      'IS-00000003',
      'IS-00000002',
      'IS-00000001',
    ]);
    expect(numbersOf(await list({ accountNumber: 'A-001', sort: 'nextRunDate' }))).toEqual([
      'IS-00000003',
      'IS-00000001',
    ]);
    expect(
      numbersOf(await list({ accountNumber: 'A-001', status: 'Paused', nextRunDate: { to: '2023-02-28' } })),
    ).toEqual(['IS-00000003']);
    expect(numbersOf(await list({ accountNumber: 'A-002', status: 'Paused' }))).toEqual([]);
  });

  it('pages through 45 schedules in pages of 20: 20 + 20 + 5, each schedule once, in order, then no cursor', async () => {
    const billing = await givenAccountsDue(45);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = expectOk(
        await listInvoiceSchedules(billing.context, {
          pageSize: 20,
          ...(cursor === undefined ? {} : { cursor }),
        }),
      );
      sizes.push(page.data.length);
      seen.push(...numbersOf(page));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `IS-${String(i + 1).padStart(8, '0')}`));
    // One date for all: the next-run-date order breaks the tie by number, the same 45 in the same order.
    const byDate: string[] = [];
    let next: string | null = null;
    do {
      const page: ListingPage<{ readonly number: string }> = expectOk(
        await listInvoiceSchedules(billing.context, {
          sort: 'nextRunDate',
          pageSize: 20,
          ...(next === null ? {} : { cursor: next }),
        }),
      );
      byDate.push(...numbersOf(page));
      next = page.nextCursor;
    } while (next !== null);
    expect(byDate).toEqual(seen);
  });

  it('a page that ends exactly at the last schedule has no cursor (no empty page after it); the default page holds 20', async () => {
    const billing = newBilling();
    await givenOneItemSchedules(billing, 4, () => '2023-02-04');
    const two = expectOk(await listInvoiceSchedules(billing.context, { pageSize: 2 }));
    const rest = expectOk(
      await listInvoiceSchedules(billing.context, { pageSize: 2, cursor: two.nextCursor as string }),
    );
    expect([numbersOf(two), numbersOf(rest), rest.nextCursor]).toEqual([
      ['IS-00000001', 'IS-00000002'],
      ['IS-00000003', 'IS-00000004'],
      null,
    ]);
    expect(expectOk(await listInvoiceSchedules(billing.context)).data).toHaveLength(4);
  });

  it('returns frozen pages of the stored schedules', async () => {
    const billing = await threeSchedules();
    const page = expectOk(await listInvoiceSchedules(billing.context, {}));
    expect(Object.isFrozen(page)).toBe(true);
    expect(Object.isFrozen(page.data)).toBe(true);
    expect(Object.isFrozen(page.data[0])).toBe(true);
    expect(page.data[0]?.items[0]?.actualAmount.toFixed(2)).toBe('50000.00');
  });

  it('refuses a tampered cursor, a cursor of another listing or another sort, and a null or non-string one, with an InvalidInput', async () => {
    const billing = newBilling();
    await givenOneItemSchedules(billing, 3, (i) => `2023-02-0${i}`);
    const first = expectOk(await listInvoiceSchedules(billing.context, { pageSize: 1 }));
    const cursor = first.nextCursor as string;
    const byDate = expectOk(await listInvoiceSchedules(billing.context, { pageSize: 1, sort: 'nextRunDate' }))
      .nextCursor as string;
    // A well-formed cursor of listInvoices (its checksum right), refused for its listing alone.
    const invoicesCursor = cursorOf(3, ['INV00000001']);
    const encode = (value: unknown) =>
      btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    // The test's encoder writes what the listing reads: a cursor after IS-00000001 goes on with IS-00000002.
    expect(
      numbersOf(
        expectOk(
          await listInvoiceSchedules(billing.context, { pageSize: 1, cursor: cursorOf(0, ['IS-00000001']) }),
        ),
      ),
    ).toEqual(['IS-00000002']);
    const flipped = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    const refused: [string, unknown, Record<string, unknown>][] = [
      ['a character changed', flipped, {}],
      ['cut short', cursor.slice(0, -3), {}],
      ['not base64url', `${cursor}!`, {}],
      ['base64 of other bytes', btoa('not json'), {}],
      ['another key shape', cursorOf(0, [42]), {}],
      ['an extra value', cursorOf(0, ['IS-1', 'IS-2']), {}],
      ['an empty number', cursorOf(0, ['']), {}],
      ['a number holding U+0000 (forged: PostgreSQL would refuse it)', cursorOf(0, ['IS-\u0000']), {}],
      ['another version', cursorOf(0, ['IS-1'], { version: 2 }), {}],
      ['no checksum', cursorOf(0, ['IS-1'], { checksum: false }), {}],
      ['an unknown listing', cursorOf(5, ['IS-1']), {}],
      ['a bad date in the key', cursorOf(1, ['2023-02-30', 'IS-1']), { sort: 'nextRunDate' }],
      [
        "format 2 (JSON, a development build's)",
        encode({
          v: 2,
          l: 'listInvoiceSchedules',
          s: 'number',
          k: ['IS-1'],
          c: fnv1a64(JSON.stringify([2, 'listInvoiceSchedules', 'number', ['IS-1']])),
        }),
        {},
      ],
      ['of another listing', invoicesCursor, {}],
      ['of the other sort', byDate, {}],
      ['of the number sort, asked by date', cursor, { sort: 'nextRunDate' }],
      ['null', null, {}],
      ['a number', 42, {}],
      ['an object', { after: 'IS-00000001' }, {}],
      ['empty', '', {}],
      ['too long', 'A'.repeat(5000), {}],
      ['longer than any cursor', 'A'.repeat(716), {}],
    ];
    for (const [what, given, extra] of refused) {
      const error = expectErr(
        await listInvoiceSchedules(billing.context, { ...extra, cursor: given } as never),
      );
      expect([what, error.type, error.type === 'InvalidInput' && error.path]).toEqual([
        what,
        'InvalidInput',
        'cursor',
      ]);
    }
    const again = expectErr(await listInvoiceSchedules(billing.context, { cursor: byDate }));
    expect(again.type === 'InvalidInput' && again.message).toMatch(
      /continues the sort 'nextRunDate', not 'number'/,
    );
    const finished = expectErr(await listInvoiceSchedules(billing.context, { cursor: null } as never));
    expect(finished.type === 'InvalidInput' && finished.message).toMatch(
      /null nextCursor means there is no next page/,
    );
    const another = expectErr(await listInvoiceSchedules(billing.context, { cursor: invoicesCursor }));
    expect(another.type === 'InvalidInput' && another.expected).toMatch(/this cursor is of listInvoices/);
    // The cursor itself still works.
    expect(numbersOf(expectOk(await listInvoiceSchedules(billing.context, { pageSize: 1, cursor })))).toEqual(
      ['IS-00000002'],
    );
  });

  it('found in review: no one-character edit of a cursor reads another page (a base64url edit could turn IS-00000001 into IS-00000005 and skip three rows); each is refused, or decodes to the same cursor', async () => {
    const billing = newBilling();
    await givenOneItemSchedules(billing, 6, (i) => `2023-02-0${i}`);
    const cursor = expectOk(await listInvoiceSchedules(billing.context, { pageSize: 1 }))
      .nextCursor as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let p = 0; p < cursor.length; p += 1) {
      for (const ch of alphabet) {
        if (ch === cursor[p]) continue;
        const edited = `${cursor.slice(0, p)}${ch}${cursor.slice(p + 1)}`;
        const page = await listInvoiceSchedules(billing.context, { pageSize: 1, cursor: edited });
        if (page.isOk()) expect([p, ch, numbersOf(page.value)]).toEqual([p, ch, ['IS-00000002']]);
        else expect(page.error).toMatchObject({ type: 'InvalidInput', path: 'cursor' });
      }
    }
  });

  it('refuses every malformed request with an InvalidInput naming the field, and a broken context with an InvalidContext, never a throw', async () => {
    const billing = newBilling();
    const cases: [unknown, string][] = [
      [null, ''],
      [[], ''],
      ['IS-00000001', ''],
      [{ acountNumber: 'A-001' }, 'acountNumber'],
      [{ accountNumber: '' }, 'accountNumber'],
      [{ accountNumber: 7 }, 'accountNumber'],
      [{ status: 'Open' }, 'status'],
      [{ status: null }, 'status'],
      [{ sort: 'amount' }, 'sort'],
      [{ sort: ['number'] }, 'sort'],
      [{ pageSize: 1000 }, 'pageSize'],
      [{ pageSize: 100 }, 'pageSize'],
      [{ pageSize: 0 }, 'pageSize'],
      [{ pageSize: 1.5 }, 'pageSize'],
      [{ pageSize: '20' }, 'pageSize'],
      [{ pageSize: Number.NaN }, 'pageSize'],
      [{ nextRunDate: '2023-02-01' }, 'nextRunDate'],
      [{ nextRunDate: { since: '2023-02-01' } }, 'nextRunDate.since'],
      [{ nextRunDate: { from: '2023-02-30' } }, 'nextRunDate.from'],
      [{ nextRunDate: { to: 20230201 } }, 'nextRunDate.to'],
      [{ nextRunDate: { from: '2023-03-01', to: '2023-02-01' } }, 'nextRunDate.to'],
      [{ updatedSince: '2023-01-01' }, 'updatedSince'],
    ];
    for (const [input, path] of cases) {
      const error = expectErr(await listInvoiceSchedules(billing.context, input as never));
      expect([input, error.type, error.type === 'InvalidInput' ? error.path : error]).toEqual([
        input,
        'InvalidInput',
        path,
      ]);
    }
    const nullInput = expectErr(await listInvoiceSchedules(billing.context, null as never));
    expect(nullInput.message).toBe(
      'listInvoiceSchedules: expected an object with `accountNumber`, `status`, `nextRunDate`, `updatedSince`, `includeDeleted`, `sort`, `cursor`, `pageSize`, received null.',
    );
    expect(expectOk(await listInvoiceSchedules(billing.context, { pageSize: 99 })).data).toEqual([]);
    for (const broken of [null, {}, { ...billing.context, store: {} }])
      expect(expectErr(await listInvoiceSchedules(broken as never, {})).type).toBe('InvalidContext');
    expect(expectErr(await listItemsDue(null as never, { targetDate: '2023-02-04' })).type).toBe(
      'InvalidContext',
    );
    expect(expectErr(await listInvoices(undefined as never, { accountNumber: 'A-001' })).type).toBe(
      'InvalidContext',
    );
  });
});

/**
 * JPY, S1–S3 at 1,200 a year for January 2023 (100 yen each), billed in full on 2023-01-01; then S3 removed as of
 * 2023-01-10 and S2 as of 2023-01-20 (credits of 71 and 39 yen, due on those days).
 */
async function givenTwoJanuaryRemovals(): Promise<TestBilling> {
  const billing = newBilling({}, '2023-01-15T12:00:00Z');
  await setUpOrder(billing, {
    currency: 'JPY',
    subscriptions: [1, 2, 3].map((n) => ({
      number: `S${n}`,
      termStart: '2023-01-01',
      termEnd: '2023-01-31',
      charges: [{ number: `C${n}`, price: '1200' }],
    })),
  });
  await givenSchedule(billing, { items: [{ runDate: '2023-01-01', amount: '300' }] });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-15',
    actions: [...removeProducts(['S3'], '2023-01-10'), ...removeProducts(['S2'], '2023-01-20')],
  });
  return billing;
}

/** `listItemsDue` on `targetDate` a row a page (at most ten pages): each row's kind and due date, each cursor's length. */
async function dueRowsByPagesOfOne(
  billing: TestBilling,
  targetDate: string,
): Promise<{ rows: (string | null)[][]; lengths: number[] }> {
  const rows: (string | null)[][] = [];
  const lengths: number[] = [];
  let cursor: string | null = null;
  for (let k = 0; k < 10; k++) {
    const page: ListingPage<DueItem> = expectOk(
      await listItemsDue(billing.context, {
        targetDate,
        pageSize: 1,
        ...(cursor === null ? {} : { cursor }),
      }),
    );
    rows.push(...page.data.map((r) => [r.kind, r.dueDate]));
    cursor = page.nextCursor;
    if (cursor === null) break;
    lengths.push(cursor.length);
  }
  return { rows, lengths };
}

describe('listItemsDue', () => {
  it('C01: on 2023-02-04 item 1 is due, 50,000.00 to bill; on 2023-05-01 items 1 and 2; nothing before', async () => {
    const { billing } = await givenC01Schedule();
    const on = async (targetDate: string) => expectOk(await listItemsDue(billing.context, { targetDate }));
    expect(dueRows(await on('2023-02-03'))).toEqual([]);
    expect(dueRows(await on('2023-02-04'))).toEqual([
      ['IS-00000001', 1, '2023-02-04', '2023-02-04', '50000.00', '50000.00'],
    ]);
    const may = await on('2023-05-01');
    expect(dueRows(may)).toEqual([
      ['IS-00000001', 1, '2023-02-04', '2023-02-04', '50000.00', '50000.00'],
      ['IS-00000001', 2, '2023-05-01', '2023-05-01', '14000.00', '14000.00'],
    ]);
    expect(may.data[0]).toMatchObject({ kind: 'Item', accountNumber: 'A-001', currency: 'USD' });
    expect(Object.isFrozen(may.data[0])).toBe(true);
  });

  it('C11: after item 1 is billed and the charges are removed as of 2023-11-01, item 2 bills 8,500.00 of its 14,000.00 and item 3 0.00 of its 6,200.00, one row a page', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04']);
    await givenC01Removal(billing, '2023-03-01', '2023-11-01');
    const first = expectOk(await listItemsDue(billing.context, { targetDate: '2023-09-16', pageSize: 1 }));
    expect(dueRows(first)).toEqual([['IS-00000001', 2, '2023-05-01', '2023-05-01', '14000.00', '8500.00']]);
    const second = expectOk(
      await listItemsDue(billing.context, {
        targetDate: '2023-09-16',
        pageSize: 1,
        cursor: first.nextCursor as string,
      }),
    );
    expect(dueRows(second)).toEqual([['IS-00000001', 3, '2023-09-16', '2023-09-16', '6200.00', '0.00']]);
    expect(second.nextCursor).toBeNull();
    expect(second.data[0]?.itemId).toBe(billing.store.probe.invoiceSchedule('IS-00000001')?.items[2]?.id);
  });

  it('found in review: a nextRunDate override lists the earliest item on the override, the day the run dates it (decision 18), and no Credit row where nothing is billed above its value', async () => {
    const { billing } = await givenC01Schedule();
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-01-15',
      }),
    );
    // Item 1 is due by its own run date on 2023-05-01 too: it is still billed on (and dated) the override.
    expect(dueRows(expectOk(await listItemsDue(billing.context, { targetDate: '2023-05-01' })))).toEqual([
      ['IS-00000001', 1, '2023-02-04', '2023-01-15', '50000.00', '50000.00'],
      ['IS-00000001', 2, '2023-05-01', '2023-05-01', '14000.00', '14000.00'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect(run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.invoiceDate)).toEqual([
      '2023-01-15',
      '2023-05-01',
    ]);
    // Everything billed but item 3; an override with no credit due lists item 3 pulled forward, never a Credit.
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-06-01',
      }),
    );
    expect(dueRows(expectOk(await listItemsDue(billing.context, { targetDate: '2023-06-01' })))).toEqual([
      ['IS-00000001', 3, '2023-09-16', '2023-06-01', '6200.00', '6200.00'],
    ]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    // Fully processed with no credit due: nothing is left to run, so no date can be set (§6.6 rules 1, 5).
    expect(
      expectErr(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          nextRunDate: '2023-07-01',
        }),
      ),
    ).toMatchObject({ type: 'InvalidScheduleStatus', operation: 'setNextRunDate' });
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-07-01' })).data).toEqual([]);
    const idle = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([idle.invoiceNumbers, idle.creditMemoNumbers]).toEqual([[], []]);
    // Earlier builds accepted that date, and their records still hold it on a fully processed schedule:
    // seeded as stored, it lists no row and the run bills and credits nothing.
    const seed = seedOf(billing.store.probe.snapshot());
    const leftover = seededBilling(
      {
        ...seed,
        invoiceSchedules: (seed.invoiceSchedules ?? []).map((s) => ({
          ...s,
          nextRunDate: '2023-07-01' as typeof s.nextRunDate,
          nextRunDateOverride: '2023-07-01' as typeof s.nextRunDateOverride,
        })),
      },
      '2023-07-01T12:00:00Z',
    );
    const stored = leftover.store.probe.invoiceSchedule('IS-00000001');
    expect([stored?.nextRunDate, stored?.items.every((i) => i.status === 'Processed')]).toEqual([
      '2023-07-01',
      true,
    ]);
    expect(expectOk(await listItemsDue(leftover.context, { targetDate: '2023-07-01' })).data).toEqual([]);
    const leftoverRun = expectOk(await runBillRun(leftover.context, { targetDate: '2023-07-01' }));
    expect([leftoverRun.invoiceNumbers, leftoverRun.creditMemoNumbers]).toEqual([[], []]);
  });

  it('C10: a credit due on a fully billed schedule is a Credit row on its date (2023-11-01), without an item or an amount', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-10-31' })).data).toEqual([]);
    const due = expectOk(await listItemsDue(billing.context, { targetDate: '2023-11-01' }));
    expect(due.data).toEqual([
      {
        kind: 'Credit',
        invoiceScheduleNumber: 'IS-00000001',
        accountNumber: 'A-001',
        currency: 'USD',
        itemId: null,
        sequence: null,
        name: null,
        runDate: null,
        dueDate: '2023-11-01',
        amount: null,
        actualAmount: null,
      },
    ]);
  });

  it('found in review 74: two removals due by the target date on a fully billed schedule are two Credit rows, one per day, as the run issues one memo per day', async () => {
    // The listing gave one Credit row (2023-01-10) for the run's two memos.
    const billing = await givenTwoJanuaryRemovals();
    const due = expectOk(await listItemsDue(billing.context, { targetDate: '2023-01-20' }));
    expect(due.data.map((r) => [r.kind, r.invoiceScheduleNumber, r.dueDate])).toEqual([
      ['Credit', 'IS-00000001', '2023-01-10'],
      ['Credit', 'IS-00000001', '2023-01-20'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' }));
    expect(
      run.creditMemoNumbers.map((n) => {
        const memo = billing.store.probe.creditMemo(n);
        return [memo?.memoDate, memo?.lines.map((l) => [l.chargeNumber, l.amount])];
      }),
    ).toEqual([
      ['2023-01-10', [['C3', '71']]],
      ['2023-01-20', [['C2', '39']]],
    ]);
  });

  it('found in review 75: pages of one row reach both Credit rows (a credit row’s cursor holds its day; it held [schedule, 0], and the second row was never reached)', async () => {
    const billing = await givenTwoJanuaryRemovals();
    const { rows } = await dueRowsByPagesOfOne(billing, '2023-01-20');
    expect(rows).toEqual([
      ['Credit', '2023-01-10'],
      ['Credit', '2023-01-20'],
    ]);
  });

  it('found in review 76: a Credit row’s cursor after a schedule number of 255 code units of 中 (within the identifier limit) is taken back: both rows reached, the cursor 727 characters (the most a listing writes)', async () => {
    const billing = await givenTwoJanuaryRemovals();
    const number = `IS-${'中'.repeat(252)}`;
    // Renamed through the ports, as a host importing its records would (no request can name it otherwise).
    expectOk(
      await billing.store.transaction(async (repos) => {
        const stored = (await repos.invoiceSchedules.get('IS-00000001')) as InvoiceSchedule;
        const removed = await repos.invoiceSchedules.remove(stored.number, stored.version);
        if (removed.isErr()) return removed;
        const saved = await repos.invoiceSchedules.save({ ...stored, number, version: 1 });
        return saved.isErr() ? saved : ok(undefined);
      }),
    );
    const { rows, lengths } = await dueRowsByPagesOfOne(billing, '2023-01-20');
    expect(rows).toEqual([
      ['Credit', '2023-01-10'],
      ['Credit', '2023-01-20'],
    ]);
    // [number, 0, day]: 2 + (3 + 2 × 255) + 9 + (3 + 10) + 8 = 545 bytes, 727 base64url characters.
    expect(lengths).toEqual([727]);
  });

  it('found in review 75: a next run date the user pulled before every credit’s day (§6.6 rule 4, C22) lists the Credit row the run issues on it', async () => {
    const billing = await givenTwoJanuaryRemovals();
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-01-05',
      }),
    );
    const due = expectOk(await listItemsDue(billing.context, { targetDate: '2023-01-05' }));
    expect(due.data.map((r) => [r.kind, r.dueDate])).toEqual([['Credit', '2023-01-05']]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-05' }));
    expect(run.creditMemoNumbers.map((n) => billing.store.probe.creditMemo(n)?.memoDate)).toEqual([
      '2023-01-05',
    ]);
  });

  it('lists every account in schedule order, by account when asked, and a paused schedule only with includePausedSchedules', async () => {
    const billing = await givenAccountsDue(3);
    const all = expectOk(await listItemsDue(billing.context, { targetDate: '2023-02-04' }));
    expect(
      all.data.map((d) => [d.accountNumber, d.invoiceScheduleNumber, d.actualAmount?.toFixed(2)]),
    ).toEqual([
      ['A-001', 'IS-00000001', '70200.00'],
      ['A-002', 'IS-00000002', '70200.00'],
      ['A-003', 'IS-00000003', '70200.00'],
    ]);
    const a2 = expectOk(
      await listItemsDue(billing.context, { targetDate: '2023-02-04', accountNumber: 'A-002' }),
    );
    expect(a2.data.map((d) => d.invoiceScheduleNumber)).toEqual(['IS-00000002']);
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000002' }));
    const scheduler = expectOk(await listItemsDue(billing.context, { targetDate: '2023-02-04' }));
    expect(scheduler.data.map((d) => d.invoiceScheduleNumber)).toEqual(['IS-00000001', 'IS-00000003']);
    const person = expectOk(
      await listItemsDue(billing.context, { targetDate: '2023-02-04', includePausedSchedules: true }),
    );
    expect(person.data.map((d) => d.invoiceScheduleNumber)).toEqual([
      'IS-00000001',
      'IS-00000002',
      'IS-00000003',
    ]);
    // A bill run on the date bills what was listed, and then nothing is due.
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(run.itemsProcessed).toBe(scheduler.data.length);
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-02-04' })).data).toEqual([]);
  });

  it('pages across schedules: rows of several items of one schedule are split between pages without loss', async () => {
    const { billing } = await givenC01Schedule();
    await setUpOrder(billing, { accountNumber: 'A-002', orderNumber: 'O-0002', subscriptions: c01For(2) });
    await givenSchedule(billing, {
      accountNumber: 'A-002',
      orders: ['O-0002'],
      items: [{ runDate: '2023-01-15', amount: '70200.00' }],
    });
    const rows: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListingPage<DueItem> = expectOk(
        await listItemsDue(billing.context, {
          targetDate: '2023-12-31',
          pageSize: 2,
          ...(cursor === null ? {} : { cursor }),
        }),
      );
      rows.push(...page.data.map((d) => `${d.invoiceScheduleNumber}#${d.sequence}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(rows).toEqual(['IS-00000001#1', 'IS-00000001#2', 'IS-00000001#3', 'IS-00000002#1']);
    expect(pages).toBe(2);
  });

  it('a schedule deleted between two pages is not listed on the next one (its remaining items are gone)', async () => {
    const { billing } = await givenC01Schedule();
    await setUpOrder(billing, { accountNumber: 'A-002', orderNumber: 'O-0002', subscriptions: c01For(2) });
    await givenSchedule(billing, {
      accountNumber: 'A-002',
      orders: ['O-0002'],
      items: [{ runDate: '2023-01-15', amount: '70200.00' }],
    });
    const first = expectOk(await listItemsDue(billing.context, { targetDate: '2023-12-31', pageSize: 2 }));
    expect(first.data.map((d) => `${d.invoiceScheduleNumber}#${d.sequence}`)).toEqual([
      'IS-00000001#1',
      'IS-00000001#2',
    ]);
    expectOk(await deleteInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const next = expectOk(
      await listItemsDue(billing.context, {
        targetDate: '2023-12-31',
        pageSize: 2,
        cursor: first.nextCursor as string,
      }),
    );
    expect(next.data.map((d) => `${d.invoiceScheduleNumber}#${d.sequence}`)).toEqual(['IS-00000002#1']);
  });

  it('refuses a missing or impossible target date, a non-boolean includePausedSchedules and a cursor of another listing', async () => {
    const { billing } = await givenC01Schedule();
    const schedulesCursor = expectOk(await listInvoiceSchedules(billing.context, { pageSize: 1 })).nextCursor;
    expect(schedulesCursor).toBeNull();
    const cases: [unknown, string][] = [
      [{}, 'targetDate'],
      [{ targetDate: '2023-02-30' }, 'targetDate'],
      [{ targetDate: new Date('2023-02-04') }, 'targetDate'],
      [{ targetDate: '2023-02-04', includePausedSchedules: 'yes' }, 'includePausedSchedules'],
      [{ targetDate: '2023-02-04', pageSize: 1000 }, 'pageSize'],
      [{ targetDate: '2023-02-04', cursor: 7 }, 'cursor'],
      [
        {
          targetDate: '2023-02-04',
          cursor: cursorOf(2, ['IS-00000001', -1]),
        },
        'cursor',
      ],
      [{ targetDate: '2023-02-04', status: 'Pending' }, 'status'],
    ];
    for (const [input, path] of cases) {
      const error = expectErr(await listItemsDue(billing.context, input as never));
      expect([input, error.type === 'InvalidInput' && error.path]).toEqual([input, path]);
    }
    expect(expectErr(await listItemsDue(billing.context, undefined as never)).type).toBe('InvalidInput');
  });
});

describe('listInvoices and listCreditMemos', () => {
  it("C01 after its three bill runs: the schedule's invoices by number or id, by account, by status, two a page", async () => {
    const { billing, schedule } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01']);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-09-16' })); // INV00000003 stays Draft
    const bySchedule = expectOk(
      await listInvoices(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(bySchedule.data.map((i) => [i.number, i.status, i.invoiceDate, i.amount.toFixed(2)])).toEqual([
      ['INV00000001', 'Posted', '2023-02-04', '50000.00'],
      ['INV00000002', 'Posted', '2023-05-01', '14000.00'],
      ['INV00000003', 'Draft', '2023-09-16', '6200.00'],
    ]);
    expect(expectOk(await listInvoices(billing.context, { invoiceScheduleNumber: schedule.id }))).toEqual(
      bySchedule,
    );
    expect(
      numbersOf(expectOk(await listInvoices(billing.context, { accountNumber: 'A-001', status: 'Draft' }))),
    ).toEqual(['INV00000003']);
    const first = expectOk(await listInvoices(billing.context, { accountNumber: 'A-001', pageSize: 2 }));
    const second = expectOk(
      await listInvoices(billing.context, {
        accountNumber: 'A-001',
        pageSize: 2,
        cursor: first.nextCursor as string,
      }),
    );
    expect([numbersOf(first), numbersOf(second), second.nextCursor]).toEqual([
      ['INV00000001', 'INV00000002'],
      ['INV00000003'],
      null,
    ]);
    expect(
      expectOk(await listInvoices(billing.context, { invoiceScheduleNumber: 'IS-00000009' })).data,
    ).toEqual([]);
    // An invoice cursor is not a credit memo cursor.
    const wrong = expectErr(
      await listCreditMemos(billing.context, { accountNumber: 'A-001', cursor: first.nextCursor as string }),
    );
    expect(wrong.type === 'InvalidInput' && wrong.message).toMatch(/this cursor is of listInvoices/);
  });

  it("C10: the removal's credit memo CM00000001 11,700.00 is listed by schedule and by account", async () => {
    const { billing, schedule } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' }));
    for (const input of [
      { invoiceScheduleNumber: schedule.number },
      { invoiceScheduleNumber: schedule.id },
      { accountNumber: 'A-001' },
    ]) {
      const memos = expectOk(await listCreditMemos(billing.context, input));
      expect(memos.data.map((m) => [m.number, m.status, m.amount.toFixed(2)])).toEqual([
        ['CM00000001', 'Draft', '11700.00'],
      ]);
    }
    expect(
      expectOk(await listCreditMemos(billing.context, { accountNumber: 'A-001', status: 'Posted' })).data,
    ).toEqual([]);
  });

  it('refuses both or neither of accountNumber and invoiceScheduleNumber, and an unknown status', async () => {
    const billing = newBilling();
    const both = expectErr(
      await listInvoices(billing.context, { accountNumber: 'A-001', invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(both).toMatchObject({ type: 'InvalidInput', path: 'invoiceScheduleNumber' });
    expect(both.message).toBe(
      'listInvoices: name exactly one of accountNumber and invoiceScheduleNumber; both were given.',
    );
    const neither = expectErr(await listCreditMemos(billing.context, {}));
    expect(neither.message).toBe(
      'listCreditMemos: name exactly one of accountNumber and invoiceScheduleNumber; neither was given.',
    );
    expect(
      expectErr(await listInvoices(billing.context, { accountNumber: 'A-001', status: 'Open' as never })),
    ).toMatchObject({
      path: 'status',
    });
    expect(
      expectErr(
        await listCreditMemos(billing.context, { accountNumber: 'A-001', status: 'Reversed' as never }),
      ),
    ).toMatchObject({ path: 'status', expected: "one of 'Draft', 'Posted', 'Canceled'" });
  });
});

// PGlite runs in-process: on a busy 2-core machine under coverage the walk took over 60 s (CI, 2026-12-07), so the
// test and the close wait longer than the defaults. Not a timed test: nothing is measured.
const PGLITE_TIMEOUT = 240_000;

describe('the listings on PostgreSQL (PGlite)', () => {
  const db = new PGlite();
  afterAll(() => db.close(), PGLITE_TIMEOUT);

  it(
    'lists, pages, plans and finds documents as on the memory store',
    async () => {
      await migrate(db, { schema: 'listings' });
      const store = createPostgresStore(db, { schema: 'listings' });
      const context: BillingContext = {
        store,
        clock: fixedClock('2023-01-01T12:00:00Z'),
        ids: createSequentialIds(),
        settings: DEFAULT_TENANT_SETTINGS,
      };
      // The helpers take a TestBilling; they use its context only.
      const billing = { context, store: undefined as never } as TestBilling;
      // Account i's one item runs on 2023-02-(13 − i): the next-run-date order is the number order reversed.
      await givenOneItemSchedules(billing, 12, (i) => `2023-02-${String(13 - i).padStart(2, '0')}`);
      const pageAll = async (sort: 'number' | 'nextRunDate') => {
        const out: string[][] = [];
        let cursor: string | null = null;
        do {
          const page: ListingPage<{ readonly number: string }> = expectOk(
            await listInvoiceSchedules(context, {
              sort,
              pageSize: 5,
              ...(cursor === null ? {} : { cursor }),
            }),
          );
          out.push(numbersOf(page));
          cursor = page.nextCursor;
        } while (cursor !== null);
        return out;
      };
      const ordered = Array.from({ length: 12 }, (_, i) => `IS-${String(i + 1).padStart(8, '0')}`);
      expect(await pageAll('number')).toEqual([ordered.slice(0, 5), ordered.slice(5, 10), ordered.slice(10)]);
      expect((await pageAll('nextRunDate')).flat()).toEqual([...ordered].reverse());
      expect(
        numbersOf(
          expectOk(
            await listInvoiceSchedules(context, { nextRunDate: { from: '2023-02-03', to: '2023-02-05' } }),
          ),
        ),
      ).toEqual(['IS-00000008', 'IS-00000009', 'IS-00000010']);
      expect(numbersOf(expectOk(await listInvoiceSchedules(context, { accountNumber: 'A-004' })))).toEqual([
        'IS-00000004',
      ]);
      const due = expectOk(await listItemsDue(context, { targetDate: '2023-02-02', pageSize: 1 }));
      expect(dueRows(due)).toEqual([['IS-00000011', 1, '2023-02-02', '2023-02-02', '70200.00', '70200.00']]);
      const rest = expectOk(
        await listItemsDue(context, {
          targetDate: '2023-02-02',
          pageSize: 1,
          cursor: due.nextCursor as string,
        }),
      );
      expect([dueRows(rest).map((r) => r[0]), rest.nextCursor]).toEqual([['IS-00000012'], null]);
      const run = expectOk(await runBillRun(context, { targetDate: '2023-02-02' }));
      expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
      expect(expectOk(await listItemsDue(context, { targetDate: '2023-02-02' })).data).toEqual([]);
      expect(
        expectOk(await listInvoiceSchedules(context, { status: 'FullyProcessed' })).data.map((s) => [
          s.number,
          s.nextRunDate,
        ]),
      ).toEqual([
        ['IS-00000011', null],
        ['IS-00000012', null],
      ]);
      // Schedules without a next run date come last by date.
      expect((await pageAll('nextRunDate')).flat().slice(-2)).toEqual(['IS-00000011', 'IS-00000012']);
      const invoices = expectOk(await listInvoices(context, { invoiceScheduleNumber: 'IS-00000012' }));
      expect(invoices.data.map((i) => [i.number, i.accountNumber, i.amount.toFixed(2)])).toEqual([
        ['INV00000002', 'A-012', '70200.00'],
      ]);
      expect(
        numbersOf(expectOk(await listInvoices(context, { accountNumber: 'A-011', status: 'Draft' }))),
      ).toEqual(['INV00000001']);
      expect(expectOk(await listCreditMemos(context, { accountNumber: 'A-011' })).data).toEqual([]);
    },
    PGLITE_TIMEOUT,
  );
});

// INPUT_LIMITS.identifierLength bounds every number a request names (docs/guides/http-service.md "Limits"), as
// getInvoiceSchedule and previewBillRun check: the listings' account and schedule filters took any length and
// answered an empty page.
describe('listings: a filter longer than INPUT_LIMITS.identifierLength is refused', () => {
  const long = 'A'.repeat(INPUT_LIMITS.identifierLength + 1);
  it.each([
    [
      'listInvoiceSchedules accountNumber',
      (c: BillingContext) => listInvoiceSchedules(c, { accountNumber: long }),
      'accountNumber',
    ],
    [
      'listItemsDue accountNumber',
      (c: BillingContext) => listItemsDue(c, { targetDate: '2023-12-31', accountNumber: long }),
      'accountNumber',
    ],
    [
      'listInvoices accountNumber',
      (c: BillingContext) => listInvoices(c, { accountNumber: long }),
      'accountNumber',
    ],
    [
      'listInvoices invoiceScheduleNumber',
      (c: BillingContext) => listInvoices(c, { invoiceScheduleNumber: long }),
      'invoiceScheduleNumber',
    ],
    [
      'listCreditMemos invoiceScheduleNumber',
      (c: BillingContext) => listCreditMemos(c, { invoiceScheduleNumber: long }),
      'invoiceScheduleNumber',
    ],
  ])('%s', async (_, call, path) => {
    const { billing } = await givenC01Schedule();
    const result: { isErr(): boolean; _unsafeUnwrapErr(): unknown } = await call(billing.context);
    expect(result.isErr()).toBe(true);
    const error = result._unsafeUnwrapErr() as { readonly message: string };
    expect(error).toMatchObject({ type: 'InvalidInput', path });
    expect(error.message).toContain(`at most ${INPUT_LIMITS.identifierLength} characters`);
    // At the limit it is a number like any other: an empty page.
    const atLimit = 'A'.repeat(INPUT_LIMITS.identifierLength);
    expect(expectOk(await listInvoices(billing.context, { accountNumber: atLimit })).data).toEqual([]);
  });
});

// Found in a differential review: a cursor was base64url of JSON, so a number of 255 three-byte characters (765
// bytes of UTF-8) or of control characters (`\u0001`, six bytes each in JSON) gave a cursor of more than the
// request's 1,000-character string limit, and the listing refused its own nextCursor: paging stopped there. Such
// numbers are within INPUT_LIMITS.identifierLength (a host importing records writes them through the ports).
describe('listings: a page ending on a number of 255 characters of any text gives a cursor the listing takes back', () => {
  const db = new PGlite();
  afterAll(() => db.close());

  /** `prefix` and `text` repeated to exactly INPUT_LIMITS.identifierLength UTF-16 code units ('x' filling an odd one). */
  const atLimit = (prefix: string, text: string) => {
    const n = Math.floor((INPUT_LIMITS.identifierLength - prefix.length) / text.length);
    return `${prefix}${text.repeat(n)}`.padEnd(INPUT_LIMITS.identifierLength, 'x');
  };
  /** Numbers of 3-byte (中), 4-byte (😀, two code units) and control characters, and two short ones. */
  const numbers = (prefix: string) => [
    `${prefix}00000001`,
    atLimit(prefix, '中'),
    atLimit(prefix, '😀'),
    atLimit(prefix, '\u0001'),
    // A byte order mark first: kept (a UTF-8 decoder drops a leading one unless told not to).
    `\uFEFF${prefix}1`,
  ];
  const account = 'A00000001';

  /** The records, written through the ports as an import would: a schedule per number, an invoice and a memo each. */
  async function seed(context: BillingContext): Promise<void> {
    const schedules = numbers('IS-');
    const [invoices, memos] = [numbers('INV'), numbers('CM')];
    expectOk(
      await context.store.transaction(async (repos) => {
        await repos.accounts.insert(buildAccount({ number: account }));
        for (const [i, number] of schedules.entries()) {
          // Distinct next run dates, in the reverse of the number order: the date sort is another walk.
          const items = buildInvoiceSchedule().items.map((item) => ({
            ...item,
            runDate: `2023-0${5 - i}-01` as never,
          }));
          const saved = await repos.invoiceSchedules.save(
            buildInvoiceSchedule({ number, id: `IS-id-${i}`, accountNumber: account, items }),
          );
          if (saved.isErr()) return saved;
          const line = (l: { readonly id: string }) => ({
            ...l,
            id: `${l.id}-${i}`,
            invoiceScheduleNumber: number,
          });
          const invoice = buildInvoice({
            number: invoices[i] as string,
            id: `INV-id-${i}`,
            accountNumber: account,
          });
          const inv = await repos.invoices.save({ ...invoice, lines: invoice.lines.map(line) } as never);
          if (inv.isErr()) return inv;
          const memo = buildCreditMemo({
            number: memos[i] as string,
            id: `CM-id-${i}`,
            accountNumber: account,
          });
          const cm = await repos.creditMemos.save({ ...memo, lines: memo.lines.map(line) } as never);
          if (cm.isErr()) return cm;
        }
        return ok(undefined);
      }),
    );
  }

  /** Every page of one row, from the first to the end: each row's key, and the longest cursor met. */
  async function walk<T>(
    list: (cursor: string | undefined) => ResultAsync<ListingPage<T>, unknown>,
    keyOf: (row: T) => string,
  ): Promise<{ readonly keys: string[]; readonly longest: number }> {
    const keys: string[] = [];
    let longest = 0;
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = expectOk(await list(cursor));
      keys.push(...page.data.map(keyOf));
      if (page.nextCursor === null) return { keys, longest };
      longest = Math.max(longest, page.nextCursor.length);
      cursor = page.nextCursor;
    }
    throw new Error(`no end after 100 pages: ${keys.length} rows`);
  }

  const sorted = (keys: readonly string[]) => [...keys].sort(compareKeys);
  const at = (cursor: string | undefined) => (cursor === undefined ? {} : { cursor });

  async function walkAll(context: BillingContext) {
    const schedules = numbers('IS-');
    const byNumber = await walk(
      (c) => listInvoiceSchedules(context, { pageSize: 1, ...at(c) }),
      (s) => s.number,
    );
    expect(byNumber.keys).toEqual(sorted(schedules));
    const byDate = await walk(
      (c) => listInvoiceSchedules(context, { sort: 'nextRunDate', pageSize: 1, ...at(c) }),
      (s) => s.number,
    );
    expect(byDate.keys).toEqual([...schedules].reverse());
    const due = await walk(
      (c) => listItemsDue(context, { targetDate: '2023-12-31', pageSize: 1, ...at(c) }),
      (d) => `${d.invoiceScheduleNumber}#${d.sequence}`,
    );
    const items = buildInvoiceSchedule().items.map((i) => i.sequence);
    expect(due.keys).toEqual(sorted(schedules).flatMap((n) => items.map((s) => `${n}#${s}`)));
    const invoices = await walk(
      (c) => listInvoices(context, { accountNumber: account, pageSize: 1, ...at(c) }),
      (i) => i.number,
    );
    expect(invoices.keys).toEqual(sorted(numbers('INV')));
    const memos = await walk(
      (c) => listCreditMemos(context, { accountNumber: account, pageSize: 1, ...at(c) }),
      (m) => m.number,
    );
    expect(memos.keys).toEqual(sorted(numbers('CM')));
    // By schedule too: the filter is a 255-character number, the cursor within the request's limits with it.
    for (const number of schedules) {
      const mine = await walk(
        (c) => listInvoices(context, { invoiceScheduleNumber: number, pageSize: 1, ...at(c) }),
        (i) => i.number,
      );
      expect(mine.keys).toHaveLength(1);
    }
    // The longest here: a 255-code-unit number and a date, the schedules' listing's worst case (715 characters; a
    // due Credit row's key, [number, 0, day], takes 727).
    const longest = Math.max(...[byNumber, byDate, due, invoices, memos].map((w) => w.longest));
    expect(longest).toBeGreaterThan(600);
    expect(longest).toBeLessThanOrEqual(715);
  }

  it('on the memory store: every listing, page by page, reaches each row once', async () => {
    const billing = newBilling();
    await seed(billing.context);
    await walkAll(billing.context);
  });

  it('on PostgreSQL (PGlite): every listing, page by page, reaches each row once', async () => {
    await migrate(db, { schema: 'long_keys' });
    const context: BillingContext = {
      store: createPostgresStore(db, { schema: 'long_keys' }),
      clock: fixedClock('2023-01-01T12:00:00Z'),
      ids: createSequentialIds(),
      settings: DEFAULT_TENANT_SETTINGS,
    };
    await seed(context);
    await walkAll(context);
  });

  it('a stored number of 100,000 characters, or one holding U+0000: a RangeError naming it, not a stack overflow nor a cursor refused later', async () => {
    for (const number of [`IS-${'中'.repeat(100_000)}`, `IS-${'a'.repeat(300_000)}`, 'IS-\u0000']) {
      const billing = newBilling();
      expectOk(
        await billing.context.store.transaction(async (repos) => {
          await repos.accounts.insert(buildAccount({ number: account }));
          for (const [i, n] of [number, 'J-1'].entries()) {
            const saved = await repos.invoiceSchedules.save(
              buildInvoiceSchedule({ number: n, id: `IS-id-${i}`, accountNumber: account }),
            );
            if (saved.isErr()) return saved;
          }
          return ok(undefined);
        }),
      );
      const rejected = await Promise.resolve(listInvoiceSchedules(billing.context, { pageSize: 1 })).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(rejected).toBeInstanceOf(RangeError);
      expect((rejected as Error).message).toMatch(
        /^listInvoiceSchedules: the page ends on a row whose number /,
      );
    }
  });

  it('a stored number beyond the identifier limit: paged past while its cursor fits (an ASCII one of 510 characters), else a RangeError naming it, never a cursor the listing would refuse', async () => {
    const billing = newBilling();
    const ascii = `IS-${'a'.repeat(507)}`;
    const wide = `IS-${'中'.repeat(297)}`;
    expectOk(
      await billing.context.store.transaction(async (repos) => {
        await repos.accounts.insert(buildAccount({ number: account }));
        for (const [i, number] of [ascii, 'IS-b', wide, 'IS-😀'].entries()) {
          const saved = await repos.invoiceSchedules.save(
            buildInvoiceSchedule({ number, id: `IS-id-${i}`, accountNumber: account }),
          );
          if (saved.isErr()) return saved;
        }
        return ok(undefined);
      }),
    );
    for (const sort of ['number', 'nextRunDate'] as const) {
      const first = expectOk(await listInvoiceSchedules(billing.context, { sort, pageSize: 1 }));
      // 698 characters by number, 715 by date: the longest a schedules' cursor gets (a due Credit row's: 727).
      expect([numbersOf(first), first.nextCursor?.length]).toEqual([[ascii], sort === 'number' ? 698 : 715]);
      const next = expectOk(
        await listInvoiceSchedules(billing.context, {
          sort,
          pageSize: 1,
          cursor: first.nextCursor as string,
        }),
      );
      expect(numbersOf(next)).toEqual(['IS-b']);
      const rejected = await Promise.resolve(
        listInvoiceSchedules(billing.context, { sort, pageSize: 1, cursor: next.nextCursor as string }),
      ).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(rejected).toBeInstanceOf(RangeError);
      expect((rejected as Error).message).toMatch(
        /listInvoiceSchedules: the page ends on a row whose number is 300 characters long .*beyond INPUT_LIMITS\.identifierLength \(255\)/,
      );
    }
    // A page that does not end on it lists it.
    expect(numbersOf(expectOk(await listInvoiceSchedules(billing.context, { pageSize: 4 })))).toEqual([
      ascii,
      'IS-b',
      wide,
      'IS-😀',
    ]);
  });
});
