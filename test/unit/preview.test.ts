import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { previewBillRun, previewExecution } from '../../src/operations/preview';
import { expectErr, expectOk } from '../support/billing';
import { billAndPost, givenAccountsDue, givenC01Removal, givenC01Schedule } from '../support/scenarios';

// Issue 13, dry runs: a preview decides what the real operation would, writes nothing and draws no number.

/** An invoice or memo as figures, without its number, id and run (which a preview replaces). */
const figures = (d: {
  accountNumber: string;
  amount: { toFixed(n: number): string };
  lines: readonly {
    chargeNumber: string;
    amount: { toFixed(n: number): string };
    serviceStartDate: string | null;
    serviceEndDate: string | null;
  }[];
}) => [
  d.accountNumber,
  d.amount.toFixed(2),
  d.lines.map((l) => [l.chargeNumber, l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]),
];

describe('previewBillRun', () => {
  it('C01: the preview of 2023-02-04 has the invoices the run then creates, and the store is untouched', async () => {
    const billing = await givenAccountsDue(3);
    const before = billing.store.probe.snapshot();
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(billing.store.probe.snapshot()).toEqual(before); // nothing written, no number drawn
    expect(preview.preview).toBe(true);
    expect(preview.invoices.map((i) => [i.number, i.billRunNumber, i.invoiceDate])).toEqual([
      ['PREVIEW-INV-1', 'PREVIEW', '2023-02-04'],
      ['PREVIEW-INV-2', 'PREVIEW', '2023-02-04'],
      ['PREVIEW-INV-3', 'PREVIEW', '2023-02-04'],
    ]);
    // C01's first item: 70,200.00 over four charges (the whole item, one account each).
    expect(preview.invoices[0]?.amount.toFixed(2)).toBe('70200.00');
    expect(
      preview.accounts.map((a) => [a.accountNumber, a.itemsProcessed, a.invoiceSchedules[0]?.status]),
    ).toEqual([
      ['A-001', 1, 'FullyProcessed'],
      ['A-002', 1, 'FullyProcessed'],
      ['A-003', 1, 'FullyProcessed'],
    ]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002', 'INV00000003']);
    const real = run.invoiceNumbers.map((n) => billing.store.probe.invoice(n));
    expect(preview.invoices.map(figures)).toEqual(
      real.map((r) =>
        r === null
          ? null
          : [
              r.accountNumber,
              r.amount,
              r.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
            ],
      ),
    );
    // After the run there is nothing left to preview.
    const after = expectOk(await previewBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(after.accounts).toEqual([]);
  });

  it('C10: the preview of 2023-11-01 shows the 11,700.00 credit memo, its eight lines crediting INV00000003 and INV00000002', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-15', '2023-11-01');
    const before = billing.store.probe.snapshot();
    const preview = expectOk(await previewBillRun(billing.context, { targetDate: '2023-11-01' }));
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(preview.invoices).toEqual([]);
    expect(preview.creditMemos.map((m) => [m.number, m.amount.toFixed(2), m.memoDate])).toEqual([
      ['PREVIEW-CM-1', '11700.00', '2023-11-01'],
    ]);
    expect(
      preview.creditMemos[0]?.lines.map((l) => [
        l.creditedInvoiceNumber,
        l.chargeNumber,
        l.amount.toFixed(2),
      ]),
    ).toEqual([
      ['INV00000003', 'C1', '3258.97'],
      ['INV00000002', 'C1', '2891.03'],
      ['INV00000003', 'C2', '1898.86'],
      ['INV00000002', 'C2', '1684.48'],
      ['INV00000003', 'C3', '971.51'],
      ['INV00000002', 'C3', '861.82'],
      ['INV00000003', 'C4', '70.66'],
      ['INV00000002', 'C4', '62.67'],
    ]);
    expect(preview.accounts[0]?.invoiceSchedules[0]?.items[2]?.creditMemoNumbers).toEqual(['PREVIEW-CM-1']);
  });

  it('an account that cannot be billed is reported with its failure, and the others are previewed', async () => {
    const billing = await givenAccountsDue(2);
    const preview = expectOk(
      await previewBillRun(billing.context, { targetDate: '2023-02-04', accountNumbers: ['A-001', 'A-404'] }),
    );
    expect(
      preview.accounts.map((a) => [a.accountNumber, a.failure?.errorType ?? null, a.invoices.length]),
    ).toEqual([
      ['A-001', null, 1],
      ['A-404', 'AccountNotFound', 0],
    ]);
  });

  it('refuses bad input like runBillRun does', async () => {
    const billing = await givenAccountsDue(1);
    expect(expectErr(await previewBillRun(billing.context, { targetDate: '2023-02-30' })).type).toBe(
      'InvalidDate',
    );
    expect(expectErr(await previewBillRun(billing.context, null as never)).type).toBe('InvalidInput');
    expect(expectErr(await previewBillRun(billing.context, { accountNumbers: [3] as never })).type).toBe(
      'InvalidInput',
    );
  });
});

describe('previewExecution', () => {
  it('C01: the preview of the next item is the invoice the execution then creates; nothing is written', async () => {
    const { billing } = await givenC01Schedule();
    const before = billing.store.probe.snapshot();
    const preview = expectOk(
      await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(preview.invoices.map((i) => [i.number, i.invoiceDate, i.amount.toFixed(2)])).toEqual([
      ['PREVIEW-INV-1', '2023-02-04', '50000.00'],
    ]);
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    const real = billing.store.probe.invoice(run.invoiceNumbers[0] ?? '');
    expect(preview.invoices[0]?.lines.map((l) => l.amount.toFixed(2))).toEqual(
      real?.lines.map((l) => l.amount),
    );
  });

  it('refuses what the execution refuses: an item not the earliest, a processed item, an unknown schedule', async () => {
    const { billing } = await givenC01Schedule();
    const schedule = billing.store.probe.invoiceSchedule('IS-00000001');
    const second = schedule?.items[1]?.id ?? '';
    expect(
      expectErr(
        await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-00000001', itemId: second }),
      ).type,
    ).toBe('NotEarliestPendingItem');
    // An item an execution processed: executing it again returns that execution's run and makes nothing
    // (decision 14), so the preview shows nothing to make, as of that run's target date (found in review: it
    // refused with ItemAlreadyProcessed, which the execution answers only for an item a bill run processed).
    const executed = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    const first = schedule?.items[0]?.id ?? '';
    const before = billing.store.probe.snapshot();
    const retry = expectOk(
      await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-00000001', itemId: first }),
    );
    expect([retry.targetDate, retry.accounts, retry.invoices, retry.creditMemos]).toEqual([
      executed.targetDate,
      [],
      [],
      [],
    ]);
    expect(billing.store.probe.snapshot()).toEqual(before);
    const again = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', itemId: first }),
    );
    expect(again.number).toBe(executed.number);
    // One a bill run processed is refused, as the execution refuses it.
    expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    const second2 = billing.store.probe.invoiceSchedule('IS-00000001')?.items[1]?.id ?? '';
    const named = { invoiceScheduleNumber: 'IS-00000001', itemId: second2 };
    expect(expectErr(await previewExecution(billing.context, named)).type).toBe('ItemAlreadyProcessed');
    expect(expectErr(await executeInvoiceSchedule(billing.context, named)).type).toBe('ItemAlreadyProcessed');
    expect(expectErr(await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-404' })).type).toBe(
      'InvoiceScheduleNotFound',
    );
    expect(
      expectErr(
        await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-00000001', itemId: 7 as never }),
      ).type,
    ).toBe('InvalidInput');
    // A blank id, or one longer than an identifier may be, as the execution answers it (found in review: the
    // preview answered InvoiceScheduleItemNotFound).
    for (const itemId of ['   ', 'x'.repeat(300)]) {
      const previewed = expectErr(
        await previewExecution(billing.context, { invoiceScheduleNumber: 'IS-00000001', itemId }),
      );
      const executed = expectErr(
        await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', itemId }),
      );
      expect(previewed).toMatchObject({ type: 'InvalidInput', path: 'itemId' });
      expect(previewed).toEqual(executed);
    }
  });
});
