// The listings (reference §10 "List (Object Query)", §11): the first screen of every schedule user — the
// schedules by status, account and next run date, what bills on a date, and the documents of an account or
// a schedule — one keyset page at a time, read in one transaction through the ports' `page` queries.

import type { Decimal } from 'decimal.js';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { foreseeScheduleRun, mayCredit, planBillRun } from '../domain/billing/plan';
import type { Subscription } from '../domain/contract/subscription';
import { decodeFields, describeReceived } from '../domain/decode';
import type { CreditMemo, CreditMemoStatus } from '../domain/documents/credit-memo';
import type { Invoice, InvoiceStatus } from '../domain/documents/invoice';
import { type InvalidInput, invalidInput } from '../domain/errors';
import { checkIdentifierLength, checkInputSize, INPUT_LIMITS, isUnstorable } from '../domain/input';
import { compareKeys } from '../domain/keys';
import { creditDueDates } from '../domain/schedule/execute';
import type { InvoiceSchedule, InvoiceScheduleStatus, RemovalCut } from '../domain/schedule/schedule';
import { standingCuts } from '../domain/schedule/states';
import type { TenantSettings } from '../domain/settings';
import type {
  BillingContext,
  InvalidContext,
  InvoiceSchedulePageKey,
  InvoiceSchedulePageOrder,
  Repositories,
  StoreConflict,
} from '../ports';
import { type BusinessDate, compareDates, parseBusinessDate } from '../time/date';
import { EXPECTED_NUMBER, findByKey, loadChargeStates, readFlag } from './common';
import { fnv1a64 } from './idempotency';
import { operation, transact } from './operation';

/**
 * One page of a listing: at most `pageSize` rows, and the cursor of the next page — `null` when this
 * page is the last. Pass `nextCursor` back unchanged (with the same filters and sort) for the next page.
 * @example
 * ```ts
 * let cursor: string | undefined;
 * do {
 *   const page = (await listInvoiceSchedules(context, { pageSize: 50, ...(cursor ? { cursor } : {}) }))._unsafeUnwrap();
 *   for (const schedule of page.data) console.log(schedule.number, schedule.status);
 *   cursor = page.nextCursor ?? undefined;
 * } while (cursor !== undefined);
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface ListingPage<T> {
  /** The rows of this page, in the listing's order (frozen). */
  readonly data: readonly T[];
  /**
   * An opaque cursor of the next page, or `null` when there is none: base64url, at most 727 characters whatever
   * the last row's number holds (any number within `INPUT_LIMITS.identifierLength`), so it is always within the
   * request's string limit. A page that would end on a stored number too long for a cursor (only one written
   * through the ports, longer than the identifier limit allows: it can happen from 256 characters of non-ASCII
   * text, 511 of ASCII), or holding U+0000, throws a `RangeError` naming it instead.
   */
  readonly nextCursor: string | null;
}

/**
 * The orders {@link listInvoiceSchedules} offers, each total (ties broken by number): `number`
 * (the default), or `nextRunDate`, the next to run first and schedules without a next run date last.
 * @category Inputs
 * @since 0.2.0
 */
export type InvoiceScheduleSort = InvoiceSchedulePageOrder;

/**
 * What {@link listInvoiceSchedules} lists: every filter is optional, and the filters given combine (AND).
 * @example
 * ```ts
 * const input: ListInvoiceSchedulesInput = {
 *   accountNumber: 'A-001',
 *   status: 'Pending',
 *   nextRunDate: { from: '2023-02-01', to: '2023-02-28' },
 *   sort: 'nextRunDate',
 *   pageSize: 50,
 * };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface ListInvoiceSchedulesInput {
  /** Only this account's schedules (its number). */
  readonly accountNumber?: string;
  /** Only schedules in this status; a paused schedule is `Paused`, whatever it was before. */
  readonly status?: InvoiceScheduleStatus;
  /**
   * Only schedules whose next run date is in this range (`YYYY-MM-DD`, both ends inclusive, each
   * optional); a schedule without a next run date is left out as soon as one end is given.
   */
  readonly nextRunDate?: { readonly from?: string; readonly to?: string };
  /**
   * Only schedules saved at or after this instant (their `updatedAt`), an ISO 8601 instant in UTC
   * (`2023-02-01T00:00:00Z`, milliseconds optional): "what changed since I last looked". Schedules saved
   * before 0.2.0 have no `updatedAt` and are left out. @since 0.2.0
   */
  readonly updatedSince?: string;
  /** Include deleted schedules (`deleted: true`); `false` by default. @since 0.2.0 */
  readonly includeDeleted?: boolean;
  /** The order: `number` (the default) or `nextRunDate`. */
  readonly sort?: InvoiceScheduleSort;
  /** The previous page's `nextCursor`; omit it for the first page. */
  readonly cursor?: string;
  /** Rows per page, a whole number from 1 to 99; 20 by default. */
  readonly pageSize?: number;
}

/**
 * What {@link listItemsDue} lists: what a bill run on `targetDate` would bill.
 * @example
 * ```ts
 * const input: ListItemsDueInput = { targetDate: '2023-05-01', accountNumber: 'A-001', pageSize: 50 };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface ListItemsDueInput {
  /** The bill run's target date (`YYYY-MM-DD`): items with a run date on or before it are due. */
  readonly targetDate: string;
  /** Only this account's items. */
  readonly accountNumber?: string;
  /**
   * List the items of paused schedules too, as a bill run a person starts bills them (decision 16);
   * `false` by default, as the Scheduler skips them.
   */
  readonly includePausedSchedules?: boolean;
  /** The previous page's `nextCursor`; omit it for the first page. */
  readonly cursor?: string;
  /** Rows per page, a whole number from 1 to 99; 20 by default. */
  readonly pageSize?: number;
}

