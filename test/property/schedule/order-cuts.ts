// Shared pieces of the order-change properties (order-changes, undo-detach): the bill-run and cut steps, small
// accounts whose values a cut moves by a whole day's worth, and applying a cut as a host would, through an order.
import { fc } from '@fast-check/vitest';
import type { TenantSettings } from '../../../src/domain/settings';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { addDays, addMonths, type BusinessDate, daysBetween, maxDate } from '../../../src/time/date';
import {
  accountGenArb,
  billRunDates,
  chargeGenArb,
  createRequest,
  type SchedulePlan,
  type ScheduleScenario,
  subscriptionGenArb,
} from '../../support/arbitraries';
import { expectOk, newBilling, type TestBilling } from '../../support/billing';
import { billRun, loadSchedule, setUpAccount } from './harness';

export type BillRunStep = { readonly kind: 'billRun'; readonly position: number };

export type CutStep = {
  readonly kind: 'RemoveProduct' | 'CancelSubscription';
  readonly sub: number;
  readonly position: number;
};

export const billRunStepArb: fc.Arbitrary<BillRunStep> = fc.record({
  kind: fc.constant('billRun' as const),
  position: fc.integer({ min: 0, max: 1000 }),
});

export const cutStepArb: fc.Arbitrary<CutStep> = fc.record({
  kind: fc.constantFrom('RemoveProduct' as const, 'CancelSubscription' as const),
  sub: fc.nat({ max: 4 }),
  position: fc.integer({ min: 0, max: 1000 }),
});

// Small values as well: a cut moves a small charge's rounded total, or a neighbour's, by a whole day's worth.
export const smallAccountArb = fc.oneof(
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
export function currentEnds(billing: TestBilling): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const { subscriptions } = billing.store.probe.snapshot();
  for (const sub of Object.values(subscriptions))
    for (const plan of sub.ratePlans)
      for (const c of plan.charges) out.set(`${sub.number}/${c.number}`, c.endDate);
  return out;
}

/** A cut an {@link orderCutter} made: the subscription, the action's effective date, and whether it was accepted. */
export interface AppliedCut {
  readonly subscriptionNumber: string;
  readonly effectiveDate: BusinessDate;
  readonly accepted: boolean;
}

/**
 * Cuts the scenario's subscriptions through orders, as a host would: each call saves and activates the next order
 * (O-1001, O-1002 …) removing the plan of, or cancelling, the `sub`-th subscription (modulo their count) at
 * `position` per mille of its term. A second cut of a subscription already cut earlier may be refused; only
 * accepted changes matter.
 */
export function orderCutter(
  billing: TestBilling,
  scenario: ScheduleScenario,
): (step: CutStep) => Promise<AppliedCut> {
  const { account, gen } = scenario;
  const terms = gen.subscriptions.map((sub, i) => {
    const termStart = addDays('2022-01-01' as BusinessDate, sub.startOffset);
    return {
      subscriptionNumber: `S${i + 1}`,
      termStart,
      termEnd: addDays(addMonths(termStart, sub.termMonths), -1),
    };
  });
  let orders = 0;
  return async (step) => {
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
    const activated = await activateSavedOrder(billing.context, { orderNumber });
    return { subscriptionNumber: term.subscriptionNumber, effectiveDate, accepted: activated.isOk() };
  };
}

/**
 * The scenario's account set up and its schedule created on a fresh billing with `settings`, and an `orderCutter`
 * for its subscriptions.
 */
export async function givenScheduleToCut(
  scenario: ScheduleScenario,
  settings: Partial<TenantSettings>,
): Promise<{ billing: TestBilling; number: string; cut: (step: CutStep) => Promise<AppliedCut> }> {
  const billing = newBilling(settings);
  await setUpAccount(billing, scenario.account);
  const { number } = expectOk(await createInvoiceSchedule(billing.context, createRequest(scenario)));
  return { billing, number, cut: orderCutter(billing, scenario) };
}

/** A bill run at the `position`-th date around the plan. */
export async function billRunAt(billing: TestBilling, plan: SchedulePlan, step: BillRunStep): Promise<void> {
  const [targetDate] = billRunDates(plan, [step.position]);
  await billRun(billing, { targetDate: targetDate as string });
}

/**
 * Bill runs through the plan's last run date, then through any credit still due, as the Scheduler does day after
 * day; `afterEach` runs after every bill run.
 */
export async function billThroughTheEnd(
  billing: TestBilling,
  plan: SchedulePlan,
  scheduleNumber: string,
  afterEach: () => void = () => {},
): Promise<void> {
  let targetDate = plan.runDates.at(-1) as BusinessDate;
  await billRun(billing, { targetDate });
  afterEach();
  for (let n = 0; n < 400; n++) {
    const { nextRunDate } = await loadSchedule(billing, scheduleNumber);
    if (nextRunDate === null) break;
    targetDate = maxDate(nextRunDate as BusinessDate, addDays(targetDate, 1));
    await billRun(billing, { targetDate });
    afterEach();
  }
}
