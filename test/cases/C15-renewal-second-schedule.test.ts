import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/money/decimal';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, type TestBilling } from '../support/billing';
import { createSchedule, givenActivatedOrder, givenC01Schedule } from '../support/scenarios';

// C15 — renew all subscriptions of C01 and bill the renewal with a second schedule (§8.7): the renewed
// term is never billed by IS1, which covers the original segments only.
const PRICES: Readonly<Record<string, string>> = {
  C1: '36900.00',
  C2: '21500.00',
  C3: '11000.00',
  C4: '800.00',
};

/** C01 with INV001 and INV002 generated (IS1 #3 6,200 Pending), then O-0002 renewing S1–S4 for 12 months. */
async function renewed(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({ now: '2023-05-01T12:00:00Z' });
  for (const _ of [1, 2])
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-06-01',
    actions: ['S1', 'S2', 'S3', 'S4'].map((s) => ({
      type: 'Renew',
      subscriptionNumber: s,
      renewalTermMonths: 12,
    })),
  });
  return billing;
}

const createIs2 = (billing: TestBilling) =>
  createSchedule(billing, {
    orders: ['O-0002'],
    items: [
      { runDate: '2024-01-04', amount: '50000.00' },
      { runDate: '2024-06-01', amount: '14000.00' },
      { runDate: '2024-12-14', amount: '6200.00' },
    ],
  });

describe('C15 — renew all subscriptions and create a second schedule', () => {
  it('C15: O-0002 renews S1–S4 2024-01-01 → 2024-12-31 as renewal segments C1-R1…C4-R1; IS1 still covers C1…C4 with #3 6,200 Pending', async () => {
    const billing = await renewed();
    const s1 = billing.store.probe.subscription('S1');
    expect(s1?.termEnd).toBe('2024-12-31');
    expect(
      s1?.ratePlans.flatMap((rp) => rp.charges.map((c) => [c.number, c.price, c.startDate, c.endDate])),
    ).toEqual([
      ['C1', '36900.00', '2023-01-01', '2023-12-31'],
      ['C1-R1', '36900.00', '2024-01-01', '2024-12-31'],
    ]);
    const is1 = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(is1.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(is1.items.map((i) => i.status)).toEqual(['Processed', 'Processed', 'Pending']);
  });

  it('C15: IS-00000002 on O-0002 (2024-01-04 50,000; 2024-06-01 14,000; 2024-12-14 6,200) covers the renewal segments only; three Pending items, total 70,200', async () => {
    const billing = await renewed();
    const is2 = expectOk(await createIs2(billing));
    expect(is2.number).toBe('IS-00000002');
    expect(is2.totalAmount.toFixed(2)).toBe('70200.00');
    expect(is2.charges.map((c) => [c.subscriptionNumber, c.chargeNumber])).toEqual([
      ['S1', 'C1-R1'],
      ['S2', 'C2-R1'],
      ['S3', 'C3-R1'],
      ['S4', 'C4-R1'],
    ]);
    expect(is2.items.map((i) => [i.runDate, i.amount.toFixed(2), i.status])).toEqual([
      ['2024-01-04', '50000.00', 'Pending'],
      ['2024-06-01', '14000.00', 'Pending'],
      ['2024-12-14', '6200.00', 'Pending'],
    ]);
    expect(is2.status).toBe('Pending');
    expect(is2.nextRunDate).toBe('2024-01-04');
  });

  it('C15: the remaining four invoices come from bill runs — IS1 #3 on 2023-09-16 (6,200), IS2 2024-01-04 50,000, 2024-06-01 14,000, 2024-12-14 6,200; each charge billed its value in each term', async () => {
    const billing = await renewed();
    expectOk(await createIs2(billing));
    const produced: [string, string, string][] = [];
    for (const targetDate of ['2023-09-16', '2024-01-04', '2024-06-01', '2024-12-14']) {
      const run = expectOk(await runBillRun(billing.context, { targetDate }));
      expect(run.creditMemoNumbers).toEqual([]);
      for (const number of run.invoiceNumbers) {
        const invoice = billing.store.probe.invoice(number);
        produced.push([number, invoice?.invoiceDate ?? '', invoice?.amount ?? '']);
      }
    }
    expect(produced).toEqual([
      ['INV00000003', '2023-09-16', '6200.00'],
      ['INV00000004', '2024-01-04', '50000.00'],
      ['INV00000005', '2024-06-01', '14000.00'],
      ['INV00000006', '2024-12-14', '6200.00'],
    ]);
    // INV003 is C01's figure; IS2's first invoice follows the same cascade (same prices, same item amounts).
    expect(billing.store.probe.invoice('INV00000003')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1', '3258.97'],
      ['C2', '1898.86'],
      ['C3', '971.51'],
      ['C4', '70.66'],
    ]);
    // Not stated by the case: the renewal term repeats C01's cascade (same prices and items, 2024 is a leap year
    // so the service end dates may differ, the amounts do not).
    expect(billing.store.probe.invoice('INV00000004')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1-R1', '26282.05'],
      ['C2-R1', '15313.39'],
      ['C3-R1', '7834.76'],
      ['C4-R1', '569.80'],
    ]);
    const perCharge = new Map<string, string>();
    for (let n = 1; n <= 6; n++) {
      for (const line of billing.store.probe.invoice(`INV0000000${n}`)?.lines ?? []) {
        const sum = new Dec(perCharge.get(line.chargeNumber) ?? '0').plus(line.amount);
        perCharge.set(line.chargeNumber, sum.toFixed(2));
      }
    }
    for (const [charge, price] of Object.entries(PRICES)) {
      expect([charge, perCharge.get(charge)]).toEqual([charge, price]);
      expect([`${charge}-R1`, perCharge.get(`${charge}-R1`)]).toEqual([`${charge}-R1`, price]);
    }
    for (const number of ['IS-00000001', 'IS-00000002']) {
      const schedule = expectOk(await getInvoiceSchedule(billing.context, number));
      expect([number, schedule.status, schedule.billedAmount.toFixed(2), schedule.nextRunDate]).toEqual([
        number,
        'FullyProcessed',
        '70200.00',
        null,
      ]);
    }
  });

  it('C15 alternative: without IS2, the 2024-01-01 bill run bills the renewal by standard billing — one invoice 70,200.00, each charge its annual period in advance 2024-01-01 → 2024-12-31', async () => {
    const billing = await renewed();
    // IS1's last item first: standard billing never touches C1…C4, which IS1 bills.
    const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-16' }));
    expect(first.invoiceNumbers).toEqual(['INV00000003']);
    // Not stated: before the renewal starts standard billing has nothing to bill.
    const before = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([before.invoiceNumbers, before.creditMemoNumbers]).toEqual([[], []]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000004']);
    const invoice = billing.store.probe.invoice('INV00000004');
    expect(invoice?.amount).toBe('70200.00');
    expect(invoice?.invoiceDate).toBe('2024-01-01');
    expect(
      invoice?.lines.map((l) => [
        l.subscriptionNumber,
        l.chargeNumber,
        l.amount,
        l.serviceStartDate,
        l.serviceEndDate,
        l.invoiceScheduleNumber,
      ]),
    ).toEqual([
      ['S1', 'C1-R1', '36900.00', '2024-01-01', '2024-12-31', null],
      ['S2', 'C2-R1', '21500.00', '2024-01-01', '2024-12-31', null],
      ['S3', 'C3-R1', '11000.00', '2024-01-01', '2024-12-31', null],
      ['S4', 'C4-R1', '800.00', '2024-01-01', '2024-12-31', null],
    ]);
    // Never twice: a later run bills nothing more.
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2024-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });
});