/**
 * One thing a bill run on the target date would do for a schedule (the planner's `PlannedItem`, with
 * what a host shows of it): bill an item (`kind: 'Item'`), or issue a credit due on a schedule that has
 * no pending item to carry it (`kind: 'Credit'`, §6.6, §8.4) — none left, or one with a blank run date.
 * @example
 * ```ts
 * for (const due of page.data)
 *   console.log(due.invoiceScheduleNumber, due.sequence, due.dueDate, due.actualAmount?.toFixed(2));
 * // IS-00000001 2 2023-05-01 8500.00
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface DueItem {
  /**
   * `Item`: an item to bill; `Credit`: the credits due on the schedule on one day, without an item — a row per day a
   * credit falls due, as the run issues a credit memo per day.
   */
  readonly kind: 'Item' | 'Credit';
  /** The schedule's number. */
  readonly invoiceScheduleNumber: string;
  /** The schedule's account. */
  readonly accountNumber: string;
  /** The currency of the amounts. */
  readonly currency: string;
  /** The item's id; `null` for a credit. */
  readonly itemId: string | null;
  /** The item's position in its schedule (the UI's `#`); `null` for a credit. */
  readonly sequence: number | null;
  /** The item's name; `null` when it has none, and for a credit. */
  readonly name: string | null;
  /** The item's own run date; `null` for a credit. */
  readonly runDate: BusinessDate | null;
  /**
   * The day it is due as the schedule stands: the item's run date, or for the earliest pending item the
   * schedule's next run date when that comes first (pulled forward by an order change, a credit or an
   * override, §6.6), the day the run dates its documents (decision 18); for an item the run pulls forward to a
   * credit that the earlier items leave due by the target date, that credit's due date; for a credit, the day its
   * memo is dated: the schedule's next run date, or the credit's due date when a later date the user set postponed
   * it. A
   * later item due by its own run date can be dated earlier when a credit falls due before it once the earlier
   * items are billed, and a merged invoice takes the latest date of its parts (decision 18).
   */
  readonly dueDate: BusinessDate;
  /** The item's amount as agreed; `null` for a credit. */
  readonly amount: Decimal | null;
  /**
   * "Actual Amount To Bill": what billing the item invoices after order changes (§8.2), as the schedule stands; `null`
   * for a credit, whose amount is decided when it is issued (the schedule's `unbilledAmount` shows what it owes). An
   * item that is not the last pending one also gives, when billed, the credits due by its run date, so what it nets
   * then can be below this (docs/concepts/amounts-after-changes.md, "Processing an item after a change").
   */
  readonly actualAmount: Decimal | null;
}

/**
 * What {@link listInvoices} lists: the invoices of an account or of a schedule — exactly one of the two.
 * @example
 * ```ts
 * const input: ListInvoicesInput = { invoiceScheduleNumber: 'IS-00000001', status: 'Posted' };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface ListInvoicesInput {
  /** The account's number. */
  readonly accountNumber?: string;
  /** The schedule's number or id: the invoices with at least one line it produced. */
  readonly invoiceScheduleNumber?: string;
  /** Only invoices in this status. */
  readonly status?: InvoiceStatus;
  /** The previous page's `nextCursor`; omit it for the first page. */
  readonly cursor?: string;
  /** Rows per page, a whole number from 1 to 99; 20 by default. */
  readonly pageSize?: number;
}

/**
 * What {@link listCreditMemos} lists: the credit memos of an account or of a schedule — exactly one of
 * the two.
 * @example
 * ```ts
 * const input: ListCreditMemosInput = { accountNumber: 'A-001', status: 'Draft', pageSize: 10 };
 * ```
 * @category Inputs
 * @since 0.2.0
 */
