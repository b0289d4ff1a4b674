// The days voided documents billed (§6.4, §7.8, decision 11): standard billing bills again only the days a voided
// document billed that no live line bills; a day no line ever billed was billed 0.00 (its rounded worth was
// nothing), so it is not billed again (standard-raised-zero-periods.test.ts).
import { describe, expect, it } from 'vitest';
import { voidedRangesByCharge } from '../../../src/domain/billing/standard';
import type { CreditMemo } from '../../../src/domain/documents/credit-memo';
import type { Invoice } from '../../../src/domain/documents/invoice';
import { chargeKey } from '../../../src/domain/schedule/schedule';
import { dayNumber, parseBusinessDate } from '../../../src/time/date';

const day = (text: string) => dayNumber(parseBusinessDate(text)._unsafeUnwrap());

/** A line of S1 on `charge` for `[start, end]` (only what the function reads). */
const line = (charge: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  kind: 'Charge',
  subscriptionNumber: 'S1',
  chargeNumber: charge,
  serviceStartDate: start,
  serviceEndDate: end,
  ...extra,
});

const invoice = (status: string, lines: readonly unknown[]) => ({ status, lines }) as unknown as Invoice;
const memo = (status: string, lines: readonly unknown[]) => ({ status, lines }) as unknown as CreditMemo;

describe('voidedRangesByCharge', () => {
  it('takes the lines of Canceled and Reversed invoices, merged per charge, a discount line under its charge', () => {
    const out = voidedRangesByCharge(
      [
        invoice('Canceled', [line('C1', '2023-01-01', '2023-01-31')]),
        invoice('Reversed', [
          line('C1', '2023-02-01', '2023-02-28'),
          line('D1', '2023-02-01', '2023-02-28', { kind: 'Discount', appliesToChargeNumber: 'C1' }),
          line('X', '2023-02-01', '2023-02-28', { kind: 'Additional' }),
        ]),
        invoice('Posted', [line('C1', '2023-03-01', '2023-03-31')]),
        invoice('Draft', [line('C2', '2023-03-01', '2023-03-31')]),
        invoice('Canceled', [line('C2', '2023-05-01', '2023-05-31')]),
      ],
      [],
    );
    expect([...out.keys()].sort()).toEqual([chargeKey('S1', 'C1'), chargeKey('S1', 'C2')]);
    expect(out.get(chargeKey('S1', 'C1'))).toEqual([[day('2023-01-01'), day('2023-02-28')]]);
    expect(out.get(chargeKey('S1', 'C2'))).toEqual([[day('2023-05-01'), day('2023-05-31')]]);
  });

  it("takes the invoice lines netted into a Canceled credit memo (they billed their days), not a memo's credit of an invoice nor a live memo's lines", () => {
    const out = voidedRangesByCharge(
      [],
      [
        memo('Canceled', [
          line('C1', '2023-04-01', '2023-04-30', { creditedInvoiceNumber: null }),
          line('C2', '2023-04-01', '2023-04-30', { creditedInvoiceNumber: 'INV00000001' }),
        ]),
        memo('Posted', [line('C3', '2023-04-01', '2023-04-30', { creditedInvoiceNumber: null })]),
      ],
    );
    expect([...out.entries()]).toEqual([[chargeKey('S1', 'C1'), [[day('2023-04-01'), day('2023-04-30')]]]]);
  });
});
