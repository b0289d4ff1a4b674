// §8.4: a removal's credit is issued on or after its effective date; §6.6 rule 3: a fully processed schedule's
// nextRunDate is the day its credits fall due. A second removal that changes which charge is credited left the
// first revision's credit date in place when it was earlier than the new credit's, and the run on that day issued
// the later removal's credit before its effective date (the residual-credit property, seed 880848286). A date the
// user set to pull a credit earlier (§5.1, C22) stays.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { givenActivatedOrder, givenC01Schedule, removeProducts } from '../../support/scenarios';

const removeS = (billing: TestBilling, number: string, subscription: string, effectiveDate: string) =>
  givenActivatedOrder(billing, {
    number,
    orderDate: '2022-01-01',
    actions: removeProducts([subscription], effectiveDate),
  });

const nextRunDate = async (billing: TestBilling) =>
  expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate;

describe("a fully processed schedule's credit date after a second removal", () => {
  it("JPY 1 / 20 / 366 a year (S1 to 08-31, S2 to 05-31, S3 to 03-31) billed 1 / 8 / 92: S1 removed as of 07-01 moves S3's unit (due 04-01), then as of 04-02: S1's 1 yen is credited on 04-02, not 04-01", async () => {
    const billing = newBilling({ chargeGrouping: 'term', prorationDays: 'actual' }, '2022-01-01T12:00:00Z');
    await setUpOrder(billing, {
      currency: 'JPY',
      subscriptions: [
        {
          number: 'S1',
          termStart: '2022-01-01',
          termEnd: '2022-08-31',
          charges: [{ number: 'C1', price: '1' }],
        },
        {
          number: 'S2',
          termStart: '2022-01-01',
          termEnd: '2022-05-31',
          charges: [{ number: 'C2', price: '20' }],
        },
        {
          number: 'S3',
          termStart: '2022-01-01',
          termEnd: '2022-03-31',
          charges: [{ number: 'C3', price: '366' }],
        },
      ],
    });
    expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ runDate: '2022-01-01', amount: '101' }],
      }),
    );
    expectOk(await runBillRun(billing.context, { targetDate: '2022-01-01' }));
    await removeS(billing, 'O-0002', 'S1', '2022-07-01');
    // The set gives S1 1 yen (0.50, ahead of S3's 91.50 in consumption order) and S3 91: S3's unit, on its own day.
    expect(await nextRunDate(billing)).toBe('2022-04-01');
    await removeS(billing, 'O-0003', 'S1', '2022-04-02');
    // Now S1 (0.25) gets nothing and S3 its 92 back: S1's credit, due on its removal's date.
    expect(await nextRunDate(billing)).toBe('2022-04-02');
    const early = expectOk(await runBillRun(billing.context, { targetDate: '2022-04-01' }));
    expect(early.creditMemoNumbers).toEqual([]);
    const due = expectOk(await runBillRun(billing.context, { targetDate: '2022-04-02' }));
    expect(due.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.memoDate, memo?.amount, memo?.lines.map((l) => [l.chargeNumber, l.amount])]).toEqual([
      '2022-04-02',
      '1',
      [['C1', '1']],
    ]);
    const end = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([end.status, end.nextRunDate, end.actualAmount.toFixed(0), end.billedAmount.toFixed(0)]).toEqual([
      'FullyProcessed',
      null,
      '100',
      '100',
    ]);
  });

  it("C01 billed in full, S4 removed as of 2023-11-01, the credit pulled to 2023-10-15 by the user (§5.1): a second removal (S3 as of 2023-12-01) keeps the user's date", async () => {
    const { billing } = await givenC01Schedule();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-09-16' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-10-01',
      actions: removeProducts(['S4'], '2023-11-01'),
    });
    expect(await nextRunDate(billing)).toBe('2023-11-01');
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-10-15',
      }),
    );
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-10-01',
      actions: removeProducts(['S3'], '2023-12-01'),
    });
    expect(await nextRunDate(billing)).toBe('2023-10-15');
  });
});
