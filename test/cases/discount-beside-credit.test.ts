// Decision 2 (§7.3, §8.4): each charge is billed over the schedule its value rounded as a set with the others
// (largest remainder, ties to the earlier charge), and a credit memo's per-charge credits are rounded as their
// own set from the exact credits. A percentage discount gives a charge a value with a fraction of a cent; a
// credit on another charge in the same item must not take that charge's rounding unit.
//
// S1: C1 100.01/yr with D1 12.5 % off (value 87.50875); S2: C2 0.70/yr. Both 2023-01-01 → 2023-12-31.
// Three percentage items (33.3333333333 / 33.3333333333 / 33.3333333334 %): 29.40 / 29.40 / 29.41 of 88.21.
// Items 1 and 2 billed (C1 29.17 + 29.16 net, C2 0.23 + 0.24 = 0.47), then S2 removed as of 2023-05-17:
// C2 is worth 0.70 ÷ 12 × (4 + 16/31) = 0.263441, so the schedule's total is 87.77, as a set C1 87.51 and
// C2 0.26. Item 3 (actual 28.97) bills C1's remainder 87.51 − 58.33 = 29.18 and credits C2 0.47 − 0.26 = 0.21.
// (Was: C1 29.17 and a credit of 0.20, C1 netting 87.50 and C2 0.27; without the discount the figures were right.)
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, type TestBilling } from '../support/billing';
import { givenActivatedOrder, givenSchedule, givenSubscriptions, removeProducts } from '../support/scenarios';

interface Document {
  readonly amount: string;
  /** [charge, amount, the charge a discount line applies to (else the line's own)]. */
  readonly lines: readonly (readonly [string, string, string])[];
}

async function billRun(billing: TestBilling, targetDate: string): Promise<Document[]> {
  const run = expectOk(await runBillRun(billing.context, { targetDate }));
  const docs = [
    ...run.invoiceNumbers.map((n) => billing.store.probe.invoice(n)),
    ...run.creditMemoNumbers.map((n) => billing.store.probe.creditMemo(n)),
  ];
  return docs.map((d) => ({
    amount: d?.amount ?? '?',
    lines: (d?.lines ?? []).map((l) => {
      const appliesTo = 'appliesToChargeNumber' in l ? l.appliesToChargeNumber : null;
      return [l.chargeNumber, l.amount, appliesTo ?? l.chargeNumber] as const;
    }),
  }));
}

/** Net per charge (its discount lines included): invoices minus credit memos, in cents. */
function netPerCharge(invoices: readonly Document[], memos: readonly Document[]): Record<string, string> {
  const cents = new Map<string, number>();
  const add = (docs: readonly Document[], sign: number) => {
    for (const d of docs)
      for (const [, amount, charge] of d.lines)
        cents.set(charge, (cents.get(charge) ?? 0) + sign * Math.round(Number(amount) * 100));
  };
  add(invoices, 1);
  add(memos, -1);
  return Object.fromEntries([...cents].map(([k, v]) => [k, (v / 100).toFixed(2)]));
}

describe('a discounted charge beside a credited one (decision 2, §7.3, §8.4)', () => {
  it('C1 (100.01/yr, 12.5 % off) nets its billed total 87.51, C2 (removed 2023-05-17) nets 0.26, the credit memo is 0.21', async () => {
    const billing = await givenSubscriptions([
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [
          { number: 'C1', price: '100.01' },
          { number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '12.5' },
        ],
      },
      {
        number: 'S2',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C2', price: '0.70' }],
      },
    ]);
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', percentage: '33.3333333333' },
        { runDate: '2023-06-01', percentage: '33.3333333333' },
        { runDate: '2023-09-01', percentage: '33.3333333334' },
      ],
    });
    expect(schedule.totalAmount.toFixed(2)).toBe('88.21');
    const first = await billRun(billing, '2023-07-31');
    expect(first.map((d) => d.amount)).toEqual(['29.40', '29.40']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-05-17',
      actions: removeProducts(['S2'], '2023-05-17'),
    });
    const second = await billRun(billing, '2023-12-31');
    // Item 3: C1's remainder 29.18 (gross 33.35, D1 −4.17); the credit memo 0.21 on C2.
    const [invoice3, memo] = second;
    expect(second.map((d) => [d.amount, d.lines.map(([c, a]) => `${c} ${a}`)])).toEqual([
      ['29.18', ['C1 33.35', 'D1 -4.17']],
      ['0.21', ['C2 0.21']],
    ]);
    expect(netPerCharge([...first, invoice3 as Document], [memo as Document])).toEqual({
      C1: '87.51',
      C2: '0.26',
    });
    const after = expectOk(await getInvoiceSchedule(billing.context, schedule.number));
    expect([after.status, after.actualAmount.toFixed(2), after.billedAmount.toFixed(2)]).toEqual([
      'FullyProcessed',
      '87.77',
      '87.77',
    ]);
  });
});
