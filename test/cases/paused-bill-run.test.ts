import { describe, expect, it } from 'vitest';
import { planBillRun } from '../../src/domain/billing/plan';
import { type RunBillRunInput, runBillRun } from '../../src/operations/bill-run';
import { generateBillingDocuments } from '../../src/operations/generate';
import { pauseInvoiceSchedule, resumeInvoiceSchedule } from '../../src/operations/lifecycle';
import { getBillRun, getInvoiceSchedule } from '../../src/operations/queries';
import { businessDate } from '../../src/time/date';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenC01Schedule } from '../support/scenarios';

// Decision 16, §5.3, §6.1: `runBillRun` is the host's Scheduler by default and skips paused schedules; a bill
// run started by a person (Zuora's "Create Bill Run") bills them too — `includePausedSchedules: true`. Items
// billed that way end Processed while the schedule stays Paused (C23). `generateBillingDocuments` always
// bills them (§6.5). Figures from C01: item 1 2023-02-04 50,000 → INV 50,000.00 with C1 26,282.05,
// C2 15,313.39, C3 7,834.76, C4 569.80, service periods 2023-01-01 → 2023-09-17.

async function pausedC01(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z' });
  expect(
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' })).status,
  ).toBe('Paused');
  return billing;
}

const C01_INV001_LINES = [
  ['C1', '26282.05', '2023-01-01', '2023-09-17'],
  ['C2', '15313.39', '2023-01-01', '2023-09-17'],
  ['C3', '7834.76', '2023-01-01', '2023-09-17'],
  ['C4', '569.80', '2023-01-01', '2023-09-17'],
];

const invoiceFigures = (billing: TestBilling, number: string) => {
  const invoice = billing.store.probe.invoice(number);
  return {
    date: invoice?.invoiceDate,
    amount: invoice?.amount,
    lines: invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
  };
};

describe('decision 16 — a bill run skips paused schedules unless a person started it', () => {
  it('§6.1 / decision 16: by default (the Scheduler) a run on 2023-02-04 skips the paused schedule — 0 items, no invoice, item 1 Pending; `includePausedSchedules: false` is the same', async () => {
    const billing = await pausedC01();
    for (const input of [{}, { includePausedSchedules: false }] satisfies RunBillRunInput[]) {
      const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04', ...input }));
      expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([0, [], []]);
    }
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.items[0]?.status, schedule.billedAmount.toFixed(2)]).toEqual([
      'Paused',
      'Pending',
      '0.00',
    ]);
  });

  it('§5.3 / decision 16: a person-started run (`includePausedSchedules: true`) on 2023-02-04 bills item 1 → INV00000001 50,000.00 (C01 INV001 lines); item 1 Processed, the schedule stays Paused', async () => {
    const billing = await pausedC01();
    const run = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-02-04', includePausedSchedules: true }),
    );
    expect([run.kind, run.number, run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      'BillRun',
      'BR-00000001',
      1,
      ['INV00000001'],
      [],
    ]);
    expect(invoiceFigures(billing, 'INV00000001')).toEqual({
      date: '2023-02-04',
      amount: '50000.00',
      lines: C01_INV001_LINES,
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.status, i.invoiceNumber])).toEqual([
      ['Processed', 'INV00000001'],
      ['Pending', null],
      ['Pending', null],
    ]);
    expect(amounts(schedule)).toMatchObject({
      status: 'Paused',
      billedAmount: '50000.00',
      unbilledAmount: '20200.00',
    });
    // Resuming restores the status the items imply.
    expect(schedule.statusBeforePause).toBe('PartiallyProcessed');
    expect(
      expectOk(await resumeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' })).status,
    ).toBe('PartiallyProcessed');
    // The stored record is the run returned.
    expect(expectOk(await getBillRun(billing.context, run.number)).invoiceNumbers).toEqual(['INV00000001']);
  });

  it('decision 16: the option bills only what is due — a person-started run on 2023-02-03 bills nothing (decision 7), on 2023-05-01 items 1 and 2 (50,000.00 and 14,000.00)', async () => {
    const billing = await pausedC01();
    const early = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-02-03', includePausedSchedules: true }),
    );
    expect([early.itemsProcessed, early.invoiceNumbers]).toEqual([0, []]);
    const run = expectOk(
      await runBillRun(billing.context, { targetDate: '2023-05-01', includePausedSchedules: true }),
    );
    expect([run.itemsProcessed, run.invoiceNumbers]).toEqual([2, ['INV00000001', 'INV00000002']]);
    expect(
      run.invoiceNumbers.map((n) => [
        billing.store.probe.invoice(n)?.invoiceDate,
        billing.store.probe.invoice(n)?.amount,
      ]),
    ).toEqual([
      ['2023-02-04', '50000.00'],
      ['2023-05-01', '14000.00'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.items.map((i) => i.status)]).toEqual([
      'Paused',
      ['Processed', 'Processed', 'Pending'],
    ]);
  });

  it('decision 16: planBillRun takes the same option — the paused schedule’s item 1 is planned only with `includePausedSchedules: true`', async () => {
    const billing = await pausedC01();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const day = businessDate(2023, 2, 4);
    expect(planBillRun([schedule], day).accounts).toEqual([]);
    const plan = planBillRun([schedule], day, { includePausedSchedules: true });
    expect(
      plan.accounts.map((a) => [a.accountNumber, a.items.map((i) => [i.invoiceScheduleNumber, i.runDate])]),
    ).toEqual([['A-001', [['IS-00000001', '2023-02-04']]]]);
  });

  it('decision 16: a non-boolean `includePausedSchedules` is refused with InvalidInput (path includePausedSchedules); nothing is billed or recorded', async () => {
    const billing = await pausedC01();
    for (const value of ['true', 1, null]) {
      const error = expectErr(
        await runBillRun(billing.context, {
          targetDate: '2023-02-04',
          includePausedSchedules: value as unknown as boolean,
        }),
      );
      expect(error).toMatchObject({ type: 'InvalidInput', path: 'includePausedSchedules' });
    }
    // No bill run number was used: the next run is BR-00000001.
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect([run.number, run.itemsProcessed]).toEqual(['BR-00000001', 0]);
    expect(billing.store.probe.invoice('INV00000001')).toBeNull();
  });

  it('§6.5 / decision 16: generateBillingDocuments always bills the paused schedule — A-001 on 2023-02-04 → INV00000001 50,000.00, item 1 Processed, schedule Paused', async () => {
    const billing = await pausedC01();
    const run = expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-02-04' }),
    );
    expect([run.kind, run.itemsProcessed, run.invoiceNumbers]).toEqual([
      'AccountDocuments',
      1,
      ['INV00000001'],
    ]);
    expect(invoiceFigures(billing, 'INV00000001')).toEqual({
      date: '2023-02-04',
      amount: '50000.00',
      lines: C01_INV001_LINES,
    });
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.items.map((i) => i.status)]).toEqual([
      'Paused',
      ['Processed', 'Pending', 'Pending'],
    ]);
  });
});
