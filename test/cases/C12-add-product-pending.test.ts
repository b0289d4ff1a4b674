import { describe, expect, it } from 'vitest';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { runBillRun } from '../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, chargeInput, expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenActivatedOrder, givenC01Schedule } from '../support/scenarios';

// C12 — edit a pending schedule after adding a product: O-0002 adds C5 (500.00) to S4; the schedule
// takes orders [O-0001, O-0002], its total refreshes to 70,700 and item 3 becomes 6,700.
//
// The case adds C5 for 2024-01-01 → 2024-12-31, outside S4's term 2023-01-01 → 2023-12-31 (an Add Product
// charge must lie inside the term). It can be built as stated when O-0002 also renews S4 for 12 months: the
// last describe below. Extending the term with Terms And Conditions instead is refused (it would extend C4,
// which ends on the term end and is in the schedule, §8.7 / §8.9). The first tests use a simpler variant:
// C5 inside the current term, 2023-01-01 → 2023-12-31 at 500/yr — same value (500.00), same total and items.
async function pendingWithAddedProduct(): Promise<{ billing: TestBilling; schedule: InvoiceSchedule }> {
  const { billing, schedule } = await givenC01Schedule();
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-02',
    actions: [
      {
        type: 'AddProduct',
        subscriptionNumber: 'S4',
        ratePlan: {
          id: 'rp-S4-C5',
          name: 'Plan C5',
          charges: [
            chargeInput({ number: 'C5', price: '500.00', startDate: '2023-01-01', endDate: '2023-12-31' }),
          ],
        },
      },
    ],
  });
  return { billing, schedule };
}

/**
 * IS-00000001 edited to cover orders [O-0001, O-0002] (narrowed to `specificSubscriptions` when given), its items
 * re-balanced to 50,000 / 14,000 / 6,700 on their run dates.
 */
async function withOrder2(
  billing: TestBilling,
  schedule: InvoiceSchedule,
  specificSubscriptions?: readonly {
    orderNumber: string;
    subscriptionNumber: string;
    chargeNumbers: string[];
  }[],
): Promise<InvoiceSchedule> {
  const [i1, i2, i3] = schedule.items;
  return expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      orders: ['O-0001', 'O-0002'],
      ...(specificSubscriptions === undefined ? {} : { specificSubscriptions }),
      items: [
        { id: i1?.id as string, runDate: '2023-02-04', amount: '50000.00' },
        { id: i2?.id as string, runDate: '2023-05-01', amount: '14000.00' },
        { id: i3?.id as string, runDate: '2023-09-16', amount: '6700.00' },
      ],
    }),
  );
}

describe('C12 — edit a pending schedule after adding a product', () => {
  it('C12 (§8.6): adding C5 does not change the schedule (new charges are not in it): total 70,200, items Pending', async () => {
    const { billing } = await pendingWithAddedProduct();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'Pending',
      totalAmount: '70200.00',
      actualAmount: '70200.00',
      billedAmount: '0.00',
      unbilledAmount: '70200.00',
      nextRunDate: '2023-02-04',
    });
    expect(schedule.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4']);
  });

  it('C12: orders [O-0001, O-0002] with item 3 = 6,700 → total 70,700 (derived), items 50,000 / 14,000 / 6,700 all Pending', async () => {
    const { billing, schedule } = await pendingWithAddedProduct();
    const updated = await withOrder2(billing, schedule);
    // Derived: totalAmount 70,700 = 70,200 + C5's 500.
    expect(amounts(updated)).toEqual({
      status: 'Pending',
      totalAmount: '70700.00',
      actualAmount: '70700.00',
      billedAmount: '0.00',
      unbilledAmount: '70700.00',
      nextRunDate: '2023-02-04',
    });
    expect(
      updated.items.map((i) => [i.runDate, i.amount.toFixed(2), i.actualAmount.toFixed(2), i.status]),
    ).toEqual([
      ['2023-02-04', '50000.00', '50000.00', 'Pending'],
      ['2023-05-01', '14000.00', '14000.00', 'Pending'],
      ['2023-09-16', '6700.00', '6700.00', 'Pending'],
    ]);
    expect(updated.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    // "Three invoices later generated on schedule": 50,000, 14,000, 6,700.
    const totals: string[] = [];
    for (const date of ['2023-02-04', '2023-05-01', '2023-09-16']) {
      const run = expectOk(await runBillRun(billing.context, { targetDate: date }));
      expect(run.invoiceNumbers).toHaveLength(1);
      totals.push(billing.store.probe.invoice(run.invoiceNumbers[0] as string)?.amount as string);
    }
    expect(totals).toEqual(['50000.00', '14000.00', '6700.00']);
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toMatchObject({
      status: 'FullyProcessed',
      billedAmount: '70700.00',
      unbilledAmount: '0.00',
    });
  });

  it('C12 (decision 13): adding O-0002 without re-balancing the items is refused with ScheduleTotalMismatch; nothing changes', async () => {
    const { billing } = await pendingWithAddedProduct();
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        orders: ['O-0001', 'O-0002'],
      }),
    );
    expect(error).toMatchObject({
      type: 'ScheduleTotalMismatch',
      totalAmount: '70700.00',
      itemsSum: '70200.00',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });
});

