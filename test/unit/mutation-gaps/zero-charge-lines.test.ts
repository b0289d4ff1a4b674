import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

// The 0.00 memo lines of zero-priced charges (C08, decision 15): a zero-priced charge *cut with the others* shows
// a 0.00 line on the memo of that cut, and only then.

const memoLines = (billing: TestBilling, number: string) =>
  billing.store.probe
    .creditMemo(number)
    ?.lines.map((l) => [
      l.chargeNumber,
      l.creditedInvoiceNumber,
      l.serviceStartDate,
      l.serviceEndDate,
      l.amount,
    ]);

// Mutant C10 (credit.ts creditMemoLines, the 0.00 lines of zero-priced charges): drop
// `!isAfter(zero.creditStartDate, line.serviceEndDate)`. C08 / decision 15: a zero-priced charge *cut with the
// others* shows a 0.00 memo line on each credited invoice. A zero-priced charge whose service ended before the
// credit starts was not cut and takes nothing back: it gets no memo line, even on an invoice that is credited.

describe('C08 / decision 15 — a zero-priced charge ended before the credit start gets no 0.00 memo line', () => {
  it('C1 1,200/yr and C0 0.00 to 2023-03-31, billed 600 + 600; rp-S1 removed as of 2023-04-01 → CM 900.00 from INV002 and INV001, no C0 line', async () => {
    const billing = await givenSubscriptions(
      [
        yearly('S1', [
          { number: 'C1', price: '1200.00' },
          { number: 'C0', price: '0.00', endDate: '2023-03-31' },
        ]),
      ],
      { now: '2023-12-31T12:00:00Z' },
    );
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-15', amount: '600.00' },
        { runDate: '2023-07-15', amount: '600.00' },
      ],
    });
    await billAndPost(billing, ['2023-12-31']);
    // INV001 carries C0's 0.00 line for 01-01 → 03-31 (decision 15), as zero-amount-lines.test.ts pins.
    expect(
      billing.store.probe.invoice('INV00000001')?.lines.map((l) => [l.chargeNumber, l.serviceEndDate]),
    ).toEqual([
      ['C1', '2023-06-30'],
      ['C0', '2023-03-31'],
    ]);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-12-31',
      actions: removeProducts(['S1'], '2023-04-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    // §8.4: 1,200 − 1,200 ÷ 12 × 3 = 900.00, latest invoice first; C0 ended 03-31 and was not cut: no line.
    expect(memoLines(billing, 'CM00000001')).toEqual([
      ['C1', 'INV00000002', '2023-07-01', '2023-12-31', '600.00'],
      ['C1', 'INV00000001', '2023-04-01', '2023-06-30', '300.00'],
    ]);
  });
});

// Mutant 1 (execute.ts buildCreditMemo: drop `.filter((z) => cut.has(z.creditStartDate))` on zeroCharges).
// C08 / decision 15: a zero-priced charge *cut with the others* shows a 0.00 line on the memo of that cut. A
// zero-priced charge cut by an earlier order already got its 0.00 line on that order's memo; a later order cutting
// another charge does not cut it again: the later memo has no line for it.

describe('mutant 1 — a zero-priced charge cut earlier gets no 0.00 line on a later memo', () => {
  it('S1 (C1 1,200 + C0 0.00) removed 11-01 → CM1 C1 200.00 + C0 0.00; S2 removed 12-01 → CM2 C2 100.00 only', async () => {
    const billing = await givenSubscriptions(
      [
        yearly('S1', [
          { number: 'C1', price: '1200.00' },
          { number: 'C0', price: '0.00' },
        ]),
        yearly('S2', [{ number: 'C2', price: '1200.00' }]),
      ],
      { now: '2023-12-31T12:00:00Z' },
    );
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-15', amount: '1200.00' },
        { runDate: '2023-07-15', amount: '1200.00' },
      ],
    });
    await billAndPost(billing, ['2023-12-31']);

    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-12-31',
      actions: removeProducts(['S1'], '2023-11-01'),
    });
    const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(first.creditMemoNumbers).toEqual(['CM00000001']);
    const cm1 = memoLines(billing, 'CM00000001') ?? [];
    expect(cm1.map((l) => [l[0], l[4]])).toEqual([
      ['C1', '200.00'],
      ['C0', '0.00'],
    ]);

    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-12-31',
      actions: removeProducts(['S2'], '2023-12-01'),
    });
    const second = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(second.creditMemoNumbers).toEqual(['CM00000002']);
    // §8.4: 1,200 ÷ 12 = 100.00 for December, from the invoice that billed it. C0 was not cut by O-0003.
    const cm2 = memoLines(billing, 'CM00000002') ?? [];
    expect(cm2.map((l) => [l[0], l[2], l[3], l[4]])).toEqual([['C2', '2023-12-01', '2023-12-31', '100.00']]);
  });
});
