// Settling credit memos (issue 13) under random sequences of applications and unapplications, in currencies
// of 0, 2 and 3 decimals: the two sides of every application stay equal, balances stay within [0, amount],
// the rules accept exactly what they promise, and no input is changed. Once on the pure rules (many runs),
// once through the operations on the memory store (fewer runs, reading the committed records).
import { fc, test } from '@fast-check/vitest';
import { buildCreditMemo, buildInvoice, buildInvoiceLine } from 'invoice-schedules/testing';
import { describe, expect } from 'vitest';
import type { CreditMemo, CreditMemoLine } from '../../src/domain/documents/credit-memo';
import type { Invoice } from '../../src/domain/documents/invoice';
import {
  appliedAmount,
  applyCredit,
  creditMemoUnappliedAmount,
  invoiceBalance,
  unapplyCredit,
} from '../../src/domain/documents/settlement';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { Dec } from '../../src/money/decimal';
import { applyCreditMemo, unapplyCreditMemo } from '../../src/operations/settlement';
import type { BillingContext } from '../../src/ports';
import {
  fromCreditMemoRecord,
  fromInvoiceRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
} from '../../src/ports/records';
import { fixedClock } from '../../src/time/clock';

const CURRENCIES = [
  { code: 'JPY', scale: 0 },
  { code: 'USD', scale: 2 },
  { code: 'KWD', scale: 3 },
] as const;

type Command =
  | {
      readonly kind: 'apply';
      readonly memo: number;
      readonly parts: readonly { readonly invoice: number; readonly units: number }[];
    }
  | {
      readonly kind: 'unapply';
      readonly memo: number;
      readonly invoice: number;
      readonly units: number | null;
    };

interface World {
  readonly currency: (typeof CURRENCIES)[number];
  readonly memoUnits: readonly number[];
  readonly invoiceUnits: readonly number[];
  readonly commands: readonly Command[];
}

const worldArb: fc.Arbitrary<World> = fc
  .record({
    currency: fc.constantFrom(...CURRENCIES),
    memoUnits: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 3 }),
    invoiceUnits: fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 4 }),
  })
  .chain((w) => {
    const memo = fc.integer({ min: 0, max: w.memoUnits.length - 1 });
    const invoice = fc.integer({ min: 0, max: w.invoiceUnits.length - 1 });
    const units = fc.integer({ min: 1, max: 3000 });
    const command: fc.Arbitrary<Command> = fc.oneof(
      fc.record({
        kind: fc.constant('apply' as const),
        memo,
        parts: fc.uniqueArray(fc.record({ invoice, units }), {
          minLength: 1,
          maxLength: 3,
          selector: (p) => p.invoice,
        }),
      }),
      fc.record({
        kind: fc.constant('unapply' as const),
        memo,
        invoice,
        units: fc.option(units, { nil: null }),
      }),
    );
    return fc.array(command, { minLength: 1, maxLength: 25 }).map((commands) => ({ ...w, commands }));
  });

const amountOf = (units: number, scale: number): string =>
  new Dec(units).div(new Dec(10).pow(scale)).toFixed(scale);

function documents(world: World): { memos: CreditMemo[]; invoices: Invoice[] } {
  const { code, scale } = world.currency;
  const template = buildCreditMemo().lines[0] as CreditMemoLine;
  const memos = world.memoUnits.map((units, i) => {
    const number = `CM${String(i + 1).padStart(8, '0')}`;
    const amount = amountOf(units, scale);
    return buildCreditMemo({
      id: `cm-${i}`,
      number,
      accountNumber: 'A-001',
      currency: code,
      amount,
      lines: [
        {
          ...template,
          id: `cm-${i}-1`,
          amount: new Dec(amount),
          creditedInvoiceNumber: null,
          creditedInvoiceLineId: null,
          invoiceScheduleNumber: null,
          invoiceScheduleItemId: null,
        },
      ],
    });
  });
  const invoices = world.invoiceUnits.map((units, i) =>
    buildInvoice({
      id: `inv-${i}`,
      number: `INV${String(i + 1).padStart(8, '0')}`,
      accountNumber: 'A-001',
      currency: code,
      status: 'Posted',
      lines: [
        buildInvoiceLine({ id: `inv-${i}-1`, amount: amountOf(units, scale), invoiceScheduleNumber: null }),
      ],
    }),
  );
  return { memos, invoices };
}

/** Every invariant of a settled world: both sides equal, pair by pair; balances within [0, amount]. */
function checkInvariants(memos: readonly CreditMemo[], invoices: readonly Invoice[]): void {
  const memoSide = memos.flatMap((m) => m.applications);
  const invoiceSide = invoices.flatMap((i) => i.creditApplications);
  expect(appliedAmount(memoSide).eq(appliedAmount(invoiceSide))).toBe(true);
  const byPair = (apps: typeof memoSide) => {
    const out = new Map<string, string>();
    for (const a of apps) {
      const key = `${a.creditMemoNumber}→${a.invoiceNumber}`;
      out.set(key, new Dec(out.get(key) ?? 0).plus(a.amount).toFixed());
    }
    return Object.fromEntries([...out].sort());
  };
  expect(byPair(memoSide)).toEqual(byPair(invoiceSide));
  for (const m of memos) {
    const left = creditMemoUnappliedAmount(m);
    expect(left.gte(0) && left.lte(m.amount)).toBe(true);
    expect(m.applications.every((a) => a.amount.gt(0) && a.creditMemoNumber === m.number)).toBe(true);
  }
  for (const i of invoices) {
    const balance = invoiceBalance(i);
    expect(balance.gte(0) && balance.lte(i.amount)).toBe(true);
    expect(i.creditApplications.every((a) => a.amount.gt(0) && a.invoiceNumber === i.number)).toBe(true);
  }
}

