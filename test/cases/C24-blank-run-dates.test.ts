import { describe, expect, it } from 'vitest';
import type { InvoiceSchedule } from '../../src/domain/schedule/schedule';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

// C24 — blank run dates for milestone billing (fixed amounts): a one-time charge of 40,000
// (2023-01-01 → 2023-12-31) billed 4,000 on 2023-01-01, then 8,000 and 28,000 on dates filled in later.
// Doc issue: one sentence says INV003 is 10,000; the table and the rest of the text say 28,000.
async function setUp(): Promise<{ billing: TestBilling; schedule: InvoiceSchedule }> {
  const billing = await givenSubscriptions(
    [yearly('S1', [{ number: 'C1', type: 'OneTime', price: '40000.00' }])],
    { now: '2023-01-01T12:00:00Z', orderNumber: 'O-001' },
  );
  const schedule = await givenSchedule(billing, {
    orders: ['O-001'],
    items: [
      { runDate: '2023-01-01', amount: '4000.00' },
      { runDate: null, amount: '8000.00' },
      { runDate: null, amount: '28000.00' },
    ],
  });
  expect(schedule.items.map((i) => i.status)).toEqual(['Pending', 'Pending', 'Pending']);
  expect(schedule.status).toBe('Pending');
  return { billing, schedule };
}

/** The replace-semantics item list with run dates for items 2 and 3 (item 1 sent back unchanged). */
function itemsWith(schedule: InvoiceSchedule, second: string | null, third: string | null) {
  const [i1, i2, i3] = schedule.items as [
    InvoiceSchedule['items'][number],
    InvoiceSchedule['items'][number],
    InvoiceSchedule['items'][number],
  ];
  return [
    { id: i1.id, runDate: '2023-01-01', amount: '4000.00' },
    { id: i2.id, runDate: second, amount: '8000.00' },
    { id: i3.id, runDate: third, amount: '28000.00' },
  ];
}

describe('C24 — blank run dates for milestone billing', () => {
  it('C24 step 1: execute #1 → INV001 4,000.00; #1 Processed, #2 and #3 Pending; nextRunDate blank (null)', async () => {
    const { billing } = await setUp();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    const inv001 = expectOk(await getInvoice(billing.context, 'INV00000001'));
    expect(inv001.amount.toFixed(2)).toBe('4000.00');
    expect(inv001.invoiceDate).toBe('2023-01-01');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Pending', 'Pending']);
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '40000.00',
      actualAmount: '40000.00',
      billedAmount: '4000.00',
      unbilledAmount: '36000.00',
      nextRunDate: null,
    });
  });

  it('C24 steps 2–3: #2 dated 2023-06-16 → INV002 8,000.00; #3 dated 2023-10-18 → INV003 28,000.00; Fully Processed, nextRunDate null; billed 4,000 / 8,000 / 28,000', async () => {
    const { billing, schedule } = await setUp();
    expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));

    // 2. Update #2's run date (amount unchanged); filling a blank run date recomputes nextRunDate (decision 8).
    const updated2 = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: itemsWith(schedule, '2023-06-16', null),
      }),
    );
    expect(updated2.nextRunDate).toBe('2023-06-16');
    expect(updated2.items.map((i) => [i.runDate, i.amount.toFixed(2), i.status])).toEqual([
      ['2023-01-01', '4000.00', 'Processed'],
      ['2023-06-16', '8000.00', 'Pending'],
      [null, '28000.00', 'Pending'],
    ]);
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-06-16' })).invoiceNumbers).toEqual([
      'INV00000002',
    ]);
    const inv002 = expectOk(await getInvoice(billing.context, 'INV00000002'));
    expect([inv002.invoiceDate, inv002.amount.toFixed(2)]).toEqual(['2023-06-16', '8000.00']);
    const after2 = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after2.items.map((i) => i.status)).toEqual(['Processed', 'Processed', 'Pending']);
    expect(after2.status).toBe('PartiallyProcessed');
    expect(after2.nextRunDate).toBeNull();

    // 3. Update #3's run date; the bill run of 2023-10-18 bills it.
    const updated3 = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        // Processed items #1 and #2 are sent back unchanged (§5.1).
        items: itemsWith(schedule, '2023-06-16', '2023-10-18'),
      }),
    );
    expect(updated3.nextRunDate).toBe('2023-10-18');
    expect(expectOk(await runBillRun(billing.context, { targetDate: '2023-10-18' })).invoiceNumbers).toEqual([
      'INV00000003',
    ]);
    const inv003 = expectOk(await getInvoice(billing.context, 'INV00000003'));
    expect([inv003.invoiceDate, inv003.amount.toFixed(2)]).toEqual(['2023-10-18', '28000.00']);

    const final = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(
      final.items.map((i) => [
        i.runDate,
        i.amount.toFixed(2),
        i.billedAmount.toFixed(2),
        i.status,
        i.invoiceNumber,
      ]),
    ).toEqual([
      ['2023-01-01', '4000.00', '4000.00', 'Processed', 'INV00000001'],
      ['2023-06-16', '8000.00', '8000.00', 'Processed', 'INV00000002'],
      ['2023-10-18', '28000.00', '28000.00', 'Processed', 'INV00000003'],
    ]);
    expect(amounts(final)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '40000.00',
      actualAmount: '40000.00',
      billedAmount: '40000.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
