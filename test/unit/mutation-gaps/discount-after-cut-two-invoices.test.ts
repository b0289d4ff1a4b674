// Review 218 (mutation): invoicedByCharge (src/domain/schedule/lines.ts), summed in place since 7c6c545. Decision 2
// as docs/concepts/contracts.md states it ("Discount lines on invoices": a charge billed in full has gross lines
// adding up to its gross value and its discount lines to the discount). test/unit/billing/
// discount-lines-after-cut.test.ts pins 17,916.67 / −1,791.67 with ONE invoice before the cut; with TWO invoices
// before it, the continuation must read the SUM of both invoices' lines, not the last one's.
import { expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk, linesAddUpTo } from '../../support/billing';
import {
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
} from '../../support/scenarios';

it('21,500.00/yr under 10 %, 1,550.00 + 1,550.00 billed, cut to 10 months: lines end at 17,916.67 and −1,791.67', async () => {
  const billing = await givenSubscriptions([
    {
      number: 'S1',
      termStart: '2023-01-01',
      termEnd: '2023-12-31',
      charges: [
        { number: 'C1', price: '21500.00' },
        { number: 'D1', type: 'DiscountPercentage' as const, price: '0', discountPercentage: '10' },
      ],
    },
  ]);
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-01', amount: '1550.00' },
      { runDate: '2023-01-15', amount: '1550.00' },
      { runDate: '2023-06-01', amount: '16250.00' },
    ],
  });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-02-01',
    actions: removeProducts(['S1'], '2023-11-01'),
  });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
  expect(linesAddUpTo(billing)).toEqual({ 'Charge C1': '17916.67', 'Discount D1': '-1791.67' });
});
