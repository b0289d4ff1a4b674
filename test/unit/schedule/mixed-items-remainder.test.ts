import { describe, expect, it } from 'vitest';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { C01_SUBSCRIPTIONS, expectErr, expectOk } from '../../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

// §7.6 / §4.3: the last percentage item takes the rounding remainder. Review 127: in a schedule mixing amounts
// and percentages the remainder applied only when the amounts and the exact shares made the total exactly —
// but what the percentages must cover, (total − amounts) ÷ total × 100 %, seldom ends within 10 decimals, so a
// deposit and three equal thirds of the rest was refused over a cent (ScheduleTotalMismatch). Now the
// percentages cover the rest when their exact shares come within one minor unit of it. And the first faulty
// entry is the one named (create-schedule.md, "What is checked"): ItemAmountNotPositive named the last item
// (its remainder) before an earlier item whose share rounds to 0.00.

const THIRD = '33.2383665717'; // 200.00 + 3 × 33.2383665717 % of 70,200.00 = 70,200.0000000002…

describe('§7.6 — mixed amounts and percentages: the last percentage item takes the rounding cent', () => {
  it('C01 (70,200.00): 200.00 and three thirds of the rest → 200.00 / 23,333.33 / 23,333.33 / 23,333.34', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-04', amount: '200.00' },
        { runDate: '2023-03-01', percentage: THIRD },
        { runDate: '2023-04-01', percentage: THIRD },
        { runDate: '2023-05-01', percentage: THIRD },
      ],
    });
    expect(schedule.items.map((i) => [i.amount.toFixed(2), i.percentage?.toFixed() ?? null])).toEqual([
      ['200.00', null],
      ['23333.33', THIRD],
      ['23333.33', THIRD],
      ['23333.34', THIRD],
    ]);
    expect(schedule.totalAmount.toFixed(2)).toBe('70200.00');
  });

  it('an update to the same shape is accepted the same way', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    await givenSchedule(billing, { items: [{ runDate: '2023-02-04', amount: '70200.00' }] });
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: [
          { runDate: '2023-02-04', amount: '200.00' },
          { runDate: '2023-03-01', percentage: THIRD },
          { runDate: '2023-04-01', percentage: THIRD },
          { runDate: '2023-05-01', percentage: THIRD },
        ],
      }),
    );
    expect(updated.items.map((i) => i.amount.toFixed(2))).toEqual([
      '200.00',
      '23333.33',
      '23333.33',
      '23333.34',
    ]);
  });

  it('percentages a minor unit or more off the rest are still refused (ScheduleTotalMismatch)', async () => {
    const billing = await givenSubscriptions(C01_SUBSCRIPTIONS);
    // 3 × 33.2383 % of 70,200.00 is 69,999.86… (each share 23,333.29 rounded): with 200.00, 0.14 short of the total.
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-02-04', amount: '200.00' },
          { runDate: '2023-03-01', percentage: '33.2383' },
          { runDate: '2023-04-01', percentage: '33.2383' },
          { runDate: '2023-05-01', percentage: '33.2383' },
        ],
      }),
    );
    expect(error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '70200.00',
      itemsSum: '70199.87',
    });
  });
});

describe('create-schedule.md — the first faulty entry is named', () => {
  it('1.00 charge, 0.4 % / 99.5 % / 0.1 %: items[0] (0.004 rounds to 0.00), not the last item', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1.00' }])]);
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ percentage: '0.4' }, { percentage: '99.5' }, { percentage: '0.1' }],
      }),
    );
    expect(error).toMatchObject({ type: 'ItemAmountNotPositive', itemIndex: 0 });
  });

  it('the last item is named when it alone is left nothing: 1.00, 99.6 % / 0.4 % → items[1]', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1.00' }])]);
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ percentage: '99.6' }, { percentage: '0.4' }],
      }),
    );
    expect(error).toMatchObject({ type: 'ItemAmountNotPositive', itemIndex: 1, amount: '0' });
  });

  it('review 138: charges worth 0.00 in all (discounted 100 %), percentages → the message says there is nothing to schedule', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [
        { number: 'C1', price: '600.00' },
        { number: 'D1', type: 'DiscountPercentage', price: '0', discountPercentage: '60' },
        { number: 'D2', type: 'DiscountPercentage', price: '0', discountPercentage: '40' },
      ]),
    ]);
    const error = expectErr(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [{ percentage: '50' }, { percentage: '50' }],
      }),
    );
    expect(error).toMatchObject({ type: 'ItemAmountNotPositive' });
    expect(error.message).toContain('the covered charges are worth 0.00');
    expect(error.message).not.toContain('give it a larger percentage');
  });
});
