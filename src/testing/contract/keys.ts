import { ok, type Result } from 'neverthrow';
import type { Repositories, UnitOfWork, VersionConflict } from '../../ports/index';
import {
  toAccountRecord,
  toBillRunRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
  toInvoiceScheduleRecord,
  toOrderRecord,
  toSubscriptionRecord,
} from '../../ports/records';
import { check, checkEqual } from '../assert';
import {
  buildAccount,
  buildBillRun,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceSchedule,
  buildOrder,
  buildSubscription,
} from '../builders';
import { type ContractHarness, checkOk, numbers, uuid } from './harness';

// Keys are compared exactly, code unit by code unit, and ordered by code point (the order of their UTF-8 bytes). A case-insensitive collation (MySQL's default, a
// `citext` column, a lower-cased key) makes `inv00000001` find INV00000001 — a host's lookup by a
// key it was given then acts on another document — and makes two idempotency keys that differ only
// in case one key, so the second request gets the first one's result and is never carried out.

/** How the kit writes and reads one aggregate by number. */
interface KeyCase {
  readonly repo: string;
  /** Writes a value with this number (and a distinct id); distinct numbers give distinct values. */
  readonly write: (r: Repositories, number: string, n: number) => Promise<Result<void, VersionConflict>>;
  readonly read: (r: Repositories, number: string) => Promise<unknown>;
}

const CASES: readonly (KeyCase & { readonly upper: string })[] = [
  {
    repo: 'accounts',
    upper: 'A00000601',
    write: (r, number, n) => r.accounts.insert(buildAccount({ number, id: `acc-${n}`, name: number })),
    read: async (r, number) => {
      const v = await r.accounts.get(number);
      return v && toAccountRecord(v);
    },
  },
  {
    repo: 'orders',
    upper: 'O-00000601',
    write: async (r, number) => {
      await r.orders.put(buildOrder({ number, accountNumber: number }));
      return ok(undefined);
    },
    read: async (r, number) => {
      const v = await r.orders.get(number);
      return v && toOrderRecord(v);
    },
  },
  {
    repo: 'subscriptions',
    upper: 'S-00000601',
    write: (r, number) => r.subscriptions.save(buildSubscription({ number, accountNumber: number })),
    read: async (r, number) => {
      const v = await r.subscriptions.get(number);
      return v && toSubscriptionRecord(v);
    },
  },
  {
    repo: 'invoiceSchedules',
    upper: 'IS-00000601',
    write: (r, number, n) =>
      r.invoiceSchedules.save(buildInvoiceSchedule({ number, id: uuid(n), notes: number })),
    read: async (r, number) => {
      const v = await r.invoiceSchedules.get(number);
      return v && toInvoiceScheduleRecord(v);
    },
  },
  {
    repo: 'invoices',
    upper: 'INV00000601',
    write: (r, number, n) => r.invoices.save(buildInvoice({ number, id: uuid(n), accountNumber: number })),
    read: async (r, number) => {
      const v = await r.invoices.get(number);
      return v && toInvoiceRecord(v);
    },
  },
  {
    repo: 'creditMemos',
    upper: 'CM00000601',
    write: (r, number, n) =>
      r.creditMemos.save(buildCreditMemo({ number, id: uuid(n), accountNumber: number })),
    read: async (r, number) => {
      const v = await r.creditMemos.get(number);
      return v && toCreditMemoRecord(v);
    },
  },
  {
    repo: 'billRuns',
    upper: 'BR-00000601',
    write: (r, number, n) =>
      r.billRuns.insert(buildBillRun({ number, id: uuid(n), invoiceNumbers: [number] })),
    read: async (r, number) => {
      const v = await r.billRuns.get(number);
      return v && toBillRunRecord(v);
    },
  },
];

