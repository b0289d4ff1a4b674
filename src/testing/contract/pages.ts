import type { CreditMemo } from '../../domain/documents/credit-memo';
import type { Invoice, InvoiceStatus } from '../../domain/documents/invoice';
import type { InvoiceSchedule } from '../../domain/schedule/schedule';
import type {
  InvoicePageQuery,
  InvoiceSchedulePageKey,
  InvoiceSchedulePageQuery,
  Repositories,
  UnitOfWork,
} from '../../ports/index';
import { toCreditMemoRecord, toInvoiceRecord, toInvoiceScheduleRecord } from '../../ports/records';
import { check, checkEqual, fail, firstDifference } from '../assert';
import { buildInvoice, buildInvoiceLine, buildInvoiceSchedule, buildInvoiceScheduleItem } from '../builders';
import { memoOf } from './documents';
import { type ContractHarness, checkOk, day, numbers, uuid } from './harness';

// The pages of the listings a host shows (`listInvoiceSchedules`, `listItemsDue`, `listInvoices`,
// `listCreditMemos`): keyset pages, each the first `limit` rows after a key in a total order. An adapter
// that ignores the key serves the first page for ever; one that breaks a tie or the place of a schedule
// without a next run date differently on two pages shows a schedule twice, or never.

/** The names of the page tests, for the broken-adapter catalogue. */
export const PAGES = {
  byNumber:
    'queries: pages > invoiceSchedules.page by number: at most limit schedules, strictly after the key, and every schedule once across the pages',
  byNextRunDate:
    'queries: pages > invoiceSchedules.page by nextRunDate: by next run date, schedules without one last, ties by number, and every schedule once across the pages',
  afterKey:
    "queries: pages > invoiceSchedules.page by nextRunDate continues after the key given, not after the stored row: a key whose number is not stored, or whose date is not the row's (the row moved or went between pages)",
  filters:
    'queries: pages > invoiceSchedules.page filters by account, status, next run date range and due date, alone and together, in either order',
  ownWrites:
    "queries: pages > invoiceSchedules.page sees the transaction's own writes: a save moves a schedule in the order, a removal takes it out",
  documents:
    'queries: pages > invoices.page and creditMemos.page: ordered by number, after the key, by account, by schedule (any line) and by status',
  documentOwnWrites: "queries: pages > invoices.page and creditMemos.page see the transaction's own writes",
  updatedSince:
    'queries: pages > invoiceSchedules.page filters by updatedSince: updatedAt at or after the instant, schedules without one left out',
  deleted:
    'queries: pages > invoiceSchedules.page leaves deleted schedules out, and a page stays full; includeDeleted lists them, never as due',
} as const;

const A1 = 'A00000501';
const A2 = 'A00000502';

/** A schedule of `accountNumber` with the C01 builder's items and the given next run date and status. */
function scheduleOf(
  number: string,
  accountNumber: string,
  nextRunDate: string | null,
  status: 'Pending' | 'Paused' | 'FullyProcessed' = 'Pending',
): InvoiceSchedule {
  const id = uuid(Number(number.slice(-3)));
  if (status === 'FullyProcessed') {
    // Every item processed: FullyProcessed and no next run date, derived by the builder.
    const items = buildInvoiceSchedule().items.map((item) =>
      buildInvoiceScheduleItem({
        ...item,
        status: 'Processed',
        billedAmount: item.amount,
        invoiceNumber: `INV-${number}-${item.sequence}`,
      }),
    );
    return buildInvoiceSchedule({ number, id, accountNumber, items });
  }
  return buildInvoiceSchedule({
    number,
    id,
    accountNumber,
    nextRunDate: nextRunDate === null ? null : day(nextRunDate),
    ...(status === 'Paused' ? { status } : {}),
  });
}

/**
 * The schedules of the page tests, saved out of order. By number: 501 … 507. By next run date:
 * 2023-02-01 (502, 503, 507), 2023-03-01 (501, 505), none (504, 506). Account A00000501: 501, 503, 504,
 * 506, 507. Pending: all but 503 (Paused) and 504 (FullyProcessed). Every schedule but 504 has its first
 * item pending on 2023-02-04, so all but 504 are due then; on 2023-02-01 only those whose next run date
 * is reached (502, 503, 507).
 */