export interface ListCreditMemosInput {
  /** The account's number. */
  readonly accountNumber?: string;
  /** The schedule's number or id: the memos with at least one line it produced. */
  readonly invoiceScheduleNumber?: string;
  /** Only memos in this status. */
  readonly status?: CreditMemoStatus;
  /** The previous page's `nextCursor`; omit it for the first page. */
  readonly cursor?: string;
  /** Rows per page, a whole number from 1 to 99; 20 by default. */
  readonly pageSize?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Reading the input

const DEFAULT_PAGE_SIZE = 20;
/** As Zuora's Object Query (§10): `pageSize` 1–99. */
const MAX_PAGE_SIZE = 99;

const SCHEDULE_STATUSES = Object.keys({
  Pending: 1,
  PartiallyProcessed: 1,
  FullyProcessed: 1,
  Paused: 1,
} satisfies Record<InvoiceScheduleStatus, 1>) as InvoiceScheduleStatus[];
const INVOICE_STATUSES = Object.keys({
  Draft: 1,
  Posted: 1,
  Canceled: 1,
  Reversed: 1,
} satisfies Record<InvoiceStatus, 1>) as InvoiceStatus[];
const CREDIT_MEMO_STATUSES = Object.keys({ Draft: 1, Posted: 1, Canceled: 1 } satisfies Record<
  CreditMemoStatus,
  1
>) as CreditMemoStatus[];
const SORTS = Object.keys({ number: 1, nextRunDate: 1 } satisfies Record<
  InvoiceScheduleSort,
  1
>) as InvoiceScheduleSort[];

/** The listings, as their cursors name them: a cursor of one is refused by the others. */
type Listing = 'listInvoiceSchedules' | 'listItemsDue' | 'listInvoices' | 'listCreditMemos';

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The request as a plain object with only the `allowed` fields: anything else — `null`, an array, a
 * misspelt field — is an `InvalidInput` naming it.
 */
function readRequest(
  listing: Listing,
  input: unknown,
  allowed: readonly string[],
): Result<Readonly<Record<string, unknown>>, InvalidInput> {
  // The request's size first (INPUT_LIMITS): a 1 MB account number or cursor is refused, not looked up.
  const size = checkInputSize(input);
  if (size.isErr()) return err(size.error);
  return decodeFields(
    input,
    '',
    allowed,
    `an object with ${allowed.map((f) => `\`${f}\``).join(', ')}`,
  ).mapErr((issue) => {
    const error = invalidInput(issue.path, issue.expected, issue.input);
    return issue.path === ''
      ? Object.freeze({
          ...error,
          message: `${listing}: expected ${issue.expected}, received ${error.received}.`,
        })
      : error;
  });
}

/** An optional identifier: absent, or a non-blank string within the identifier limit (taken verbatim). */
function optionalKey(
  value: unknown,
  path: string,
  expected: string,
): Result<string | undefined, InvalidInput> {
  if (value === undefined) return ok(undefined);
  // Within the identifier limit (INPUT_LIMITS.identifierLength), as every operation that takes a number checks.
  return typeof value === 'string' && value.trim() !== ''
    ? checkIdentifierLength(value, path)
    : err(invalidInput(path, expected, value));
}

/** An optional value of a fixed set. */
function optionalOneOf<T extends string>(
  value: unknown,
  path: string,
  values: readonly T[],
): Result<T | undefined, InvalidInput> {
  if (value === undefined) return ok(undefined);
  return (values as readonly unknown[]).includes(value)
    ? ok(value as T)
    : err(invalidInput(path, `one of ${quoted(values)}`, value));
}

/** `pageSize`: 20 when absent, else a whole number from 1 to 99. */
function readPageSize(value: unknown): Result<number, InvalidInput> {
  if (value === undefined) return ok(DEFAULT_PAGE_SIZE);
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGE_SIZE
    ? ok(value)
    : err(
        invalidInput(
          'pageSize',
          `a whole number from 1 to ${MAX_PAGE_SIZE} (${DEFAULT_PAGE_SIZE} when omitted)`,
          value,
        ),
      );
}

/** A business date of the request, as an `InvalidInput` like every other field of a listing. */
function readDate(value: unknown, path: string): Result<BusinessDate, InvalidInput> {
  return parseBusinessDate(value, path).mapErr(() =>
    invalidInput(path, 'a calendar date YYYY-MM-DD such as "2023-02-04"', value),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Cursors: opaque to the caller, checked on the way back in: a string that is not one (edited, cut, another
// listing's, another sort's) is an `InvalidInput`, never a throw and never a silently different page.
//
// A cursor is base64url of bytes (format 3):
//
//   [3] [kind: listing and sort, an index of CURSOR_KINDS] [the key's values…] [checksum: 8 bytes]
//
// each value `0` (null), `1` + 8 bytes (a number, float64), `2` + a 2-byte length + UTF-8 (a string whose UTF-8
// is no longer than its UTF-16, without U+0000 or an unpaired surrogate), or `3` + a 2-byte length + UTF-16 code
// units (any other string, kept exactly). The checksum is FNV-1a 64 of the bytes before it: it catches edits and
// cuts, not forgeries. Bytes rather than JSON text (format 2) since a review found that JSON spelt a number of 255
// three-byte characters in 765 bytes and a control character as `\u0001`, so the cursor after such a number (one
// imported through the ports) outgrew the request's string limit and the listing refused its own `nextCursor`;
// here a string costs at most 2 bytes a code unit, whatever its characters. Format 2 cursors are refused: no
// release handed them out (the listings are new in 0.2.0).

/** The listing and sort of a cursor, by its second byte. */
const CURSOR_KINDS = [
  ['listInvoiceSchedules', 'number'],
  ['listInvoiceSchedules', 'nextRunDate'],
  ['listItemsDue', 'number'],
  ['listInvoices', 'number'],
  ['listCreditMemos', 'number'],
] as const satisfies readonly (readonly [Listing, string])[];

/**
 * The cursor format, its first byte: 3 since it is bytes rather than JSON text; 2 added the checksum, so that an
 * edited or cut cursor is refused rather than read as another key (found in a review: one base64url character
 * changed `IS-00000001` into `IS-00000005`).
 */
const CURSOR_VERSION = 3;

const [NULL_VALUE, NUMBER_VALUE, UTF8_VALUE, UTF16_VALUE] = [0, 1, 2, 3] as const;
const CHECKSUM_BYTES = 8;

/** The bytes of a string value of `textBytes` bytes of UTF-8 or UTF-16: its tag, its length and the text. */
const stringBytes = (textBytes: number) => 3 + textBytes;

/**
 * The longest cursor a listing writes for a key within `INPUT_LIMITS.identifierLength` (every key a request can
 * create, whatever its characters): a due credit row's `[number, 0, day]`, 2 + (3 + 2 × 255) + 9 + (3 + 10) + 8 =
 * 545 bytes, 727 base64url characters (the `nextRunDate` sort's `[date, number]` take 536 bytes, the due items'
 * `[number, sequence]` 532). A longer string is refused before it is decoded. Within the request's string limit
 * (`INPUT_LIMITS.stringLength`, 1,000), which every request's strings must keep. The record codecs take a stored
 * number of any length, though no request can create or name one beyond the identifier limit: such a number still
 * gets a cursor when it fits this bound (an ASCII number of up to 510 characters does, its UTF-8 being the shorter),
 * and a page that would end on one that does not throws a `RangeError` naming it (`encodeCursor`) rather than hand
 * out a cursor it would refuse.
 */
const MAX_CURSOR_LENGTH = Math.ceil(
  ((2 +
    Math.max(
      stringBytes(10) + stringBytes(2 * INPUT_LIMITS.identifierLength),
      stringBytes(2 * INPUT_LIMITS.identifierLength) + 9 + stringBytes(10),
    ) +
    CHECKSUM_BYTES) *
    4) /
    3,
);

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The bytes of a base64url string, or `null` when it is not base64url. */
function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(
      text
        .replaceAll('-', '+')
        .replaceAll('_', '/')
        .padEnd(Math.ceil(text.length / 4) * 4, '='),
    );
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** FNV-1a 64 of `bytes[0, end)`, as 8 bytes. */
function checksumOf(bytes: Uint8Array, end: number): Uint8Array {
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(bytes[i] as number);
  const hex = fnv1a64(text);
  return Uint8Array.from({ length: CHECKSUM_BYTES }, (_, i) =>
    Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16),
  );
}

/**
 * The cursor after a row of `listing` whose sort key is `key`. Throws a `RangeError` when the cursor would be
 * longer than {@link MAX_CURSOR_LENGTH} — only for a stored number longer than `INPUT_LIMITS.identifierLength`,
 * which no request can create — rather than hand out a cursor the listing would refuse.
 */
function encodeCursor(listing: Listing, sort: string, key: readonly (string | number | null)[]): string {
  // A string takes at least a byte a character: one longer than a whole cursor's bytes is refused before any of
  // it is encoded (a stored number of a million characters would otherwise be encoded first, and spread).
  const maxBytes = Math.floor((MAX_CURSOR_LENGTH * 3) / 4);
  if (key.some((v) => typeof v === 'string' && v.length > maxBytes)) throw cursorTooLong(listing, key, null);
  const nul = key.find((v): v is string => typeof v === 'string' && v.includes('\u0000'));
  if (nul !== undefined) {
    throw new RangeError(
      `${listing}: the page ends on a row whose number holds U+0000 (${describeReceived(nul)}), which no request can name and PostgreSQL cannot store: no cursor can continue after it. Only a record written through the ports (to the memory store) holds such a number: rename it in the store.`,
    );
  }
  const kind = CURSOR_KINDS.findIndex(([l, s]) => l === listing && s === sort);
  const out: number[] = [CURSOR_VERSION, kind];
  for (const value of key) {
    if (value === null) out.push(NULL_VALUE);
    else if (typeof value === 'number') {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, value);
      out.push(NUMBER_VALUE);
      for (const byte of bytes) out.push(byte);
    } else pushString(out, value);
  }
  const bytes = new Uint8Array(out.length + CHECKSUM_BYTES);
  bytes.set(out);
  bytes.set(checksumOf(bytes, out.length), out.length);
  const cursor = toBase64Url(bytes);
  if (cursor.length > MAX_CURSOR_LENGTH) throw cursorTooLong(listing, key, cursor.length);
  return cursor;
}

/** The `RangeError` of a page ending on a stored number too long for a cursor (`length`: the cursor's, if known). */
function cursorTooLong(
  listing: Listing,
  key: readonly (string | number | null)[],
  length: number | null,
): RangeError {
  const longest = key.reduce<string>((a, v) => (typeof v === 'string' && v.length > a.length ? v : a), '');
  const would =
    length === null ? '' : ` (its cursor would be ${length} characters, over ${MAX_CURSOR_LENGTH})`;
  return new RangeError(
    `${listing}: the page ends on a row whose number is ${longest.length} characters long (${describeReceived(longest)}), beyond INPUT_LIMITS.identifierLength (${INPUT_LIMITS.identifierLength}): no cursor can continue after it${would}, and no request can name it. Only a record written through the ports holds such a number: shorten it in the store.`,
  );
}

/**
 * Appends a string value: its UTF-8 when that is no longer than its UTF-16 and the string is well-formed (an
 * unpaired surrogate has no UTF-8), else its UTF-16 code units — at most 2 bytes a code unit either way.
 */
function pushString(out: number[], value: string): void {
  const utf8 = isUnstorable(value) ? null : new TextEncoder().encode(value);
  if (utf8 !== null && utf8.length <= value.length * 2) {
    out.push(UTF8_VALUE, utf8.length >> 8, utf8.length & 0xff);
    for (const byte of utf8) out.push(byte);
    return;
  }
  out.push(UTF16_VALUE, (value.length * 2) >> 8, (value.length * 2) & 0xff);
  for (let i = 0; i < value.length; i++) out.push(value.charCodeAt(i) >> 8, value.charCodeAt(i) & 0xff);
}

/** What a cursor holds: its listing, sort and key (read by the listing's `readKey`). */
interface CursorContent {
  readonly listing: unknown;
  readonly sort: unknown;
  readonly key: readonly unknown[];
}

/** What a cursor's bytes hold, or `null` when they are not a cursor's. */
function readBinaryCursor(bytes: Uint8Array): CursorContent | null {
  const end = bytes.length - CHECKSUM_BYTES;
  if (end < 2 || bytes[0] !== CURSOR_VERSION) return null;
  const check = checksumOf(bytes, end);
  if (check.some((b, i) => b !== bytes[end + i])) return null;
  const kind = CURSOR_KINDS[bytes[1] as number];
  if (kind === undefined) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const key: unknown[] = [];
  let at = 2;
  while (at < end) {
    const tag = bytes[at];
    at += 1;
    if (tag === NULL_VALUE) key.push(null);
    else if (tag === NUMBER_VALUE) {
      if (at + 8 > end) return null;
      key.push(view.getFloat64(at));
      at += 8;
    } else if (tag === UTF8_VALUE || tag === UTF16_VALUE) {
      if (at + 2 > end) return null;
      const length = view.getUint16(at);
      at += 2;
      if (at + length > end || (tag === UTF16_VALUE && length % 2 !== 0)) return null;
      const start = at;
      at += length;
      if (tag === UTF8_VALUE) {
        try {
          // `ignoreBOM`: a number that starts with U+FEFF keeps it.
          key.push(
            new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start, at)),
          );
        } catch {
          return null;
        }
      } else {
        let value = '';
        for (let i = 0; i < length; i += 2) value += String.fromCharCode(view.getUint16(start + i));
        key.push(value);
      }
    } else return null;
  }
  return { listing: kind[0], sort: kind[1], key };
}

/**
 * The key of a cursor of `listing` sorted by `sort`, read by `readKey` (which returns `null` for a key
 * of the wrong shape). `undefined` (no cursor) is the first page.
 */
function readCursor<K>(
  value: unknown,
  listing: Listing,
  sort: string,
  readKey: (key: readonly unknown[]) => K | null,
): Result<K | null, InvalidInput> {
  if (value === undefined) return ok(null);
  const refuse = (expected: string) => err(invalidInput('cursor', expected, value));
  const opaque = `the nextCursor of a page of ${listing}, unchanged (omit cursor for the first page)`;
  if (value === null) return refuse(`${opaque}; a null nextCursor means there is no next page: stop there`);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CURSOR_LENGTH)
    return refuse(opaque);
  const bytes = fromBase64Url(value);
  const content = bytes === null ? null : readBinaryCursor(bytes);
  if (content === null) return refuse(opaque);
  const { listing: l, sort: s, key: k } = content;
  if (l !== listing) return refuse(`${opaque}; this cursor is of ${String(l)}`);
  if (s !== sort)
    return refuse(
      `${opaque} with the same sort; this cursor continues the sort '${String(s)}', not '${sort}'`,
    );
  const key = readKey(k);
  return key === null ? refuse(opaque) : ok(key);
}

/**
 * A number in a cursor: a non-empty string without U+0000, which PostgreSQL's text refuses (a forged cursor holding
 * one is an `InvalidInput`, not the driver's error) and no request can name.
 */
const isNumberKey = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && !value.includes('\u0000');
const isDateKey = (value: unknown): value is BusinessDate => parseBusinessDate(value).isOk();

/** A key of one number: `[number]`. */
function numberKey(key: readonly unknown[]): string | null {
  const [number] = key;
  return key.length === 1 && isNumberKey(number) ? number : null;
}

// ---------------------------------------------------------------------------------------------------------
// Pages

/**
 * Runs `read` in one transaction (through `transact`: a transient failure of the store runs it again, and a
 * third is a `StoreConflict`). A listing's reads cannot fail otherwise.
 */
function readOnce<T>(
  context: BillingContext,
  read: (repos: Repositories) => Promise<T>,
): ResultAsync<T, StoreConflict> {
  return transact(context, async (repos) => ok(await read(repos)));
}

/**
 * The page of `rows`, read with a limit of `pageSize + 1`: the first `pageSize`, and a cursor after the
 * last of them when the extra row shows there is more.
 */
function pageOf<T>(rows: readonly T[], pageSize: number, cursorAfter: (last: T) => string): ListingPage<T> {
  const data = rows.slice(0, pageSize);
  const last = data[data.length - 1];
  return Object.freeze({
    data: Object.freeze(data),
    nextCursor: rows.length > pageSize && last !== undefined ? cursorAfter(last) : null,
  });
}

/** The parsed request of {@link listInvoiceSchedules}. */
interface ScheduleListing {
  readonly accountNumber?: string;
  readonly status?: InvoiceScheduleStatus;
  readonly nextRunDateFrom?: BusinessDate;
  readonly nextRunDateTo?: BusinessDate;
  readonly updatedSince?: string;
  readonly includeDeleted?: true;
  readonly sort: InvoiceScheduleSort;
  readonly after: InvoiceSchedulePageKey | null;
  readonly pageSize: number;
}

function parseScheduleListing(input: unknown): Result<ScheduleListing, InvalidInput> {
  const listing: Listing = 'listInvoiceSchedules';
  return readRequest(listing, input, [
    'accountNumber',
    'status',
    'nextRunDate',
    'updatedSince',
    'includeDeleted',
    'sort',
    'cursor',
    'pageSize',
  ]).andThen((r) =>
    optionalKey(r.accountNumber, 'accountNumber', EXPECTED_NUMBER.accountNumber).andThen((accountNumber) =>
      optionalOneOf(r.status, 'status', SCHEDULE_STATUSES).andThen((status) =>
        readDateRange(r.nextRunDate).andThen((range) =>
          readInstant(r.updatedSince, 'updatedSince').andThen((updatedSince) =>
            readFlag(
              r.includeDeleted,
              'includeDeleted',
              'true (deleted schedules too) or false (the default)',
            ).andThen((includeDeleted) =>
              optionalOneOf(r.sort, 'sort', SORTS).andThen((given) => {
                const sort = given ?? 'number';
                return readCursor(r.cursor, listing, sort, (k) => scheduleKey(sort, k)).andThen((after) =>
                  readPageSize(r.pageSize).map(
                    (pageSize): ScheduleListing => ({
                      ...(accountNumber === undefined ? {} : { accountNumber }),
                      ...(status === undefined ? {} : { status }),
                      ...range,
                      ...(updatedSince === undefined ? {} : { updatedSince }),
                      ...(includeDeleted === true ? { includeDeleted: true as const } : {}),
                      sort,
                      after,
                      pageSize,
                    }),
                  ),
                );
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A UTC instant as the audit fields write it (`Date.prototype.toISOString`), or a refusal. */
const UTC_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;

/**
 * An optional instant filter: absent, or an ISO 8601 instant in UTC whose date is a real date and whose
 * time is valid, written back in the audit fields' form (milliseconds always three digits) so that
 * comparing the strings compares the instants.
 */
function readInstant(value: unknown, path: string): Result<string | undefined, InvalidInput> {
  if (value === undefined) return ok(undefined);
  const expected = 'an ISO 8601 instant in UTC, e.g. "2023-02-01T00:00:00Z" or "2023-02-01T00:00:00.000Z"';
  const m = typeof value === 'string' ? UTC_INSTANT.exec(value) : null;
  if (m === null || parseBusinessDate(m[1]).isErr()) return err(invalidInput(path, expected, value));
  const [hours, minutes, seconds] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (hours > 23 || minutes > 59 || seconds > 59) return err(invalidInput(path, expected, value));
  const millis = (m[5] ?? '.').slice(1).padEnd(3, '0');
  return ok(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${millis}Z`);
}

