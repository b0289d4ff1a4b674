import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import { givenAccount, givenActivatedOrder } from '../../support/scenarios';
import { type ChargeSpec, dayOf, expectedValueUnits, plusDays, units } from './scenario';

// Standard billing of a charge whose end an order moves earlier (§8.4: Cancel Subscription, Remove Product, a
// shorter term) while invoices of its periods are canceled or reversed (§6.4), in any order: a charge of S4,
// billed per month or quarter from 2023-01-01 (term 2023), is billed by runs on random days; after each run its
// invoices may be posted and any live one not credited canceled (Draft) or reversed (Posted); before one run
// (or two: a shorter term, then an earlier cut) an order moves the charge's end earlier. A last run on
// 2024-01-01 settles: the charge is then billed exactly its value (the independent oracle of scenario.ts), and
// the days its live lines bill (each invoice line up to the first day a credit memo line credits of it) are
// exactly its service days, each once. Found in review: Q1 canceled, Q2 and Q3 live, cancelled as of 2023-07-01
// — Q2 + Q3 is the new value, so Q3 stayed billed after the end and Q1 unbilled.

const START = '2023-01-01';
const SETTLE = '2024-01-01';

type MoveKind = 'CancelSubscription' | 'RemoveProduct' | 'TermsAndConditions';

const stepArb = fc.record({
  /** The run's target date, days after 2023-01-01. */
  day: fc.integer({ min: 0, max: 364 }),
  post: fc.boolean(),
  /** Which live invoices (by number order) to cancel or reverse after the run. */
  revert: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});

