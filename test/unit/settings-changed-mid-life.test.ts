import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from '../../src/domain/settings';
import { C01_SUBSCRIPTIONS, type TestBilling } from '../support/billing';
import { billAndPost, givenSchedule, givenSubscriptions } from '../support/scenarios';

// contracts.md, "Changing settings while schedules are billed" (review 152): settings are not kept with a
// schedule; a `prorationDays` switch applies to the lines billed after it, whose start is worked out under the new
// count of days — so a day can be left off the service periods at the switch — while every charge still ends
// billed its value.

function withSettings(billing: TestBilling, settings: Partial<TenantSettings>): TestBilling {
  return {
    ...billing,
    context: {
      ...billing.context,
      settings: { ...DEFAULT_TENANT_SETTINGS, ...billing.context.settings, ...settings },
    },
  };
}

describe('prorationDays switched between item 1 and item 2 of C01', () => {
  it('actual → thirty after 1.5 months (through 2023-02-14): item 2 starts 2023-02-16; the charges end exact', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS, { settings: { prorationDays: 'actual' } });
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-04', amount: '8775.00' },
        { runDate: '2023-05-01', amount: '55225.00' },
        { runDate: '2023-09-16', amount: '6200.00' },
      ],
    });
    await billAndPost(billing, ['2023-02-04']);
    await billAndPost(withSettings(billing, { prorationDays: 'thirty' }), ['2023-05-01', '2023-09-16']);
    const invoices = billing.store.probe.snapshot().invoices;
    const c1 = invoices.flatMap((i) =>
      i.lines.filter((l) => l.chargeNumber === 'C1').map((l) => [l.serviceStartDate, l.serviceEndDate]),
    );
    expect(c1.slice(0, 2)).toEqual([
      ['2023-01-01', '2023-02-14'],
      ['2023-02-16', '2023-11-29'],
    ]);
    const net = new Map<string, Decimal>();
    for (const i of invoices)
      for (const l of i.lines) {
        const charge = String(l.chargeNumber);
        net.set(charge, (net.get(charge) ?? new Decimal(0)).plus(String(l.amount)));
      }
    expect(Object.fromEntries([...net].map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      C1: '36900.00',
      C2: '21500.00',
      C3: '11000.00',
      C4: '800.00',
    });
  });
});
