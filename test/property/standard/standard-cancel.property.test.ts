import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import { givenAccount, givenActivatedOrder } from '../../support/scenarios';

// Standard billing after canceled and reversed invoices (§6.4, §6.5): a charge billed per quarter from
// 2023-03-01 (1,200.00/yr; its term ends on a period's last day or part-way into the last period) is billed by a
// run on each period's first day; after each run its invoices may be posted, and any live ones canceled (Draft)
// or reversed (Posted), in any order. A last run then bills what no live invoice bills: whatever was canceled,
// the live invoices bill each period exactly once, its value, and no credit memo is needed.

const RUN_DATES = ['2023-03-01', '2023-06-01', '2023-09-01', '2023-12-01'] as const;
const SETTLE = '2024-02-29';

interface Step {
  readonly post: boolean;
  /** Which live invoices (by number order) to cancel or reverse after the run. */
  readonly revert: readonly boolean[];
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  post: fc.boolean(),
  revert: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
});

const scenarioArb = fc.record({
  termEnd: fc.constantFrom('2024-02-29', '2024-01-15', '2023-12-10'),
  steps: fc.array(stepArb, { minLength: RUN_DATES.length, maxLength: RUN_DATES.length }),
});

async function given(termEnd: string): Promise<TestBilling> {
  const billing = newBilling({}, '2024-03-01T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S4',
        termType: 'Termed',
        termStart: '2023-03-01',
        termEnd,
        ratePlans: [
          {
            id: 'RP-S4',
            name: 'S4',
            charges: [
              {
                number: 'C-S4',
                name: 'S4',
                type: 'Recurring',
                price: '1200.00',
                listPriceBase: 'Year',
                billingPeriod: 'Quarter',
              },
            ],
          },
        ],
      },
    ],
  });
  return billing;
}

/** The lines of the live (Draft or Posted) invoices, by service start. */
function liveLines(billing: TestBilling): string[] {
  return billing.store.probe
    .snapshot()
    .invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted')
    .flatMap((i) => i.lines.map((l) => `${l.amount} ${l.serviceStartDate}..${l.serviceEndDate}`))
    .sort((a, b) => (a.slice(a.indexOf(' ')) < b.slice(b.indexOf(' ')) ? -1 : 1));
}

/**
 * What the live invoices bill in the end, by term end: each quarter 300.00, the last one cut at the term's end
 * (§7.4: 15 days of January's 31 are 48.39 of a month's 100.00; 10 days of December's 31, 32.26).
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  '2024-02-29': [
    '300.00 2023-03-01..2023-05-31',
    '300.00 2023-06-01..2023-08-31',
    '300.00 2023-09-01..2023-11-30',
    '300.00 2023-12-01..2024-02-29',
  ],
  '2024-01-15': [
    '300.00 2023-03-01..2023-05-31',
    '300.00 2023-06-01..2023-08-31',
    '300.00 2023-09-01..2023-11-30',
    '148.39 2023-12-01..2024-01-15',
  ],
  '2023-12-10': [
    '300.00 2023-03-01..2023-05-31',
    '300.00 2023-06-01..2023-08-31',
    '300.00 2023-09-01..2023-11-30',
    '32.26 2023-12-01..2023-12-10',
  ],
};

describe('standard billing after canceled and reversed invoices (§6.4, §6.5)', () => {
  test.prop([scenarioArb], { numRuns: 40 })(
    'whatever invoices are canceled or reversed, in any order, the live invoices end up billing each period exactly once, its value',
    async ({ termEnd, steps }) => {
      const billing = await given(termEnd);
      for (const [k, step] of steps.entries()) {
        expectOk(await runBillRun(billing.context, { targetDate: RUN_DATES[k] as string }));
        const live = () =>
          billing.store.probe
            .snapshot()
            .invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted');
        if (step.post)
          for (const i of live())
            if (i.status === 'Draft')
              expectOk(await postInvoice(billing.context, { invoiceNumber: i.number }));
        for (const [n, i] of live().entries()) {
          if (step.revert[n] !== true) continue;
          const revert = i.status === 'Draft' ? cancelInvoice : reverseInvoice;
          expectOk(await revert(billing.context, { invoiceNumber: i.number }));
        }
      }
      expectOk(await runBillRun(billing.context, { targetDate: SETTLE }));
      expect(liveLines(billing)).toEqual(EXPECTED[termEnd]);
      expect(billing.store.probe.snapshot().creditMemos).toEqual([]);
    },
  );
});
