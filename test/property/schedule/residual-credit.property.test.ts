import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { runBillRun } from '../../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { addDays, addMonths, type BusinessDate, isAfter, isBefore } from '../../../src/time/date';
import { scheduleScenarioArb, scheduleSettingsArb } from '../../support/arbitraries';
import { expectOk } from '../../support/billing';
import { givenActivatedOrder, givenYenChargesBilledInFull, removeProducts } from '../../support/scenarios';
import { loadSchedule, runs } from './harness';
import { billThroughTheEnd, cutStepArb, givenScheduleToCut, smallAccountArb } from './order-cuts';

// Decision 2: no document is issued for a rounding residual alone. A cut of one subscription on a fully processed
// schedule can take a rounding unit from a charge of another (the set's total rounds down without the cut
// charge's remainder); that unit was credited on a memo of its own, dated the day after its charge's end (found:
// JPY, S1 credited 53 yen on 2022-02-25, S2 1 yen alone on 2023-05-01). It goes with the cut's credit now.

// Cuts near a term's end as well: a cut of a day or two is worth less than a unit of a small yen charge, the shape of a
// removal that credits nothing itself (the set rounding gives the cut charge the unit and takes another's).
const lateCutStepArb = fc.oneof(
  cutStepArb,
  cutStepArb.chain((step) => fc.integer({ min: 990, max: 1000 }).map((position) => ({ ...step, position }))),
);

describe('a rounding unit taken from an unchanged charge is credited with the cut (decision 2)', () => {
  test.prop([scheduleScenarioArb('', smallAccountArb), lateCutStepArb, scheduleSettingsArb], runs(200))(
    'a cut of a fully processed schedule: when it credits the cut subscription, every credit memo of the schedule credits it',
    async (scenario, step, settings) => {
      const { plan } = scenario;
      const { billing, number, cut } = await givenScheduleToCut(scenario, settings);
      await billThroughTheEnd(billing, plan, number);
      expect((await loadSchedule(billing, number)).status).toBe('FullyProcessed');
      await cut(step);
      await billThroughTheEnd(billing, plan, number);
      const cutSubscription = `S${(step.sub % scenario.gen.subscriptions.length) + 1}`;
      const memos = Object.values(billing.store.probe.snapshot().creditMemos).filter((m) =>
        m.lines.some((l) => l.invoiceScheduleNumber === number),
      );
      const credited = memos.some((m) =>
        m.lines.some((l) => l.subscriptionNumber === cutSubscription && new Dec(l.amount).gt(0)),
      );
      // A cut worth less than a unit may credit another charge's unit only (every credit is then a residual: they
      // are due with the cut, see the last property).
      if (!credited) return;
      for (const memo of memos) {
        expect(
          memo.lines.some((l) => l.subscriptionNumber === cutSubscription),
          `${memo.number} (${memo.memoDate}): ${memo.lines.map((l) => `${l.subscriptionNumber}/${l.chargeNumber} ${l.amount}`).join(', ')}`,
        ).toBe(true);
      }
      expect((await loadSchedule(billing, number)).status).toBe('FullyProcessed');
    },
  );

  // Review 74: a cut worth less than a unit (a removal as of a charge's last day) is a credit of its own, not a
  // rounding unit: it was credited on an earlier removal's memo, months before its own effective date (§8.4).
  test.prop(
    [
      scheduleScenarioArb('', smallAccountArb),
      fc.array(cutStepArb, { minLength: 1, maxLength: 3 }),
      scheduleSettingsArb,
    ],
    runs(300),
  )(
    'cuts of a fully processed schedule: no credit memo line of a cut subscription is dated before its first cut takes effect',
    async (scenario, steps, settings) => {
      const { plan } = scenario;
      const { billing, number, cut } = await givenScheduleToCut(scenario, settings);
      await billThroughTheEnd(billing, plan, number);
      const firstCut = new Map<string, BusinessDate>();
      for (const step of steps) {
        const applied = await cut(step);
        const known = firstCut.get(applied.subscriptionNumber);
        if (applied.accepted && (known === undefined || isBefore(applied.effectiveDate, known)))
          firstCut.set(applied.subscriptionNumber, applied.effectiveDate);
      }
      await billThroughTheEnd(billing, plan, number);
      for (const memo of Object.values(billing.store.probe.snapshot().creditMemos)) {
        for (const line of memo.lines) {
          const effective = firstCut.get(line.subscriptionNumber);
          if (line.invoiceScheduleNumber !== number || effective === undefined) continue;
          // A removal effective after the charge's own end leaves it whole: a unit on it is a rounding unit.
          const charge = scenario.account.charges.find(
            (c) => c.subscriptionNumber === line.subscriptionNumber && c.chargeNumber === line.chargeNumber,
          );
          if (charge !== undefined && isAfter(effective, charge.endDate)) continue;
          expect(
            isBefore(memo.memoDate as BusinessDate, effective),
            `${memo.number} dated ${memo.memoDate} credits ${line.subscriptionNumber}/${line.chargeNumber} ${line.amount}, cut as of ${effective}`,
          ).toBe(false);
        }
      }
    },
  );
});

