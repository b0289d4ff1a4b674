import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { type BusinessDate, isAfter, isBefore } from '../../../src/time/date';
import { scheduleScenarioArb, scheduleSettingsArb } from '../../support/arbitraries';
import { loadSchedule, runs } from './harness';
import { billThroughTheEnd, cutStepArb, givenScheduleToCut, smallAccountArb } from './order-cuts';

// Decision 2: no document is issued for a rounding residual alone. A cut of one subscription on a fully processed
// schedule can take a rounding unit from a charge of another (the set's total rounds down without the cut
// charge's remainder); that unit was credited on a memo of its own, dated the day after its charge's end (found:
// JPY, S1 credited 53 yen on 2022-02-25, S2 1 yen alone on 2023-05-01). It goes with the cut's credit now.

describe('a rounding unit taken from an unchanged charge is credited with the cut (decision 2)', () => {
  test.prop([scheduleScenarioArb('', smallAccountArb), cutStepArb, scheduleSettingsArb], runs(200))(
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
      // A cut worth less than a unit may credit another charge's unit alone (every credit is then a residual:
      // each keeps its own day).
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
