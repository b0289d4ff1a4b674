import type { CreditMemo, CreditMemoStatus } from '../../domain/documents/credit-memo';
import type { Invoice, InvoiceStatus } from '../../domain/documents/invoice';
import type { UnitOfWork } from '../../ports/index';
import { toCreditMemoRecord, toInvoiceRecord } from '../../ports/records';
import { check, checkEqual } from '../assert';
import { buildCreditMemo, buildInvoice } from '../builders';
import { type ContractHarness, checkOk, numbers, uuid } from './harness';

// The document lists the billing core reads to know what was billed and credited already. An adapter
// that leaves a document out makes the core bill or credit it again; one that adds another's makes
// the core skip what it owes. Each list is compared as records, in order, so a wrong filter, a
// missing status or a wrong order all fail.

/** An invoice of `accountNumber` in `status`, with a distinct id. */
function invoiceOf(number: string, accountNumber: string, status: InvoiceStatus): Invoice {
  return buildInvoice({ number, id: uuid(Number(number.slice(-3))), accountNumber, status });
}

/**
 * A credit memo with one line per entry of `schedules` (the schedule that produced it, or `null` for
 * a line netted from an invoice, §7.8), each crediting the builder's 333.33; the pages tests use it too.
 */
export function memoOf(
  number: string,
  accountNumber: string,
  status: CreditMemoStatus,
  schedules: readonly (string | null)[],
): CreditMemo {
  const template = buildCreditMemo().lines[0];
  if (template === undefined) throw new Error('buildCreditMemo() has no line');
  const lines = schedules.map((schedule, i) => ({
    ...template,
    id: `${number}-${i + 1}`,
    invoiceScheduleNumber: schedule,
    invoiceScheduleItemId: schedule === null ? null : `${schedule}-item-1`,
  }));
  return buildCreditMemo({
    number,
    id: uuid(Number(number.slice(-3))),
    accountNumber,
    status,
    amount: template.amount.times(lines.length),
    lines,
  });
}