const scenarioArb = fc.record({
  billingPeriod: fc.constantFrom('Month', 'Quarter'),
  /** Price per year in cents. */
  priceUnits: fc.integer({ min: 1_200, max: 2_000_000 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
  /** The step before whose run the (first) order moves the end. */
  at: fc.nat(),
  first: fc.constantFrom<MoveKind>('CancelSubscription', 'RemoveProduct', 'TermsAndConditions'),
  /** The first order's effective date (the new end's next day), days after 2023-01-01. */
  offset: fc.integer({ min: 1, max: 364 }),
  /** A second, earlier cut after a shorter term: its kind, the step before which it comes, how many days earlier. */
  second: fc.option(
    fc.record({
      kind: fc.constantFrom<MoveKind>('CancelSubscription', 'RemoveProduct', 'TermsAndConditions'),
      at: fc.nat(),
      earlier: fc.integer({ min: 1, max: 200 }),
    }),
  ),
});

function cents(value: number): string {
  const s = String(value).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

async function given(billingPeriod: string, priceUnits: number): Promise<TestBilling> {
  const billing = newBilling({}, '2024-01-02T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: START,
    actions: [
      {
        type: 'CreateSubscription',
        subscriptionNumber: 'S4',
        termType: 'Termed',
        termStart: START,
        termEnd: '2023-12-31',
        ratePlans: [
          {
            id: 'RP-S4',
            name: 'S4',
            charges: [
              {
                number: 'C-S4',
                name: 'S4',
                type: 'Recurring',
                price: cents(priceUnits),
                listPriceBase: 'Year',
                billingPeriod,
              },
            ],
          },
        ],
      },
    ],
  });
  return billing;
}

/** The order action that makes `effectiveDate` the charge's first day without service. */
function moveAction(kind: MoveKind, effectiveDate: string) {
  if (kind === 'TermsAndConditions')
    return { type: kind, subscriptionNumber: 'S4', termEnd: plusDays(effectiveDate, -1) };
  if (kind === 'RemoveProduct')
    return { type: kind, subscriptionNumber: 'S4', ratePlanId: 'RP-S4', effectiveDate };
  return { type: kind, subscriptionNumber: 'S4', effectiveDate };
}

/**
 * The days the live lines bill, as [first, last] day numbers, by first day: each live invoice line with something
 * left after the credit memo lines crediting it, up to the day before the earliest of them starts.
 */
function liveBilledDays(billing: TestBilling): [number, number][] {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  const credited = new Map<string, { amount: bigint; from: number }>();
  for (const memo of creditMemos)
    for (const l of memo.lines) {
      if (l.creditedInvoiceLineId === null) continue;
      const found = credited.get(l.creditedInvoiceLineId) ?? { amount: 0n, from: Number.POSITIVE_INFINITY };
      credited.set(l.creditedInvoiceLineId, {
        amount: found.amount + units(l.amount, 2),
        from: Math.min(found.from, dayOf(l.serviceStartDate)),
      });
    }
  const out: [number, number][] = [];
  for (const invoice of invoices) {
    if (invoice.status !== 'Draft' && invoice.status !== 'Posted') continue;
    for (const line of invoice.lines) {
      const credit = credited.get(line.id);
      if (credit !== undefined && credit.amount >= units(line.amount, 2)) continue;
      const last = Math.min(dayOf(line.serviceEndDate), (credit?.from ?? Number.POSITIVE_INFINITY) - 1);
      out.push([dayOf(line.serviceStartDate), last]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** What the live documents bill in cents: live invoices minus every credit memo. */
function billedUnits(billing: TestBilling): bigint {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  let total = 0n;
  for (const i of invoices) if (i.status === 'Draft' || i.status === 'Posted') total += units(i.amount, 2);
  for (const m of creditMemos) total -= units(m.amount, 2);
  return total;
}

describe('standard billing: a charge cut short of its billed days while invoices are canceled or reversed (§8.4, §6.4)', () => {
  test.prop([scenarioArb], { numRuns: 60 })(
    "whatever is billed, canceled or reversed before and after the charge's end moves earlier, the settled charge is billed exactly its value and its live lines bill exactly its service days, each once",
    async ({ billingPeriod, priceUnits, steps, at, first, offset, second }) => {
      const billing = await given(billingPeriod, priceUnits);
      const runs = [...steps].sort((a, b) => a.day - b.day);
      let effective = plusDays(START, offset);
      const moves: { at: number; kind: MoveKind; effectiveDate: string }[] = [
        {
          at: at % runs.length,
          kind: second === null ? first : 'TermsAndConditions',
          effectiveDate: effective,
        },
      ];
      if (second !== null && offset - second.earlier >= 1) {
        effective = plusDays(START, offset - second.earlier);
        moves.push({
          at: Math.max(moves[0]?.at ?? 0, second.at % runs.length),
          kind: second.kind,
          effectiveDate: effective,
        });
      }
      let orders = 1;
      for (const [k, step] of runs.entries()) {
        const runDate = plusDays(START, step.day);
        for (const move of moves.filter((m) => m.at === k)) {
          orders += 1;
          await givenActivatedOrder(billing, {
            number: `O-000${orders}`,
            orderDate: runDate,
            actions: [moveAction(move.kind, move.effectiveDate)],
          });
        }
        expectOk(await runBillRun(billing.context, { targetDate: runDate }));
        const snapshot = () => billing.store.probe.snapshot();
        const live = () => snapshot().invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted');
        if (step.post)
          for (const i of live())
            if (i.status === 'Draft')
              expectOk(await postInvoice(billing.context, { invoiceNumber: i.number }));
        const credited = new Set(
          snapshot().creditMemos.flatMap((m) => m.lines.map((l) => l.creditedInvoiceNumber)),
        );
        for (const [n, i] of live().entries()) {
          if (step.revert[n] !== true || credited.has(i.number)) continue;
          const revert = i.status === 'Draft' ? cancelInvoice : reverseInvoice;
          expectOk(await revert(billing.context, { invoiceNumber: i.number }));
        }
      }
      expectOk(await runBillRun(billing.context, { targetDate: SETTLE }));
      const end = plusDays(effective, -1);
      const charge: ChargeSpec = {
        number: 'C-S4',
        kind: 'Recurring',
        priceUnits,
        listPriceBase: 'Year',
        billingPeriod: billingPeriod as 'Month' | 'Quarter',
        startDate: START,
        endDate: end,
      };
      expect(billedUnits(billing)).toBe(expectedValueUnits(charge, 'actual'));
      // The live lines' days, merged when adjacent: one stretch, the charge's service days; none billed twice.
      const days = liveBilledDays(billing);
      for (const [k, [from]] of days.entries())
        if (k > 0) expect(from, 'a day billed twice').toBeGreaterThan((days[k - 1] as [number, number])[1]);
      const merged = days.reduce<[number, number][]>((acc, [from, to]) => {
        const last = acc[acc.length - 1];
        if (last !== undefined && from === last[1] + 1) last[1] = to;
        else acc.push([from, to]);
        return acc;
      }, []);
      expect(merged).toEqual([[dayOf(START), dayOf(end)]]);
      // Settled: a run again issues nothing.
      const again = expectOk(await runBillRun(billing.context, { targetDate: SETTLE }));
      expect([again.invoiceNumbers, again.creditMemoNumbers]).toEqual([[], []]);
    },
  );
});
