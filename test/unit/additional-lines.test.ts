import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  ADDITIONAL_LINE_LIMITS,
  type InvoiceProposal,
  withAdditionalLines,
} from '../../src/domain/documents/additional-lines';
import type { Invoice } from '../../src/domain/documents/invoice';
import { netByCharge } from '../../src/domain/schedule/lines';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { previewBillRun, previewExecution } from '../../src/operations/preview';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import type { BillingContext, BillingHooks } from '../../src/ports';
import { fromInvoiceRecord, toInvoiceRecord } from '../../src/ports/records';
import { buildInvoice } from '../../src/testing/builders';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { billAndPost, givenAccountsDue, givenC01Removal, givenC01Schedule } from '../support/scenarios';

// The host's additionalInvoiceLines hook (Kill Bill's getAdditionalInvoiceItems): extra lines — a tax, a fee —
// added to each invoice the core decided, before numbering; checked; never part of the schedule's math.

/** A hook adding `rate` % of the invoice as a tax line (half-up to the cent), recording what it was given. */
function taxHook(rate: string, seen: InvoiceProposal[] = []): BillingHooks {
  return {
    additionalInvoiceLines: (invoice) => {
      seen.push(invoice);
      const amount = new Decimal(invoice.amount)
        .times(rate)
        .div(100)
        .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return [{ name: `Tax ${rate}%`, amount: amount.toFixed(2), customFields: { TaxCode__c: `T${rate}` } }];
    },
  };
}

function withHooks(billing: TestBilling, hooks: BillingHooks): BillingContext {
  return { ...billing.context, hooks };
}

/** An invoice's lines as [kind, charge, name, amount, start, end]. */
function lines(invoice: Invoice) {
  return invoice.lines.map((l) => [
    l.kind,
    l.chargeNumber,
    l.chargeName,
    l.amount.toFixed(2),
    l.serviceStartDate,
    l.serviceEndDate,
  ]);
}

const C01_INV001 = [
  ['Charge', 'C1', 'C1', '26282.05', '2023-01-01', '2023-09-17'],
  ['Charge', 'C2', 'C2', '15313.39', '2023-01-01', '2023-09-17'],
  ['Charge', 'C3', 'C3', '7834.76', '2023-01-01', '2023-09-17'],
  ['Charge', 'C4', 'C4', '569.80', '2023-01-01', '2023-09-17'],
];