/** Numbers and idempotency keys are case-sensitive. */
export function describeKeys<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit } = harness;
  describe('keys', () => {
    test('numbers are case-sensitive in every repository: INV00000601 and inv00000601 are two records', async (store) => {
      // The upper-case numbers first, alone: a case-insensitive read finds them for the lower-case key.
      await commit(store, async (r) => {
        for (const [i, c] of CASES.entries())
          checkOk(await c.write(r, c.upper, 610 + i), `${c.repo}: write ${c.upper}`);
      });
      await commit(store, async (r) => {
        for (const c of CASES) {
          const lower = c.upper.toLowerCase();
          check(
            (await c.read(r, lower)) === null,
            `${c.repo}.get(${lower}) must be null: only ${c.upper} is stored, and keys are case-sensitive`,
          );
        }
      });
      await commit(store, async (r) => {
        for (const [i, c] of CASES.entries()) {
          const lower = c.upper.toLowerCase();
          checkOk(await c.write(r, lower, 620 + i), `${c.repo}: ${lower} is a new number, not ${c.upper}`);
        }
      });
      await commit(store, async (r) => {
        for (const c of CASES) {
          const lower = c.upper.toLowerCase();
          const [upperValue, lowerValue] = [await c.read(r, c.upper), await c.read(r, lower)];
          check(
            upperValue !== null && lowerValue !== null,
            `${c.repo}: both ${c.upper} and ${lower} must be found`,
          );
          check(
            (upperValue as { number?: unknown }).number === c.upper &&
              (lowerValue as { number?: unknown }).number === lower,
            `${c.repo}: get(${c.upper}) and get(${lower}) must each return its own record`,
          );
        }
        // Code point order, like a binary collation: every upper-case letter sorts before every lower-case one.
        checkEqual(
          numbers(await r.accounts.list(null, 100)),
          ['A00000601', 'a00000601'],
          'accounts.list ordered by code point',
        );
      });
    });

    test('accounts are listed and paged in code point order, as a binary collation over UTF-8 bytes orders them', async (store) => {
      // JavaScript's < compares UTF-16 code units and puts A😀 (U+1F600, a surrogate pair) before A！ (U+FF01);
      // PostgreSQL's COLLATE "C" in a UTF-8 database, MySQL's utf8mb4_bin and the library put it after. A store
      // that pages in the other order than the library's cursors skips accounts (a bill run never visits one).
      const ordered = ['AZ', 'A\u00E9', 'A\uFF01', 'A\u{1F600}', 'A\u{1F600}1'];
      await commit(store, async (r) => {
        for (const [i, number] of [...ordered].reverse().entries())
          checkOk(
            await r.accounts.insert(buildAccount({ number, id: `acc-cp-${i}`, name: `account ${i}` })),
            `insert ${number}`,
          );
      });
      await commit(store, async (r) => {
        checkEqual(numbers(await r.accounts.list(null, 100)), ordered, 'accounts.list in code point order');
        checkEqual(
          numbers(await r.accounts.list('A\uFF01', 100)),
          ['A\u{1F600}', 'A\u{1F600}1'],
          'accounts.list after A！: the accounts whose number is above it in code point order',
        );
        checkEqual(numbers(await r.accounts.list('A\u00E9', 1)), ['A\uFF01'], 'accounts.list after Aé, one');
      });
    });

    test('idempotency keys are case-sensitive: Key-601 and key-601 are two keys', async (store) => {
      const upper = { key: 'Key-601', operation: 'executeInvoiceSchedule', result: 'INV00000601' };
      const lower = { key: 'key-601', operation: 'executeInvoiceSchedule', result: 'INV00000602' };
      check(await commit(store, (r) => r.idempotency.insert(upper)), 'insert Key-601');
      check(
        (await commit(store, (r) => r.idempotency.get(lower.key))) === null,
        'idempotency.get(key-601) must be null: only Key-601 is stored',
      );
      check(
        await commit(store, (r) => r.idempotency.insert(lower)),
        'idempotency.insert(key-601) must return true: it is another key than Key-601, another request',
      );
      await commit(store, async (r) => {
        checkEqual(await r.idempotency.get(upper.key), upper, 'Key-601');
        checkEqual(await r.idempotency.get(lower.key), lower, 'key-601');
      });
    });
  });
}
