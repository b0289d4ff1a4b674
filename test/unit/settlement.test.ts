// Settling credit memos against invoices (issue 13): applyCreditMemo, unapplyCreditMemo, cancelCreditMemo,
// the balances (invoice balance, memo unapplied amount), the refusals as typed errors, and the refusal to
// reverse or cancel an invoice while credits are applied to it. Figures: a posted 600.00 memo applied
// 400.00 to INV A (500.00) and 200.00 to INV B (300.00); C10's schedule-generated 11,700.00 memo.

import { buildAccount, buildCreditMemo, buildInvoice, buildInvoiceLine } from 'invoice-schedules/testing';
import { ok, type Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import type { CreditMemo, CreditMemoLine } from '../../src/domain/documents/credit-memo';
import type { Invoice } from '../../src/domain/documents/invoice';
import {
  applyCredit,
  creditMemoUnappliedAmount,
  invoiceBalance,
  unapplyCredit,
} from '../../src/domain/documents/settlement';
import { DEFAULT_TENANT_SETTINGS } from '../../src/domain/settings';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { Dec } from '../../src/money/decimal';
import { runBillRun } from '../../src/operations/bill-run';
import { cancelInvoice, postCreditMemo, reverseInvoice } from '../../src/operations/invoices';
import { getInvoiceSchedule } from '../../src/operations/queries';
import {
  applyCreditMemo,
  cancelCreditMemo,
  type SettlementOperationError,
  unapplyCreditMemo,
} from '../../src/operations/settlement';
import type { BillingContext } from '../../src/ports';
import {
  fromCreditMemoRecord,
  fromInvoiceRecord,
  toCreditMemoRecord,
  toInvoiceRecord,
} from '../../src/ports/records';
import { fixedClock } from '../../src/time/clock';
import { expectErr, expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  givenSubscriptions,
  removeProducts,
  seededBilling,
  yearly,
} from '../support/scenarios';

const NOW = '2023-11-20T12:00:00.000Z';

/** A one-line invoice of `amount` that no schedule produced. */
function invoice(number: string, amount: string, extra: Partial<Invoice> = {}): Invoice {
  const id = `inv-${number}`;
  return buildInvoice({
    id,
    number,
    accountNumber: 'A-001',
    status: 'Posted',
    invoiceDate: '2023-10-01',
    billRunNumber: null,
    lines: [
      buildInvoiceLine({
        id: `${id}-1`,
        amount,
        invoiceScheduleNumber: null,
        invoiceScheduleItemId: null,
      }),
    ],
    ...extra,
  });
}

/** A memo line that credits no invoice and comes from no schedule (a host's goodwill credit). */
function goodwillLine(id: string, amount: string): CreditMemoLine {
  const template = buildCreditMemo().lines[0] as CreditMemoLine;
  return {
    ...template,
    id,
    amount: new Dec(amount),
    creditedInvoiceNumber: null,
    creditedInvoiceLineId: null,
    invoiceScheduleNumber: null,
    invoiceScheduleItemId: null,
  };
}

/** A goodwill credit memo of `amount` (Posted unless told). */
function memo(number: string, amount: string, extra: Partial<CreditMemo> = {}): CreditMemo {
  const id = `cm-${number}`;
  return buildCreditMemo({
    id,
    number,
    accountNumber: 'A-001',
    amount,
    memoDate: '2023-11-01',
    billRunNumber: null,
    lines: [goodwillLine(`${id}-1`, amount)],
    ...extra,
  });
}

/**
 * Account A-001 with INV A (INV00000101, Posted 500.00), INV B (INV00000102, Posted 300.00), a Draft
 * INV00000103 (200.00), a EUR INV00000105 (100.00); account A-002 with INV00000104 (Posted 1,000.00). Memos:
 * CM00000101 Posted 600.00, CM00000102 Draft 50.00 (goodwill), CM00000103 Draft 333.33 from IS-00000001.
 */
function seeded(
  options: {
    isolation?: 'serial' | 'read-committed';
    /** With 'read-committed': the point each repository call waits at (the store's `interleave`). */
    interleave?: (label: string) => Promise<void>;
  } = {},
): TestBilling {
  const initial = {
    accounts: [buildAccount({ number: 'A-001' }), buildAccount({ id: 'acc-2', number: 'A-002' })],
    invoices: [
      invoice('INV00000101', '500.00'),
      invoice('INV00000102', '300.00'),
      invoice('INV00000103', '200.00', { status: 'Draft' }),
      invoice('INV00000104', '1000.00', { accountNumber: 'A-002' }),
      invoice('INV00000105', '100.00', { currency: 'EUR' }),
    ],
    creditMemos: [
      memo('CM00000101', '600.00'),
      memo('CM00000102', '50.00', { status: 'Draft' }),
      buildCreditMemo({ id: 'cm-CM00000103', number: 'CM00000103', accountNumber: 'A-001', status: 'Draft' }),
    ],
  };
  if (options.isolation === 'read-committed') {
    const store = createMemoryStore({
      initial,
      isolation: 'read-committed',
      ...(options.interleave === undefined ? {} : { interleave: options.interleave }),
    });
    return { store, context: context(store) };
  }
  const billing = seededBilling(initial, NOW);
  return billing;
}

function context(store: BillingContext['store']): BillingContext {
  return { store, clock: fixedClock(NOW), ids: createSequentialIds(), settings: DEFAULT_TENANT_SETTINGS };
}

const applied = (billing: TestBilling, number: string) =>
  billing.store.probe.invoice(number)?.creditApplications.map((a) => [a.creditMemoNumber, a.amount]);
const memoApplications = (billing: TestBilling, number: string) =>
  billing.store.probe.creditMemo(number)?.applications.map((a) => [a.invoiceNumber, a.amount]);
const balanceOf = (billing: TestBilling, number: string) => {
  const record = billing.store.probe.invoice(number);
  return record === null ? null : invoiceBalance(fromInvoiceRecord(record)._unsafeUnwrap()).toFixed(2);
};
const unappliedOf = (billing: TestBilling, number: string) => {
  const record = billing.store.probe.creditMemo(number);
  return record === null
    ? null
    : creditMemoUnappliedAmount(fromCreditMemoRecord(record)._unsafeUnwrap()).toFixed(2);
};

/** Applies CM00000101: 400.00 to INV A and 200.00 to INV B. */
async function applyBoth(billing: TestBilling) {
  return expectOk(
    await applyCreditMemo(billing.context, {
      creditMemoNumber: 'CM00000101',
      applications: [
        { invoiceNumber: 'INV00000101', amount: '400.00' },
        { invoiceNumber: 'INV00000102', amount: '200.00' },
      ],
    }),
  );
}

/** Runs an operation that must be refused without writing anything; returns its error. */
async function refused<T, E>(billing: TestBilling, run: () => PromiseLike<Result<T, E>>): Promise<E> {
  const before = billing.store.probe.snapshot();
  const error = expectErr(await run());
  expect(billing.store.probe.snapshot()).toEqual(before);
  expect(Object.isFrozen(error)).toBe(true);
  return error;
}

describe('applyCreditMemo', () => {
  it('applies a posted 600.00 memo 400.00 to INV A (500.00) and 200.00 to INV B (300.00): balances 100.00 / 100.00, unapplied 0.00, both sides stored', async () => {
    const billing = seeded();
    const settled = await applyBoth(billing);
    expect(creditMemoUnappliedAmount(settled.creditMemo).toFixed(2)).toBe('0.00');
    expect(settled.invoices.map((i) => [i.number, invoiceBalance(i).toFixed(2), i.version])).toEqual([
      ['INV00000101', '100.00', 2],
      ['INV00000102', '100.00', 2],
    ]);
    expect(settled.creditMemo.version).toBe(2);
    // Both sides, as committed: the same applications, stamped with the clock's instant.
    expect(memoApplications(billing, 'CM00000101')).toEqual([
      ['INV00000101', '400.00'],
      ['INV00000102', '200.00'],
    ]);
    expect(applied(billing, 'INV00000101')).toEqual([['CM00000101', '400.00']]);
    expect(applied(billing, 'INV00000102')).toEqual([['CM00000101', '200.00']]);
    expect(billing.store.probe.creditMemo('CM00000101')?.applications[0]?.appliedAt).toBe(NOW);
    expect(balanceOf(billing, 'INV00000101')).toBe('100.00');
    expect(unappliedOf(billing, 'CM00000101')).toBe('0.00');
    expect(Object.isFrozen(settled.creditMemo.applications)).toBe(true);
  });

  it('applies part of a memo and keeps the rest: 250.00 of 600.00 leaves 350.00 unapplied', async () => {
    const billing = seeded();
    const settled = expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [{ invoiceNumber: 'INV00000101', amount: '250.00' }],
      }),
    );
    expect(creditMemoUnappliedAmount(settled.creditMemo).toFixed(2)).toBe('350.00');
    expect(invoiceBalance(settled.invoices[0] as Invoice).toFixed(2)).toBe('250.00');
  });

  it('refuses over-application of the memo with the figures: 500.00 + 150.00 = 650.00 > 600.00 unapplied', async () => {
    const billing = seeded();
    const error = await refused(billing, () =>
      applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [
          { invoiceNumber: 'INV00000101', amount: '500.00' },
          { invoiceNumber: 'INV00000102', amount: '150.00' },
        ],
      }),
    );
    expect(error).toEqual({
      type: 'CreditMemoOverApplied',
      message:
        'Credit memo CM00000101 has 600.00 USD unapplied (amount 600.00, applied 0.00), but the request applies 650.00 (applications[0] 500.00 + applications[1] 150.00); apply at most 600.00 in all.',
      creditMemoNumber: 'CM00000101',
      unappliedAmount: '600.00',
      requestedAmount: '650.00',
    });
  });

  it('refuses any more application of a fully applied memo', async () => {
    const billing = seeded();
    await applyBoth(billing);
    const error = await refused(billing, () =>
      applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [{ invoiceNumber: 'INV00000101', amount: '0.01' }],
      }),
    );
    expect(error).toMatchObject({
      type: 'CreditMemoOverApplied',
      unappliedAmount: '0.00',
      requestedAmount: '0.01',
    });
    expect((error as { message: string }).message).toContain('it is fully applied: unapply it');
  });

  it('refuses more than an invoice balance: 350.00 on INV B (300.00)', async () => {
    const billing = seeded();
    const error = await refused(billing, () =>
      applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [{ invoiceNumber: 'INV00000102', amount: '350.00' }],
      }),
    );
    expect(error).toEqual({
      type: 'InvoiceOverCredited',
      message:
        'Invoice INV00000102 has a balance of 300.00 USD (amount 300.00, credits applied 0.00), but 350.00 of credit memo CM00000101 would be applied to it; apply at most 300.00.',
      invoiceNumber: 'INV00000102',
      creditMemoNumber: 'CM00000101',
      balance: '300.00',
      requestedAmount: '350.00',
    });
  });

  it('refuses an invoice of another account, another currency, or not Posted, and a memo that is not Posted', async () => {
    const billing = seeded();
    const one =
      (invoiceNumber: string, creditMemoNumber = 'CM00000101') =>
      () =>
        applyCreditMemo(billing.context, {
          creditMemoNumber,
          applications: [{ invoiceNumber, amount: '10.00' }],
        });
    expect(await refused(billing, one('INV00000104'))).toEqual({
      type: 'CreditApplicationAccountMismatch',
      message:
        "Invoice INV00000104 belongs to account A-002, but credit memo CM00000101 to account A-001; a credit memo is applied to its own account's invoices only.",
      creditMemoNumber: 'CM00000101',
      invoiceNumber: 'INV00000104',
      accountNumber: 'A-002',
      expectedAccountNumber: 'A-001',
    });
    expect(await refused(billing, one('INV00000105'))).toMatchObject({
      type: 'CreditApplicationCurrencyMismatch',
      currency: 'EUR',
      expectedCurrency: 'USD',
    });
    expect(await refused(billing, one('INV00000103'))).toMatchObject({
      type: 'InvalidInvoiceStatus',
      invoiceNumber: 'INV00000103',
      status: 'Draft',
      expectedStatus: 'Posted',
      message:
        'Invoice INV00000103 is Draft; credit memos are applied to Posted invoices only: post it first (postInvoice).',
    });
    expect(await refused(billing, one('INV00000101', 'CM00000102'))).toEqual({
      type: 'InvalidCreditMemoStatus',
      message:
        'Credit memo CM00000102 is Draft; only a Posted credit memo can be applied to invoices: post it first (postCreditMemo).',
      creditMemoNumber: 'CM00000102',
      status: 'Draft',
      expectedStatus: 'Posted',
    });
    expect(await refused(billing, one('INV-missing'))).toMatchObject({ type: 'InvoiceNotFound' });
    expect(await refused(billing, one('INV00000101', 'CM-missing'))).toMatchObject({
      type: 'CreditMemoNotFound',
    });
  });

  it('reads the memo and the invoices by number or by id (§2.1, "scheduleKey")', async () => {
    const billing = seeded();
    const settled = expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'cm-CM00000101',
        applications: [{ invoiceNumber: 'inv-INV00000102', amount: '200.00' }],
      }),
    );
    expect(settled.creditMemo.applications.map((a) => [a.creditMemoNumber, a.invoiceNumber])).toEqual([
      ['CM00000101', 'INV00000102'],
    ]);
  });

  it('accepts an amount as a Decimal or an exact number; a whole-yen amount for JPY', async () => {
    const billing = seeded();
    expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [
          { invoiceNumber: 'INV00000101', amount: new Dec('0.10') },
          { invoiceNumber: 'INV00000102', amount: 0.2 },
        ],
      }),
    );
    expect(unappliedOf(billing, 'CM00000101')).toBe('599.70');
  });

  it.each(
    (
      [
        ['no object', undefined, 'InvalidInput', ''],
        ['no memo', { applications: [] }, 'InvalidInput', 'creditMemoNumber'],
        ['applications missing', { creditMemoNumber: 'CM00000101' }, 'InvalidInput', 'applications'],
        [
          'applications empty',
          { creditMemoNumber: 'CM00000101', applications: [] },
          'InvalidInput',
          'applications',
        ],
        [
          '101 applications',
          {
            creditMemoNumber: 'CM00000101',
            applications: Array.from({ length: 101 }, () => ({
              invoiceNumber: 'INV00000101',
              amount: '0.01',
            })),
          },
          'InvalidInput',
          'applications',
        ],
        [
          'an application not an object',
          { creditMemoNumber: 'CM00000101', applications: [7] },
          'InvalidInput',
          'applications[0]',
        ],
        [
          'no invoice number',
          { creditMemoNumber: 'CM00000101', applications: [{ amount: '1.00' }] },
          'InvalidInput',
          'applications[0].invoiceNumber',
        ],
        [
          'an unknown field',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: '1.00', note: 'x' }],
          },
          'InvalidInput',
          'applications[0].note',
        ],
        [
          'a misspelt request field',
          { creditMemoNumber: 'CM00000101', application: [] },
          'InvalidInput',
          'application',
        ],
        [
          'an amount of the wrong type',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: { value: 1 } }],
          },
          'InvalidInput',
          'applications[0].amount',
        ],
        [
          'a zero amount',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: '0.00' }],
          },
          'InvalidInput',
          'applications[0].amount',
        ],
        [
          'a negative amount',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: '-5.00' }],
          },
          'InvalidInput',
          'applications[0].amount',
        ],
        [
          'three decimals in USD',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: '10.005' }],
          },
          'AmountTooPrecise',
          undefined,
        ],
        [
          'not a number',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: '1,000.00' }],
          },
          'InvalidAmount',
          undefined,
        ],
        [
          'the same invoice twice',
          {
            creditMemoNumber: 'CM00000101',
            applications: [
              { invoiceNumber: 'INV00000101', amount: '1.00' },
              { invoiceNumber: 'inv-INV00000101', amount: '2.00' },
            ],
          },
          'InvalidInput',
          'applications[1].invoiceNumber',
        ],
        [
          'an idempotency key that is not a string',
          {
            creditMemoNumber: 'CM00000101',
            applications: [{ invoiceNumber: 'INV00000101', amount: '1.00' }],
            idempotencyKey: 5,
          },
          'InvalidInput',
          'idempotencyKey',
        ],
      ] as const
    ).map(([what, input, type, path]) => [what, type, input, path] as const),
  )('refuses %s with %s, throwing nothing and writing nothing', async (_what, type, input, path) => {
    const billing = seeded();
    const error = await refused(billing, () => applyCreditMemo(billing.context, input as never));
    expect(error).toMatchObject({ type });
    if (path !== undefined) expect(error).toMatchObject({ path });
    if (type === 'AmountTooPrecise' || type === 'InvalidAmount') {
      expect(error).toMatchObject({ field: 'applications[0].amount' });
    }
  });

  it('a retry answers with the first result (decision 14), even after an unapply changed the memo and the invoice since; it writes nothing', async () => {
    const billing = seeded();
    const request = {
      creditMemoNumber: 'CM00000101',
      applications: [{ invoiceNumber: 'INV00000101', amount: '100.00' }],
      idempotencyKey: 'apply-first',
    };
    const first = expectOk(await applyCreditMemo(billing.context, request));
    expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        invoiceNumber: 'INV00000101',
      }),
    );
    const before = billing.store.probe.snapshot();
    const again = expectOk(await applyCreditMemo(billing.context, request));
    // The first result: 500.00 unapplied (it answered with the memo as it was at the retry, 600.00 unapplied).
    expect(creditMemoUnappliedAmount(again.creditMemo).toFixed(2)).toBe('500.00');
    expect(invoiceBalance(again.invoices[0] as Invoice).toFixed(2)).toBe(
      invoiceBalance(first.invoices[0] as Invoice).toFixed(2),
    );
    expect(toCreditMemoRecord(again.creditMemo)).toEqual(toCreditMemoRecord(first.creditMemo));
    expect(again.invoices.map(toInvoiceRecord)).toEqual(first.invoices.map(toInvoiceRecord));
    // As JSON too, field for field in the same order: the seeded memo and invoice have no audit fields (saved
    // before 0.2.0), and the update's stamp went after `version` in the answer, before it in the replay.
    expect(billing.store.probe.creditMemo('CM00000101')?.createdAt).toBeUndefined();
    expect(JSON.stringify([again.creditMemo, again.invoices])).toBe(
      JSON.stringify([first.creditMemo, first.invoices]),
    );
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(unappliedOf(billing, 'CM00000101')).toBe('600.00');
  });

  it('a key recorded before 0.2.0 (the memo number only) answers with the memo and invoices as they are now', async () => {
    const billing = seeded();
    const request = {
      creditMemoNumber: 'CM00000101',
      applications: [{ invoiceNumber: 'INV00000101', amount: '100.00' }],
      idempotencyKey: 'apply-old',
    };
    expectOk(await applyCreditMemo(billing.context, request));
    // The key's record as an earlier version wrote it: the memo's number as its result.
    // (This store holds no other key: the delete, by age, takes this one only.)
    const recorded = expectOk(
      await billing.store.transaction(async (repos) => {
        const record = await repos.idempotency.get('applyCreditMemo:apply-old');
        if (record === null || repos.idempotency.deleteCreatedBefore === undefined)
          throw new Error('the key was not recorded, or the store cannot delete it');
        await repos.idempotency.deleteCreatedBefore('9999-12-31T00:00:00.000Z', 1000);
        await repos.idempotency.insert({ ...record, result: 'CM00000101' });
        return ok(record.result);
      }),
    );
    expect(recorded.startsWith('{')).toBe(true);
    expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        invoiceNumber: 'INV00000101',
      }),
    );
    const again = expectOk(await applyCreditMemo(billing.context, request));
    expect(creditMemoUnappliedAmount(again.creditMemo).toFixed(2)).toBe('600.00');
    expect(again.invoices.map((i) => i.number)).toEqual(['INV00000101']);
  });

  it('is idempotent with a key: a retry applies nothing more; the key with another request is refused', async () => {
    const billing = seeded();
    const request = {
      creditMemoNumber: 'CM00000101',
      applications: [{ invoiceNumber: 'INV00000101', amount: '100.00' }],
      idempotencyKey: 'apply-1',
    };
    expectOk(await applyCreditMemo(billing.context, request));
    const again = expectOk(await applyCreditMemo(billing.context, request));
    expect(creditMemoUnappliedAmount(again.creditMemo).toFixed(2)).toBe('500.00');
    expect(again.invoices.map((i) => i.number)).toEqual(['INV00000101']);
    expect(applied(billing, 'INV00000101')).toEqual([['CM00000101', '100.00']]);
    const other = await refused(billing, () =>
      applyCreditMemo(billing.context, {
        ...request,
        applications: [{ invoiceNumber: 'INV00000101', amount: '99.00' }],
      }),
    );
    expect(other).toMatchObject({
      type: 'IdempotencyKeyReused',
      key: 'apply-1',
      operation: 'applyCreditMemo',
    });
  });

  it('claims the account: of two concurrent applications of 400.00 and 250.00 on a 600.00 memo, one is refused as over-applied', async () => {
    const billing = seeded({ isolation: 'read-committed' });
    const apply = (invoiceNumber: string, amount: string) =>
      applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [{ invoiceNumber, amount }],
      });
    const outcomes = await Promise.all([apply('INV00000101', '400.00'), apply('INV00000102', '250.00')]);
    // The second waits for the first's claim, then reads what it committed (not a VersionConflict).
    expect(outcomes.map((r) => (r.isOk() ? 'Ok' : r.error.type)).sort()).toEqual([
      'CreditMemoOverApplied',
      'Ok',
    ]);
    const left = unappliedOf(billing, 'CM00000101');
    expect(['200.00', '350.00']).toContain(left);
  });
});