describe('additionalInvoiceLines: lines added to real invoices', () => {
  it('core netByCharge of C01 INV001 with a 5 % tax: the four charges only, 50,000.00 in all (review 187)', async () => {
    const { billing } = await givenC01Schedule();
    const context = withHooks(billing, taxHook('5'));
    expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    const net = netByCharge(expectOk(await getInvoice(context, 'INV00000001')));
    // The tax line was counted as a charge under the key '/'.
    expect(Object.fromEntries([...net].map(([key, amount]) => [key, amount.toFixed(2)]))).toEqual({
      'S1/C1': '26282.05',
      'S2/C2': '15313.39',
      'S3/C3': '7834.76',
      'S4/C4': '569.80',
    });
  });

  it('C01 INV001 with a 5 % tax: 50,000.00 + 2,500.00 = 52,500.00; the schedule bills 50,000.00 as without the hook', async () => {
    const { billing } = await givenC01Schedule();
    const seen: InvoiceProposal[] = [];
    const context = withHooks(billing, taxHook('5', seen));
    const run = expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const invoice = expectOk(await getInvoice(context, 'INV00000001'));
    expect(invoice.amount.toFixed(2)).toBe('52500.00');
    expect(lines(invoice).map((l, i) => (i < 4 ? [l[0], l[1], l[3], l[4], l[5]] : l))).toEqual([
      ...C01_INV001.map(([kind, charge, , amount, start, end]) => [kind, charge, amount, start, end]),
      ['Additional', '', 'Tax 5%', '2500.00', '2023-02-04', '2023-02-04'],
    ]);
    const tax = invoice.lines[4];
    expect([
      tax?.id,
      tax?.subscriptionNumber,
      tax?.invoiceScheduleNumber,
      tax?.invoiceScheduleItemId,
    ]).toEqual([`${invoice.id}-5`, '', null, null]);
    expect(tax?.customFields).toEqual({ TaxCode__c: 'T5' });
    // The hook saw the decided invoice once, before numbering: no number, amounts as strings, the item's lines.
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      preview: false,
      accountNumber: 'A-001',
      currency: 'USD',
      invoiceDate: '2023-02-04',
      amount: '50000.00',
    });
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(seen[0]?.lines.map((l) => [l.kind, l.chargeNumber, l.amount, l.invoiceScheduleNumber])).toEqual([
      ['Charge', 'C1', '26282.05', 'IS-00000001'],
      ['Charge', 'C2', '15313.39', 'IS-00000001'],
      ['Charge', 'C3', '7834.76', 'IS-00000001'],
      ['Charge', 'C4', '569.80', 'IS-00000001'],
    ]);
    // The schedule's math counts the charge lines only.
    const schedule = expectOk(await getInvoiceSchedule(context, 'IS-00000001'));
    expect(amounts(schedule)).toMatchObject({ billedAmount: '50000.00', unbilledAmount: '20200.00' });
    expect(schedule.charges.map((c) => c.billedAmount.toFixed(2))).toEqual([
      '26282.05',
      '15313.39',
      '7834.76',
      '569.80',
    ]);
    expect(schedule.items[0]?.billedAmount.toFixed(2)).toBe('50000.00');
    // The stored record carries the new kind, and reads back as written.
    const record = billing.store.probe.invoice('INV00000001');
    expect(record?.amount).toBe('52500.00');
    expect(record?.lines[4]).toMatchObject({ kind: 'Additional', chargeNumber: '', amount: '2500.00' });
    expect(toInvoiceRecord(expectOk(fromInvoiceRecord(record)))).toEqual(record);
  });

  it('C01 with a 5 % tax on each item: 52,500.00 / 14,700.00 / 6,510.00, charge lines as C01 states, schedule FullyProcessed at 70,200.00', async () => {
    const { billing } = await givenC01Schedule();
    const context = withHooks(billing, taxHook('5'));
    const expected = [
      ['2023-02-04', '52500.00', '2500.00', ['26282.05', '15313.39', '7834.76', '569.80']],
      ['2023-05-01', '14700.00', '700.00', ['7358.98', '4287.75', '2193.73', '159.54']],
      ['2023-09-16', '6510.00', '310.00', ['3258.97', '1898.86', '971.51', '70.66']],
    ] as const;
    for (const [index, [date, total, tax, charges]] of expected.entries()) {
      const run = expectOk(await runBillRun(context, { targetDate: date }));
      const invoice = expectOk(await getInvoice(context, `INV0000000${index + 1}`));
      expect(run.invoiceNumbers).toEqual([invoice.number]);
      expect(invoice.amount.toFixed(2)).toBe(total);
      expect(invoice.lines.map((l) => l.amount.toFixed(2))).toEqual([...charges, tax]);
    }
    const schedule = expectOk(await getInvoiceSchedule(context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '70200.00',
      billedAmount: '70200.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(schedule.charges.map((c) => c.billedAmount.toFixed(2))).toEqual([
      '36900.00',
      '21500.00',
      '11000.00',
      '800.00',
    ]);
  });

  it('C10 after taxed invoices: the removal credits 11,700.00 of charge lines, exactly as without the hook', async () => {
    const { billing } = await givenC01Schedule();
    const context = withHooks(billing, taxHook('5'));
    await billAndPost({ ...billing, context }, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    const run = expectOk(await runBillRun(context, { targetDate: '2023-11-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('11700.00');
    expect(memo?.lines.every((l) => l.chargeNumber !== '')).toBe(true);
    expect(new Set(memo?.lines.map((l) => l.creditedInvoiceNumber))).toEqual(
      new Set(['INV00000003', 'INV00000002']),
    );
  });

  it('executeInvoiceSchedule and generateBillingDocuments call the hook too', async () => {
    const { billing } = await givenC01Schedule();
    const seen: InvoiceProposal[] = [];
    const context = withHooks(billing, taxHook('10', seen));
    const executed = expectOk(
      await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    const first = expectOk(await getInvoice(context, executed.invoiceNumbers[0] ?? ''));
    expect([first.amount.toFixed(2), first.lines.at(-1)?.amount.toFixed(2)]).toEqual(['55000.00', '5000.00']);
    const generated = expectOk(
      await generateBillingDocuments(context, { accountNumber: 'A-001', targetDate: '2023-05-01' }),
    );
    const second = expectOk(await getInvoice(context, generated.invoiceNumbers[0] ?? ''));
    expect([second.invoiceDate, second.amount.toFixed(2)]).toEqual(['2023-05-01', '15400.00']);
    expect(seen.map((s) => [s.invoiceDate, s.amount, s.preview])).toEqual([
      ['2023-02-04', '50000.00', false],
      ['2023-05-01', '14000.00', false],
    ]);
  });

  it('is called once per invoice of a bill run over several accounts, in account order', async () => {
    const billing = await givenAccountsDue(3);
    const seen: InvoiceProposal[] = [];
    const run = expectOk(
      await runBillRun(withHooks(billing, taxHook('5', seen)), { targetDate: '2023-02-04' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
    expect(seen.map((s) => [s.accountNumber, s.amount])).toEqual([
      ['A-001', '70200.00'],
      ['A-002', '70200.00'],
      ['A-003', '70200.00'],
    ]);
    expect(run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)?.amount)).toEqual([
      '73710.00',
      '73710.00',
      '73710.00',
    ]);
  });

  it('a rebate may bring the invoice to 0.00, not below; an empty list or no hook leaves the invoice as it is', async () => {
    const { billing } = await givenC01Schedule();
    const rebate = withHooks(billing, {
      additionalInvoiceLines: (invoice) => [{ name: 'Rebate', amount: `-${invoice.amount}` }],
    });
    const run = expectOk(await runBillRun(rebate, { targetDate: '2023-02-04' }));
    expect(billing.store.probe.invoice(run.invoiceNumbers[0] ?? '')?.amount).toBe('0.00');

    const plain = await givenC01Schedule();
    const none = await givenC01Schedule();
    expectOk(await runBillRun(plain.billing.context, { targetDate: '2023-02-04' }));
    expectOk(
      await runBillRun(withHooks(none.billing, { additionalInvoiceLines: () => [] }), {
        targetDate: '2023-02-04',
      }),
    );
    expect(none.billing.store.probe.snapshot()).toEqual(plain.billing.store.probe.snapshot());
  });
});

describe('additionalInvoiceLines in dry runs', () => {
  it('previewBillRun calls the hook with preview: true and shows the same lines; no number is drawn and the run then numbers INV00000001', async () => {
    const { billing } = await givenC01Schedule();
    const seen: InvoiceProposal[] = [];
    const context = withHooks(billing, taxHook('5', seen));
    const before = billing.store.probe.snapshot();
    const preview = expectOk(await previewBillRun(context, { targetDate: '2023-02-04' }));
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(billing.store.probe.sequence('Invoice')).toBe(0);
    const [previewed] = preview.invoices;
    expect([previewed?.number, previewed?.amount.toFixed(2)]).toEqual(['PREVIEW-INV-1', '52500.00']);
    expect(seen.map((s) => [s.preview, s.amount])).toEqual([[true, '50000.00']]);

    expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    const real = expectOk(await getInvoice(context, 'INV00000001'));
    expect(lines(real)).toEqual(lines(previewed as Invoice));
    expect(seen.map((s) => s.preview)).toEqual([true, false]);
  });

  it('previewExecution adds the lines too, and reports a refusal as the execution would', async () => {
    const { billing } = await givenC01Schedule();
    const before = billing.store.probe.snapshot();
    const preview = expectOk(
      await previewExecution(withHooks(billing, taxHook('5')), { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(preview.invoices.map((i) => [i.amount.toFixed(2), i.lines.at(-1)?.kind])).toEqual([
      ['52500.00', 'Additional'],
    ]);
    const refused = expectErr(
      await previewExecution(withHooks(billing, { additionalInvoiceLines: () => 'nothing' as never }), {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    expect(refused.type).toBe('InvalidAdditionalLines');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it('previewBillRun reports an account whose hook fails as its failure', async () => {
    const { billing } = await givenC01Schedule();
    const preview = expectOk(
      await previewBillRun(
        withHooks(billing, {
          additionalInvoiceLines: () => {
            throw new Error('tax service unavailable');
          },
        }),
        { targetDate: '2023-02-04' },
      ),
    );
    expect(preview.invoices).toEqual([]);
    expect(preview.accounts.map((a) => [a.accountNumber, a.failure?.errorType])).toEqual([
      ['A-001', 'AdditionalLinesHookFailed'],
    ]);
  });
});

describe('additionalInvoiceLines: what the hook returns is checked', () => {
  const refusals: readonly [string, unknown, string, string][] = [
    ['not an array', { name: 'Tax', amount: '1.00' }, '', 'an array of lines { name, amount }'],
    ['a line that is not an object', ['Tax 1.00'], '[0]', 'an object { name, amount, customFields? }'],
    ['a null line', [null], '[0]', 'an object { name, amount, customFields? }'],
    [
      'a missing name',
      [{ amount: '1.00' }],
      '[0].name',
      'a non-blank string (not empty, not only white space)',
    ],
    [
      'a blank name',
      [{ name: '  ', amount: '1.00' }],
      '[0].name',
      'a non-blank string (not empty, not only white space)',
    ],
    [
      'a name too long',
      [{ name: 'x'.repeat(256), amount: '1.00' }],
      '[0].name',
      'a name of at most 255 characters',
    ],
    [
      'an amount as a number',
      [{ name: 'Tax', amount: 12.5 }],
      '[0].amount',
      'a decimal string with at most 2 decimals (USD) such as "12.00"',
    ],
    [
      'an amount beyond the currency',
      [
        { name: 'Tax', amount: '1.00' },
        { name: 'Fee', amount: '12.505' },
      ],
      '[1].amount',
      'a decimal string with at most 2 decimals (USD) such as "12.00"',
    ],
    [
      'an amount that is not a decimal: what to change',
      [{ name: 'Tax', amount: '1,250.00' }],
      '[0].amount',
      'a decimal string with at most 2 decimals (USD) such as "12.00" — remove grouping separators; write digits with an optional leading "-" and "." as the decimal point, e.g. "1200.50"',
    ],
    [
      'an amount too large: the limit (not its decimals)',
      [{ name: 'Tax', amount: '1000000000000000000000000000000.00' }],
      '[0].amount',
      'a decimal string with at most 2 decimals (USD) such as "12.00" — amounts are limited to 30 digits before the decimal point; check the value',
    ],
    [
      'an amount holding ": " itself: the reason, not a piece of the amount',
      [{ name: 'Tax', amount: 'x: 1' }],
      '[0].amount',
      'a decimal string with at most 2 decimals (USD) such as "12.00" — write digits with an optional leading "-" and "." as the decimal point, e.g. "1200.50"',
    ],
    [
      'an amount with too many decimals',
      [{ name: 'Tax', amount: '12.505' }],
      '[0].amount',
      'a decimal string with at most 2 decimals (USD) such as "12.00"',
    ],
    [
      'an unknown field',
      [{ name: 'Tax', amount: '1.00', taxCode: 'T5' }],
      '[0].taxCode',
      'no such field (allowed: name, amount, customFields)',
    ],
    [
      'a bad custom field',
      [{ name: 'Tax', amount: '1.00', customFields: { TaxCode: 'T5' } }],
      '[0].customFields.TaxCode',
      'a custom field name: a letter, then letters, digits or underscores, ending in __c, at most 64 characters',
    ],
    [
      'too many lines',
      Array.from({ length: ADDITIONAL_LINE_LIMITS.lines + 1 }, () => ({ name: 'Fee', amount: '0.01' })),
      '',
      'at most 100 lines',
    ],
    [
      'a negative invoice total',
      [{ name: 'Rebate', amount: '-50000.01' }],
      '',
      'lines that leave the invoice total at or above 0 (it is 50000.00 before them)',
    ],
  ];

  it.each(refusals)(
    '%s: executeInvoiceSchedule returns InvalidAdditionalLines and saves nothing',
    async (_, returned, path, expected) => {
      const { billing } = await givenC01Schedule();
      const before = billing.store.probe.snapshot();
      const error = expectErr(
        await executeInvoiceSchedule(
          withHooks(billing, { additionalInvoiceLines: () => returned as never }),
          {
            invoiceScheduleNumber: 'IS-00000001',
          },
        ),
      );
      expect(error).toMatchObject({
        type: 'InvalidAdditionalLines',
        accountNumber: 'A-001',
        currency: 'USD',
        invoiceDate: '2023-02-04',
        path,
        expected,
      });
      expect(error.type === 'InvalidAdditionalLines' && error.message).toContain(
        "The additionalInvoiceLines hook returned lines that cannot be added to account A-001's invoice of 2023-02-04 (USD)",
      );
      expect(billing.store.probe.snapshot()).toEqual(before);
    },
  );

  it('the received value is described briefly', async () => {
    const { billing } = await givenC01Schedule();
    const error = expectErr(
      await executeInvoiceSchedule(
        withHooks(billing, { additionalInvoiceLines: () => [{ name: 'Tax', amount: '12.505' }] }),
        { invoiceScheduleNumber: 'IS-00000001' },
      ),
    );
    expect(error).toMatchObject({ received: '"12.505"' });
    expect(error.message).toBe(
      'The additionalInvoiceLines hook returned lines that cannot be added to account A-001\'s invoice of 2023-02-04 (USD): [0].amount: expected a decimal string with at most 2 decimals (USD) such as "12.00", received "12.505". Fix the hook; nothing was saved.',
    );
  });

  it('in a bill run, the account fails (recorded in failures) and nothing of it is saved; no invoice number is drawn', async () => {
    const { billing } = await givenC01Schedule();
    const schedule = billing.store.probe.invoiceSchedule('IS-00000001');
    const run = expectOk(
      await runBillRun(
        withHooks(billing, { additionalInvoiceLines: () => [{ name: 'Tax', amount: '1.001' }] }),
        {
          targetDate: '2023-02-04',
        },
      ),
    );
    expect([run.status, run.invoiceNumbers, run.failures.map((f) => [f.accountNumber, f.errorType])]).toEqual(
      ['CompletedWithErrors', [], [['A-001', 'InvalidAdditionalLines']]],
    );
    expect(run.failures[0]?.message).toContain(
      '[0].amount: expected a decimal string with at most 2 decimals',
    );
    expect(billing.store.probe.invoiceSchedule('IS-00000001')).toEqual(schedule);
    expect(billing.store.probe.snapshot().invoices).toEqual([]);
    expect(billing.store.probe.sequence('Invoice')).toBe(0);
    // Fixed, the next run bills the item as INV00000001.
    const next = expectOk(await runBillRun(withHooks(billing, taxHook('5')), { targetDate: '2023-02-04' }));
    expect(next.invoiceNumbers).toEqual(['INV00000001']);
  });

  it('a KWD invoice takes 3 decimals, not 4 (pure check)', () => {
    const invoice = buildInvoice({ currency: 'KWD', lines: [], amount: '100.000' });
    const added = expectOk(withAdditionalLines(invoice, [{ name: 'Fee', amount: '1.250' }]));
    expect([added.amount.toFixed(3), added.lines.map((l) => [l.id, l.kind, l.amount.toFixed(3)])]).toEqual([
      '101.250',
      [['Invoice-000001-1', 'Additional', '1.250']],
    ]);
    expect(expectErr(withAdditionalLines(invoice, [{ name: 'Fee', amount: '1.2505' }]))).toMatchObject({
      path: '[0].amount',
      expected: 'a decimal string with at most 3 decimals (KWD) such as "12.000"',
    });
    expect(expectOk(withAdditionalLines(invoice, []))).toBe(invoice);
  });
});

describe('additionalInvoiceLines: a hook that fails', () => {
  const failing: readonly [string, BillingHooks['additionalInvoiceLines']][] = [
    [
      'throws',
      () => {
        throw new Error('tax service unavailable');
      },
    ],
    ['rejects', async () => Promise.reject(new Error('tax service unavailable'))],
  ];

  it.each(failing)(
    'a hook that %s is AdditionalLinesHookFailed, with its message, and nothing is saved',
    async (_, hook) => {
      const { billing } = await givenC01Schedule();
      const before = billing.store.probe.snapshot();
      const context = withHooks(billing, hook === undefined ? {} : { additionalInvoiceLines: hook });
      const error = expectErr(
        await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' }),
      );
      expect(error).toMatchObject({
        type: 'AdditionalLinesHookFailed',
        accountNumber: 'A-001',
        reason: 'tax service unavailable',
      });
      expect(error.message).toBe(
        "The additionalInvoiceLines hook failed for account A-001's invoice of 2023-02-04 (USD): tax service unavailable. Nothing was saved and no number was drawn; run the operation again once the hook works.",
      );
      expect(billing.store.probe.snapshot()).toEqual(before);
      const generated = expectErr(
        await generateBillingDocuments(context, { accountNumber: 'A-001', targetDate: '2023-02-04' }),
      );
      expect(generated.type).toBe('AdditionalLinesHookFailed');
      expect(billing.store.probe.snapshot()).toEqual(before);
    },
  );

  it('a thrown non-Error value and a getter that throws are reported too, never thrown', async () => {
    const { billing } = await givenC01Schedule();
    const thrown = expectErr(
      await executeInvoiceSchedule(
        withHooks(billing, {
          additionalInvoiceLines: () => {
            throw 'quota exceeded';
          },
        }),
        { invoiceScheduleNumber: 'IS-00000001' },
      ),
    );
    expect(thrown).toMatchObject({ type: 'AdditionalLinesHookFailed', reason: 'quota exceeded' });
    const trap = {
      name: 'Tax',
      get amount(): string {
        throw new Error('no amount');
      },
    };
    const getter = expectErr(
      await executeInvoiceSchedule(withHooks(billing, { additionalInvoiceLines: () => [trap] }), {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    expect(getter).toMatchObject({ type: 'AdditionalLinesHookFailed', reason: 'no amount' });
  });

  it('hooks that are not functions are an InvalidContext, before anything is read', async () => {
    const { billing } = await givenC01Schedule();
    const notAnObject = expectErr(
      await runBillRun({ ...billing.context, hooks: 'tax' as never }, { targetDate: '2023-02-04' }),
    );
    expect(notAnObject).toMatchObject({ type: 'InvalidContext', missing: 'hooks', received: '"tax"' });
    const notAFunction = expectErr(
      await runBillRun(
        { ...billing.context, hooks: { additionalInvoiceLines: 5 as never } },
        { targetDate: '2023-02-04' },
      ),
    );
    expect(notAFunction).toMatchObject({
      type: 'InvalidContext',
      missing: 'hooks.additionalInvoiceLines',
      received: 'number 5',
    });
  });
});

describe('Additional lines in records', () => {
  const taxed = expectOk(
    withAdditionalLines(buildInvoice(), [
      { name: 'Tax 5%', amount: '2500.00', customFields: { TaxCode__c: 'T5' } },
    ]),
  );

  it('round-trip through the invoice record codec', () => {
    const record = toInvoiceRecord(taxed);
    expect(record.amount).toBe('52500.00');
    expect(record.lines[4]).toEqual({
      id: 'Invoice-000001-5',
      kind: 'Additional',
      subscriptionNumber: '',
      chargeNumber: '',
      chargeName: 'Tax 5%',
      appliesToChargeNumber: null,
      amount: '2500.00',
      serviceStartDate: '2023-02-04',
      serviceEndDate: '2023-02-04',
      invoiceScheduleNumber: null,
      invoiceScheduleItemId: null,
      customFields: { TaxCode__c: 'T5' },
    });
    expect(toInvoiceRecord(expectOk(fromInvoiceRecord(record)))).toEqual(record);
  });

  it('a stored Additional line that names a charge, or an unknown kind, is an InvalidRecord at the field', () => {
    const record = toInvoiceRecord(taxed);
    const withCharge = {
      ...record,
      lines: record.lines.map((l, i) => (i === 4 ? { ...l, chargeNumber: 'C1' } : l)),
    };
    expect(expectErr(fromInvoiceRecord(withCharge))).toMatchObject({
      type: 'InvalidRecord',
      path: 'lines[4].chargeNumber',
      expected: '"" (an additional line bills no charge)',
    });
    const unknown = { ...record, lines: record.lines.map((l, i) => (i === 4 ? { ...l, kind: 'Tax' } : l)) };
    expect(expectErr(fromInvoiceRecord(unknown))).toMatchObject({
      path: 'lines[4].kind',
      expected: "one of 'Charge', 'Discount', 'Additional'",
    });
  });
});

describe('additionalInvoiceLines and reversals', () => {
  it('reversing an invoice with a tax line voids it whole; the item bills again and the hook adds its line again', async () => {
    const { billing } = await givenC01Schedule();
    const seen: InvoiceProposal[] = [];
    const context = withHooks(billing, taxHook('5', seen));
    await billAndPost({ ...billing, context }, ['2023-02-04']);
    const reversed = expectOk(await reverseInvoice(context, { invoiceNumber: 'INV00000001' }));
    expect([reversed.status, reversed.amount.toFixed(2), reversed.lines.at(-1)?.kind]).toEqual([
      'Reversed',
      '52500.00',
      'Additional',
    ]);
    // No credit memo: the Reversed status voids every line, the tax line with the charges.
    expect(billing.store.probe.snapshot().creditMemos).toEqual([]);
    const schedule = expectOk(await getInvoiceSchedule(context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.status, i.invoiceNumber, i.billedAmount.toFixed(2)])[0]).toEqual([
      'Pending',
      null,
      '0.00',
    ]);
    expect(amounts(schedule)).toMatchObject({ status: 'Pending', billedAmount: '0.00' });
    expect(schedule.charges.map((c) => c.billedAmount.toFixed(2))).toEqual(['0.00', '0.00', '0.00', '0.00']);

    const again = expectOk(await runBillRun(context, { targetDate: '2023-02-04' }));
    expect(again.invoiceNumbers).toEqual(['INV00000002']);
    const rebilled = expectOk(await getInvoice(context, 'INV00000002'));
    expect(rebilled.amount.toFixed(2)).toBe('52500.00');
    expect(lines(rebilled)).toEqual(lines(reversed));
    expect(seen).toHaveLength(2);
    expectOk(await postInvoice(context, { invoiceNumber: 'INV00000002' }));
  });
});

// Review 202: docs/errors/context.md — "a context that is an instance of a host's class … works as a plain object
// does"; the shape check accepted a hook inherited from a class, which was then called without its `this`.
describe('a hook that is a method of a host class', () => {
  it('is called on its hooks object: C01 item 1 of 50,000.00 with a 5 % tax line → 52,500.00', async () => {
    const { billing } = await givenC01Schedule();
    class TaxHooks {
      readonly rate = '0.05';
      additionalInvoiceLines(invoice: InvoiceProposal) {
        return [{ name: 'Tax', amount: new Decimal(invoice.amount).times(this.rate).toFixed(2) }];
      }
    }
    const executed = expectOk(
      await executeInvoiceSchedule(withHooks(billing, new TaxHooks()), {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    const invoice = expectOk(await getInvoice(billing.context, executed.invoiceNumbers[0] ?? ''));
    expect(invoice.amount.toFixed(2)).toBe('52500.00');
  });
});

// docs/errors/money.md: "amounts are limited to 30 digits before the point, so every sum stays exact". Review 202:
// a hundred lines each within the limit made a 33-digit invoice total, which was saved.
it('lines whose total passes 30 digits before the point are InvalidAdditionalLines, nothing saved', async () => {
  const { billing } = await givenC01Schedule();
  const before = billing.store.probe.snapshot();
  const big = `${'9'.repeat(30)}.00`;
  const hooks: BillingHooks = {
    additionalInvoiceLines: () => Array.from({ length: 100 }, () => ({ name: 'Fee', amount: big })),
  };
  const error = expectErr(
    await executeInvoiceSchedule(withHooks(billing, hooks), { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(error).toMatchObject({
    type: 'InvalidAdditionalLines',
    path: '',
    expected: 'lines that leave the invoice total at most 30 digits before the decimal point',
  });
  expect(billing.store.probe.snapshot()).toEqual(before);
});

// Review 206: the hook is applied, not looked up as `hook.call` — a function with its own `call` field is still
// the hook, and a getter that gave the context check a function and then something else is not called.
describe('the hook is applied as the function it is', () => {
  it('a hook function with its own `call` field adds its line', async () => {
    const { billing } = await givenC01Schedule();
    const fee = Object.assign(() => [{ name: 'Fee', amount: '1.00' }], { call: 'not a function' });
    const executed = expectOk(
      await executeInvoiceSchedule(withHooks(billing, { additionalInvoiceLines: fee }), {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    const invoice = expectOk(await getInvoice(billing.context, executed.invoiceNumbers[0] ?? ''));
    expect(invoice.amount.toFixed(2)).toBe('50001.00');
  });

  it('a getter that answers a function, then a non-function with a `call` field: read once, the function called', async () => {
    const { billing } = await givenC01Schedule();
    let reads = 0;
    const hooks = {
      get additionalInvoiceLines() {
        reads += 1;
        return reads === 1 ? () => [] : { call: () => [{ name: 'Sneaky', amount: '5.00' }] };
      },
    };
    const executed = expectOk(
      await executeInvoiceSchedule(withHooks(billing, hooks as never), {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    const invoice = expectOk(await getInvoice(billing.context, executed.invoiceNumbers[0] ?? ''));
    expect({ reads, amount: invoice.amount.toFixed(2) }).toEqual({ reads: 1, amount: '50000.00' });
  });
});

// docs/errors/context.md: "Each part is read once … and the operation works with what was read"; the table lists
// `hooks.additionalInvoiceLines`. Review 210: the hook was read again when invoices were decided (once per account
// in a bill run), so a getter could have a function other than the checked one called.
describe('the hook is read once, with the context', () => {
  it('the function checked is the function called: a fee line a later read would drop stays', async () => {
    const { billing } = await givenC01Schedule();
    let reads = 0;
    const hooks = {
      get additionalInvoiceLines() {
        reads += 1;
        return reads === 1 ? () => [{ name: 'Fee', amount: '1.00' }] : () => [];
      },
    };
    const executed = expectOk(
      await executeInvoiceSchedule(withHooks(billing, hooks as never), {
        invoiceScheduleNumber: 'IS-00000001',
      }),
    );
    const invoice = expectOk(await getInvoice(billing.context, executed.invoiceNumbers[0] ?? ''));
    expect({ reads, amount: invoice.amount.toFixed(2) }).toEqual({ reads: 1, amount: '50001.00' });
  });

  it('a bill run over three accounts reads it once', async () => {
    const billing = await givenAccountsDue(3);
    let reads = 0;
    const fee = () => [{ name: 'Fee', amount: '1.00' }];
    const hooks = {
      get additionalInvoiceLines() {
        reads += 1;
        return fee;
      },
    };
    expectOk(await runBillRun(withHooks(billing, hooks as never), { targetDate: '2023-02-04' }));
    expect(reads).toBe(1);
  });
});
