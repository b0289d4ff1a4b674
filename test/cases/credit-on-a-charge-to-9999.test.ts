// A charge its schedule served through 9999-12-31 (§8.4, decisions 5, 6, 18, 19). A charge of 0.01 a month from
// 2023-01-01 to 9999-12-31 (billed every 100,000 months: one line, 957.24), removed from 2024-01-01: the schedule
// credits 957.12 for 2024-01-01 → 9999-12-31, dated 2024-01-01. Three rules formed "the day after 9999-12-31" and
// threw a RangeError (found in reviews of dates): where the charge is served through after the credit (so neither
// an execution nor a bill run could issue it), where standard billing resumes a detached charge (every bill run of
// the account threw), and whether a removal cut is still due beside such a charge (an edit threw).
import { describe, expect, it } from 'vitest';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  detachInvoiceScheduleCharges,
  executeInvoiceSchedule,
  fixedClock,
  getInvoiceSchedule,
  listScheduleCreditMemos,
  listScheduleInvoices,
  postInvoice,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  updateInvoiceSchedule,
} from '../../src/index';
import { createMemoryStore, createSequentialIds } from '../../src/memory';
import { expectOk } from '../support/billing';

/** A context on a memory store at 2024-01-02 with account A1 (USD). */
async function accountA1(): Promise<BillingContext> {
  const context: BillingContext = {
    store: createMemoryStore(),
    ids: createSequentialIds(),
    clock: fixedClock('2024-01-02T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  expectOk(await saveNewAccount(context, { id: 'acc-A1', number: 'A1', name: 'A1', currency: 'USD' }));
  return context;
}

/** A subscription from 2023-01-01 of one charge priced per month, billed every `months` months. */
function subscription(number: string, charge: string, termEnd: string, price: string, months: number) {
  return {
    type: 'CreateSubscription',
    subscriptionNumber: number,
    termType: 'Termed',
    termStart: '2023-01-01',
    termEnd,
    ratePlans: [
      {
        id: `rp-${number}`,
        name: 'Plan',
        charges: [
          {
            number: charge,
            name: charge,
            type: 'Recurring',
            price,
            listPriceBase: 'Month',
            billingPeriod: 'SpecificMonths',
            specificBillingPeriodMonths: months,
          },
        ],
      },
    ],
  };
}

async function billedToTheEndOfTime({
  removed = true,
}: {
  removed?: boolean;
} = {}): Promise<{ context: BillingContext; schedule: string; invoice: string }> {
  const context = await accountA1();
  const s1 = subscription('S1', 'C1', '9999-12-31', '0.01', 100_000);
  expectOk(
    await saveNewOrder(context, {
      number: 'O-1',
      accountNumber: 'A1',
      orderDate: '2023-01-01',
      actions: [s1],
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
  if (!removed) return { context, schedule, invoice: invoice?.number as string };
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
  const cut = expectOk(await getInvoiceSchedule(context, schedule));
  expect([cut.actualAmount.toFixed(2), cut.nextRunDate]).toEqual(['0.12', '2024-01-01']);
  return { context, schedule, invoice: invoice?.number as string };
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

  it('detached after it was billed, the account is billed again: nothing more of it, then its removal', async () => {
    const { context, schedule, invoice } = await billedToTheEndOfTime({ removed: false });
    expectOk(await postInvoice(context, { invoiceNumber: invoice }));
    expectOk(
      await detachInvoiceScheduleCharges(context, {
        invoiceScheduleNumber: schedule,
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    const run = expectOk(await runBillRun(context, { targetDate: '2024-01-02' }));
    expect([run.status, run.invoiceNumbers, run.creditMemoNumbers]).toEqual(['Completed', [], []]);
    expectOk(
      await saveNewOrder(context, {
        number: 'O-2',
        accountNumber: 'A1',
        orderDate: '2023-06-01',
        actions: [
          {
            type: 'RemoveProduct',
            subscriptionNumber: 'S1',
            ratePlanId: 'rp-S1',
            effectiveDate: '2024-01-01',
          },
        ],
      } as never),
    );
    expectOk(await activateSavedOrder(context, { orderNumber: 'O-2' }));
    expect(expectOk(await runBillRun(context, { targetDate: '2024-01-03' })).status).toBe('Completed');
  });

  it('a removal cut beside it: clearing the next run date override or sending the items back is an edit like any other', async () => {
    const context = await accountA1();
    expectOk(
      await saveNewOrder(context, {
        number: 'O-1',
        accountNumber: 'A1',
        orderDate: '2023-01-01',
        actions: [
          subscription('S1', 'C-S1', '9999-12-31', '0.01', 100_000),
          subscription('S2', 'C-S2', '2023-12-31', '100.00', 12),
        ],
      } as never),
    );
    expectOk(await activateSavedOrder(context, { orderNumber: 'O-1' }));
    const created = expectOk(
      await createInvoiceSchedule(context, {
        accountNumber: 'A1',
        orders: ['O-1'],
        items: [
          { runDate: '2023-01-01', amount: '500.00' },
          { runDate: '2023-12-01', amount: '1657.24' },
        ],
      }),
    );
    expectOk(await runBillRun(context, { targetDate: '2023-01-01' }));
    expectOk(
      await saveNewOrder(context, {
        number: 'O-2',
        accountNumber: 'A1',
        orderDate: '2023-05-01',
        actions: [
          {
            type: 'RemoveProduct',
            subscriptionNumber: 'S2',
            ratePlanId: 'rp-S2',
            effectiveDate: '2023-06-01',
          },
        ],
      } as never),
    );
    expectOk(await activateSavedOrder(context, { orderNumber: 'O-2' }));
    const cut = expectOk(await getInvoiceSchedule(context, created.number));
    expect(cut.removalCuts?.map((c) => c.effectiveDates)).toEqual([['2023-06-01']]);
    expect(
      expectOk(
        await updateInvoiceSchedule(context, { invoiceScheduleNumber: created.number, nextRunDate: null }),
      ).nextRunDate,
    ).toBe('2023-06-01');
    const items = cut.items.map((i) => ({ id: i.id, runDate: i.runDate, amount: i.amount.toFixed(2) }));
    expectOk(await updateInvoiceSchedule(context, { invoiceScheduleNumber: created.number, items }));
  });
});