describe('a reversal beside an application of a credit memo to its invoice', () => {
  it('the application commits while the reversal waits for its claims: the reversal is refused (InvoiceHasAppliedCredits), not decided on the invoice it read before', async () => {
    // The reversal read INV A (nothing applied), then waited for its first claim while CM00000101 was
    // applied 400.00 to it; it checked the copy it had read, and reversed INV A with the application in place.
    let paused = false;
    let reached: () => void = () => undefined;
    const atClaim = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const billing = seeded({
      isolation: 'read-committed',
      interleave: async (label) => {
        if (label !== 'accounts.claim' || paused) return;
        paused = true;
        reached();
        await gate;
      },
    });
    const reversal = reverseInvoice(billing.context, { invoiceNumber: 'INV00000101' });
    await atClaim;
    expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        applications: [{ invoiceNumber: 'INV00000101', amount: '400.00' }],
      }),
    );
    release();
    expect(expectErr(await reversal).type).toBe('InvoiceHasAppliedCredits');
    expect(billing.store.probe.invoice('INV00000101')?.status).toBe('Posted');
    expect(applied(billing, 'INV00000101')).toEqual([['CM00000101', '400.00']]);
  });
});

describe('unapplyCreditMemo', () => {
  it('unapplies part, then the rest: INV A 100.00 → 250.00 → 500.00, the memo 0.00 → 150.00 → 400.00 unapplied', async () => {
    const billing = seeded();
    await applyBoth(billing);
    const part = expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        invoiceNumber: 'INV00000101',
        amount: '150.00',
      }),
    );
    expect(invoiceBalance(part.invoices[0] as Invoice).toFixed(2)).toBe('250.00');
    expect(creditMemoUnappliedAmount(part.creditMemo).toFixed(2)).toBe('150.00');
    expect(memoApplications(billing, 'CM00000101')).toEqual([
      ['INV00000101', '250.00'],
      ['INV00000102', '200.00'],
    ]);
    expect(applied(billing, 'INV00000101')).toEqual([['CM00000101', '250.00']]);
    const rest = expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        invoiceNumber: 'INV00000101',
      }),
    );
    expect(invoiceBalance(rest.invoices[0] as Invoice).toFixed(2)).toBe('500.00');
    expect(creditMemoUnappliedAmount(rest.creditMemo).toFixed(2)).toBe('400.00');
    expect(applied(billing, 'INV00000101')).toEqual([]);
    expect(memoApplications(billing, 'CM00000101')).toEqual([['INV00000102', '200.00']]);
    // Nothing left to unapply from INV A; INV B has 200.00, not 300.00.
    expect(
      await refused(billing, () =>
        unapplyCreditMemo(billing.context, { creditMemoNumber: 'CM00000101', invoiceNumber: 'INV00000101' }),
      ),
    ).toEqual({
      type: 'CreditApplicationNotFound',
      message:
        'Credit memo CM00000101 is not applied to invoice INV00000101; there is nothing to unapply. Its applications are on INV00000102.',
      creditMemoNumber: 'CM00000101',
      invoiceNumber: 'INV00000101',
    });
    expect(
      await refused(billing, () =>
        unapplyCreditMemo(billing.context, {
          creditMemoNumber: 'CM00000101',
          invoiceNumber: 'INV00000102',
          amount: '300.00',
        }),
      ),
    ).toEqual({
      type: 'CreditUnapplyExceedsApplied',
      message:
        'Credit memo CM00000101 has 200.00 applied to invoice INV00000102, less than the 300.00 to unapply; unapply at most 200.00 (or leave out `amount` to unapply it all).',
      creditMemoNumber: 'CM00000101',
      invoiceNumber: 'INV00000102',
      appliedAmount: '200.00',
      requestedAmount: '300.00',
    });
  });

  it('takes from the latest application first: 100.00 then 100.00 applied, 150.00 unapplied leaves the first with 50.00', async () => {
    const billing = seeded();
    const first = seededClockAt(billing, '2023-11-20T09:00:00.000Z');
    const second = seededClockAt(billing, '2023-11-21T09:00:00.000Z');
    const apply100 = (c: BillingContext) =>
      applyCreditMemo(c, {
        creditMemoNumber: 'CM00000101',
        applications: [{ invoiceNumber: 'INV00000101', amount: '100.00' }],
      });
    expectOk(await apply100(first));
    expectOk(await apply100(second));
    expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000101',
        invoiceNumber: 'INV00000101',
        amount: '150.00',
      }),
    );
    const left = billing.store.probe.invoice('INV00000101')?.creditApplications;
    expect(left?.map((a) => [a.amount, a.appliedAt])).toEqual([['50.00', '2023-11-20T09:00:00.000Z']]);
    expect(billing.store.probe.creditMemo('CM00000101')?.applications).toEqual(left);
  });

  it('refuses bad input and a memo that is not Posted, writing nothing', async () => {
    const billing = seeded();
    await applyBoth(billing);
    for (const [input, type] of [
      [{ creditMemoNumber: 'CM00000101' }, 'InvalidInput'],
      [{ creditMemoNumber: 'CM00000101', invoiceNumber: 'INV00000101', amount: '0' }, 'InvalidInput'],
      [{ creditMemoNumber: 'CM00000101', invoiceNumber: 'INV00000101', amount: [] }, 'InvalidInput'],
      [{ creditMemoNumber: 'CM00000101', invoiceNumber: 'INV00000101', amount: '1.001' }, 'AmountTooPrecise'],
      [{ creditMemoNumber: 'CM00000101', invoiceNumber: 'INV00000101', extra: 1 }, 'InvalidInput'],
      [{ creditMemoNumber: 'CM00000102', invoiceNumber: 'INV00000101' }, 'InvalidCreditMemoStatus'],
    ] as const) {
      const error = await refused(billing, () => unapplyCreditMemo(billing.context, input as never));
      expect(error).toMatchObject({ type });
    }
  });

  it('is idempotent with a key: a retry unapplies nothing more', async () => {
    const billing = seeded();
    await applyBoth(billing);
    const request = {
      creditMemoNumber: 'CM00000101',
      invoiceNumber: 'INV00000101',
      amount: '100.00',
      idempotencyKey: 'unapply-1',
    };
    expectOk(await unapplyCreditMemo(billing.context, request));
    const again = expectOk(await unapplyCreditMemo(billing.context, request));
    expect(invoiceBalance(again.invoices[0] as Invoice).toFixed(2)).toBe('200.00');
    expect(unappliedOf(billing, 'CM00000101')).toBe('100.00');
  });
});

