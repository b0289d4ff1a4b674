import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
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

// Review 2 (§7.4, decision 3): an order change between two items moves a charge's total — its own (a cancel or
// removal cuts it) or, through the set rounding (decision 2), another charge's — and the next line's start,
// recomputed from the new total, went back into days already billed. `ScheduleCharge.servedThrough` keeps where
// the lines served through. (A price change of a scheduled charge is refused once an item is processed, §8.5, so
// only cuts reach a charge already served.)

type Step =
  | { readonly kind: 'billRun'; readonly position: number }
  | {
      readonly kind: 'RemoveProduct' | 'CancelSubscription';
      readonly sub: number;
      readonly position: number;
    };

const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('billRun' as const),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom('RemoveProduct' as const, 'CancelSubscription' as const),
        sub: fc.nat({ max: 4 }),
        position: fc.integer({ min: 0, max: 1000 }),
      }),
      weight: 2,
    },
  ),
  { maxLength: 10 },
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

describe('service periods after order changes (§7.4, decision 3)', () => {
  test.prop([scheduleScenarioArb('', smallAccountArb), stepsArb, scheduleSettingsArb], runs(60))(
    'after cancellations and removals between items, the lines of each charge never go backwards',
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
      let orders = 0;
      for (const step of steps) {
        if (step.kind === 'billRun') {
          const [targetDate] = billRunDates(plan, [step.position]);
          await billRun(billing, { targetDate: targetDate as string });
          continue;
        }
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
      // Through the last run date, then through any credit still due, as the Scheduler does day after day.
      let targetDate = plan.runDates.at(-1) as BusinessDate;
      await billRun(billing, { targetDate });
      for (let n = 0; n < 400; n++) {
        const { nextRunDate } = await loadSchedule(billing, number);
        if (nextRunDate === null) break;
        targetDate = maxDate(nextRunDate as BusinessDate, addDays(targetDate, 1));
        await billRun(billing, { targetDate });
      }
      expect((await loadSchedule(billing, number)).status).toBe('FullyProcessed');
      const invoices = [...live(await scheduleInvoices(billing, number))].sort((a, b) =>
        a.number < b.number ? -1 : 1,
      );
      expectServicePeriodsInsideAndForward(account, invoices, currentEnds(billing));
    },
  );
});
