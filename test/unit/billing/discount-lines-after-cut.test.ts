// Decision 2 as the docs state it (docs/concepts/contracts.md, "Discount lines on invoices": a charge billed in
// full has gross lines adding up to its gross value and its discount lines to the discount, however it was split;
// docs/concepts/schedules.md). Review 128: after an order cut a discounted charge a schedule had partly billed, the
// later lines were worked out from the net billed before at the charge's new ratio of gross to net (re-rounded by
// the cut) rather than from the lines invoiced: 21,500.00 a year under 10 %, 3,100.00 billed, removed as of
// 2023-11-01, ended with gross lines of 17,916.66 and discount lines of −1,791.66 (17,916.67 / −1,791.67 due).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { fixedClock } from '../../../src/time/clock';
import { expectOk, linesAddUpTo, type TestBilling } from '../../support/billing';
import {
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
} from '../../support/scenarios';

async function cutAfterFirstItem(
  price: string,
  first: string,
  second: string,
  discounts: readonly [string, string][],
): Promise<TestBilling> {
  const billing = await givenSubscriptions([
    {
      number: 'S1',
      termStart: '2023-01-01',
      termEnd: '2023-12-31',
      charges: [
        { number: 'C1', price },
        ...discounts.map(([number, discountPercentage]) => ({
          number,
          type: 'DiscountPercentage' as const,
          price: '0',
          discountPercentage,
        })),
      ],
    },
  ]);
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-01', amount: first },
      { runDate: '2023-06-01', amount: second },
    ],
  });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  // 10 of 12 months kept; nothing billed past the cut, so no credit.
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-02-01',
    actions: removeProducts(['S1'], '2023-11-01'),
  });
  return billing;
}

describe('decision 2 — a discounted charge cut after partial billing: its lines still add up to its gross and discount', () => {
  it('21,500.00/yr under 10 %, 3,100.00 billed, cut to 10 months, by a bill run: 17,916.67 and −1,791.67', async () => {
    const billing = await cutAfterFirstItem('21500.00', '3100.00', '16250.00', [['D1', '10']]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect(linesAddUpTo(billing)).toEqual({ 'Charge C1': '17916.67', 'Discount D1': '-1791.67' });
    // INV00000002 continues from INV00000001's 3,444.44 − 344.44.
    expect(
      billing.store.probe.invoice('INV00000002')?.lines.map((l) => [l.kind, l.chargeNumber, l.amount]),
    ).toEqual([
      ['Charge', 'C1', '14472.23'],
      ['Discount', 'D1', '-1447.23'],
    ]);
  });

  it('the same by executeInvoiceSchedule', async () => {
    const billing = await cutAfterFirstItem('21500.00', '3100.00', '16250.00', [['D1', '10']]);
    const june = { ...billing.context, clock: fixedClock('2023-06-01T12:00:00Z') };
    expectOk(await executeInvoiceSchedule(june, { invoiceScheduleNumber: 'IS-00000001' }));
    expect(linesAddUpTo(billing)).toEqual({ 'Charge C1': '17916.67', 'Discount D1': '-1791.67' });
  });

  it('1,000.00/yr under 10 %, 125.06 billed: 833.33 and −83.33', async () => {
    const billing = await cutAfterFirstItem('1000.00', '125.06', '774.94', [['D1', '10']]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect(linesAddUpTo(billing)).toEqual({ 'Charge C1': '833.33', 'Discount D1': '-83.33' });
  });

  it('two discounts, 7 % and 3 %, on 21,500.00/yr: each discount ends at its own share', async () => {
    const billing = await cutAfterFirstItem('21500.00', '3100.00', '16250.00', [
      ['D1', '7'],
      ['D2', '3'],
    ]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    // Gross 17,916.67, net 16,125.00: discount 1,791.67, shared 7 : 3 cumulatively (1,254.17 then the rest).
    expect(linesAddUpTo(billing)).toEqual({
      'Charge C1': '17916.67',
      'Discount D1': '-1254.17',
      'Discount D2': '-537.50',
    });
  });

  it('review 133: a small last line after the cut never gets a discount line that adds (1,000.06/yr, 750.04 + 150.01)', async () => {
    const billing = await cutAfterFirstItem('1000.06', '750.04', '150.01', [['D1', '10']]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    // From INV00000001's 833.38 − 83.34 the 0.01 left would be 0.00 + 0.01 (the cut moved the ratio down a unit):
    // it is worked out from the net billed instead, and the lines end a unit off the gross (the fallback).
    expect(billing.store.probe.invoice('INV00000002')?.lines.map((l) => [l.kind, l.amount])).toEqual([
      ['Charge', '0.01'],
    ]);
    expect(linesAddUpTo(billing)).toEqual({ 'Charge C1': '833.39', 'Discount D1': '-83.34' });
  });
});