function seededClockAt(billing: TestBilling, iso: string): BillingContext {
  return { ...billing.context, clock: fixedClock(iso) };
}

describe('cancelCreditMemo', () => {
  it('cancels a Draft memo (again: unchanged); a Canceled memo is neither posted nor applied', async () => {
    const billing = seeded();
    const canceled = expectOk(await cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000102' }));
    expect([canceled.status, canceled.version]).toEqual(['Canceled', 2]);
    expect(billing.store.probe.creditMemo('CM00000102')?.status).toBe('Canceled');
    // Nothing is left to apply of a Canceled memo (it read 50.00 unapplied; a host summing open credit counted it).
    expect(creditMemoUnappliedAmount(canceled).toFixed(2)).toBe('0.00');
    expect(unappliedOf(billing, 'CM00000102')).toBe('0.00');
    const again = expectOk(await cancelCreditMemo(billing.context, { creditMemoNumber: 'cm-CM00000102' }));
    expect([again.status, again.version]).toEqual(['Canceled', 2]);
    expect(
      await refused(billing, () => postCreditMemo(billing.context, { creditMemoNumber: 'CM00000102' })),
    ).toEqual({
      type: 'InvalidCreditMemoStatus',
      message:
        'Credit memo CM00000102 is Canceled; a Canceled credit memo cannot be posted; credit the account with a new memo instead.',
      creditMemoNumber: 'CM00000102',
      status: 'Canceled',
      expectedStatus: 'Draft',
    });
    expect(
      await refused(billing, () =>
        applyCreditMemo(billing.context, {
          creditMemoNumber: 'CM00000102',
          applications: [{ invoiceNumber: 'INV00000101', amount: '1.00' }],
        }),
      ),
    ).toMatchObject({ type: 'InvalidCreditMemoStatus', status: 'Canceled', expectedStatus: 'Posted' });
  });

  it('refuses a Posted memo and a Draft memo produced by an invoice schedule', async () => {
    const billing = seeded();
    await applyBoth(billing);
    expect(
      await refused(billing, () => cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000101' })),
    ).toEqual({
      type: 'InvalidCreditMemoStatus',
      message:
        'Credit memo CM00000101 is Posted; only a Draft credit memo can be canceled; a Posted memo stays, unapply it from invoices (unapplyCreditMemo) if it was applied.',
      creditMemoNumber: 'CM00000101',
      status: 'Posted',
      expectedStatus: 'Draft',
    });
    expect(
      await refused(billing, () => cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000103' })),
    ).toEqual({
      type: 'CreditMemoLinkedToSchedule',
      message:
        'Credit memo CM00000103 was produced by invoice schedule IS-00000001, whose billed amounts count its credit; it cannot be canceled. Post it (postCreditMemo) and apply it, or leave it as a Draft.',
      creditMemoNumber: 'CM00000103',
      invoiceScheduleNumbers: ['IS-00000001'],
    });
    expect(await refused(billing, () => cancelCreditMemo(billing.context, {} as never))).toMatchObject({
      type: 'InvalidInput',
      path: 'creditMemoNumber',
    });
    expect(
      await refused(billing, () =>
        cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000102', idempotencyKey: 'k' } as never),
      ),
    ).toMatchObject({ type: 'InvalidInput', path: 'idempotencyKey' });
  });

  it('a Canceled memo no longer blocks reversing the invoice whose line it credited', async () => {
    const line = {
      ...goodwillLine('cm-x-1', '50.00'),
      creditedInvoiceNumber: 'INV00000101',
      creditedInvoiceLineId: 'inv-INV00000101-1',
    };
    const billing = seededBilling(
      {
        invoices: [invoice('INV00000101', '500.00')],
        creditMemos: [memo('CM00000201', '50.00', { status: 'Draft', lines: [line] })],
      },
      NOW,
    );
    expect(
      await refused(billing, () => reverseInvoice(billing.context, { invoiceNumber: 'INV00000101' })),
    ).toMatchObject({
      type: 'InvoiceHasCredits',
      creditMemoNumbers: ['CM00000201'],
      // The memo is a Draft of standard billing: the message says what lifts the refusal.
      message: expect.stringContaining(
        'Cancel that Draft credit memo first (cancelCreditMemo), then cancel or reverse this invoice again.',
      ),
    });
    expectOk(await cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000201' }));
    expect(expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000101' })).status).toBe(
      'Reversed',
    );
  });

  it('standard billing credits again what a canceled memo credited: removal of a 1,200.00/yr charge as of 2023-07-01 → 600.00, twice', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])], {
      now: NOW,
    });
    const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(first.invoiceNumbers).toEqual(['INV00000001']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-06-01',
      actions: removeProducts(['S1'], '2023-07-01'),
    });
    const credit = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect(credit.creditMemoNumbers).toEqual(['CM00000001']);
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('600.00');
    // Nothing more is due while the memo stands.
    expect(
      expectOk(await runBillRun(billing.context, { targetDate: '2023-07-02' })).creditMemoNumbers,
    ).toEqual([]);
    expectOk(await cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-03' }));
    expect(again.creditMemoNumbers).toEqual(['CM00000002']);
    expect(billing.store.probe.creditMemo('CM00000002')?.amount).toBe('600.00');
  });
});

