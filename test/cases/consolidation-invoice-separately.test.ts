import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, type TestBilling } from '../support/billing';
import { givenQuarterlyS3, givenS1Order, givenSchedule, givenTwoOrders } from '../support/scenarios';

// Consolidation (§7.8, decision 11 revised): documents produced in the same bill run for the same account are
// merged into one invoice (one line group per item), whatever their dates, when the schedules say
// invoiceSeparately = false; with the default (true) each item keeps its own invoice. And the issue's
// "an account can hold a quarterly subscription billed per period next to subscriptions that follow a schedule".

// givenTwoOrders: account A-001 with S1/C1 12,000 (O-0001) and S2/C2 6,000 (O-0002), both 2023-01-01 →
// 2023-12-31.

async function twoSchedules(billing: TestBilling, invoiceSeparately: boolean | undefined): Promise<void> {
  const flag = invoiceSeparately === undefined ? {} : { invoiceSeparately };
  await givenSchedule(billing, {
    ...flag,
    items: [
      { runDate: '2023-03-01', amount: '6000.00' },
      { runDate: '2023-09-01', amount: '6000.00' },
    ],
  });
  await givenSchedule(billing, {
    orders: ['O-0002'],
    ...flag,
    items: [
      { runDate: '2023-03-01', amount: '2000.00' },
      { runDate: '2023-09-01', amount: '4000.00' },
    ],
  });
}

const lineGroups = (billing: TestBilling, number: string) =>
  billing.store.probe
    .invoice(number)
    ?.lines.map((l) => [
      l.invoiceScheduleNumber,
      l.chargeNumber,
      l.amount,
      l.serviceStartDate,
      l.serviceEndDate,
    ]);

describe('consolidation — invoiceSeparately false merges a bill run’s documents of one account (§7.8)', () => {
  it('§7.8 / decision 11: IS1 (6,000) and IS2 (2,000) with invoiceSeparately false, both items on 2023-03-01 → one invoice 8,000.00, one line group per item', async () => {
    const billing = await givenTwoOrders();
    await twoSchedules(billing, false);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([2, ['INV00000001'], []]);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2023-03-01', '8000.00']);
    // Not stated: service periods by §7.4 — 6,000/12,000 and 2,000/6,000 of a year.
    expect(lineGroups(billing, 'INV00000001')).toEqual([
      ['IS-00000001', 'C1', '6000.00', '2023-01-01', '2023-06-30'],
      ['IS-00000002', 'C2', '2000.00', '2023-01-01', '2023-04-30'],
    ]);
    // Both items link the shared invoice; each item's billed amount is its own group's.
    for (const [number, billed] of [
      ['IS-00000001', '6000.00'],
      ['IS-00000002', '2000.00'],
    ] as const) {
      const schedule = expectOk(await getInvoiceSchedule(billing.context, number));
      expect([number, schedule.items[0]?.invoiceNumber, schedule.items[0]?.billedAmount.toFixed(2)]).toEqual([
        number,
        'INV00000001',
        billed,
      ]);
    }
    expect(billing.store.probe.invoice('INV00000002')).toBeNull();
  });

  it('§7.8: with invoiceSeparately true (the default) the same run gives two invoices, 6,000.00 and 2,000.00', async () => {
    const billing = await givenTwoOrders();
    await twoSchedules(billing, undefined);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
    expect(lineGroups(billing, 'INV00000001')).toEqual([
      ['IS-00000001', 'C1', '6000.00', '2023-01-01', '2023-06-30'],
    ]);
    expect(lineGroups(billing, 'INV00000002')).toEqual([
      ['IS-00000002', 'C2', '2000.00', '2023-01-01', '2023-04-30'],
    ]);
  });

  it('decision 11 (revised) / 18: one run picking up the 2023-03-01 and 2023-09-01 items of IS1 and IS2 (invoiceSeparately false) merges all four into ONE invoice 18,000.00 dated 2023-09-01, one line group per item', async () => {
    const billing = await givenTwoOrders();
    await twoSchedules(billing, false);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([4, ['INV00000001'], []]);
    const invoice = billing.store.probe.invoice('INV00000001');
    // The latest date of its parts (decision 18), not after the target date.
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2023-09-01', '18000.00']);
    // Oldest first (2023-03-01 items, then 2023-09-01 items); each schedule's service periods go on.
    expect(lineGroups(billing, 'INV00000001')).toEqual([
      ['IS-00000001', 'C1', '6000.00', '2023-01-01', '2023-06-30'],
      ['IS-00000002', 'C2', '2000.00', '2023-01-01', '2023-04-30'],
      ['IS-00000001', 'C1', '6000.00', '2023-07-01', '2023-12-31'],
      ['IS-00000002', 'C2', '4000.00', '2023-05-01', '2023-12-31'],
    ]);
    for (const number of ['IS-00000001', 'IS-00000002']) {
      const schedule = expectOk(await getInvoiceSchedule(billing.context, number));
      expect([number, schedule.status, schedule.items.map((i) => i.invoiceNumber)]).toEqual([
        number,
        'FullyProcessed',
        ['INV00000001', 'INV00000001'],
      ]);
    }
    expect(billing.store.probe.invoice('INV00000002')).toBeNull();
  });
});

