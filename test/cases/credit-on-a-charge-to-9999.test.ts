// A credit on a charge its schedule served through 9999-12-31 (§8.4, decisions 5, 6, 18). A charge of 0.01 a month
// from 2023-01-01 to 9999-12-31 (billed every 100,000 months: one line, 957.24), removed from 2024-01-01: the
// schedule credits 957.12 for 2024-01-01 → 9999-12-31, dated 2024-01-01. Where the charge is served through after
// the credit was worked out as "the day after 9999-12-31" and threw a RangeError (found in a review of dates), so
// neither an execution nor a bill run could issue the credit.
import { describe, expect, it } from 'vitest';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  executeInvoiceSchedule,
  fixedClock,
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
} from '../../src/index';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { expectOk } from '../support/billing';

async function billedToTheEndOfTime(): Promise<{ context: BillingContext; schedule: string }> {
  const context: BillingContext = {
    store: createMemoryStore(),
    ids: createSequentialIds(),
    clock: fixedClock('2024-01-02T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  expectOk(await saveNewAccount(context, { id: 'acc-A1', number: 'A1', name: 'A1', currency: 'USD' }));
  const subscription = {
    type: 'CreateSubscription',
    subscriptionNumber: 'S1',
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd: '9999-12-31',
    ratePlans: [
      {
        id: 'rp-S1',
        name: 'Plan',
        charges: [
          {
            number: 'C1',
            name: 'C1',
            type: 'Recurring',
            price: '0.01',
            listPriceBase: 'Month',
            billingPeriod: 'SpecificMonths',
            specificBillingPeriodMonths: 100_000,
          },
        ],
      },
    ],
  };
  expectOk(
    await saveNewOrder(context, {
      number: 'O-1',
      accountNumber: 'A1',
      orderDate: '2023-01-01',
      actions: [subscription],
    } as never),
  );
  expectOk(await activateSavedOrder(context, { orderNumber: 'O-1' }));
  const schedule = expectOk(
    await createInvoiceSchedule(context, {
      accountNumber: 'A1',
      orders: ['O-1'],
      items: [{ runDate: '2023-01-01', amount: '957.24' }],
    }),
  ).number;
  expectOk(await runBillRun(context, { targetDate: '2023-01-01' }));
  const [invoice] = expectOk(await listScheduleInvoices(context, schedule));
  expect(invoice?.lines.map((l) => [l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate])).toEqual([
    ['957.24', '2023-01-01', '9999-12-31'],
  ]);
  expectOk(
    await saveNewOrder(context, {
      number: 'O-2',
      accountNumber: 'A1',
      orderDate: '2023-06-01',
      actions: [
        { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2024-01-01' },
      ],
    } as never),
  );
  expectOk(await activateSavedOrder(context, { orderNumber: 'O-2' }));
  const removed = expectOk(await getInvoiceSchedule(context, schedule));
  expect([removed.actualAmount.toFixed(2), removed.nextRunDate]).toEqual(['0.12', '2024-01-01']);
  return { context, schedule };
}

describe('a credit on a charge served through 9999-12-31', () => {
  it.each(['an execution', 'a bill run'])(
    '%s issues 957.12 for 2024-01-01 → 9999-12-31, dated 2024-01-01',
    async (via) => {
      const { context, schedule } = await billedToTheEndOfTime();
      if (via === 'an execution')
        expectOk(await executeInvoiceSchedule(context, { invoiceScheduleNumber: schedule }));
      else expectOk(await runBillRun(context, { targetDate: '2024-01-02' }));
      const memos = expectOk(await listScheduleCreditMemos(context, schedule));
      expect(
        memos.flatMap((m) =>
          m.lines.map((l) => [m.memoDate, l.amount.toFixed(2), l.serviceStartDate, l.serviceEndDate]),
        ),
      ).toEqual([['2024-01-01', '957.12', '2024-01-01', '9999-12-31']]);
      expect(expectOk(await getInvoiceSchedule(context, schedule)).status).toBe('FullyProcessed');
    },
  );
});
