// §7.2 (a), decision 1: under `term` grouping a one-time charge's term is its start day (its service period,
// docs/concepts/schedules.md), whatever its `endDate` says (the term's end by default). C06 with a 500.00 set-up
// fee on a two-year subscription: the fee's end (2024-12-31) stretched the 2023 group over the 2024 charge, and
// INV001 billed 68 % of 2024's charge in January 2023 with a third of 2023's unbilled (review 160). Now the 2023
// group (fee and C1) is consumed first and spills into C2 as in C06, under both settings.
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../../src/domain/documents/invoice';
import type { TenantSettings } from '../../../src/domain/settings';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoice } from '../../../src/operations/queries';
import { fixedClock } from '../../../src/time/clock';
import {
  chargeInput,
  createSubscription,
  expectOk,
  newBilling,
  type TestBilling,
} from '../../support/billing';
import { givenAccount, givenActivatedOrder, givenSchedule } from '../../support/scenarios';

async function givenC06WithFee(grouping: TenantSettings['chargeGrouping']): Promise<TestBilling> {
  const billing = newBilling({ chargeGrouping: grouping }, '2023-01-01T12:00:00Z');
  await givenAccount(billing, 'A-001');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: [
      createSubscription(
        'S1',
        [
          chargeInput({ number: 'F', type: 'OneTime', price: '500.00', startDate: '2023-01-01' }),
          chargeInput({ number: 'C1', price: '1000.00', startDate: '2023-01-01', endDate: '2023-12-31' }),
          chargeInput({ number: 'C2', price: '1000.00', startDate: '2024-01-01', endDate: '2024-12-31' }),
        ],
        { termStart: '2023-01-01', termEnd: '2024-12-31' },
      ),
    ],
  });
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-15', amount: '1700.00' },
      { runDate: '2024-01-05', amount: '500.00' },
      { runDate: '2024-07-15', amount: '300.00' },
    ],
  });
  return billing;
}

async function executeAll(billing: TestBilling): Promise<Invoice[]> {
  const out: Invoice[] = [];
  for (const now of ['2023-01-15', '2024-01-05', '2024-07-15']) {
    const context = { ...billing.context, clock: fixedClock(`${now}T12:00:00Z`) };
    const run = expectOk(await executeInvoiceSchedule(context, { invoiceScheduleNumber: 'IS-00000001' }));
    out.push(expectOk(await getInvoice(billing.context, run.invoiceNumbers[0] ?? '')));
  }
  return out;
}

const lines = (invoice: Invoice) =>
  invoice.lines.map((l) => [l.chargeNumber, l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]);

describe.each(['term', 'startDate'] as const)(
  'C06 with a one-time set-up fee, %s grouping (review 160)',
  (grouping) => {
    it('the 2023 group (fee and C1) first, then C2 from 2024-01-01 — C06 figures', async () => {
      const invoices = await executeAll(await givenC06WithFee(grouping));
      expect(invoices.map(lines)).toEqual([
        [
          ['F', '500.00', '2023-01-01', '2023-01-01'],
          ['C1', '1000.00', '2023-01-01', '2023-12-31'],
          ['C2', '200.00', '2024-01-01', '2024-03-13'],
        ],
        [['C2', '500.00', '2024-03-13', '2024-09-12']],
        [['C2', '300.00', '2024-09-13', '2024-12-31']],
      ]);
    });
  },
);
