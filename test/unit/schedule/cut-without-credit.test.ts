// Decision 19 moves a schedule's nextRunDate to a removal's effective date "on a schedule with pending items",
// whether or not a credit is due. On a fully processed schedule the date is a credit's alone (§6.6 rules 3 and 5): a
// removal that credits nothing must not move it. Found by the life-cycle model (a random scenario): S2, worth 0.03,
// removed on its last day (no credit at the cent) moved the date of S1's credit from 2023-10-01 to 2023-03-31, so
// the 250.00 credit memo was dated six months before S1's removal took effect.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { givenActivatedOrder, givenSubscriptions, removeProducts, yearly } from '../../support/scenarios';

async function fullyBilled() {
  const billing = await givenSubscriptions([
    yearly('S1', [{ number: 'C1', price: '1000.00' }]),
    {
      number: 'S2',
      termStart: '2023-01-01',
      termEnd: '2023-03-31',
      charges: [{ number: 'C2', price: '0.12' }],
    },
  ]);
  const schedule = expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [{ runDate: '2023-01-10', amount: '1000.03' }],
    }),
  );
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-10' }));
  return { billing, number: schedule.number };
}

describe('a cut that credits nothing on a fully processed schedule (decision 19, §6.6)', () => {
  it("keeps the date of the credit that is due: S1's 250.00 from 2023-10-01, dated 2023-10-01", async () => {
    const { billing, number } = await fullyBilled();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-01',
      actions: removeProducts(['S1'], '2023-10-01'),
    });
    const next = async () => expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate;
    expect(await next()).toBe('2023-10-01');
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-02-02',
      actions: removeProducts(['S2'], '2023-03-31'),
    });
    expect(await next()).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-03-31' }));
    const memo = billing.store.probe.creditMemo(run.creditMemoNumbers[0] as string);
    expect([run.creditMemoNumbers.length, String(memo?.amount), memo?.memoDate]).toEqual([
      1,
      '250.00',
      '2023-10-01',
    ]);
    expect(await next()).toBeNull();
  });

  it('a cut alone on a fully processed schedule with nothing to credit leaves nextRunDate null', async () => {
    const { billing, number } = await fullyBilled();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-01',
      actions: removeProducts(['S2'], '2023-03-31'),
    });
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBeNull();
  });

  it('so also when the only pending item has a blank run date: the credit memo of S1 is dated 2023-10-01', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [{ number: 'C1', price: '1000.00' }]),
      {
        number: 'S2',
        termStart: '2023-01-01',
        termEnd: '2023-03-31',
        charges: [{ number: 'C2', price: '0.12' }],
      },
    ]);
    const { number } = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-01-10', amount: '900.00' },
          { runDate: null, amount: '100.03' },
        ],
      }),
    );
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-10' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-01',
      actions: removeProducts(['S1'], '2023-10-01'),
    });
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-02-02',
      actions: removeProducts(['S2'], '2023-03-31'),
    });
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-03-31' }));
    const memo = billing.store.probe.creditMemo(run.creditMemoNumbers[0] as string);
    expect([run.creditMemoNumbers.length, String(memo?.amount), memo?.memoDate]).toEqual([
      1,
      '149.97',
      '2023-10-01',
    ]);
  });
});
