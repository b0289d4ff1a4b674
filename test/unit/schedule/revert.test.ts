import { describe, expect, it } from 'vitest';
import { invoiceHasCredits } from '../../../src/domain/schedule/errors';
import { checkRevertible, revertItemForInvoice } from '../../../src/domain/schedule/revert';
import type { InvoiceScheduleItem } from '../../../src/domain/schedule/schedule';
import {
  type BuildOverrides,
  buildCreditMemo,
  buildInvoice,
  buildInvoiceLine,
  buildInvoiceSchedule,
  buildInvoiceScheduleItem,
} from '../../../src/testing/builders';

// The pure rules of an invoice going back (cancelInvoice / reverseInvoice, §3.2, §6.4, C02): which invoices
// may (checkRevertible), and the schedule's nextRunDate after (revertItemForInvoice).

const C01_ITEMS: readonly (readonly [string, string])[] = [
  ['2023-02-04', '50000.00'],
  ['2023-05-01', '14000.00'],
  ['2023-09-16', '6200.00'],
];

/** C01's three items; `processed[k]` is item k+1's invoice (`''`: processed without a document), or absent. */
function items(processed: readonly (string | undefined)[], memos: readonly string[][] = []) {
  return C01_ITEMS.map(([runDate, amount], k) => {
    const invoiceNumber = processed[k];
    const item: BuildOverrides<InvoiceScheduleItem> = {
      id: `InvoiceScheduleItem-00000${k + 1}`,
      sequence: k + 1,
      runDate,
      amount,
    };
    if (invoiceNumber === undefined) return buildInvoiceScheduleItem(item);
    const billed = invoiceNumber === '' ? '0.00' : amount;
    return buildInvoiceScheduleItem({
      ...item,
      status: 'Processed',
      invoiceNumber: invoiceNumber === '' ? null : invoiceNumber,
      billedAmount: billed,
      actualAmount: billed,
      creditMemoNumbers: memos[k] ?? [],
    });
  });
}

/** An invoice of item `k` (1-based) of IS-00000001, one line of `amount`, dated `invoiceDate`. */
function invoiceOf(number: string, k: number, invoiceDate: string) {
  return buildInvoice({
    number,
    invoiceDate,
    lines: [
      buildInvoiceLine({
        amount: C01_ITEMS[k - 1]?.[1] ?? '0.00',
        invoiceScheduleItemId: `InvoiceScheduleItem-00000${k}`,
      }),
    ],
  });
}

describe('checkRevertible — invoices of a schedule go back latest first (§3.2, §7.4)', () => {
  it('refuses INV001 while items 2 and 3 are processed (INV002, INV003): LaterItemProcessed names both, the latest to undo first', () => {
    const schedule = buildInvoiceSchedule({ items: items(['INV00000001', 'INV00000002', 'INV00000003']) });
    const refusal = checkRevertible(invoiceOf('INV00000001', 1, '2023-02-04'), [schedule], []);
    expect(refusal).toMatchObject({
      type: 'LaterItemProcessed',
      invoiceNumber: 'INV00000001',
      invoiceScheduleNumber: 'IS-00000001',
      laterDocumentNumbers: ['INV00000002', 'INV00000003'],
    });
    expect(refusal?.message).toContain('the latest (INV00000003) first');
    expect(checkRevertible(invoiceOf('INV00000003', 3, '2023-09-16'), [schedule], [])).toBeNull();
  });

  it('a later item processed with a credit memo only counts (the memo is named); one processed without a document (a zero tail, decision 19) does not', () => {
    const withMemo = buildInvoiceSchedule({
      items: items(['INV00000001', '', ''], [[], ['CM00000001']]),
    });
    expect(checkRevertible(invoiceOf('INV00000001', 1, '2023-02-04'), [withMemo], [])).toMatchObject({
      type: 'LaterItemProcessed',
      laterDocumentNumbers: ['CM00000001'],
    });
    const zeroTail = buildInvoiceSchedule({ items: items(['INV00000001', '', '']) });
    expect(checkRevertible(invoiceOf('INV00000001', 1, '2023-02-04'), [zeroTail], [])).toBeNull();
  });

  it("the message says what to undo first, or that nothing can be: a later item's credit memo from the schedule cannot be canceled, and one whose memos were all canceled keeps no document (found in review: the message named a memo cancelCreditMemo refuses, and the canceled-memo item was neither refused nor reverted)", () => {
    const schedule = buildInvoiceSchedule({ items: items(['INV00000001', ''], [[], ['CM00000001']]) });
    const invoice = invoiceOf('INV00000001', 1, '2023-02-04');
    const standardLines = (status: 'Draft' | 'Canceled') => {
      const memo = buildCreditMemo({ status });
      return { ...memo, lines: memo.lines.map((l) => ({ ...l, invoiceScheduleNumber: null })) };
    };
    // The schedule's own memo (the builder's line is the schedule's): it stays, so INV00000001 cannot go back.
    const stays = checkRevertible(invoice, [schedule], [buildCreditMemo({ status: 'Draft' })]);
    expect(stays).toMatchObject({ type: 'LaterItemProcessed', laterDocumentNumbers: ['CM00000001'] });
    expect(stays?.message).toContain('can no longer go back: a later item stays Processed with CM00000001');
    // A memo of standard lines (an additional subscription's credit, C30) can be canceled: undo it first.
    const cancelable = checkRevertible(invoice, [schedule], [standardLines('Draft')]);
    expect(cancelable?.message).toContain('cancel or reverse CM00000001 first');
    // Once canceled, item 2 keeps no document to undo and cannot go back with item 1: refused, not half reverted.
    const canceled = checkRevertible(invoice, [schedule], [standardLines('Canceled')]);
    expect(canceled).toMatchObject({ type: 'LaterItemProcessed', laterDocumentNumbers: [] });
    expect(canceled?.message).toContain('item 2 (its credit memos canceled)');
  });

  it('a Canceled credit memo linked to the item counts for nothing; a linked memo that is not Canceled, or not given, refuses (InvoiceHasCredits)', () => {
    const schedule = buildInvoiceSchedule({ items: items(['INV00000001'], [['CM00000001']]) });
    const invoice = invoiceOf('INV00000001', 1, '2023-02-04');
    // CM00000001 as built credits INV00000003's lines, not this invoice's: only its link to the item counts.
    const memo = (status: 'Draft' | 'Canceled') => buildCreditMemo({ status });
    expect(checkRevertible(invoice, [schedule], [memo('Canceled')])).toBeNull();
    for (const given of [[memo('Draft')], []]) {
      expect(checkRevertible(invoice, [schedule], given)).toMatchObject({
        type: 'InvoiceHasCredits',
        creditMemoNumbers: ['CM00000001'],
      });
    }
  });
});

