import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { cancelInvoice, postInvoice, reverseInvoice } from '../../src/operations/invoices';
import { attachInvoiceScheduleCharges, detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectErr, expectOk, type TestBilling } from '../support/billing';
import {
  billAndPost,
  givenSchedule,
  givenSubscriptions,
  rewriteStoredSchedule,
  yearly,
} from '../support/scenarios';

// §5.4: "After detaching, invoices the schedule produced before the detach can no longer be unposted." The
// library locked every invoice of a schedule with a detached charge, so a Draft invoice of a later item — produced
// after the detach, which §6.4 and C02 let a user cancel (the item goes back to Pending) — could only be posted (a
// reviewer's finding). A detachment now records the invoices the schedule had produced, and only those stay.
//
// S1/C1 and S2/C2 1,200.00 a year over 2023; IS-00000001 covers both in items of 1,200.00 on 2023-02-01 and
// 2023-08-01. Item 1 is billed and posted (INV00000001), then C2 is detached.
async function detachedAfterItemOne(invoiceSeparately = true): Promise<TestBilling> {
  const billing = await givenSubscriptions([
    yearly('S1', [{ number: 'C1', price: '1200.00' }]),
    yearly('S2', [{ number: 'C2', price: '1200.00' }]),
  ]);
  await givenSchedule(billing, {
    invoiceSeparately,
    items: [
      { runDate: '2023-02-01', amount: '1200.00' },
      { runDate: '2023-08-01', amount: '1200.00' },
    ],
  });
  await billAndPost(billing, ['2023-02-01']);
  expectOk(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S2', chargeNumbers: ['C2'] }],
    }),
  );
  return billing;
}

/** Item 2's bill run, on the schedule only (the account's run would standard-bill the detached C2 too). */
const itemTwo = { targetDate: '2023-08-01', invoiceScheduleNumbers: ['IS-00000001'] };

describe('§5.4: a detach locks the invoices produced before it, not those after', () => {
  it('the detachment records INV00000001; item 2 bills C1 only (INV00000002, a Draft)', async () => {
    const billing = await detachedAfterItemOne();
    const detached = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).charges.find(
      (c) => c.chargeNumber === 'C2',
    );
    expect(detached?.detached && detached.detachment.invoiceNumbers).toEqual(['INV00000001']);
    const run = expectOk(await runBillRun(billing.context, itemTwo));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const inv2 = billing.store.probe.invoice('INV00000002');
    expect(inv2?.status).toBe('Draft');
    expect(inv2?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([['C1', '600.00']]);
  });

  it('INV00000002, produced after the detach, can be canceled (item 2 back to Pending) and billed again; INV00000001 stays locked', async () => {
    const billing = await detachedAfterItemOne();
    expectOk(await runBillRun(billing.context, itemTwo));
    const canceled = expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    expect(canceled.status).toBe('Canceled');
    let schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Pending']);
    // Item 1's invoice stays as it is (the latest invoice now, so only the detach refuses it).
    const before = billing.store.probe.snapshot();
    expect(expectErr(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000001' }))).toMatchObject({
      type: 'InvoiceLockedByDetach',
      invoiceNumber: 'INV00000001',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    // Billed again, and this time posted and reversed: a Posted invoice after the detach is not locked either.
    const again = expectOk(await runBillRun(billing.context, itemTwo));
    expect(again.invoiceNumbers).toEqual(['INV00000003']);
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000003' }));
    expect(expectOk(await reverseInvoice(billing.context, { invoiceNumber: 'INV00000003' })).status).toBe(
      'Reversed',
    );
    schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Pending']);
    expect(schedule.billedAmount.toFixed(2)).toBe('1200.00');
  });

  it('an item processed since the detach still refuses the attach (§5.5), even once its invoice is canceled', async () => {
    const billing = await detachedAfterItemOne();
    expectOk(await runBillRun(billing.context, itemTwo));
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const refused = await attachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S2', chargeNumbers: ['C2'] }],
    });
    expect(expectErr(refused)).toMatchObject({
      type: 'AttachNotAllowed',
      reason: 'ItemProcessedSinceDetach',
    });
  });

  it('a detachment recorded before the list was (no invoiceNumbers) locks every invoice of the schedule, as before', async () => {
    const billing = await detachedAfterItemOne();
    expectOk(await runBillRun(billing.context, itemTwo));
    await rewriteStoredSchedule(billing, 'IS-00000001', (stored) => ({
      ...stored,
      charges: stored.charges.map((c) => {
        if (!c.detached) return c;
        const { invoiceNumbers: _, ...older } = c.detachment;
        return { ...c, detachment: older };
      }),
    }));
    expect(expectErr(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }))).toMatchObject({
      type: 'InvoiceLockedByDetach',
      invoiceNumber: 'INV00000002',
    });
  });

  it("a merged invoice (item 2 with standard billing of the detached C2) canceled: the schedule keeps what it billed of C2 (item 1's 600.00), and C2 is billed again by standard billing", async () => {
    // Found by the life-cycle model once such an invoice could go back: the schedule took the standard line of the
    // detached charge off its own billed amount of it (netting every line of the invoice by charge).
    const billing = await detachedAfterItemOne(false);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-01' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const merged = billing.store.probe.invoice('INV00000002');
    expect(merged?.lines.map((l) => [l.chargeNumber, l.amount, l.invoiceScheduleNumber])).toEqual([
      ['C1', '600.00', 'IS-00000001'],
      ['C2', '600.00', null],
    ]);
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const billedC2 = before.charges.find((c) => c.chargeNumber === 'C2')?.billedAmount.toFixed(2);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after.charges.map((c) => [c.chargeNumber, c.billedAmount.toFixed(2)])).toEqual([
      ['C1', '600.00'],
      ['C2', billedC2],
    ]);
    expect([after.actualAmount.toFixed(2), after.billedAmount.toFixed(2)]).toEqual(['1800.00', '1200.00']);
    // Billed again: the same invoice, item 2's C1 and standard billing's C2.
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-01' }));
    expect(again.invoiceNumbers).toEqual(['INV00000003']);
    expect(
      billing.store.probe
        .invoice('INV00000003')
        ?.lines.map((l) => [l.chargeNumber, l.amount, l.invoiceScheduleNumber]),
    ).toEqual([
      ['C1', '600.00', 'IS-00000001'],
      ['C2', '600.00', null],
    ]);
  });
});