const records = (memos: readonly CreditMemo[], invoices: readonly Invoice[]) =>
  JSON.stringify([memos.map(toCreditMemoRecord), invoices.map(toInvoiceRecord)]);

describe('settlement properties (JPY 0, USD 2, KWD 3 decimals)', () => {
  test.prop([worldArb], { numRuns: 200 })(
    'random applies and unapplies keep Σ on memos == Σ on invoices, 0 ≤ unapplied ≤ amount, 0 ≤ balance ≤ amount, accept exactly what fits, and change no input',
    (world) => {
      const { scale } = world.currency;
      let { memos, invoices } = documents(world);
      for (const command of world.commands) {
        const before = records(memos, invoices);
        const memo = memos[command.memo] as CreditMemo;
        if (command.kind === 'apply') {
          const targets = command.parts.map((p) => ({
            invoice: invoices[p.invoice] as Invoice,
            amount: amountOf(p.units, scale),
          }));
          // The oracle: each part within its invoice's balance, all within the memo's unapplied amount.
          const fits =
            targets.every((t) => new Dec(t.amount).lte(invoiceBalance(t.invoice))) &&
            targets.reduce((acc, t) => acc.plus(t.amount), new Dec(0)).lte(creditMemoUnappliedAmount(memo));
          const result = applyCredit(memo, targets, '2023-11-20T12:00:00.000Z');
          expect(records(memos, invoices)).toBe(before);
          expect(result.isOk()).toBe(fits);
          if (result.isErr()) {
            expect(['InvoiceOverCredited', 'CreditMemoOverApplied']).toContain(result.error.type);
            continue;
          }
          const changed = new Map(result.value.invoices.map((i) => [i.number, i]));
          memos = memos.map((m) => (m.number === memo.number ? result.value.creditMemo : m));
          invoices = invoices.map((i) => changed.get(i.number) ?? i);
          expect(
            creditMemoUnappliedAmount(result.value.creditMemo).eq(
              creditMemoUnappliedAmount(memo).minus(
                targets.reduce((acc, t) => acc.plus(t.amount), new Dec(0)),
              ),
            ),
          ).toBe(true);
        } else {
          const invoice = invoices[command.invoice] as Invoice;
          const amount = command.units === null ? undefined : amountOf(command.units, scale);
          const applied = appliedAmount(memo.applications.filter((a) => a.invoiceNumber === invoice.number));
          const result = unapplyCredit(memo, invoice, amount);
          expect(records(memos, invoices)).toBe(before);
          const fits = applied.gt(0) && (amount === undefined || new Dec(amount).lte(applied));
          expect(result.isOk()).toBe(fits);
          if (result.isErr()) {
            expect(['CreditApplicationNotFound', 'CreditUnapplyExceedsApplied']).toContain(result.error.type);
            continue;
          }
          const taken = amount === undefined ? applied : new Dec(amount);
          const after = result.value.invoices[0] as Invoice;
          expect(invoiceBalance(after).eq(invoiceBalance(invoice).plus(taken))).toBe(true);
          memos = memos.map((m) => (m.number === memo.number ? result.value.creditMemo : m));
          invoices = invoices.map((i) => (i.number === after.number ? after : i));
        }
        checkInvariants(memos, invoices);
      }
    },
  );

  test.prop([worldArb], { numRuns: 25 })(
    'through the operations on the memory store, the committed records keep the same invariants',
    async (world) => {
      const { scale } = world.currency;
      const initial = documents(world);
      const store = createMemoryStore({
        initial: { creditMemos: initial.memos, invoices: initial.invoices },
      });
      const context: BillingContext = {
        store,
        clock: fixedClock('2023-11-20T12:00:00Z'),
        ids: createSequentialIds(),
        settings: DEFAULT_TENANT_SETTINGS,
      };
      for (const command of world.commands) {
        const memoNumber = initial.memos[command.memo]?.number as string;
        const request =
          command.kind === 'apply'
            ? {
                creditMemoNumber: memoNumber,
                applications: command.parts.map((p) => ({
                  invoiceNumber: initial.invoices[p.invoice]?.number as string,
                  amount: amountOf(p.units, scale),
                })),
              }
            : {
                creditMemoNumber: memoNumber,
                invoiceNumber: initial.invoices[command.invoice]?.number as string,
                ...(command.units === null ? {} : { amount: amountOf(command.units, scale) }),
              };
        const frozen = JSON.stringify(request);
        const result =
          command.kind === 'apply'
            ? await applyCreditMemo(context, request as Parameters<typeof applyCreditMemo>[1])
            : await unapplyCreditMemo(context, request as Parameters<typeof unapplyCreditMemo>[1]);
        expect(JSON.stringify(request)).toBe(frozen);
        if (result.isErr()) {
          expect([
            'InvoiceOverCredited',
            'CreditMemoOverApplied',
            'CreditApplicationNotFound',
            'CreditUnapplyExceedsApplied',
          ]).toContain(result.error.type);
        }
        const snapshot = store.probe.snapshot();
        checkInvariants(
          snapshot.creditMemos.map((r) => fromCreditMemoRecord(r)._unsafeUnwrap()),
          snapshot.invoices.map((r) => fromInvoiceRecord(r)._unsafeUnwrap()),
        );
      }
    },
  );
});