/** `nextRunDate: { from?, to? }`: dates, `from` on or before `to`. */
function readDateRange(
  value: unknown,
): Result<{ readonly nextRunDateFrom?: BusinessDate; readonly nextRunDateTo?: BusinessDate }, InvalidInput> {
  if (value === undefined) return ok({});
  const fields = decodeFields(
    value,
    'nextRunDate',
    ['from', 'to'],
    'an object { from?, to? } of dates YYYY-MM-DD',
  );
  if (fields.isErr()) {
    const { path, expected, input } = fields.error;
    return err(invalidInput(path, expected, input));
  }
  const { from, to } = fields.value;
  const read = (date: unknown, path: string): Result<BusinessDate | undefined, InvalidInput> =>
    date === undefined ? ok(undefined) : readDate(date, path);
  return read(from, 'nextRunDate.from').andThen((nextRunDateFrom) =>
    read(to, 'nextRunDate.to').andThen((nextRunDateTo) => {
      if (nextRunDateFrom !== undefined && nextRunDateTo !== undefined && nextRunDateFrom > nextRunDateTo)
        return err(
          invalidInput('nextRunDate.to', `a date on or after nextRunDate.from (${nextRunDateFrom})`, to),
        );
      return ok({
        ...(nextRunDateFrom === undefined ? {} : { nextRunDateFrom }),
        ...(nextRunDateTo === undefined ? {} : { nextRunDateTo }),
      });
    }),
  );
}

