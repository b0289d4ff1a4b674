import { describe, expect, it } from 'vitest';
import { creditMemoUnappliedAmount, invoiceBalance } from '../../src/domain/documents/settlement';
import { scheduleItemRows } from '../../src/domain/schedule/view';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { cancelInvoice, postCreditMemo, postInvoice } from '../../src/operations/invoices';
import { detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { getCreditMemo, getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { applyCreditMemo, cancelCreditMemo } from '../../src/operations/settlement';
import { expectOk, type TestBilling } from '../support/billing';
import { createSchedule, givenC30EarlyRenewal, givenC30Schedule } from '../support/scenarios';

// C30 steps 3–4 — after the early renewal of S3 (C3 cut to 2025-01-01 → 2025-05-31, C4 2025-06-01 → 2026-05-31)
// and detaching C3 from IS1 (steps 1–2, see C30-detach-early-renewal.test.ts), a new schedule IS2 on the
// renewal order bills C4 and, through additionalSubscriptionsToBill [S3] with a target date of 2025-06-01, gives
// C3's credit as a separate credit memo (§5.4, §7.7, §8.3).

/** Steps 1–2 of C30: IS1 #1 executed and posted (INV1 30,000), early renewal of S3, C3 detached. */
async function afterStep2(): Promise<TestBilling> {
  const billing = await givenC30Schedule();
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
  expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  await givenC30EarlyRenewal(billing);
  const detached = expectOk(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
    }),
  );
  expect(detached.actualAmount.toFixed(2)).toBe('40000.00');
  return billing;
}

/** Step 3: IS2 on the renewal order, charge C4 only, additional subscription S3. */
const createIs2 = (billing: TestBilling, withTargetDate = true) =>
  createSchedule(billing, {
    orders: ['O-0002'],
    specificSubscriptions: [{ orderNumber: 'O-0002', subscriptionNumber: 'S3', chargeNumbers: ['C4'] }],
    additionalSubscriptionsToBill: ['S3'],
    items: [
      {
        runDate: '2025-05-17',
        amount: '10000.00',
        ...(withTargetDate ? { targetDateForAdditionalSubscriptions: '2025-06-01' } : {}),
      },
      { runDate: '2025-12-05', amount: '5000.00' },
    ],
  });

/** Step 4: Scheduler's ad hoc bill run for IS2's item 1 on its run date. */
const scheduler = (billing: TestBilling) =>
  runBillRun(billing.context, { targetDate: '2025-05-17', invoiceScheduleNumbers: ['IS-00000002'] });

