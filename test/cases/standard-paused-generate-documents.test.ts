import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { generateBillingDocuments } from '../../src/operations/generate';
import { pauseInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenC01Schedule } from '../support/scenarios';

// §5.3, §6.5: a paused schedule is skipped by Scheduler, the Execute API and bill runs, but "Generate billing
// documents by account ID" still bills its due items; the items end Processed while the schedule stays Paused
// (C23). Figures from C01 (item 1 2023-02-04 50,000 → INV 50,000.00 with C1 26,282.05 …).
async function pausedC01(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z' });
  expect(
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' })).status,
  ).toBe('Paused');
  return billing;
}

describe('§5.3 — a paused schedule: bill runs skip it, generate billing documents bills it', () => {
  it('§5.3: a bill run on 2023-02-04 skips the paused schedule’s due item 1 — no invoice, item Pending (and standard billing leaves its charges alone)', async () => {
    const billing = await pausedC01();
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([0, [], []]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.items[0]?.status]).toEqual(['Paused', 'Pending']);
    // The Execute API refuses it too (§6.2).
    expect(
      expectErr(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' })),
    ).toMatchObject({ type: 'InvoiceSchedulePaused' });
  });

  it('§5.3 / §6.5: generateBillingDocuments for A-001 on 2023-02-04 bills item 1 → INV 50,000.00 (C01 INV001 lines); item 1 Processed, schedule stays Paused', async () => {
    const billing = await pausedC01();
    const run = expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-02-04' }),
    );
    expect([run.kind, run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      'AccountDocuments',
      1,
      ['INV00000001'],
      [],
    ]);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2023-02-04', '50000.00']);
    expect(
      invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
    ).toEqual([
      ['C1', '26282.05', '2023-01-01', '2023-09-17'],
      ['C2', '15313.39', '2023-01-01', '2023-09-17'],
      ['C3', '7834.76', '2023-01-01', '2023-09-17'],
      ['C4', '569.80', '2023-01-01', '2023-09-17'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Pending', 'Pending']);
    // Not stated: the schedule is still Paused, its amounts move on (billed 50,000) and it resumes as
    // PartiallyProcessed.
    expect(amounts(schedule)).toMatchObject({
      status: 'Paused',
      billedAmount: '50000.00',
      unbilledAmount: '20200.00',
    });
    expect(schedule.statusBeforePause).toBe('PartiallyProcessed');
  });

  it('§6.5: generateBillingDocuments picks up items dated on or before its target date only (2023-02-03: nothing)', async () => {
    const billing = await pausedC01();
    const run = expectOk(
      await generateBillingDocuments(billing.context, { accountNumber: 'A-001', targetDate: '2023-02-03' }),
    );
    expect([run.itemsProcessed, run.invoiceNumbers]).toEqual([0, []]);
  });
});