describe('C12 as stated — C5 added to S4 for 2024-01-01 → 2024-12-31', () => {
  // O-0002 renews S4 for 12 months (term end 2024-12-31; C4's renewal segment C4-R1 for 2024, §8.7) and adds
  // C5 over 2024. The case lists orders [O-0001, O-0002] and nothing more; narrowing O-0002 to charge C5
  // (specificSubscriptions) is this project's reading: without it the schedule would also cover C4-R1
  // (800.00), worth 71,500, and the items' 70,700 would be refused (ScheduleTotalMismatch).
  it('C12 as stated: O-0002 = Renew S4 12 months + Add C5 500.00 2024-01-01 → 2024-12-31; orders [O-0001, O-0002] narrowed to C5 of O-0002, item 3 6,700 → total 70,700, items 50,000 / 14,000 / 6,700 Pending; invoices 50,000 / 14,000 / 6,700, C5 billed 2024-01-01 → 2024-12-31', async () => {
    const { billing, schedule } = await givenC01Schedule();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-02',
      actions: [
        { type: 'Renew', subscriptionNumber: 'S4', renewalTermMonths: 12 },
        {
          type: 'AddProduct',
          subscriptionNumber: 'S4',
          ratePlan: {
            id: 'rp-S4-C5',
            name: 'Plan C5',
            charges: [
              chargeInput({ number: 'C5', price: '500.00', startDate: '2024-01-01', endDate: '2024-12-31' }),
            ],
          },
        },
      ],
    });
    const updated = await withOrder2(billing, schedule, [
      { orderNumber: 'O-0002', subscriptionNumber: 'S4', chargeNumbers: ['C5'] },
    ]);
    // Derived: totalAmount 70,700 = 70,200 + C5's 500.
    expect(amounts(updated)).toEqual({
      status: 'Pending',
      totalAmount: '70700.00',
      actualAmount: '70700.00',
      billedAmount: '0.00',
      unbilledAmount: '70700.00',
      nextRunDate: '2023-02-04',
    });
    expect(updated.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(
      updated.items.map((i) => [i.runDate, i.amount.toFixed(2), i.actualAmount.toFixed(2), i.status]),
    ).toEqual([
      ['2023-02-04', '50000.00', '50000.00', 'Pending'],
      ['2023-05-01', '14000.00', '14000.00', 'Pending'],
      ['2023-09-16', '6700.00', '6700.00', 'Pending'],
    ]);
    // "Three invoices later generated on schedule". Stated: their totals; derived: C1–C4 lines are C01's,
    // and INV003 bills the whole of C5 (500.00, 2024-01-01 → 2024-12-31) after C4 is consumed.
    const invoices: [string | undefined, (string | undefined)[][] | undefined][] = [];
    for (const date of ['2023-02-04', '2023-05-01', '2023-09-16']) {
      const run = expectOk(await runBillRun(billing.context, { targetDate: date }));
      expect(run.invoiceNumbers).toHaveLength(1);
      const invoice = billing.store.probe.invoice(run.invoiceNumbers[0] as string);
      invoices.push([
        invoice?.amount,
        invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
      ]);
    }
    expect(invoices).toEqual([
      [
        '50000.00',
        [
          ['C1', '26282.05', '2023-01-01', '2023-09-17'],
          ['C2', '15313.39', '2023-01-01', '2023-09-17'],
          ['C3', '7834.76', '2023-01-01', '2023-09-17'],
          ['C4', '569.80', '2023-01-01', '2023-09-17'],
        ],
      ],
      [
        '14000.00',
        [
          ['C1', '7358.98', '2023-09-17', '2023-11-29'],
          ['C2', '4287.75', '2023-09-17', '2023-11-29'],
          ['C3', '2193.73', '2023-09-17', '2023-11-29'],
          ['C4', '159.54', '2023-09-17', '2023-11-29'],
        ],
      ],
      [
        '6700.00',
        [
          ['C1', '3258.97', '2023-11-29', '2023-12-31'],
          ['C2', '1898.86', '2023-11-29', '2023-12-31'],
          ['C3', '971.51', '2023-11-29', '2023-12-31'],
          ['C4', '70.66', '2023-11-29', '2023-12-31'],
          ['C5', '500.00', '2024-01-01', '2024-12-31'],
        ],
      ],
    ]);
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toEqual({
      status: 'FullyProcessed',
      totalAmount: '70700.00',
      actualAmount: '70700.00',
      billedAmount: '70700.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
