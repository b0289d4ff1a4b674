import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { attachInvoiceScheduleCharges, detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenC30EarlyRenewal, givenC30Schedule } from '../support/scenarios';

// C30 steps 1–2 — early renewal of S3 on 2025-06-01 (Remove Product + Terms And Conditions + Add Product), then
// detach C3 from IS1 so its credit can be produced elsewhere (§5.4, §8.1, §8.7).
// Setup: S1/C1, S2/C2, S3/C3 15,000 each over 2025; IS1 2025-01-10 30,000 / 2025-10-05 15,000.
async function afterItem1(options: { post?: boolean } = {}): Promise<TestBilling> {
  const billing = await givenC30Schedule();
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(run.invoiceNumbers).toEqual(['INV00000001']);
  if (options.post !== false) expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  return billing;
}

const detachC3 = (billing: TestBilling) =>
  detachInvoiceScheduleCharges(billing.context, {
    invoiceScheduleNumber: 'IS-00000001',
    specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
  });
const attachC3 = (billing: TestBilling) =>
  attachInvoiceScheduleCharges(billing.context, {
    invoiceScheduleNumber: 'IS-00000001',
    specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
  });

describe('C30 — detach a partly early-renewed subscription', () => {
  it('C30 setup: IS1 #1 2025-01-10 → INV 30,000.00, service 2025-01-01 → 2025-08-31, 10,000.00 per charge; #2 15,000 Pending', async () => {
    const billing = await afterItem1();
    const invoice = billing.store.probe.invoice('INV00000001');
    expect(invoice?.amount).toBe('30000.00');
    expect(
      invoice?.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]),
    ).toEqual([
      ['C1', '10000.00', '2025-01-01', '2025-08-31'],
      ['C2', '10000.00', '2025-01-01', '2025-08-31'],
      ['C3', '10000.00', '2025-01-01', '2025-08-31'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => [i.amount.toFixed(2), i.actualAmount.toFixed(2), i.status])).toEqual([
      ['30000.00', '30000.00', 'Processed'],
      ['15000.00', '15000.00', 'Pending'],
    ]);
  });

  it('C30 step 1: Remove C3 + T&C + Add C4 on 2025-06-01 → IS1 total 45,000, actual 36,250, billed 30,000, unbilled 6,250; #1 30,000; #2 amount 15,000 actual 6,250', async () => {
    const billing = await afterItem1();
    await givenC30EarlyRenewal(billing);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '45000.00',
      actualAmount: '36250.00',
      billedAmount: '30000.00',
      unbilledAmount: '6250.00',
      // Not stated by the case: §6.6 rule 3 as implemented — C3 was billed 3,750 beyond its new value,
      // so the next run moves to the removal's effective date.
      nextRunDate: '2025-06-01',
    });
    expect(
      schedule.items.map((i) => [i.amount.toFixed(2), i.actualAmount.toFixed(2), i.billedAmount.toFixed(2)]),
    ).toEqual([
      ['30000.00', '30000.00', '30000.00'],
      ['15000.00', '6250.00', '0.00'],
    ]);
    // §8.6: the added C4 is not in IS1.
    expect(schedule.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2', 'C3']);
  });

  it('C30 step 2: detach C3 → IS1 total 45,000, actual 40,000, billed 30,000, unbilled 10,000; #2 actual 10,000', async () => {
    const billing = await afterItem1();
    await givenC30EarlyRenewal(billing);
    const detached = expectOk(await detachC3(billing));
    expect(amounts(detached)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '45000.00',
      actualAmount: '40000.00',
      billedAmount: '30000.00',
      unbilledAmount: '10000.00',
      // Not stated: no credit is left on the attached charges, so the next run is item 2's again (§6.6 rule 1).
      nextRunDate: '2025-10-05',
    });
    expect(detached.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['30000.00', '10000.00']);
    expect(detached.charges.map((c) => [c.chargeNumber, c.detached])).toEqual([
      ['C1', false],
      ['C2', false],
      ['C3', true],
    ]);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.actualAmount).toBe('40000.00');
    // The credit is now produced elsewhere (step 3–4): a bill run of IS1 on 2025-06-01 neither credits C3 nor
    // pulls IS1's item 2 forward. (An account-wide run would bill C3's credit and the new C4 by standard billing.)
    const run = expectOk(
      await runBillRun(billing.context, {
        targetDate: '2025-06-01',
        invoiceScheduleNumbers: ['IS-00000001'],
      }),
    );
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([0, [], []]);
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).items[1]?.status).toBe(
      'Pending',
    );
  });

  it('C30 (§5.4): detach is refused while the schedule has a Draft invoice (InvoicesNotPosted); nothing changes', async () => {
    const billing = await afterItem1({ post: false });
    await givenC30EarlyRenewal(billing);
    const before = billing.store.probe.snapshot();
    const error = expectErr(await detachC3(billing));
    expect(error).toMatchObject({
      type: 'InvoicesNotPosted',
      invoiceScheduleNumber: 'IS-00000001',
      invoiceNumbers: ['INV00000001'],
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expect(expectOk(await detachC3(billing)).actualAmount.toFixed(2)).toBe('40000.00');
  });

  it('C30 (§5.5): attaching C3 back right after the detach is allowed and restores actual 36,250 / #2 actual 6,250', async () => {
    const billing = await afterItem1();
    await givenC30EarlyRenewal(billing);
    expectOk(await detachC3(billing));
    const attached = expectOk(await attachC3(billing));
    expect(amounts(attached)).toMatchObject({
      actualAmount: '36250.00',
      billedAmount: '30000.00',
      unbilledAmount: '6250.00',
      nextRunDate: '2025-06-01',
    });
    expect(attached.items.map((i) => i.actualAmount.toFixed(2))).toEqual(['30000.00', '6250.00']);
    expect(attached.charges.every((c) => !c.detached)).toBe(true);
  });

  it('C30 (§5.5): attaching C3 back after item 2 was processed since the detach is refused (AttachNotAllowed); nothing changes', async () => {
    const billing = await afterItem1();
    await givenC30EarlyRenewal(billing);
    expectOk(await detachC3(billing));
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    // Item 2 bills the 10,000 left on C1 and C2 only; C3 is detached.
    expect(billing.store.probe.invoice('INV00000002')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1', '5000.00'],
      ['C2', '5000.00'],
    ]);
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const before = billing.store.probe.snapshot();
    const error = expectErr(await attachC3(billing));
    expect(error).toMatchObject({
      type: 'AttachNotAllowed',
      invoiceScheduleNumber: 'IS-00000001',
      subscriptionNumber: 'S3',
      chargeNumber: 'C3',
      reason: 'ItemProcessedSinceDetach',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });
});