/** `invoices.listByAccount`, `creditMemos.listBySchedule` and `creditMemos.listByAccount`. */
export function describeDocumentQueries<S extends UnitOfWork>(harness: ContractHarness<S>): void {
  const { describe, test, commit } = harness;
  describe('queries: documents', () => {
    test("invoices.listByAccount returns every invoice of the account, Draft, Posted, Canceled and Reversed alike, ordered by number, and nothing of other accounts'", async (store) => {
      const a1 = [
        invoiceOf('INV00000303', 'A00000001', 'Draft'),
        invoiceOf('INV00000301', 'A00000001', 'Posted'),
        invoiceOf('INV00000305', 'A00000001', 'Canceled'),
        invoiceOf('INV00000304', 'A00000001', 'Reversed'),
      ];
      const a2 = invoiceOf('INV00000302', 'A00000002', 'Draft');
      // A number that starts with A00000001's: a prefix match (LIKE 'A00000001%') would take it.
      const a10 = invoiceOf('INV00000306', 'A000000010', 'Posted');
      await commit(store, async (r) => {
        for (const i of [...a1, a2, a10]) checkOk(await r.invoices.save(i), `save ${i.number}`);
      });
      await commit(store, async (r) => {
        const listed = await r.invoices.listByAccount('A00000001');
        const got = numbers(listed);
        for (const i of a1) {
          check(
            got.includes(i.number),
            `invoices.listByAccount(A00000001) must return the ${i.status} invoice ${i.number} (got ${JSON.stringify(got)})${
              i.status === 'Draft'
                ? ': without its Drafts, standard billing bills the periods they bill again'
                : ''
            }`,
          );
        }
        const expected = [...a1].sort((x, y) => (x.number < y.number ? -1 : 1));
        checkEqual(listed.map(toInvoiceRecord), expected.map(toInvoiceRecord), 'A00000001');
        checkEqual(
          (await r.invoices.listByAccount('A00000002')).map(toInvoiceRecord),
          [toInvoiceRecord(a2)],
          'A00000002',
        );
        checkEqual(numbers(await r.invoices.listByAccount('A000000010')), [a10.number], 'A000000010');
        checkEqual(numbers(await r.invoices.listByAccount('A00000009')), [], 'unknown account');
      });
    });

    test('creditMemos.listBySchedule returns every memo with a line produced by that schedule, Draft, Posted or Canceled, ordered by number, and nothing of other schedules', async (store) => {
      const memos = [
        memoOf('CM00000313', 'A00000001', 'Posted', ['IS-00000001', 'IS-00000002']),
        memoOf('CM00000311', 'A00000001', 'Draft', ['IS-00000001']),
        // IS-00000002 on the second line only: an adapter that reads the first line misses it.
        memoOf('CM00000312', 'A00000001', 'Posted', ['IS-00000003', 'IS-00000002']),
        memoOf('CM00000314', 'A00000001', 'Posted', [null]),
        memoOf('CM00000315', 'A00000002', 'Draft', ['IS-00000001']),
        memoOf('CM00000316', 'A00000001', 'Posted', ['IS-000000010']),
        // A Canceled memo is listed too: the core reads what it netted (review 100).
        memoOf('CM00000317', 'A00000001', 'Canceled', ['IS-00000003']),
      ];
      await commit(store, async (r) => {
        for (const m of memos) checkOk(await r.creditMemos.save(m), `save ${m.number}`);
      });
      const byNumber = new Map(memos.map((m) => [m.number, m]));
      const records = (ns: readonly string[]) =>
        ns.map((n) => {
          const m = byNumber.get(n);
          if (m === undefined) throw new Error(`fixture ${n}`);
          return toCreditMemoRecord(m);
        });
      await commit(store, async (r) => {
        for (const [schedule, expected] of [
          ['IS-00000001', ['CM00000311', 'CM00000313', 'CM00000315']],
          ['IS-00000002', ['CM00000312', 'CM00000313']],
          ['IS-00000003', ['CM00000312', 'CM00000317']],
          ['IS-000000010', ['CM00000316']],
          ['IS-00000009', []],
        ] as const) {
          const listed = await r.creditMemos.listBySchedule(schedule);
          const got = numbers(listed);
          for (const n of expected) {
            check(
              got.includes(n),
              `creditMemos.listBySchedule(${schedule}) must return ${n} (got ${JSON.stringify(got)}): without it, the schedule's credit is issued again`,
            );
          }
          checkEqual(listed.map(toCreditMemoRecord), records(expected), `listBySchedule(${schedule})`);
        }
      });
    });

    test("creditMemos.listByAccount returns every memo of the account, Draft, Posted or Canceled, ordered by number, and nothing of other accounts'", async (store) => {
      const a1 = [
        memoOf('CM00000323', 'A00000001', 'Posted', ['IS-00000001']),
        memoOf('CM00000321', 'A00000001', 'Draft', ['IS-00000002']),
        memoOf('CM00000324', 'A00000001', 'Posted', [null]),
        memoOf('CM00000326', 'A00000001', 'Canceled', ['IS-00000001']),
      ];
      const a2 = memoOf('CM00000322', 'A00000002', 'Posted', ['IS-00000001']);
      const a10 = memoOf('CM00000325', 'A000000010', 'Draft', ['IS-00000001']);
      await commit(store, async (r) => {
        for (const m of [...a1, a2, a10]) checkOk(await r.creditMemos.save(m), `save ${m.number}`);
      });
      await commit(store, async (r) => {
        const listed = await r.creditMemos.listByAccount('A00000001');
        const got = numbers(listed);
        for (const m of a1) {
          check(
            got.includes(m.number),
            `creditMemos.listByAccount(A00000001) must return the ${m.status} memo ${m.number} (got ${JSON.stringify(got)}): without it, what it credited is credited again`,
          );
        }
        const expected = [...a1].sort((x, y) => (x.number < y.number ? -1 : 1));
        checkEqual(listed.map(toCreditMemoRecord), expected.map(toCreditMemoRecord), 'A00000001');
        checkEqual(
          (await r.creditMemos.listByAccount('A00000002')).map(toCreditMemoRecord),
          [toCreditMemoRecord(a2)],
          'A00000002',
        );
        checkEqual(numbers(await r.creditMemos.listByAccount('A000000010')), [a10.number], 'A000000010');
        checkEqual(numbers(await r.creditMemos.listByAccount('A00000009')), [], 'unknown account');
      });
    });
  });
}