/** S1 (12,000, in a schedule with items 2023-01-01 and 2023-07-01) next to S3 (4,000/yr billed quarterly). */
async function scheduleAndQuarterly(invoiceSeparately: boolean | undefined): Promise<TestBilling> {
  const billing = await givenS1Order();
  await givenQuarterlyS3(billing);
  await givenSchedule(billing, {
    ...(invoiceSeparately === undefined ? {} : { invoiceSeparately }),
    items: [
      { runDate: '2023-01-01', amount: '8000.00' },
      { runDate: '2023-07-01', amount: '4000.00' },
    ],
  });
  return billing;
}

const QUARTERS = ['2023-01-01', '2023-04-01', '2023-07-01', '2023-10-01'];

describe('a quarterly standard subscription next to a schedule on the same account', () => {
  it('quarterly bill runs: S3 billed 1,000.00 per quarter in advance by standard billing, S1 by its schedule (8,000 on 2023-01-01, 4,000 on 2023-07-01), each on its own invoice by default', async () => {
    const billing = await scheduleAndQuarterly(undefined);
    const invoices: (readonly (string | null)[])[] = [];
    for (const targetDate of QUARTERS) {
      const run = expectOk(await runBillRun(billing.context, { targetDate }));
      for (const number of run.invoiceNumbers) {
        const invoice = billing.store.probe.invoice(number);
        for (const l of invoice?.lines ?? []) {
          invoices.push([
            number,
            invoice?.invoiceDate ?? null,
            l.chargeNumber,
            l.amount,
            l.serviceStartDate,
            l.serviceEndDate,
            l.invoiceScheduleNumber,
          ]);
        }
      }
    }
    expect(invoices).toEqual([
      ['INV00000001', '2023-01-01', 'C1', '8000.00', '2023-01-01', '2023-08-31', 'IS-00000001'],
      ['INV00000002', '2023-01-01', 'C3', '1000.00', '2023-01-01', '2023-03-31', null],
      ['INV00000003', '2023-04-01', 'C3', '1000.00', '2023-04-01', '2023-06-30', null],
      ['INV00000004', '2023-07-01', 'C1', '4000.00', '2023-09-01', '2023-12-31', 'IS-00000001'],
      ['INV00000005', '2023-07-01', 'C3', '1000.00', '2023-07-01', '2023-09-30', null],
      ['INV00000006', '2023-10-01', 'C3', '1000.00', '2023-10-01', '2023-12-31', null],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.billedAmount.toFixed(2)]).toEqual(['FullyProcessed', '12000.00']);
    // Never twice: the year's last run again bills nothing.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([again.invoiceNumbers, again.creditMemoNumbers]).toEqual([[], []]);
  });

  it('§7.8: with the schedule’s invoiceSeparately false, the quarter’s standard lines join the item’s invoice of the same date (2023-01-01: 9,000.00; 2023-07-01: 5,000.00)', async () => {
    const billing = await scheduleAndQuarterly(false);
    const byDate: [string, string | undefined, (string | null)[][] | undefined][] = [];
    for (const targetDate of QUARTERS) {
      const run = expectOk(await runBillRun(billing.context, { targetDate }));
      for (const number of run.invoiceNumbers) {
        const invoice = billing.store.probe.invoice(number);
        byDate.push([
          number,
          invoice?.amount,
          invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.invoiceScheduleNumber]),
        ]);
      }
    }
    expect(byDate).toEqual([
      [
        'INV00000001',
        '9000.00',
        [
          ['C1', '8000.00', 'IS-00000001'],
          ['C3', '1000.00', null],
        ],
      ],
      ['INV00000002', '1000.00', [['C3', '1000.00', null]]],
      [
        'INV00000003',
        '5000.00',
        [
          ['C1', '4000.00', 'IS-00000001'],
          ['C3', '1000.00', null],
        ],
      ],
      ['INV00000004', '1000.00', [['C3', '1000.00', null]]],
    ]);
  });
});