/** A schedule cursor's key: `[number]` by number, `[nextRunDate | null, number]` by next run date. */
function scheduleKey(sort: InvoiceScheduleSort, key: readonly unknown[]): InvoiceSchedulePageKey | null {
  if (sort === 'number') {
    const number = numberKey(key);
    return number === null ? null : { number, nextRunDate: null };
  }
  const [date, number] = key;
  if (key.length !== 2 || !isNumberKey(number) || !(date === null || isDateKey(date))) return null;
  return { number, nextRunDate: date };
}

/**
 * Lists invoice schedules one page at a time (reference §10 "List (Object Query)", §11), for the first
 * screen of a schedule user: by account, status and next run date range (each optional, combined), in
 * number order or next-run-date order (schedules without a next run date last; ties broken by number),
 * `pageSize` rows (1–99, 20 by default) per page, and an opaque `nextCursor` to pass back for the next
 * page (`null` on the last). Reads in one transaction; the schedules are the stored, frozen values. A bad
 * request — not an object, an unknown field, a wrong type, a `pageSize` of 1000, a cursor that is not
 * one of this listing's (edited, cut, of another sort) — is an `InvalidInput`.
 *
 * `updatedSince` keeps the schedules saved at or after an instant (their audit field `updatedAt`).
 * @example
 * ```ts
 * const page = await listInvoiceSchedules(context, { status: 'Pending', sort: 'nextRunDate', pageSize: 50 });
 * if (page.isOk()) {
 *   for (const s of page.value.data) console.log(s.number, s.accountNumber, s.nextRunDate);
 *   const next = page.value.nextCursor; // pass it as `cursor` (with the same filters and sort); null: the end
 * }
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function listInvoiceSchedules(
  context: BillingContext,
  input: ListInvoiceSchedulesInput = {},
): ResultAsync<ListingPage<InvoiceSchedule>, InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    input,
    async (
      input,
      _options,
      context,
    ): Promise<Result<ListingPage<InvoiceSchedule>, InvalidInput | StoreConflict>> => {
      const parsed = parseScheduleListing(input);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      const { sort, after, pageSize, ...filters } = request;
      return readOnce(context, async (repos) => {
        const rows = await repos.invoiceSchedules.page({
          ...filters,
          order: sort,
          after,
          limit: pageSize + 1,
        });
        return pageOf(rows, pageSize, (last) =>
          encodeCursor(
            'listInvoiceSchedules',
            sort,
            sort === 'number' ? [last.number] : [last.nextRunDate, last.number],
          ),
        );
      });
    },
  );
}

/** The parsed request of {@link listItemsDue}. */
interface DueListing {
  readonly targetDate: BusinessDate;
  readonly accountNumber?: string;
  readonly includePausedSchedules: boolean;
  /** The last row shown: its schedule and its sequence (0 for a credit, with the credit's due date). */
  readonly after: {
    readonly invoiceScheduleNumber: string;
    readonly sequence: number;
    readonly creditDueDate?: BusinessDate;
  } | null;
  readonly pageSize: number;
}