const SCHEDULES = [
  scheduleOf('IS-00000505', A2, '2023-03-01'),
  scheduleOf('IS-00000503', A1, '2023-02-01', 'Paused'),
  scheduleOf('IS-00000507', A1, '2023-02-01'),
  scheduleOf('IS-00000501', A1, '2023-03-01'),
  scheduleOf('IS-00000506', A1, null),
  scheduleOf('IS-00000502', A2, '2023-02-01'),
  scheduleOf('IS-00000504', A1, null, 'FullyProcessed'),
];

const BY_NEXT_RUN_DATE = [
  'IS-00000502',
  'IS-00000503',
  'IS-00000507',
  'IS-00000501',
  'IS-00000505',
  'IS-00000504',
  'IS-00000506',
];

/** A key after a schedule, as the operations build it from the last row of a page. */
function keyOf(schedule: InvoiceSchedule): InvoiceSchedulePageKey {
  return { number: schedule.number, nextRunDate: schedule.nextRunDate };
}

/** A line produced by `schedule` (or by none), with a distinct id. */
function invoiceLine(id: string, schedule: string | null) {
  return buildInvoiceLine({
    id,
    invoiceScheduleNumber: schedule,
    invoiceScheduleItemId: schedule === null ? null : `${schedule}-item-1`,
  });
}

/** An invoice of `accountNumber` in `status` with one line per entry of `schedules`. */
function invoiceOf(
  number: string,
  accountNumber: string,
  status: InvoiceStatus,
  schedules: readonly (string | null)[],
): Invoice {
  return buildInvoice({
    number,
    id: uuid(Number(number.slice(-3))),
    accountNumber,
    status,
    lines: schedules.map((s, i) => invoiceLine(`${number}-${i + 1}`, s)),
  });
}

/**
 * The documents of the page tests, the same for invoices (INV…51x) and credit memos (CM…51x): 511 A1
 * Posted by IS-501; 512 A2 Draft by IS-502; 513 A1 Draft by IS-501 on its second line only; 514 A1 Posted
 * by IS-503; 515 A1 Draft by IS-501 and IS-503.
 */
const DOCUMENTS = [
  ['515', A1, 'Draft', ['IS-00000501', 'IS-00000503']],
  ['512', A2, 'Draft', ['IS-00000502']],
  ['514', A1, 'Posted', ['IS-00000503']],
  ['511', A1, 'Posted', ['IS-00000501']],
  ['513', A1, 'Draft', [null, 'IS-00000501']],
] as const;

const INVOICES = DOCUMENTS.map(([n, account, status, schedules]) =>
  invoiceOf(`INV00000${n}`, account, status, schedules),
);
const MEMOS = DOCUMENTS.map(([n, account, status, schedules]) =>
  memoOf(`CM00000${n}`, account, status, schedules),
);

/** Schedules as a page returned them: rows, or pages of rows. */
type Rows = readonly InvoiceSchedule[] | readonly (readonly InvoiceSchedule[])[];

/** A page query as the kit asked it, and what the adapter returned. */
interface Asked {
  /** The call, shown in a failure: `invoiceSchedules.page({ … })`. */
  readonly call: string;
  /** Whether the query filters by `updatedSince` (a failure then shows each row's `updatedAt` and `createdAt`). */
  readonly updatedSince: boolean;
  readonly rows: Rows;
}

/** A schedule with the keys a page sorts and filters it by: `IS-… (nextRunDate …[, updatedAt …, createdAt …])`. */
function withKeys(number: string, s: InvoiceSchedule | null, updatedSince: boolean): string {
  if (s === null) return `${number} (not found)`;
  const updated = updatedSince
    ? `, updatedAt ${s.updatedAt ?? 'none'}, createdAt ${s.createdAt ?? 'none'}`
    : '';
  return `${number} (nextRunDate ${s.nextRunDate ?? 'null'}${updated})`;
}

/**
 * Fails unless the rows' numbers are `expected`; the message names the query and shows every schedule,
 * returned and expected, with its sort keys (`read` looks the expected ones up).
 */
