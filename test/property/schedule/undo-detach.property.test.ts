import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import {
  attachInvoiceScheduleCharges,
  detachInvoiceScheduleCharges,
} from '../../../src/operations/lifecycle';
import { addDays, addMonths, type BusinessDate, daysBetween, maxDate } from '../../../src/time/date';
import {
  accountGenArb,
  billRunDates,
  chargeGenArb,
  createRequest,
  scheduleScenarioArb,
  scheduleSettingsArb,
  subscriptionGenArb,
} from '../../support/arbitraries';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import {
  billRun,
  expectServicePeriodsInsideAndForward,
  live,
  loadSchedule,
  runs,
  scheduleInvoices,
  setUpAccount,
} from './harness';

// Review 4 (§7.4, §5.4, §5.5, decision 3): the order changes of order-changes.property.test.ts, with the latest
// invoice of the schedule canceled or reversed between them, and charges detached and attached back. An invoice
// gone back no longer serves its charges, but the lines before it do: billed again, a charge's line starts no
// earlier than the line that went back did (the same day at the earliest), and never inside a live line.

type Step =
  | { readonly kind: 'billRun'; readonly position: number }
  | { readonly kind: 'undo' }
  | { readonly kind: 'detach' | 'attach'; readonly pick: number }
  | {
      readonly kind: 'RemoveProduct' | 'CancelSubscription';
      readonly sub: number;
      readonly position: number;
    };

const randomStepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('billRun' as const),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
      weight: 4,
    },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom('RemoveProduct' as const, 'CancelSubscription' as const),
        sub: fc.nat({ max: 4 }),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
      weight: 2,
    },
    { arbitrary: fc.constant({ kind: 'undo' as const }), weight: 2 },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom('detach' as const, 'attach' as const),
        pick: fc.nat({ max: 8 }),
      }),
      weight: 2,
    },
  ),
  { maxLength: 14 },
);

const cutArb = fc.record({
  kind: fc.constantFrom('RemoveProduct' as const, 'CancelSubscription' as const),
  sub: fc.nat({ max: 4 }),
  position: fc.integer({ min: 0, max: 1000 }),
});
const positionArb = fc.integer({ min: 0, max: 1000 });

// The shapes of review 4, which random steps rarely line up: a cut between two items and the second one gone
// back (A, C), and a charge detached, another cut, the charge attached back (C) — each among random steps.
const stepsArb: fc.Arbitrary<Step[]> = fc.oneof(
  randomStepsArb,
  fc
    .tuple(randomStepsArb, positionArb, cutArb, positionArb, randomStepsArb)
    .map(([before, first, cut, second, after]): Step[] => [
      ...before,
      { kind: 'billRun', position: first },
      cut,
      { kind: 'billRun', position: second },
      { kind: 'undo' },
      { kind: 'billRun', position: second },
      ...after,
    ]),
  fc
    .tuple(positionArb, fc.nat({ max: 8 }), cutArb, positionArb, randomStepsArb)
    .map(([first, pick, cut, second, after]): Step[] => [
      { kind: 'billRun', position: first },
      { kind: 'detach', pick },
      cut,
      { kind: 'attach', pick: 0 },
      { kind: 'billRun', position: second },
      ...after,
    ]),
);