function parseDueListing(input: unknown): Result<DueListing, InvalidInput> {
  const listing: Listing = 'listItemsDue';
  return readRequest(listing, input, [
    'targetDate',
    'accountNumber',
    'includePausedSchedules',
    'cursor',
    'pageSize',
  ]).andThen((r) =>
    readDate(r.targetDate, 'targetDate').andThen((targetDate) =>
      optionalKey(r.accountNumber, 'accountNumber', EXPECTED_NUMBER.accountNumber).andThen((accountNumber) =>
        readFlag(
          r.includePausedSchedules,
          'includePausedSchedules',
          'true (list paused schedules too, as a bill run a person starts bills them) or false (the default)',
        ).andThen((includePausedSchedules) =>
          readCursor(r.cursor, listing, 'number', dueKey).andThen((after) =>
            readPageSize(r.pageSize).map(
              (pageSize): DueListing => ({
                targetDate,
                ...(accountNumber === undefined ? {} : { accountNumber }),
                includePausedSchedules,
                after,
                pageSize,
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A due-items cursor's key: `[schedule number, sequence]` for an item, `[schedule number, 0, due date]` for a credit
 * (a schedule can have a credit row per day a credit falls due).
 */
function dueKey(key: readonly unknown[]): DueListing['after'] {
  const [invoiceScheduleNumber, sequence, due] = key;
  if (
    !isNumberKey(invoiceScheduleNumber) ||
    typeof sequence !== 'number' ||
    !Number.isSafeInteger(sequence) ||
    sequence < 0
  )
    return null;
  // An item's key: its sequence (≥ 1); a credit row's: 0 and its day.
  if (key.length === 2) return sequence > 0 ? { invoiceScheduleNumber, sequence } : null;
  if (key.length !== 3 || sequence !== 0) return null;
  const date = parseBusinessDate(due);
  return date.isOk() && date.value === due
    ? { invoiceScheduleNumber, sequence, creditDueDate: date.value }
    : null;
}

/** A due row's cursor key ({@link dueKey}). */
function dueCursorKey(due: DueItem): readonly (string | number)[] {
  return due.kind === 'Credit'
    ? [due.invoiceScheduleNumber, 0, due.dueDate]
    : [due.invoiceScheduleNumber, placeOf(due)];
}

/** Whether a row of the cursor's schedule comes after the cursor's row (in {@link dueItemsOf}'s order). */
function isAfterCursor(due: DueItem, after: NonNullable<DueListing['after']>): boolean {
  const place = placeOf(due);
  if (place !== after.sequence) return place > after.sequence;
  // Both credits (place 0): one row per day, in date order.
  return after.creditDueDate !== undefined && compareDates(due.dueDate, after.creditDueDate) > 0;
}

/**
 * A due row's place within its schedule: its item's sequence, 0 for a credit (a row per day a credit falls due,
 * in date order, listed before the items a catch-up credit follows: a cursor on the last goes on with them).
 */
const placeOf = (due: DueItem): number => due.sequence ?? 0;

/**
 * What a bill run on `targetDate` bills of one schedule, its credit rows first (by day), then its items in sequence:
 * the entries the run bills as the core foresees them (`planScheduleRun`: the planner's, then what they leave due by
 * `targetDate` — the next pending item pulled forward to a credit's due date, or that credit alone), each due on the
 * day the run dates it — its run date, or the next run date the entries before it leave when that comes first (the
 * schedule's `nextRunDate` for the first; a credit's due date or a removal cut's date for a later one, decision 18),
 * the credit's due date for what a credit brings — and a credit entry per day a credit falls due by `targetDate` (or
 * on a next run date the user pulled a credit to by then). The covered subscriptions are read (through `reads`,
 * shared by the listing's schedules) only when a credit could matter (`mayCredit`: a charge billed something, and a
 * credit entry, several entries, or due items leaving a pending item that does not settle every credit) or the
 * schedule records a removal cut. A schedule that billed nothing yet (its first item due) reads none.
 */
async function dueItemsOf(
  repos: Repositories,
  reads: SubscriptionReads,
  schedule: InvoiceSchedule,
  targetDate: BusinessDate,
  includePausedSchedules: boolean,
  settings: TenantSettings,
): Promise<DueItem[]> {
  const filter = { includePausedSchedules };
  const first = planBillRun([schedule], targetDate, filter).accounts.flatMap((a) => a.items);
  if (first.length === 0) return [];
  // A removal cut (decision 19) can bring its item forward once earlier items are billed: its dates that stand
  // are read from the charges too.
  const read =
    mayCredit(schedule, first) || schedule.removalCuts !== undefined
      ? await readDueDates(repos, reads, schedule, settings)
      : { credits: [], cuts: [] };
  return foreseeScheduleRun(schedule, targetDate, first, read.credits, filter, read.cuts)
    .map(({ item, dueDate }) =>
      Object.freeze({
        kind: item === null ? ('Credit' as const) : ('Item' as const),
        invoiceScheduleNumber: schedule.number,
        accountNumber: schedule.accountNumber,
        currency: schedule.currency,
        itemId: item?.id ?? null,
        sequence: item?.sequence ?? null,
        name: item?.name ?? null,
        runDate: item?.runDate ?? null,
        dueDate,
        amount: item?.amount ?? null,
        actualAmount: item?.actualAmount ?? null,
      }),
    )
    .sort((a, b) => placeOf(a) - placeOf(b) || compareDates(a.dueDate, b.dueDate));
}

/**
 * The day each credit of the schedule falls due (§8.4), from its charges as the covered subscriptions (read
 * through `reads`) value them, and its removal cut (decision 19) with the dates on which a charge is still cut;
 * credits `null` when they cannot be read (the schedule is listed as planned, the run reports why).
 */
async function readDueDates(
  repos: Repositories,
  reads: SubscriptionReads,
  schedule: InvoiceSchedule,
  settings: TenantSettings,
): Promise<{ readonly credits: readonly BusinessDate[] | null; readonly cuts: readonly RemovalCut[] }> {
  const subscriptions = await coveredSubscriptions(repos, reads, schedule);
  const states = await loadChargeStates(repos, settings, schedule, subscriptions);
  if (states.isErr()) return { credits: null, cuts: [] };
  return {
    credits: creditDueDates(states.value),
    cuts: standingCuts(schedule.removalCuts ?? [], states.value),
  };
}

/**
 * The subscriptions one listing read, by number (`null`: not found), and the accounts whose subscriptions it
 * listed: each is read once however many of the page's schedules cover it.
 */
interface SubscriptionReads {
  readonly byNumber: Map<string, Subscription | null>;
  readonly accounts: Set<string>;
}

/**
 * The subscriptions a schedule covers, by number, through `reads`: those of the schedule's account in one
 * `listByAccount` when two or more are still to read (a schedule's charges are mostly its account's), then any
 * other one by `get` (one its owner transfer left with another account).
 */
async function coveredSubscriptions(
  repos: Repositories,
  reads: SubscriptionReads,
  schedule: InvoiceSchedule,
): Promise<ReadonlyMap<string, Subscription>> {
  const numbers = [...new Set(schedule.charges.map((c) => c.subscriptionNumber))];
  const unread = numbers.filter((n) => !reads.byNumber.has(n));
  if (unread.length > 1 && !reads.accounts.has(schedule.accountNumber)) {
    reads.accounts.add(schedule.accountNumber);
    for (const sub of await repos.subscriptions.listByAccount(schedule.accountNumber))
      if (!reads.byNumber.has(sub.number)) reads.byNumber.set(sub.number, sub);
  }
  const out = new Map<string, Subscription>();
  for (const n of numbers) {
    let sub = reads.byNumber.get(n);
    if (sub === undefined) {
      sub = await repos.subscriptions.get(n);
      reads.byNumber.set(n, sub);
    }
    if (sub !== null) out.set(n, sub);
  }
  return out;
}

/**
 * Reads the due rows of one page: the rest of the schedule the previous page ended in, then the due
 * schedules after it (`invoiceSchedules.page` with `dueOn`, in number order), planned one by one, until
 * one row more than the page holds is found or the schedules run out.
 */
async function dueRows(
  repos: Repositories,
  request: DueListing,
  settings: TenantSettings,
): Promise<readonly DueItem[]> {
  const { targetDate, accountNumber, includePausedSchedules, after } = request;
  const wanted = request.pageSize + 1;
  const rows: DueItem[] = [];
  const inAccount = (s: InvoiceSchedule) => accountNumber === undefined || s.accountNumber === accountNumber;
  const reads: SubscriptionReads = { byNumber: new Map(), accounts: new Set() };
  if (after !== null) {
    const current = await repos.invoiceSchedules.get(after.invoiceScheduleNumber);
    if (current !== null && current.deleted !== true && inAccount(current))
      rows.push(
        ...(await dueItemsOf(repos, reads, current, targetDate, includePausedSchedules, settings)).filter(
          (d) => isAfterCursor(d, after),
        ),
      );
  }
  let from = after?.invoiceScheduleNumber ?? null;
  while (rows.length < wanted) {
    const schedules = await repos.invoiceSchedules.page({
      ...(accountNumber === undefined ? {} : { accountNumber }),
      dueOn: targetDate,
      order: 'number',
      after: from === null ? null : { number: from, nextRunDate: null },
      limit: wanted,
    });
    for (const schedule of schedules) {
      if (from !== null && compareKeys(schedule.number, from) <= 0) {
        // The adapter did not continue after the key: reading on would loop for ever.
        throw new TypeError(
          `invoiceSchedules.page returned ${schedule.number}, which does not sort after its key ${from}: the adapter ignores \`after\` (see the contract kit's "queries: pages" tests).`,
        );
      }
      if (rows.length >= wanted) break;
      rows.push(...(await dueItemsOf(repos, reads, schedule, targetDate, includePausedSchedules, settings)));
    }
    const last = schedules[schedules.length - 1];
    if (schedules.length < wanted || last === undefined) break;
    from = last.number;
  }
  return rows;
}

/**
 * Lists what a bill run on `targetDate` would bill, one page at a time: every item not yet processed whose run date
 * is on or before the date, every credit due on a schedule whose next run date is reached, as the bill run's planner
 * (`planBillRun`) decides them, and what the run bills after them so that it leaves nothing due by the date (a
 * credit falling due after an item's run date: the next pending item pulled forward to it, or the credit alone) —
 * paused schedules only with `includePausedSchedules` — each with its schedule, account, item, sequence, run date,
 * the date it is billed on, its amount and its actual amount to bill. Ordered by schedule number, then a schedule's
 * `Credit` rows (one per day a credit falls due, by day), then its items by sequence; `pageSize` rows (1–99, 20 by
 * default) per page and an opaque `nextCursor` (`null` on the last). Nothing is billed or changed. Reads in one
 * transaction; a bad request is an `InvalidInput`. To foresee a credit it reads a schedule's covered subscriptions
 * only when the run could credit — a charge of it billed something and a credit due, or an item still pending after
 * the due ones — its account's in one `subscriptions.listByAccount` when it covers several, each subscription once
 * per page.
 * @example
 * ```ts
 * const due = await listItemsDue(context, { targetDate: '2023-05-01' });
 * if (due.isOk())
 *   for (const row of due.value.data)
 *     console.log(row.invoiceScheduleNumber, row.sequence, row.dueDate, row.actualAmount?.toFixed(2));
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function listItemsDue(
  context: BillingContext,
  input: ListItemsDueInput,
): ResultAsync<ListingPage<DueItem>, InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    input,
    async (input, _options, context): Promise<Result<ListingPage<DueItem>, InvalidInput | StoreConflict>> => {
      const parsed = parseDueListing(input);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      return readOnce(context, async (repos) =>
        pageOf(await dueRows(repos, request, context.settings), request.pageSize, (last) =>
          encodeCursor('listItemsDue', 'number', dueCursorKey(last)),
        ),
      );
    },
  );
}

/** The parsed request of {@link listInvoices} and {@link listCreditMemos}. */
interface DocumentListing<S extends string> {
  readonly accountNumber?: string;
  /** The schedule's number or id, as given. */
  readonly scheduleKey?: string;
  readonly status?: S;
  readonly after: string | null;
  readonly pageSize: number;
}

function parseDocumentListing<S extends string>(
  listing: 'listInvoices' | 'listCreditMemos',
  input: unknown,
  statuses: readonly S[],
): Result<DocumentListing<S>, InvalidInput> {
  return readRequest(listing, input, [
    'accountNumber',
    'invoiceScheduleNumber',
    'status',
    'cursor',
    'pageSize',
  ]).andThen((r) =>
    optionalKey(r.accountNumber, 'accountNumber', EXPECTED_NUMBER.accountNumber).andThen((accountNumber) =>
      optionalKey(
        r.invoiceScheduleNumber,
        'invoiceScheduleNumber',
        EXPECTED_NUMBER.invoiceScheduleNumber,
      ).andThen((scheduleKey) => {
        if ((accountNumber === undefined) === (scheduleKey === undefined)) {
          const both = accountNumber !== undefined;
          const error = invalidInput(
            both ? 'invoiceScheduleNumber' : '',
            'exactly one of accountNumber (the documents of an account) and invoiceScheduleNumber (those of a schedule)',
            both ? scheduleKey : input,
          );
          return err(
            Object.freeze({
              ...error,
              message: `${listing}: name exactly one of accountNumber and invoiceScheduleNumber; ${both ? 'both were given' : 'neither was given'}.`,
            }),
          );
        }
        return optionalOneOf(r.status, 'status', statuses).andThen((status) =>
          readCursor(r.cursor, listing, 'number', numberKey).andThen((after) =>
            readPageSize(r.pageSize).map(
              (pageSize): DocumentListing<S> => ({
                ...(accountNumber === undefined ? {} : { accountNumber }),
                ...(scheduleKey === undefined ? {} : { scheduleKey }),
                ...(status === undefined ? {} : { status }),
                after,
                pageSize,
              }),
            ),
          ),
        );
      }),
    ),
  );
}

/**
 * The filter of a document page: the account as given, or the schedule's number for a key that is its
 * number or its id (reference §2.1, "scheduleKey"; a key naming no schedule is taken as a number, so the
 * documents of a deleted schedule are still listed by its number).
 */
async function documentFilter<S extends string>(
  repos: Repositories,
  request: DocumentListing<S>,
): Promise<{
  readonly accountNumber?: string;
  readonly invoiceScheduleNumber?: string;
  readonly status?: S;
}> {
  const { scheduleKey, accountNumber, status } = request;
  const statusFilter = status === undefined ? {} : { status };
  if (scheduleKey === undefined)
    return { ...(accountNumber === undefined ? {} : { accountNumber }), ...statusFilter };
  const invoiceScheduleNumber = (await findByKey(repos.invoiceSchedules, scheduleKey))?.number ?? scheduleKey;
  return { invoiceScheduleNumber, ...statusFilter };
}

/**
 * Lists invoices one page at a time: those of an account (`accountNumber`), or those with a line
 * produced by a schedule (`invoiceScheduleNumber`, its number or its id) — exactly one of the two —
 * optionally of one status, ordered by number, `pageSize` rows (1–99, 20 by default) per page and an
 * opaque `nextCursor` (`null` on the last). Every status is listed unless `status` is given: Draft,
 * Posted, Canceled and Reversed. Reads in one transaction; a bad request is an `InvalidInput`.
 * @example
 * ```ts
 * const invoices = await listInvoices(context, { invoiceScheduleNumber: 'IS-00000001' });
 * for (const invoice of invoices.map((p) => p.data).unwrapOr([]))
 *   console.log(invoice.number, invoice.status, invoice.amount.toFixed(2));
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function listInvoices(
  context: BillingContext,
  input: ListInvoicesInput,
): ResultAsync<ListingPage<Invoice>, InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    input,
    async (input, _options, context): Promise<Result<ListingPage<Invoice>, InvalidInput | StoreConflict>> => {
      const parsed = parseDocumentListing('listInvoices', input, INVOICE_STATUSES);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      return readOnce(context, async (repos) => {
        const filter = await documentFilter(repos, request);
        const rows = await repos.invoices.page({
          ...filter,
          after: request.after,
          limit: request.pageSize + 1,
        });
        return pageOf(rows, request.pageSize, (last) =>
          encodeCursor('listInvoices', 'number', [last.number]),
        );
      });
    },
  );
}

/**
 * Lists credit memos one page at a time: those of an account (`accountNumber`), or those with a line
 * produced by a schedule (`invoiceScheduleNumber`, its number or its id) — exactly one of the two —
 * optionally of one status, ordered by number, `pageSize` rows (1–99, 20 by default) per page and an
 * opaque `nextCursor` (`null` on the last). Reads in one transaction; a bad request is an `InvalidInput`.
 * @example
 * ```ts
 * const memos = await listCreditMemos(context, { accountNumber: 'A-001', status: 'Draft' });
 * for (const memo of memos.map((p) => p.data).unwrapOr([])) console.log(memo.number, memo.amount.toFixed(2));
 * ```
 * @category Operations
 * @since 0.2.0
 */
export function listCreditMemos(
  context: BillingContext,
  input: ListCreditMemosInput,
): ResultAsync<ListingPage<CreditMemo>, InvalidInput | StoreConflict | InvalidContext> {
  return operation(
    context,
    input,
    async (
      input,
      _options,
      context,
    ): Promise<Result<ListingPage<CreditMemo>, InvalidInput | StoreConflict>> => {
      const parsed = parseDocumentListing('listCreditMemos', input, CREDIT_MEMO_STATUSES);
      if (parsed.isErr()) return err(parsed.error);
      const request = parsed.value;
      return readOnce(context, async (repos) => {
        const filter = await documentFilter(repos, request);
        const rows = await repos.creditMemos.page({
          ...filter,
          after: request.after,
          limit: request.pageSize + 1,
        });
        return pageOf(rows, request.pageSize, (last) =>
          encodeCursor('listCreditMemos', 'number', [last.number]),
        );
      });
    },
  );
}