describe('revertItemForInvoice — the item is due again when it first was (C02, §6.6, decision 18)', () => {
  it('drops an override set for the next item (2023-01-20): nextRunDate is item 1’s run date 2023-02-04 again', () => {
    const schedule = buildInvoiceSchedule({
      items: items(['INV00000001']),
      nextRunDateOverride: '2023-01-20',
    });
    expect(schedule.nextRunDate).toBe('2023-01-20');
    const reverted = revertItemForInvoice(schedule, invoiceOf('INV00000001', 1, '2023-02-04'));
    expect([reverted.nextRunDateOverride, reverted.nextRunDate, reverted.items[0]?.status]).toEqual([
      null,
      '2023-02-04',
      'Pending',
    ]);
  });

  it('an invoice dated before its run date (pulled forward to 2023-04-15 for 2023-05-01) leaves nextRunDate on 2023-04-15', () => {
    const schedule = buildInvoiceSchedule({ items: items(['INV00000001', 'INV00000002']) });
    expect(schedule.nextRunDate).toBe('2023-09-16');
    const reverted = revertItemForInvoice(schedule, invoiceOf('INV00000002', 2, '2023-04-15'));
    expect([reverted.nextRunDateOverride, reverted.nextRunDate]).toEqual(['2023-04-15', '2023-04-15']);
    expect(reverted.items.map((i) => i.status)).toEqual(['Processed', 'Pending', 'Pending']);
  });
});

describe('InvoiceHasCredits says what lifts it', () => {
  it('checkRevertible offers cancelCreditMemo for a Draft memo of standard billing crediting the invoice, not for a Draft memo with a line of a schedule, nor a Posted one', () => {
    const schedule = buildInvoiceSchedule({ items: items(['INV00000001']) });
    const invoice = invoiceOf('INV00000001', 1, '2023-02-04');
    // A memo crediting INV00000001's first line: its own line of a schedule or of standard billing.
    const memo = (status: 'Draft' | 'Posted', scheduleLine: boolean) => {
      const built = buildCreditMemo({ status });
      return {
        ...built,
        lines: built.lines.map((l) => ({
          ...l,
          creditedInvoiceNumber: 'INV00000001',
          invoiceScheduleNumber: scheduleLine ? 'IS-00000001' : null,
          invoiceScheduleItemId: scheduleLine ? l.invoiceScheduleItemId : null,
        })),
      };
    };
    const offers = (status: 'Draft' | 'Posted', scheduleLine: boolean) =>
      checkRevertible(invoice, [schedule], [memo(status, scheduleLine)])?.message.includes(
        'cancelCreditMemo',
      );
    expect([offers('Draft', false), offers('Draft', true), offers('Posted', false)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('offers cancelCreditMemo only for the Draft memos of standard billing, and says when some cannot go', () => {
    expect(invoiceHasCredits('INV1', ['CM1', 'CM2'], ['CM1', 'CM2']).message).toContain(
      'Cancel those Draft credit memos first (cancelCreditMemo), then cancel or reverse this invoice again.',
    );
    expect(invoiceHasCredits('INV1', ['CM1', 'CM2'], ['CM2']).message).toContain(
      'CM2 can be canceled (cancelCreditMemo, a Draft of standard billing); the others cannot (Posted, or produced by an invoice schedule), so this invoice stays.',
    );
    expect(invoiceHasCredits('INV1', ['CM1']).message).toBe(
      'Invoice INV1 has credits (CM1, on it or on its schedule item); an invoice cannot be canceled or reversed while credits stand on it. Those memos cannot be canceled (Posted, or produced by an invoice schedule), so this invoice stays.',
    );
  });
});