describe('C30 steps 3–4 — credit of the detached charge in a new schedule', () => {
  it('C30 step 3: IS2 on O-0002 covers C4 only (total 15,000), additional [S3]; #1 2025-05-17 10,000 target 2025-06-01, #2 2025-12-05 5,000, both Pending', async () => {
    const billing = await afterStep2();
    const is2 = expectOk(await createIs2(billing));
    expect(is2.number).toBe('IS-00000002');
    expect(is2.charges.map((c) => [c.subscriptionNumber, c.chargeNumber])).toEqual([['S3', 'C4']]);
    expect(is2.totalAmount.toFixed(2)).toBe('15000.00');
    expect(is2.additionalSubscriptionsToBill).toEqual(['S3']);
    expect(
      is2.items.map((i) => [
        i.runDate,
        i.amount.toFixed(2),
        i.targetDateForAdditionalSubscriptions,
        i.status,
      ]),
    ).toEqual([
      ['2025-05-17', '10000.00', '2025-06-01', 'Pending'],
      ['2025-12-05', '5000.00', null, 'Pending'],
    ]);
    expect(is2.nextRunDate).toBe('2025-05-17');
  });

  it('C30 step 4: on 2025-05-17 IS2 #1 → INV2 10,000.00 (C4 2025-06-01 → 2026-01-31) and CM1 3,750.00 (C3 2025-06-01 → 2025-08-31); #1 Processed, #2 5,000 Pending', async () => {
    const billing = await afterStep2();
    expectOk(await createIs2(billing));
    const run = expectOk(await scheduler(billing));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      1,
      ['INV00000002'],
      ['CM00000001'],
    ]);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2025-05-17', '10000.00']);
    expect(
      invoice?.lines.map((l) => [
        l.subscriptionNumber,
        l.chargeNumber,
        l.amount,
        l.serviceStartDate,
        l.serviceEndDate,
        l.invoiceScheduleNumber,
      ]),
    ).toEqual([['S3', 'C4', '10000.00', '2025-06-01', '2026-01-31', 'IS-00000002']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.memoDate, memo?.amount]).toEqual(['2025-05-17', '3750.00']);
    expect(
      memo?.lines.map((l) => [
        l.subscriptionNumber,
        l.chargeNumber,
        l.amount,
        l.serviceStartDate,
        l.serviceEndDate,
        l.creditedInvoiceNumber,
      ]),
    ).toEqual([['S3', 'C3', '3750.00', '2025-06-01', '2025-08-31', 'INV00000001']]);
    const is2 = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000002'));
    // Not stated: as in C21 the item's row links the additional subscription's memo; billed stays 10,000.
    expect(
      scheduleItemRows(is2).map((r) => [
        r['Run Date'],
        r['Billed Amount'],
        r['Schedule Item Status'],
        r['Billing Document'],
      ]),
    ).toEqual([
      ['2025-05-17', '10000.00', 'Processed', 'INV00000002 CM00000001'],
      ['2025-12-05', '-', 'Pending', '-'],
    ]);
    expect([is2.status, is2.billedAmount.toFixed(2), is2.nextRunDate]).toEqual([
      'PartiallyProcessed',
      '10000.00',
      '2025-12-05',
    ]);
    // IS1 is untouched: its detached C3 keeps its 10,000 billed inside actual 40,000.
    const is1 = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([is1.actualAmount.toFixed(2), is1.billedAmount.toFixed(2), is1.nextRunDate]).toEqual([
      '40000.00',
      '30000.00',
      '2025-10-05',
    ]);
  });

  it('C30 step 4: CM1 3,750.00, once posted, applies to INV2 (10,000.00): INV2 balance 6,250.00, CM1 unapplied 0.00', async () => {
    const billing = await afterStep2();
    expectOk(await createIs2(billing));
    const run = expectOk(await scheduler(billing));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);
    // "CM1 can be applied to INV2": both are Drafts after the run (not auto-posted); post them first.
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expectOk(await postCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    expectOk(
      await applyCreditMemo(billing.context, {
        creditMemoNumber: 'CM00000001',
        applications: [{ invoiceNumber: 'INV00000002', amount: '3750.00' }],
      }),
    );
    const invoice = expectOk(await getInvoice(billing.context, 'INV00000002'));
    expect([invoice.amount.toFixed(2), invoiceBalance(invoice).toFixed(2)]).toEqual(['10000.00', '6250.00']);
    const memo = expectOk(await getCreditMemo(billing.context, 'CM00000001'));
    expect([memo.amount.toFixed(2), creditMemoUnappliedAmount(memo).toFixed(2)]).toEqual(['3750.00', '0.00']);
  });

  it('C30 step 4 by the Execute API (IS2 #1 executed on 2025-05-17): the same INV2 10,000.00 and CM1 3,750.00', async () => {
    const billing = await afterStep2();
    expectOk(await createIs2(billing));
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000002' }),
    );
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);
    expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('10000.00');
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('3750.00');
  });

  it('C30 step 3 (§7.7): without the target date, IS2 #1 on 2025-05-17 bills INV2 10,000.00 and no credit (the credit starts 2025-06-01)', async () => {
    const billing = await afterStep2();
    expectOk(await createIs2(billing, false));
    const run = expectOk(await scheduler(billing));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([1, ['INV00000002'], []]);
    expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('10000.00');
    expect(billing.store.probe.creditMemo('CM00000001')).toBeNull();
    // Not stated: the credit is not lost — an account bill run once 2025-06-01 is reached gives it (standard
    // billing of the detached C3, which no schedule bills any more).
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2025-06-01' }));
    expect(later.creditMemoNumbers).toEqual(['CM00000001']);
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('3750.00');
  });

  it('C30 step 4, then CM1 canceled: the Draft INV2 can be canceled (a Canceled memo linked to the item counts for nothing, §6.4, C02); the next scheduler run bills #1 again: INV3 10,000.00 and CM2 3,750.00', async () => {
    const billing = await afterStep2();
    expectOk(await createIs2(billing));
    expectOk(await scheduler(billing));
    // While CM1 is a Draft it still blocks the cancel.
    const blocked = await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' });
    expect(blocked.isErr() && [blocked.error.type, blocked.error]).toMatchObject([
      'InvoiceHasCredits',
      { creditMemoNumbers: ['CM00000001'] },
    ]);
    expect(expectOk(await cancelCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' })).status).toBe(
      'Canceled',
    );
    expect(expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' })).status).toBe(
      'Canceled',
    );
    const reverted = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000002'));
    expect(reverted.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.invoiceNumber])).toEqual([
      ['Pending', '0.00', null],
      ['Pending', '0.00', null],
    ]);
    expect([reverted.status, reverted.billedAmount.toFixed(2), reverted.nextRunDate]).toEqual([
      'Pending',
      '0.00',
      '2025-05-17',
    ]);
    const again = expectOk(await scheduler(billing));
    expect([again.invoiceNumbers, again.creditMemoNumbers]).toEqual([['INV00000003'], ['CM00000002']]);
    const invoice = billing.store.probe.invoice('INV00000003');
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2025-05-17', '10000.00']);
    expect(
      invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
    ).toEqual([['C4', '10000.00', '2025-06-01', '2026-01-31']]);
    const memo = billing.store.probe.creditMemo('CM00000002');
    expect([memo?.memoDate, memo?.amount]).toEqual(['2025-05-17', '3750.00']);
    expect(memo?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
      ['C3', '3750.00', '2025-06-01', '2025-08-31'],
    ]);
  });
});