describe('reversing or canceling an invoice with credits applied', () => {
  it('C01 INV00000001 (50,000.00) with 400.00 of a goodwill memo applied: reverse refused, then allowed after unapply', async () => {
    const { billing } = await givenC01Schedule({ now: NOW });
    await billAndPost(billing, ['2023-02-04']);
    const goodwill = memo('CM00000090', '600.00');
    await billing.store.transaction(async (r) => r.creditMemos.save(goodwill));
    const settled = expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000090',
        applications: [{ invoiceNumber: 'INV00000001', amount: '400.00' }],
      }),
    );
    expect(invoiceBalance(settled.invoices[0] as Invoice).toFixed(2)).toBe('49600.00');
    expect(
      await refused(billing, () => reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' })),
    ).toEqual({
      type: 'InvoiceHasAppliedCredits',
      message:
        'Invoice INV00000001 has 400.00 of credit applied (CM00000090); unapply it first (unapplyCreditMemo for each memo), then cancel or reverse the invoice.',
      invoiceNumber: 'INV00000001',
      creditMemoNumbers: ['CM00000090'],
      appliedAmount: '400.00',
    });
    expectOk(
      await unapplyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000090',
        invoiceNumber: 'INV00000001',
      }),
    );
    expect(unappliedOf(billing, 'CM00000090')).toBe('600.00');
    expect(expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' })).status).toBe(
      'Reversed',
    );
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.items[0]?.status]).toEqual(['Pending', 'Pending']);
  });

  it('C10: the schedule-generated 11,700.00 memo is not applied by itself; posted, it is applied 6,200.00 to INV00000003 and 5,500.00 to INV00000002 (balances 0.00 / 8,500.00)', async () => {
    const { billing } = await givenC01Schedule({ now: NOW });
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    expect(
      expectOk(await runBillRun(billing.context, { targetDate: '2023-11-01' })).creditMemoNumbers,
    ).toEqual(['CM00000001']);
    // A schedule memo is not applied automatically: its lines name the invoice lines it was computed from.
    expect(unappliedOf(billing, 'CM00000001')).toBe('11700.00');
    expect(balanceOf(billing, 'INV00000003')).toBe('6200.00');
    // A Draft schedule memo can be neither applied nor canceled.
    const apply = () =>
      applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000001',
        applications: [
          { invoiceNumber: 'INV00000003', amount: '6200.00' },
          { invoiceNumber: 'INV00000002', amount: '5500.00' },
        ],
      });
    expect(await refused(billing, apply)).toMatchObject({ type: 'InvalidCreditMemoStatus', status: 'Draft' });
    expect(
      await refused(billing, () => cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' })),
    ).toMatchObject({
      type: 'CreditMemoLinkedToSchedule',
      invoiceScheduleNumbers: ['IS-00000001'],
    });
    expectOk(await postCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    const settled = expectOk(await apply());
    expect(creditMemoUnappliedAmount(settled.creditMemo).toFixed(2)).toBe('0.00');
    expect(settled.invoices.map((i) => [i.number, invoiceBalance(i).toFixed(2)])).toEqual([
      ['INV00000003', '0.00'],
      ['INV00000002', '8500.00'],
    ]);
    // INV00000003's lines are credited by the memo: reversing it stays refused for good (InvoiceHasCredits,
    // its meaning unchanged), not "unapply first".
    expect(
      await refused(billing, () => reverseInvoice(billing.context, { invoiceNumber: 'INV00000003' })),
    ).toMatchObject({
      type: 'InvoiceHasCredits',
      creditMemoNumbers: ['CM00000001'],
      // A Posted memo of the schedule: no cancel is offered.
      message: expect.stringContaining(
        'Those memos cannot be canceled (Posted, or produced by an invoice schedule)',
      ),
    });
    // The schedule is untouched by the settlement.
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.billedAmount.toFixed(2)]).toEqual(['FullyProcessed', '58500.00']);
  });

  it('cancelInvoice of a Draft is unaffected (a Draft carries no credits)', async () => {
    const { billing } = await givenC01Schedule({ now: NOW });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000001' })).status).toBe(
      'Canceled',
    );
  });
});