// Review 74's "removal that credits nothing itself": yen charges of one term, billed in full by one item, one of them
// removed as of a day in its last days (a cut worth less than a unit when the charge is small). Whatever the set
// rounding does with the cut, a credit memo it causes is dated a day a removal takes effect (decision 2's last
// sentence, §8.4, decision 18) — not another charge's unit alone on that charge's own day — and the schedule ends
// billed exactly its amount. (Which charge the memo credits is pinned by residual-credit-date's cases.)
describe('a removal that credits nothing itself (decision 2)', () => {
  test.prop(
    [
      // The first charge at 12 yen a year or more (the schedule's total is never 0); the others from 1 yen, so some are
      // never billed (review 80).
      fc
        .tuple(
          fc.integer({ min: 12, max: 1_500 }),
          fc.array(fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 1_500 })), {
            minLength: 1,
            maxLength: 3,
          }),
        )
        .map(([first, rest]) => [first, ...rest]),
      fc.integer({ min: 1, max: 12 }),
      fc.nat({ max: 3 }),
      fc.integer({ min: 0, max: 2 }),
      fc.option(fc.record({ which: fc.nat({ max: 3 }), daysBeforeEnd: fc.integer({ min: 0, max: 3 }) })),
      // How each change cuts: a Remove Product, a Cancel Subscription, or a shorter term (review 81).
      fc.array(fc.constantFrom('remove' as const, 'cancel' as const, 'term' as const), {
        minLength: 2,
        maxLength: 2,
      }),
    ],
    runs(300),
  )(
    'any credit memo after a removal is dated a removal’s day, and the schedule ends exact',
    async (prices, months, which, daysBeforeEnd, second, kinds) => {
      // The action cutting `subscription` from `day` on.
      const cutFrom = (kind: (typeof kinds)[number] | undefined, subscription: string, day: BusinessDate) =>
        kind === 'cancel'
          ? [{ type: 'CancelSubscription', subscriptionNumber: subscription, effectiveDate: day }]
          : kind === 'term'
            ? [{ type: 'TermsAndConditions', subscriptionNumber: subscription, termEnd: addDays(day, -1) }]
            : removeProducts([subscription], day);
      const termEnd = addDays(addMonths('2023-01-01' as BusinessDate, months), -1);
      const billing = await givenYenChargesBilledInFull(prices.map(String), termEnd);
      // The removals so far: a memo is dated a removal's day, not before the day of the one just made unless it
      // credits an earlier removal's own subscription (a charge an earlier removal cut, which a later one moves a
      // unit onto, is due on its own removal's day) — never an earlier removal's day for units alone (review 79).
      // (Of two uncredited cuts the units ride the later day, which can be an earlier order's.)
      const removals: { readonly day: BusinessDate; readonly subscription: string }[] = [];
      const billRemoval = async (day: BusinessDate, subscription: string) => {
        removals.push({ day, subscription });
        const run = expectOk(await runBillRun(billing.context, { targetDate: addDays(termEnd, 1) }));
        expect(run.invoiceNumbers).toEqual([]);
        for (const number of run.creditMemoNumbers) {
          const memo = billing.store.probe.creditMemo(number);
          const lines = memo?.lines.map((l) => `${l.subscriptionNumber} ${l.amount}`).join(', ');
          const label = `${number} (${memo?.memoDate}): ${lines}`;
          const memoDate = memo?.memoDate as BusinessDate;
          // Or, once a term was shortened, the units' own day, the day after the term's end (a shorter term of a
          // charge never billed is a cut nothing can see: review 81).
          const ownDay = kinds.includes('term') ? [addDays(termEnd, 1)] : [];
          expect([...removals.map((r) => r.day), ...ownDay], label).toContain(memoDate);
          if (!isBefore(memoDate, day)) continue;
          const own = removals.filter((r) => r.day === memo?.memoDate).map((r) => r.subscription);
          expect(
            memo?.lines.some((l) => own.includes(l.subscriptionNumber) && new Dec(l.amount).gt(0)),
            label,
          ).toBe(true);
        }
      };
      const removed = `S${(which % prices.length) + 1}`;
      const effective = addDays(termEnd, -daysBeforeEnd);
      await givenActivatedOrder(billing, {
        number: 'O-0002',
        orderDate: '2023-01-15',
        actions: cutFrom(kinds[0], removed, effective),
      });
      await billRemoval(effective, removed);
      // A second removal, after the first one's memo.
      const other = second === null ? undefined : `S${(second.which % prices.length) + 1}`;
      if (second !== null && other !== removed) {
        const day = addDays(termEnd, -second.daysBeforeEnd);
        await givenActivatedOrder(billing, {
          number: 'O-0003',
          orderDate: '2023-01-15',
          actions: cutFrom(kinds[1], other as string, day),
        });
        await billRemoval(day, other as string);
      }
      const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
      expect(schedule.status).toBe('FullyProcessed');
      const billed = schedule.charges.reduce((sum, c) => sum.plus(c.billedAmount), new Dec(0));
      expect(billed.toFixed(0)).toBe(schedule.actualAmount.toFixed(0));
    },
  );
});