async function checkRows(
  asked: Asked,
  expected: readonly string[] | readonly (readonly string[])[],
  what: string,
  read: (number: string) => Promise<InvoiceSchedule | null>,
): Promise<void> {
  const asNumbers = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(asNumbers) : (v as InvoiceSchedule).number;
  const diff = firstDifference(asNumbers(asked.rows), expected);
  if (diff === null) return;
  const show = async (v: unknown): Promise<string> => {
    if (Array.isArray(v)) return `[${(await Promise.all(v.map(show))).join(', ')}]`;
    if (typeof v === 'string') return withKeys(v, await read(v), asked.updatedSince);
    const s = v as InvoiceSchedule;
    return withKeys(s.number, s, asked.updatedSince);
  };
  fail(
    `${what}: ${asked.call} differs at ${diff}\n  actual:   ${await show(asked.rows)}\n  expected: ${await show(expected)}`,
  );
}

/** `invoiceSchedules.page`, `invoices.page` and `creditMemos.page`: order, filters, page boundaries, own writes. */
export function describePages<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit } = harness;
  const name = (full: string) => full.slice('queries: pages > '.length);

  async function saveSchedules(store: S): Promise<void> {
    await commit(store, async (r) => {
      for (const s of SCHEDULES) checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
    });
  }

  /** The page asked, read in a transaction of its own. */
  async function schedulePage(
    store: S,
    query: Partial<InvoiceSchedulePageQuery> & Pick<InvoiceSchedulePageQuery, 'limit'>,
  ): Promise<Asked> {
    const full: InvoiceSchedulePageQuery = { order: 'number', after: null, ...query };
    return {
      call: `invoiceSchedules.page(${JSON.stringify(full)})`,
      updatedSince: full.updatedSince !== undefined,
      rows: await commit(store, (r) => r.invoiceSchedules.page(full)),
    };
  }

  /** Every page of `query` in turn, each of at most `limit` rows, continuing after the last row's key. */
  async function allPages(
    store: S,
    query: Omit<InvoiceSchedulePageQuery, 'after' | 'limit'>,
    limit: number,
  ): Promise<Asked> {
    const pages: InvoiceSchedule[][] = [];
    let after: InvoiceSchedulePageKey | null = null;
    for (let i = 0; i <= SCHEDULES.length; i++) {
      const from = after;
      const page = await commit(store, (r) => r.invoiceSchedules.page({ ...query, after: from, limit }));
      check(page.length <= limit, `a page of limit ${limit} returned ${page.length} schedules`);
      pages.push([...page]);
      const last = page[page.length - 1];
      if (page.length < limit || last === undefined) break;
      after = keyOf(last);
    }
    return {
      call: `invoiceSchedules.page(${JSON.stringify({ ...query, limit })}), page after page (after: the last row's key)`,
      updatedSince: query.updatedSince !== undefined,
      rows: pages,
    };
  }

  /** {@link checkRows}, the expected schedules read from the store's committed state. */
  async function checkPage(
    store: S,
    asked: Asked,
    expected: readonly string[] | readonly (readonly string[])[],
    what: string,
  ): Promise<void> {
    await checkRows(asked, expected, what, (n) => commit(store, (r) => r.invoiceSchedules.get(n)));
  }

  describe('queries: pages', () => {
    test(name(PAGES.deleted), async (store) => {
      await commit(store, async (r) => {
        for (const s of [
          scheduleOf('IS-00000521', A1, '2023-03-01'),
          Object.freeze({ ...scheduleOf('IS-00000522', A1, '2023-02-01'), deleted: true as const }),
          scheduleOf('IS-00000523', A1, '2023-02-01'),
          Object.freeze({ ...scheduleOf('IS-00000524', A2, null), deleted: true as const }),
          scheduleOf('IS-00000525', A2, '2023-02-01'),
        ])
          checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
      });
      await checkPage(
        store,
        await schedulePage(store, { limit: 2 }),
        ['IS-00000521', 'IS-00000523'],
        'a full first page',
      );
      await checkPage(
        store,
        await schedulePage(store, { after: { number: 'IS-00000523', nextRunDate: null }, limit: 2 }),
        ['IS-00000525'],
        'the rest',
      );
      await checkPage(
        store,
        await schedulePage(store, { order: 'nextRunDate', dueOn: day('2023-02-01'), limit: 10 }),
        ['IS-00000523', 'IS-00000525'],
        'due on 2023-02-01, by next run date',
      );
      await checkPage(
        store,
        await schedulePage(store, { includeDeleted: true, accountNumber: A1, limit: 10 }),
        ['IS-00000521', 'IS-00000522', 'IS-00000523'],
        'includeDeleted',
      );
      // A deleted schedule is never due, whatever its dates: with includeDeleted too.
      await checkPage(
        store,
        await schedulePage(store, { includeDeleted: true, dueOn: day('2023-02-01'), limit: 10 }),
        ['IS-00000523', 'IS-00000525'],
        'includeDeleted and due on 2023-02-01 (a deleted schedule is never due)',
      );
      const read = await commit(store, (r) => r.invoiceSchedules.get('IS-00000522'));
      check(read?.deleted === true, 'get returns a deleted schedule, with `deleted: true`');
    });

    test(name(PAGES.updatedSince), async (store) => {
      // Created well before they were updated, so a filter on createdAt (a column mix-up) answers otherwise:
      // by updatedAt 513 and 514 are at or after 2023-02-01, by createdAt none is.
      const stamped = (
        number: string,
        nextRunDate: string | null,
        createdAt: string | null,
        updatedAt: string | null,
      ): InvoiceSchedule =>
        createdAt === null || updatedAt === null
          ? scheduleOf(number, A1, nextRunDate)
          : Object.freeze({
              ...scheduleOf(number, A1, nextRunDate),
              createdAt,
              createdBy: null,
              updatedAt,
              updatedBy: 'user:kit',
            });
      await commit(store, async (r) => {
        for (const s of [
          stamped('IS-00000511', '2023-03-01', null, null),
          stamped('IS-00000512', '2023-02-01', '2022-12-20T08:00:00.000Z', '2023-01-31T23:59:59.999Z'),
          stamped('IS-00000513', '2023-03-01', '2023-01-10T09:00:00.000Z', '2023-02-01T00:00:00.000Z'),
          stamped('IS-00000514', '2023-02-01', '2023-01-20T15:30:00.000Z', '2023-02-02T10:00:00.000Z'),
        ])
          checkOk(await r.invoiceSchedules.save(s), `save ${s.number}`);
      });
      const since = '2023-02-01T00:00:00.000Z';
      await checkPage(
        store,
        await schedulePage(store, { updatedSince: since, limit: 10 }),
        ['IS-00000513', 'IS-00000514'],
        'by number',
      );
      await checkPage(
        store,
        await schedulePage(store, { updatedSince: since, order: 'nextRunDate', limit: 10 }),
        ['IS-00000514', 'IS-00000513'],
        'by next run date',
      );
      await checkPage(
        store,
        await schedulePage(store, { updatedSince: '2023-01-01T00:00:00.000Z', accountNumber: A1, limit: 2 }),
        ['IS-00000512', 'IS-00000513'],
        'with an account, a page of 2',
      );
    });

    test(name(PAGES.byNumber), async (store) => {
      await saveSchedules(store);
      await checkPage(
        store,
        await allPages(store, { order: 'number' }, 3),
        [
          ['IS-00000501', 'IS-00000502', 'IS-00000503'],
          ['IS-00000504', 'IS-00000505', 'IS-00000506'],
          ['IS-00000507'],
        ],
        'pages of 3 by number',
      );
      await checkPage(
        store,
        await schedulePage(store, { after: { number: 'IS-00000503x', nextRunDate: null }, limit: 2 }),
        ['IS-00000504', 'IS-00000505'],
        'after a number that is not stored: from the next one',
      );
      await checkPage(
        store,
        await schedulePage(store, { after: { number: 'IS-00000507', nextRunDate: null }, limit: 2 }),
        [],
        'after the last schedule: empty',
      );
      await checkPage(
        store,
        await allPages(store, { order: 'number', accountNumber: A1 }, 2),
        [['IS-00000501', 'IS-00000503'], ['IS-00000504', 'IS-00000506'], ['IS-00000507']],
        'pages of 2 of one account',
      );
      const rows = await commit(store, (r) =>
        r.invoiceSchedules.page({ order: 'number', after: null, limit: 1 }),
      );
      const first = SCHEDULES.find((s) => s.number === 'IS-00000501');
      checkEqual(
        rows.map(toInvoiceScheduleRecord),
        first === undefined ? [] : [toInvoiceScheduleRecord(first)],
        'the rows are the stored schedules',
      );
    });

    test(name(PAGES.byNextRunDate), async (store) => {
      await saveSchedules(store);
      await checkPage(
        store,
        await allPages(store, { order: 'nextRunDate' }, 2),
        [
          ['IS-00000502', 'IS-00000503'],
          ['IS-00000507', 'IS-00000501'],
          ['IS-00000505', 'IS-00000504'],
          ['IS-00000506'],
        ],
        'pages of 2 by next run date',
      );
      await checkPage(
        store,
        await allPages(store, { order: 'nextRunDate' }, 100),
        [BY_NEXT_RUN_DATE],
        'one page of everything',
      );
      await checkPage(
        store,
        await schedulePage(store, {
          order: 'nextRunDate',
          after: { number: 'IS-00000503', nextRunDate: day('2023-02-01') },
          limit: 2,
        }),
        ['IS-00000507', 'IS-00000501'],
        'after a tie of dates: the higher numbers of that date, then the next date',
      );
      await checkPage(
        store,
        await schedulePage(store, {
          order: 'nextRunDate',
          after: { number: 'IS-00000505', nextRunDate: day('2023-03-01') },
          limit: 5,
        }),
        ['IS-00000504', 'IS-00000506'],
        'after the last date: the schedules without one',
      );
      await checkPage(
        store,
        await schedulePage(store, {
          order: 'nextRunDate',
          after: { number: 'IS-00000504', nextRunDate: null },
          limit: 5,
        }),
        ['IS-00000506'],
        'after a schedule without a next run date: the next one by number',
      );
      await checkPage(
        store,
        await allPages(store, { order: 'nextRunDate', accountNumber: A1 }, 2),
        [['IS-00000503', 'IS-00000507'], ['IS-00000501', 'IS-00000504'], ['IS-00000506']],
        'pages of 2 of one account by next run date',
      );
    });

    // A cursor holds the key of the last row of a page. Before the next page is asked, that row may have
    // moved (billed: a later next run date) or gone: the next page starts after the key, as the cursor
    // holds it. An adapter that looks the key's date up from the stored row (`WHERE (sort, number) >
    // (SELECT sort, number FROM … WHERE number = $after)`) skips rows, or returns nothing.
    test(name(PAGES.afterKey), async (store) => {
      await saveSchedules(store);
      const cases: [string, InvoiceSchedulePageKey, number, string[]][] = [
        [
          "after IS-00000501 with 2023-02-01 (its row's date is 2023-03-01)",
          { number: 'IS-00000501', nextRunDate: day('2023-02-01') },
          3,
          ['IS-00000502', 'IS-00000503', 'IS-00000507'],
        ],
        [
          "after IS-00000503 with 2023-03-01 (its row's date is 2023-02-01)",
          { number: 'IS-00000503', nextRunDate: day('2023-03-01') },
          3,
          ['IS-00000505', 'IS-00000504', 'IS-00000506'],
        ],
        [
          'after IS-00000504 with 2023-02-01 (its row has no next run date)',
          { number: 'IS-00000504', nextRunDate: day('2023-02-01') },
          2,
          ['IS-00000507', 'IS-00000501'],
        ],
        [
          'after IS-00000502x, a number that is not stored, with 2023-02-01',
          { number: 'IS-00000502x', nextRunDate: day('2023-02-01') },
          2,
          ['IS-00000503', 'IS-00000507'],
        ],
        [
          'after IS-00000509, a number that is not stored, with 2023-02-15',
          { number: 'IS-00000509', nextRunDate: day('2023-02-15') },
          5,
          ['IS-00000501', 'IS-00000505', 'IS-00000504', 'IS-00000506'],
        ],
        [
          'after IS-00000500, a number that is not stored, without a next run date',
          { number: 'IS-00000500', nextRunDate: null },
          5,
          ['IS-00000504', 'IS-00000506'],
        ],
      ];
      for (const [what, after, limit, expected] of cases)
        await checkPage(
          store,
          await schedulePage(store, { order: 'nextRunDate', after, limit }),
          expected,
          what,
        );
      // Between two pages, the last row of the first moves later and the row after it goes.
      const first = await schedulePage(store, { order: 'nextRunDate', limit: 2 });
      await checkPage(store, first, ['IS-00000502', 'IS-00000503'], 'the first page of 2');
      const s503 = SCHEDULES.find((s) => s.number === 'IS-00000503') as InvoiceSchedule;
      await commit(store, async (r) => {
        checkOk(
          await r.invoiceSchedules.save({ ...s503, nextRunDate: day('2023-04-01'), version: 2 }),
          'move IS-00000503 to 2023-04-01 (version 2)',
        );
        checkOk(await r.invoiceSchedules.remove('IS-00000507', 1), 'remove IS-00000507');
      });
      await checkPage(
        store,
        await schedulePage(store, { order: 'nextRunDate', after: keyOf(s503), limit: 3 }),
        ['IS-00000501', 'IS-00000505', 'IS-00000503'],
        "the next page after IS-00000503's key as the first page ended (2023-02-01), the row since moved to 2023-04-01 and IS-00000507 removed",
      );
      const s507 = SCHEDULES.find((s) => s.number === 'IS-00000507') as InvoiceSchedule;
      await checkPage(
        store,
        await schedulePage(store, { order: 'nextRunDate', after: keyOf(s507), limit: 2 }),
        ['IS-00000501', 'IS-00000505'],
        "the next page after IS-00000507's key (2023-02-01), the row since removed",
      );
    });

    test(name(PAGES.filters), async (store) => {
      await saveSchedules(store);
      const cases: [string, Partial<InvoiceSchedulePageQuery>, string[]][] = [
        [
          'account',
          { accountNumber: A1 },
          ['IS-00000501', 'IS-00000503', 'IS-00000504', 'IS-00000506', 'IS-00000507'],
        ],
        ['an unknown account', { accountNumber: 'A00000509' }, []],
        [
          'status Pending',
          { status: 'Pending' },
          ['IS-00000501', 'IS-00000502', 'IS-00000505', 'IS-00000506', 'IS-00000507'],
        ],
        ['status Paused', { status: 'Paused' }, ['IS-00000503']],
        ['status FullyProcessed', { status: 'FullyProcessed' }, ['IS-00000504']],
        [
          'next run date from (no date: left out)',
          { nextRunDateFrom: day('2023-02-15') },
          ['IS-00000501', 'IS-00000505'],
        ],
        [
          'next run date to (inclusive)',
          { nextRunDateTo: day('2023-02-01') },
          ['IS-00000502', 'IS-00000503', 'IS-00000507'],
        ],
        [
          'next run date from = to',
          { nextRunDateFrom: day('2023-03-01'), nextRunDateTo: day('2023-03-01') },
          ['IS-00000501', 'IS-00000505'],
        ],
        [
          'due on 2023-02-01 (next run date reached)',
          { dueOn: day('2023-02-01') },
          ['IS-00000502', 'IS-00000503', 'IS-00000507'],
        ],
        ['due on 2023-01-31', { dueOn: day('2023-01-31') }, []],
        [
          'due on 2023-02-04 (an item on the date, inclusive; paused too)',
          { dueOn: day('2023-02-04') },
          ['IS-00000501', 'IS-00000502', 'IS-00000503', 'IS-00000505', 'IS-00000506', 'IS-00000507'],
        ],
        [
          'account, status and date together',
          { accountNumber: A1, status: 'Pending', nextRunDateTo: day('2023-02-28') },
          ['IS-00000507'],
        ],
        ['account and due date', { accountNumber: A2, dueOn: day('2023-02-01') }, ['IS-00000502']],
      ];
      for (const [what, filter, expected] of cases) {
        await checkPage(
          store,
          await schedulePage(store, { ...filter, limit: 100 }),
          expected,
          `${what}, by number`,
        );
        const byDate = BY_NEXT_RUN_DATE.filter((n) => expected.includes(n));
        await checkPage(
          store,
          await schedulePage(store, { ...filter, order: 'nextRunDate', limit: 100 }),
          byDate,
          `${what}, by next run date`,
        );
      }
      await checkPage(
        store,
        await schedulePage(store, {
          status: 'Pending',
          after: { number: 'IS-00000502', nextRunDate: null },
          limit: 2,
        }),
        ['IS-00000505', 'IS-00000506'],
        'a filter and a page together: the limit counts matching schedules only',
      );
    });

    test(name(PAGES.ownWrites), async (store) => {
      await saveSchedules(store);
      const s501 = SCHEDULES.find((s) => s.number === 'IS-00000501') as InvoiceSchedule;
      const moved = { ...s501, nextRunDate: day('2023-01-15'), version: 2 };
      const added = scheduleOf('IS-00000508', A1, '2023-02-01');
      await commit(store, async (r: Repositories) => {
        checkOk(await r.invoiceSchedules.save(moved), 'save IS-00000501 version 2');
        checkOk(await r.invoiceSchedules.remove('IS-00000502', 1), 'remove IS-00000502');
        checkOk(await r.invoiceSchedules.save(added), 'save IS-00000508');
        const page = async (query: Partial<InvoiceSchedulePageQuery>): Promise<Asked> => {
          const full: InvoiceSchedulePageQuery = { order: 'number', after: null, limit: 100, ...query };
          return {
            call: `invoiceSchedules.page(${JSON.stringify(full)}) in the transaction that saved them`,
            updatedSince: false,
            rows: await r.invoiceSchedules.page(full),
          };
        };
        const read = (n: string) => r.invoiceSchedules.get(n);
        await checkRows(
          await page({ order: 'nextRunDate' }),
          [
            'IS-00000501',
            'IS-00000503',
            'IS-00000507',
            'IS-00000508',
            'IS-00000505',
            'IS-00000504',
            'IS-00000506',
          ],
          'by next run date: IS-00000501 moved first, IS-00000502 gone, IS-00000508 in its place',
          read,
        );
        await checkRows(
          await page({ order: 'nextRunDate', accountNumber: A1 }),
          ['IS-00000501', 'IS-00000503', 'IS-00000507', 'IS-00000508', 'IS-00000504', 'IS-00000506'],
          'by next run date, of one account',
          read,
        );
        await checkRows(
          await page({ after: { number: 'IS-00000501', nextRunDate: null }, limit: 2 }),
          ['IS-00000503', 'IS-00000504'],
          'by number, after IS-00000501: IS-00000502 gone',
          read,
        );
        await checkRows(
          await page({ after: { number: 'IS-00000507', nextRunDate: null } }),
          ['IS-00000508'],
          'by number: the new schedule',
          read,
        );
        await checkRows(
          await page({ nextRunDateTo: day('2023-01-31') }),
          ['IS-00000501'],
          'a filter on the saved value, not the committed one',
          read,
        );
        checkEqual(
          ((await page({ limit: 1 })).rows as readonly InvoiceSchedule[]).map(toInvoiceScheduleRecord),
          [toInvoiceScheduleRecord(moved)],
          'the row is the version saved in the transaction',
        );
      });
      // Committed, the next transaction reads the same order.
      await checkPage(
        store,
        await schedulePage(store, { order: 'nextRunDate', limit: 100 }),
        [
          'IS-00000501',
          'IS-00000503',
          'IS-00000507',
          'IS-00000508',
          'IS-00000505',
          'IS-00000504',
          'IS-00000506',
        ],
        'by next run date, after the commit',
      );
    });

    test(name(PAGES.documents), async (store) => {
      await commit(store, async (r) => {
        for (const i of INVOICES) checkOk(await r.invoices.save(i), `save ${i.number}`);
        for (const m of MEMOS) checkOk(await r.creditMemos.save(m), `save ${m.number}`);
      });
      const cases: [string, Omit<InvoicePageQuery, 'status'> & { status?: 'Draft' | 'Posted' }, string[]][] =
        [
          ['everything', { after: null, limit: 100 }, ['511', '512', '513', '514', '515']],
          ['after a number, limited', { after: '512', limit: 2 }, ['513', '514']],
          ['an account', { accountNumber: A1, after: null, limit: 100 }, ['511', '513', '514', '515']],
          ['an account, after a number', { accountNumber: A1, after: '513', limit: 1 }, ['514']],
          [
            'a schedule, on any line',
            { invoiceScheduleNumber: 'IS-00000501', after: null, limit: 100 },
            ['511', '513', '515'],
          ],
          [
            'a schedule, after a number',
            { invoiceScheduleNumber: 'IS-00000501', after: '511', limit: 1 },
            ['513'],
          ],
          ['a status', { status: 'Draft', after: null, limit: 100 }, ['512', '513', '515']],
          [
            'an account and a status',
            { accountNumber: A1, status: 'Posted', after: null, limit: 100 },
            ['511', '514'],
          ],
          [
            'a schedule and a status',
            { invoiceScheduleNumber: 'IS-00000503', status: 'Draft', after: null, limit: 100 },
            ['515'],
          ],
          [
            'a schedule and another account',
            { invoiceScheduleNumber: 'IS-00000501', accountNumber: A2, after: null, limit: 100 },
            [],
          ],
          ['an unknown schedule', { invoiceScheduleNumber: 'IS-00000509', after: null, limit: 100 }, []],
        ];
      const [firstInvoice] = await commit(store, (r) => r.invoices.page({ after: null, limit: 1 }));
      checkEqual(
        firstInvoice === undefined ? null : toInvoiceRecord(firstInvoice),
        toInvoiceRecord(INVOICES.find((i) => i.number === 'INV00000511') as Invoice),
        'the rows are the stored invoices',
      );
      for (const [what, query, expected] of cases) {
        const from = (prefix: string) => (query.after === null ? null : `${prefix}${query.after}`);
        checkEqual(
          numbers(await commit(store, (r) => r.invoices.page({ ...query, after: from('INV00000') }))),
          expected.map((n) => `INV00000${n}`),
          `invoices.page: ${what}`,
        );
        checkEqual(
          numbers(await commit(store, (r) => r.creditMemos.page({ ...query, after: from('CM00000') }))),
          expected.map((n) => `CM00000${n}`),
          `creditMemos.page: ${what}`,
        );
      }
    });

    test(name(PAGES.documentOwnWrites), async (store) => {
      await commit(store, async (r) => {
        for (const i of INVOICES) checkOk(await r.invoices.save(i), `save ${i.number}`);
        for (const m of MEMOS) checkOk(await r.creditMemos.save(m), `save ${m.number}`);
      });
      const canceled = {
        ...(INVOICES.find((i) => i.number === 'INV00000511') as Invoice),
        status: 'Canceled' as const,
        version: 2,
      };
      const newInvoice = invoiceOf('INV00000516', A1, 'Posted', ['IS-00000501']);
      const posted = {
        ...(MEMOS.find((m) => m.number === 'CM00000513') as CreditMemo),
        status: 'Posted' as const,
        version: 2,
      };
      const newMemo = memoOf('CM00000510', A1, 'Draft', ['IS-00000501']);
      await commit(store, async (r) => {
        checkOk(await r.invoices.save(canceled), 'cancel INV00000511');
        checkOk(await r.invoices.save(newInvoice), 'save INV00000516');
        checkOk(await r.creditMemos.save(posted), 'post CM00000513');
        checkOk(await r.creditMemos.save(newMemo), 'save CM00000510');
        checkEqual(
          numbers(
            await r.invoices.page({
              invoiceScheduleNumber: 'IS-00000501',
              status: 'Posted',
              after: null,
              limit: 100,
            }),
          ),
          ['INV00000516'],
          "invoices.page: the transaction's statuses and its new invoice",
        );
        checkEqual(
          numbers(await r.invoices.page({ accountNumber: A1, after: 'INV00000514', limit: 100 })),
          ['INV00000515', 'INV00000516'],
          'invoices.page: the new invoice after the committed ones',
        );
        checkEqual(
          (await r.invoices.page({ accountNumber: A1, after: null, limit: 1 })).map(toInvoiceRecord),
          [toInvoiceRecord(canceled)],
          'invoices.page: the version saved in the transaction',
        );
        checkEqual(
          numbers(await r.creditMemos.page({ accountNumber: A1, status: 'Posted', after: null, limit: 100 })),
          ['CM00000511', 'CM00000513', 'CM00000514'],
          "creditMemos.page: the transaction's statuses",
        );
        checkEqual(
          numbers(await r.creditMemos.page({ invoiceScheduleNumber: 'IS-00000501', after: null, limit: 2 })),
          ['CM00000510', 'CM00000511'],
          'creditMemos.page: the new memo first',
        );
        checkEqual(
          (await r.creditMemos.page({ after: 'CM00000512', limit: 1 })).map(toCreditMemoRecord),
          [toCreditMemoRecord(posted)],
          'creditMemos.page: the version saved in the transaction',
        );
      });
    });
  });
}