describe('the pure rules', () => {
  it('never change their inputs', () => {
    const memoBefore = memo('CM00000101', '600.00');
    const invoiceBefore = invoice('INV00000101', '500.00');
    const [m, i] = [toCreditMemoRecord(memoBefore), toInvoiceRecord(invoiceBefore)];
    const settled = applyCredit(
      memoBefore,
      [{ invoice: invoiceBefore, amount: '400.00' }],
      NOW,
    )._unsafeUnwrap();
    unapplyCredit(settled.creditMemo, settled.invoices[0] as Invoice, '100.00')._unsafeUnwrap();
    expect([toCreditMemoRecord(memoBefore), toInvoiceRecord(invoiceBefore)]).toEqual([m, i]);
    expect(settled.creditMemo.applications).toHaveLength(1);
  });

  it('amounts follow the currency: 0 decimals for JPY, 3 for KWD', () => {
    const yen = memo('CM00000301', '1000', { currency: 'JPY' });
    const yenInvoice = invoice('INV00000301', '800', { currency: 'JPY' });
    expect(applyCredit(yen, [{ invoice: yenInvoice, amount: '1.5' }], NOW)._unsafeUnwrapErr()).toMatchObject({
      type: 'AmountTooPrecise',
      minorUnits: 0,
    });
    const over = applyCredit(yen, [{ invoice: yenInvoice, amount: '801' }], NOW)._unsafeUnwrapErr();
    expect(over).toMatchObject({ type: 'InvoiceOverCredited', balance: '800', requestedAmount: '801' });
    const dinar = memo('CM00000302', '1.000', { currency: 'KWD' });
    const dinarInvoice = invoice('INV00000302', '0.750', { currency: 'KWD' });
    const settled = applyCredit(dinar, [{ invoice: dinarInvoice, amount: '0.125' }], NOW)._unsafeUnwrap();
    expect(creditMemoUnappliedAmount(settled.creditMemo).toFixed(3)).toBe('0.875');
    expect(invoiceBalance(settled.invoices[0] as Invoice).toFixed(3)).toBe('0.625');
  });
});

