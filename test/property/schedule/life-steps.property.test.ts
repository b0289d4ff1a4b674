import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import {
  createRequest,
  lifeStepsArb,
  scheduleScenarioArb,
  scheduleSettingsArb,
} from '../../support/arbitraries';
import { expectOk, newBilling } from '../../support/billing';
import {
  applyStep,
  billRun,
  expectEveryChargeBilledItsValue,
  expectIdentitiesAndStatuses,
  expectInvoicesMatchItems,
  live,
  loadSchedule,
  runs,
  scheduleInvoices,
  setUpAccount,
} from './harness';

// Reference §2.4 (amount identities), §3.1/§3.2 (statuses), §6.4 (cancel / reverse send the item back
// to Pending and it is billed again), decision 6 (billed is net), decision 14 (no double billing).
describe('invoice schedule under bill runs, cancels, posts and reversals (§2.4, §3, §6.4)', () => {
  test.prop([scheduleScenarioArb(), lifeStepsArb, scheduleSettingsArb], runs(60))(
    '"billed + unbilled = actual" and "statuses agree with items" after every step',
    async (scenario, steps, settings) => {
      const billing = newBilling(settings);
      await setUpAccount(billing, scenario.account);
      const { minorUnits } = scenario.account.currency;
      const { number } = expectOk(await createInvoiceSchedule(billing.context, createRequest(scenario)));
      const check = async () =>
        expectIdentitiesAndStatuses(
          await loadSchedule(billing, number),
          await scheduleInvoices(billing, number),
          minorUnits,
        );
      await check();
      for (const step of steps) {
        await applyStep(billing, number, scenario.plan, step);
        await check();
      }
      // Re-executing what was canceled or reversed must still bill every charge exactly its value.
      await billRun(billing, { targetDate: scenario.plan.runDates.at(-1) as string });
      await check();
      const schedule = await loadSchedule(billing, number);
      expect(schedule.status).toBe('FullyProcessed');
      const invoices = live(await scheduleInvoices(billing, number));
      expect(invoices).toHaveLength(schedule.items.length);
      expectInvoicesMatchItems(schedule, invoices, minorUnits);
      expectEveryChargeBilledItsValue(scenario.account, invoices, settings.chargeGrouping);
    },
  );
});
