import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../../src/operations/invoices';
import {
  attachInvoiceScheduleCharges,
  detachInvoiceScheduleCharges,
} from '../../../src/operations/lifecycle';
import { scheduleScenarioArb, scheduleSettingsArb } from '../../support/arbitraries';
import type { TestBilling } from '../../support/billing';
import { expectServicePeriodsInsideAndForward, live, loadSchedule, runs, scheduleInvoices } from './harness';
import {
  type BillRunStep,
  billRunAt,
  billRunStepArb,
  billThroughTheEnd,
  type CutStep,
  currentEnds,
  cutStepArb,
  givenScheduleToCut,
  smallAccountArb,
} from './order-cuts';

// Review 4 (§7.4, §5.4, §5.5, decision 3): the order changes of order-changes.property.test.ts, with the latest
// invoice of the schedule canceled or reversed between them, and charges detached and attached back. An invoice
// gone back no longer serves its charges, but the lines before it do: billed again, a charge's line starts no
// earlier than the line that went back did (the same day at the earliest), and never inside a live line.

type Step =
  | BillRunStep
  | { readonly kind: 'undo' }
  | { readonly kind: 'detach' | 'attach'; readonly pick: number }
  | CutStep;

const randomStepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { arbitrary: billRunStepArb, weight: 4 },
    { arbitrary: cutStepArb, weight: 2 },
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

const positionArb = fc.integer({ min: 0, max: 1000 });

// The shapes of review 4, which random steps rarely line up: a cut between two items and the second one gone
// back (A, C), and a charge detached, another cut, the charge attached back (C) — each among random steps.
const stepsArb: fc.Arbitrary<Step[]> = fc.oneof(
  randomStepsArb,
  fc
    .tuple(randomStepsArb, positionArb, cutStepArb, positionArb, randomStepsArb)
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
    .tuple(positionArb, fc.nat({ max: 8 }), cutStepArb, positionArb, randomStepsArb)
    .map(([first, pick, cut, second, after]): Step[] => [
      { kind: 'billRun', position: first },
      { kind: 'detach', pick },
      cut,
      { kind: 'attach', pick: 0 },
      { kind: 'billRun', position: second },
      ...after,
    ]),
);

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
      const { account, plan } = scenario;
      const { billing, number, cut } = await givenScheduleToCut(scenario, settings);
      const seen = { invoices: new Set<string>(), memos: new Set<string>() };
      const floors = new Map<string, string>();
      const endsAtIssue = new Map<string, ReadonlyMap<string, string>>();
      for (const step of steps) {
        if (step.kind === 'billRun') {
          await billRunAt(billing, plan, step);
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
          await cut(step);
        }
        checkNewDocuments(billing, seen, floors, endsAtIssue);
      }
      await billThroughTheEnd(billing, plan, number, () =>
        checkNewDocuments(billing, seen, floors, endsAtIssue),
      );
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