describe('records', () => {
  it('an invoice and a memo written before 0.2.0 (no applications) read back with none', () => {
    const { creditApplications: _, ...oldInvoice } = toInvoiceRecord(invoice('INV00000101', '500.00'));
    const { applications: __, ...oldMemo } = toCreditMemoRecord(memo('CM00000101', '600.00'));
    const i = fromInvoiceRecord(oldInvoice)._unsafeUnwrap();
    const m = fromCreditMemoRecord(oldMemo)._unsafeUnwrap();
    expect([i.creditApplications, m.applications]).toEqual([[], []]);
    expect([invoiceBalance(i).toFixed(2), creditMemoUnappliedAmount(m).toFixed(2)]).toEqual([
      '500.00',
      '600.00',
    ]);
  });

  it('applications and the Canceled status round-trip through JSON; a bad application is named by path', () => {
    const settled = applyCredit(
      memo('CM00000101', '600.00'),
      [{ invoice: invoice('INV00000101', '500.00'), amount: '400.00' }],
      NOW,
    )._unsafeUnwrap();
    const memoRecord = JSON.parse(JSON.stringify(toCreditMemoRecord(settled.creditMemo)));
    expect(memoRecord.applications).toEqual([
      { invoiceNumber: 'INV00000101', creditMemoNumber: 'CM00000101', amount: '400.00', appliedAt: NOW },
    ]);
    expect(toCreditMemoRecord(fromCreditMemoRecord(memoRecord)._unsafeUnwrap())).toEqual(memoRecord);
    const invoiceRecord = JSON.parse(JSON.stringify(toInvoiceRecord(settled.invoices[0] as Invoice)));
    expect(toInvoiceRecord(fromInvoiceRecord(invoiceRecord)._unsafeUnwrap())).toEqual(invoiceRecord);
    const canceled = toCreditMemoRecord(memo('CM00000102', '50.00', { status: 'Canceled' }));
    expect(fromCreditMemoRecord(canceled)._unsafeUnwrap().status).toBe('Canceled');
    const bad = { ...memoRecord, applications: [{ ...memoRecord.applications[0], appliedAt: 'yesterday' }] };
    expect(fromCreditMemoRecord(bad)._unsafeUnwrapErr()).toMatchObject({
      type: 'InvalidRecord',
      path: 'applications[0].appliedAt',
    });
  });
});