// Small values as well: a cut moves a small charge's rounded total, or a neighbour's, by a whole day's worth.
const smallAccountArb = fc.oneof(
  accountGenArb,
  fc.record({
    currency: fc.constantFrom('JPY' as const, 'USD' as const),
    subscriptions: fc.array(
      fc.record({
        startOffset: subscriptionGenArb.map((s) => s.startOffset),
        termMonths: fc.integer({ min: 3, max: 24 }),
        charges: fc.array(
          fc.record({
            type: fc.constant('Recurring' as const),
            units: fc.bigInt({ min: 1n, max: 3_000n }),
            quantity: fc.constant(1 as const),
            listPriceBase: fc.constant('Year' as const),
            periodChoice: chargeGenArb.map((c) => c.periodChoice),
            startPermille: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 999 })),
            endPermille: fc.constant(0),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        discounts: fc.constant([]),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
);

/** Each charge's end date now, by `subscription/charge` (a cut moved it), read from the store directly. */
function currentEnds(billing: TestBilling): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const { subscriptions } = billing.store.probe.snapshot();
  for (const sub of Object.values(subscriptions))
    for (const plan of sub.ratePlans)
      for (const c of plan.charges) out.set(`${sub.number}/${c.number}`, c.endDate);
  return out;
}

/**
 * Checks the invoices issued since the last call, and records the charges' end dates for them (`endsAtIssue`):
 * a charge line of one starts no earlier than where the line of an invoice gone back started (`floors`, by
 * charge; cleared once checked, or once a credit memo line of the charge credits days), unless the charge ends
 * before that day now.
 */
function checkNewDocuments(
  billing: TestBilling,
  seen: { invoices: Set<string>; memos: Set<string> },
  floors: Map<string, string>,
  endsAtIssue: Map<string, ReadonlyMap<string, string>>,
): void {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  const ends = currentEnds(billing);
  for (const memo of creditMemos) {
    if (seen.memos.has(memo.number)) continue;
    seen.memos.add(memo.number);
    for (const l of memo.lines) floors.delete(`${l.subscriptionNumber}/${l.chargeNumber}`);
  }
  for (const invoice of [...invoices].sort((a, b) => (a.number < b.number ? -1 : 1))) {
    if (seen.invoices.has(invoice.number)) continue;
    seen.invoices.add(invoice.number);
    endsAtIssue.set(invoice.number, ends);
    for (const l of invoice.lines) {
      if (l.kind !== 'Charge') continue;
      const k = `${l.subscriptionNumber}/${l.chargeNumber}`;
      const floor = floors.get(k);
      if (floor === undefined) continue;
      const end = ends.get(k);
      const least = end !== undefined && end < floor ? end : floor;
      expect(
        l.serviceStartDate >= least,
        `${invoice.number} ${k} [${l.serviceStartDate}, ${l.serviceEndDate}]: its line that went back started ${floor}`,
      ).toBe(true);
      floors.delete(k);
    }
  }
}

describe('service periods after undo, detach and attach (§7.4, §5.4, §5.5, decision 3)', () => {
  test.prop([scheduleScenarioArb('', smallAccountArb), stepsArb, scheduleSettingsArb], runs(100))(
    'with cuts, the latest invoice going back, detach and attach between items, the lines of each charge never go backwards',
    async (scenario, steps, settings) => {
      const { account, plan, gen } = scenario;
      const billing = newBilling(settings);
      await setUpAccount(billing, account);
      const { number } = expectOk(await createInvoiceSchedule(billing.context, createRequest(scenario)));
      const terms = gen.subscriptions.map((sub, i) => {
        const termStart = addDays('2022-01-01' as BusinessDate, sub.startOffset);
        return {
          subscriptionNumber: `S${i + 1}`,
          termStart,
          termEnd: addDays(addMonths(termStart, sub.termMonths), -1),
        };
      });
      const seen = { invoices: new Set<string>(), memos: new Set<string>() };
      const floors = new Map<string, string>();
      const endsAtIssue = new Map<string, ReadonlyMap<string, string>>();
      let orders = 0;
      for (const step of steps) {
        if (step.kind === 'billRun') {
          const [targetDate] = billRunDates(plan, [step.position]);
          await billRun(billing, { targetDate: targetDate as string });
        } else if (step.kind === 'undo') {
          const latest = live(await scheduleInvoices(billing, number))
            .sort((a, b) => (a.number < b.number ? -1 : 1))
            .at(-1);
          if (latest === undefined) continue;
          const undo = latest.status === 'Draft' ? cancelInvoice : reverseInvoice;
          // Refused while a charge is detached (§5.4) or a credit memo is linked: only accepted undos matter.
          const undone = await undo(billing.context, { invoiceNumber: latest.number });
          if (undone.isOk()) {
            for (const l of latest.lines) {
              if (l.kind !== 'Charge' || l.invoiceScheduleNumber !== number) continue;
              const k = `${l.subscriptionNumber}/${l.chargeNumber}`;
              const floor = floors.get(k);
              if (floor === undefined || l.serviceStartDate < floor) floors.set(k, l.serviceStartDate);
            }
          }
        } else if ('pick' in step) {
          const schedule = await loadSchedule(billing, number);
          const candidates = schedule.charges.filter((c) => c.detached === (step.kind === 'attach'));
          const charge = candidates[step.pick % Math.max(candidates.length, 1)];
          if (charge === undefined) continue;
          // A host posts the schedule's drafts before detaching (§5.4).
          if (step.kind === 'detach')
            for (const invoice of await scheduleInvoices(billing, number))
              if (invoice.status === 'Draft')
                await postInvoice(billing.context, { invoiceNumber: invoice.number });
          const action = step.kind === 'detach' ? detachInvoiceScheduleCharges : attachInvoiceScheduleCharges;
          // Refused when the schedule is not yet processed, or the charge was billed elsewhere since (§5.5).
          await action(billing.context, {
            invoiceScheduleNumber: number,
            specificSubscriptions: [
              { subscriptionNumber: charge.subscriptionNumber, chargeNumbers: [charge.chargeNumber] },
            ],
          });
        } else {
          const term = terms[step.sub % terms.length] as (typeof terms)[number];
          const effectiveDate = addDays(
            term.termStart,
            Math.floor((daysBetween(term.termStart, term.termEnd) * step.position) / 1000),
          );
          orders += 1;
          const orderNumber = `O-1${String(orders).padStart(3, '0')}`;
          const action =
            step.kind === 'RemoveProduct'
              ? {
                  type: 'RemoveProduct',
                  subscriptionNumber: term.subscriptionNumber,
                  ratePlanId: `rp-${term.subscriptionNumber}`,
                  effectiveDate,
                }
              : { type: 'CancelSubscription', subscriptionNumber: term.subscriptionNumber, effectiveDate };
          expectOk(
            await saveNewOrder(billing.context, {
              number: orderNumber,
              accountNumber: account.accountNumber,
              orderDate: terms[0]?.termStart as string,
              actions: [action],
            }),
          );
          // A second cut of a subscription already cut earlier may be refused; only accepted changes matter.
          await activateSavedOrder(billing.context, { orderNumber });
        }
        checkNewDocuments(billing, seen, floors, endsAtIssue);
      }
      // Through the last run date, then through any credit still due, as the Scheduler does day after day.
      let targetDate = plan.runDates.at(-1) as BusinessDate;
      await billRun(billing, { targetDate });
      checkNewDocuments(billing, seen, floors, endsAtIssue);
      for (let n = 0; n < 400; n++) {
        const { nextRunDate } = await loadSchedule(billing, number);
        if (nextRunDate === null) break;
        targetDate = maxDate(nextRunDate as BusinessDate, addDays(targetDate, 1));
        await billRun(billing, { targetDate });
        checkNewDocuments(billing, seen, floors, endsAtIssue);
      }
      expect((await loadSchedule(billing, number)).status).toBe('FullyProcessed');
      // Every live invoice of the account: the schedule's, and standard billing's of the charges detached.
      const invoices = billing.store.probe
        .snapshot()
        .invoices.filter((i) => i.status === 'Draft' || i.status === 'Posted')
        .sort((a, b) => (a.number < b.number ? -1 : 1));
      expectServicePeriodsInsideAndForward(
        account,
        invoices as unknown as Parameters<typeof expectServicePeriodsInsideAndForward>[1],
        currentEnds(billing),
        endsAtIssue,
      );
    },
  );
});
