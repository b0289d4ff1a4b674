import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import {
  billRunDates,
  billRunPositionsArb,
  createRequest,
  scheduleScenarioArb,
  scheduleSettingsArb,
  toUnits,
} from '../../support/arbitraries';
import { expectOk, newBilling } from '../../support/billing';
import {
  billRun,
  expectEveryChargeBilledItsValue,
  expectIdentitiesAndStatuses,
  expectInvoicesMatchItems,
  expectServicePeriodsInsideAndForward,
  loadSchedule,
  runs,
  scheduleInvoices,
  setUpAccount,
} from './harness';

// Reference §7.3 ("over the life of the schedule each charge is billed exactly its selling price"),
// §7.4 (service periods), §2.4 (identities), decisions 1–3, 7.
describe('invoice schedule lifetime (§7.3, §7.4)', () => {
  test.prop([scheduleScenarioArb(), billRunPositionsArb, scheduleSettingsArb], runs(80))(
    'over the life of a schedule every charge is billed exactly its value',
    async (scenario, positions, settings) => {
      const billing = newBilling(settings);
      await setUpAccount(billing, scenario.account);
      const { minorUnits } = scenario.account.currency;
      const created = expectOk(await createInvoiceSchedule(billing.context, createRequest(scenario)));
      expect(toUnits(created.totalAmount, minorUnits), 'total = Σ charge values (§4.4)').toBe(
        scenario.account.totalUnits,
      );
      // Bill runs at random dates, then one on the last run date, which must finish the schedule.
      const lastRun = scenario.plan.runDates[scenario.plan.runDates.length - 1] as string;
      for (const targetDate of [...billRunDates(scenario.plan, positions), lastRun]) {
        await billRun(billing, { targetDate });
        const schedule = await loadSchedule(billing, created.number);
        expectIdentitiesAndStatuses(schedule, await scheduleInvoices(billing, created.number), minorUnits);
      }
      const schedule = await loadSchedule(billing, created.number);
      expect(schedule.status).toBe('FullyProcessed');
      const invoices = await scheduleInvoices(billing, created.number);
      expect(invoices).toHaveLength(scenario.plan.amountsUnits.length);
      expectInvoicesMatchItems(schedule, invoices, minorUnits);
      expectEveryChargeBilledItsValue(scenario.account, invoices, settings.chargeGrouping);
      expectServicePeriodsInsideAndForward(scenario.account, invoices);
    },
  );
});

void fc;