describe('requests built by a class', () => {
  it("are read by their own fields, as every other operation's are: apply, unapply and cancel take them", async () => {
    const billing = seeded();
    class ApplyRequest {
      creditMemoNumber = 'CM00000101';
      applications = [{ invoiceNumber: 'INV00000101', amount: '100.00' }];
    }
    class UnapplyRequest {
      creditMemoNumber = 'CM00000101';
      invoiceNumber = 'INV00000101';
      amount = '40.00';
    }
    class CancelRequest {
      creditMemoNumber = 'CM00000102';
    }
    expectOk(await applyCreditMemo(billing.context, new ApplyRequest()));
    expectOk(await unapplyCreditMemo(billing.context, new UnapplyRequest()));
    expect(balanceOf(billing, 'INV00000101')).toBe('440.00');
    expect(expectOk(await cancelCreditMemo(billing.context, new CancelRequest())).status).toBe('Canceled');
    // An array is still not a request.
    expect(await refused(billing, () => cancelCreditMemo(billing.context, [] as never))).toMatchObject({
      type: 'InvalidInput',
    });
  });
});

describe('the context', () => {
  it.each<[string, (c: BillingContext) => Promise<{ readonly isErr: () => boolean }>]>([
    [
      'applyCreditMemo',
      async (c: BillingContext) =>
        applyCreditMemo(c, {
          creditMemoNumber: 'CM00000101',
          applications: [{ invoiceNumber: 'INV00000101', amount: '1.00' }],
        }),
    ],
    [
      'unapplyCreditMemo',
      async (c: BillingContext) =>
        unapplyCreditMemo(c, { creditMemoNumber: 'CM00000101', invoiceNumber: 'INV00000101' }),
    ],
    [
      'cancelCreditMemo',
      async (c: BillingContext) => cancelCreditMemo(c, { creditMemoNumber: 'CM00000102' }),
    ],
  ])('%s: an incomplete context is InvalidContext, nothing thrown or written', async (_name, run) => {
    const billing = seeded();
    const error = await refused(
      billing,
      () =>
        run({ ...billing.context, clock: undefined } as unknown as BillingContext) as Promise<
          Result<unknown, SettlementOperationError>
        >,
    );
    expect(error).toMatchObject({ type: 'InvalidContext', missing: 'clock' });
  });
});
