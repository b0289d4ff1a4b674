import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { attachInvoiceScheduleCharges, detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import type { InvoiceRecord } from '../../src/ports/records';
import { expectOk } from '../support/billing';
import { cancelS1, caseA, caseC, execute, lines, servedThrough } from './served-through';

// Review 4 (§7.4, §5.4, §5.5, decision 3): where a charge's lines served through (`ScheduleCharge.servedThrough`)
// after an invoice goes back, across a detach and an attach, and for standard billing of a detached charge. An
// order cut between the documents moves the charge's total, so the start recomputed from its billed amount
// would fall inside days a live line still serves.

describe('an invoice going back after a cut: the next line starts where its line started (review 4)', () => {
  it('A: INV2 (04-19 → 05-31) canceled after the cut from 2023-06-01; billed again from 04-19, not 04-18 inside live INV1', async () => {
    const { billing } = await caseA();
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    const second = await execute(billing);
    expect(lines(second)).toEqual([['C1', '116.67', '2023-04-19', '2023-05-31']]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: second.number }));
    // Where INV2's line started, that day unconsumed.
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-04-19', endDayPartial: true });
    // Recomputed from 300.00 of 416.67 alone it started 2023-04-18, a day INV1 serves in full.
    expect(lines(await execute(billing))).toEqual([['C1', '116.67', '2023-04-19', '2023-05-31']]);
  });

  it('C (JPY): INV2 reversed after the cut of C1 moved a unit onto C4; C4 billed again from 07-11 (partly consumed), not 06-30', async () => {
    const { billing } = await caseC();
    await cancelS1(billing, '2023-02-01', '2023-11-01');
    const second = await execute(billing);
    expectOk(await postInvoice(billing.context, { invoiceNumber: second.number }));
    expect(lines(second)).toEqual([
      ['C1', '583', '2023-04-01', '2023-10-31'],
      ['C4', '4', '2023-07-11', '2023-12-31'],
    ]);
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: second.number }));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    // Recomputed from C4's new total (5) it started 2023-06-30, 11 days inside INV1's live C4 line.
    expect(lines(await execute(billing))).toEqual(lines(second));
  });

  it('a reverted line that started on a day partly consumed before it starts there again', async () => {
    // C4's INV2 line starts on 07-11, the day INV1's line left partly consumed: going back keeps that day.
    const { billing } = await caseC();
    const second = await execute(billing);
    expect(lines(second)).toEqual([
      ['C1', '750', '2023-04-01', '2023-12-31'],
      ['C4', '3', '2023-07-11', '2023-12-31'],
    ]);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: second.number }));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual(lines(second));
  });

  it("the first invoice reversed after a cut: billed again from the charge's start", async () => {
    const { billing, first } = await caseA();
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    expectOk(await reverseInvoice(billing.context, { invoiceNumber: first.number }));
    expect(servedThrough(billing, 'C1')).toEqual({ end: '2023-01-01', endDayPartial: true });
    // 300.00 of 416.67 over the five months left: 3.6 months, to 04-18.
    expect(lines(await execute(billing))).toEqual([['C1', '300.00', '2023-01-01', '2023-04-18']]);
  });
});

describe('detach and attach keep where the charge was served through (review 4, §5.4, §5.5)', () => {
  it('C (JPY): C4 detached, C1 cut (C4 4 → 5 in the set), C4 attached back: its next line starts 07-11, not 06-30', async () => {
    const { billing } = await caseC();
    const selection = {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C4'] }],
    };
    expectOk(await detachInvoiceScheduleCharges(billing.context, selection));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    await cancelS1(billing, '2023-02-01', '2023-11-01');
    expectOk(await attachInvoiceScheduleCharges(billing.context, selection));
    expect(servedThrough(billing, 'C4')).toEqual({ end: '2023-07-11', endDayPartial: true });
    expect(lines(await execute(billing))).toEqual([
      ['C1', '583', '2023-04-01', '2023-10-31'],
      ['C4', '4', '2023-07-11', '2023-12-31'],
    ]);
  });

  it("A: C1 detached, cancelled from 2023-06-01; standard billing resumes 04-19, the day after the schedule's last line", async () => {
    const { billing } = await caseA();
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    await cancelS1(billing, '2023-01-15', '2023-06-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    // 416.67 − 300.00; read from 300.00 of 416.67 alone it started 2023-04-18, which INV1 served in full.
    expect(lines(billing.store.probe.invoice('INV00000002') as InvoiceRecord)).toEqual([
      ['C1', '116.67', '2023-04-19', '2023-05-31'],
    ]);
  });
});
