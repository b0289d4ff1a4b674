import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { scheduleScenarioArb, scheduleSettingsArb } from '../../support/arbitraries';
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

// Review 2 (§7.4, decision 3): an order change between two items moves a charge's total — its own (a cancel or
// removal cuts it) or, through the set rounding (decision 2), another charge's — and the next line's start,
// recomputed from the new total, went back into days already billed. `ScheduleCharge.servedThrough` keeps where
// the lines served through. (A price change of a scheduled charge is refused once an item is processed, §8.5, so
// only cuts reach a charge already served.)

type Step = BillRunStep | CutStep;

const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof({ arbitrary: billRunStepArb, weight: 3 }, { arbitrary: cutStepArb, weight: 2 }),
  { maxLength: 10 },
);

describe('service periods after order changes (§7.4, decision 3)', () => {
  test.prop([scheduleScenarioArb('', smallAccountArb), stepsArb, scheduleSettingsArb], runs(60))(
    'after cancellations and removals between items, the lines of each charge never go backwards',
    async (scenario, steps, settings) => {
      const { account, plan } = scenario;
      const { billing, number, cut } = await givenScheduleToCut(scenario, settings);
      for (const step of steps) {
        if (step.kind === 'billRun') await billRunAt(billing, plan, step);
        else await cut(step);
      }
      await billThroughTheEnd(billing, plan, number);
      expect((await loadSchedule(billing, number)).status).toBe('FullyProcessed');
      const invoices = [...live(await scheduleInvoices(billing, number))].sort((a, b) =>
        a.number < b.number ? -1 : 1,
      );
      expectServicePeriodsInsideAndForward(account, invoices, currentEnds(billing));
    },
  );
});
