import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder } from '../../../src/operations/contracts';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../../support/billing';
import {
  givenActivatedOrder,
  givenC01Schedule,
  givenSubscriptions,
  saveOrder,
  yearly,
} from '../../support/scenarios';

// A removed rate plan stays removed when a LATER order extends or renews the term (§8.4, §8.7, C29 Ex.4:
// "remove on term end, extend, add back"). A Remove Product effective the day after the term end leaves the
// charge's dates as they were; the charge keeps the removal's effective date (`removalEffectiveDate`), so a
// Terms and Conditions term end or a Renew of another order no longer brings it back (found in review).

/** S1/C1 1,200.00 a year over 2023, billed on 2023-01-01; O-0002 removes rp-S1 as of `effectiveDate`. */
async function removedFrom(effectiveDate: string, options: { remove?: boolean } = {}): Promise<TestBilling> {
  const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  if (options.remove !== false) {
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-06-01',
      actions: [{ type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate }],
    });
  }
  return billing;
}

const laterOrder = (billing: TestBilling, number: string, action: Record<string, unknown>) =>
  givenActivatedOrder(billing, {
    number,
    orderDate: '2023-07-01',
    actions: [{ subscriptionNumber: 'S1', ...action }],
  });

function charges(billing: TestBilling): readonly (readonly (string | undefined)[])[] {
  const sub = billing.store.probe.subscription('S1');
  return (sub?.ratePlans ?? []).flatMap((rp) =>
    rp.charges.map((c) => [c.number, c.startDate, c.endDate, c.removalEffectiveDate]),
  );
}

async function billed2024(billing: TestBilling) {
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2024-01-01' }));
  return run.invoiceNumbers.flatMap((n) => {
    const invoice = billing.store.probe.invoice(n);
    if (!invoice) return [];
    const lines = invoice.lines.map((l) => [l.chargeNumber, l.amount, l.serviceStartDate, l.serviceEndDate]);
    return [{ amount: invoice.amount, lines }];
  });
}

describe('a rate plan removed on the term end stays removed when a later order extends the term', () => {
  it('without the removal, a later Terms and Conditions to 2024-12-31 extends C1 and the 2024-01-01 bill run invoices 1,200.00 for 2024 (the control)', async () => {
    const billing = await removedFrom('2024-01-01', { remove: false });
    await laterOrder(billing, 'O-0003', { type: 'TermsAndConditions', termEnd: '2024-12-31' });
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2024-12-31', undefined]]);
    const docs = await billed2024(billing);
    expect(docs.map((d) => d.amount)).toEqual(['1200.00']);
    expect(docs[0]?.lines).toEqual([['C1', '1200.00', '2024-01-01', '2024-12-31']]);
  });

  it('removed as of 2024-01-01 (O-0002), a Terms and Conditions to 2024-12-31 of O-0003 leaves C1 ending 2023-12-31: the term is 2024-12-31 and the 2024-01-01 bill run invoices nothing', async () => {
    const billing = await removedFrom('2024-01-01');
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2023-12-31', '2024-01-01']]);
    await laterOrder(billing, 'O-0003', { type: 'TermsAndConditions', termEnd: '2024-12-31' });
    expect(billing.store.probe.subscription('S1')?.termEnd).toBe('2024-12-31');
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2023-12-31', '2024-01-01']]);
    expect(await billed2024(billing)).toEqual([]);
  });

  it('removed as of 2024-01-01, a 12-month Renew of O-0003 gives C1 no renewal segment: the term ends 2024-12-31, S1 has C1 alone, nothing is billed for 2024', async () => {
    const billing = await removedFrom('2024-01-01');
    await laterOrder(billing, 'O-0003', { type: 'Renew', renewalTermMonths: 12 });
    expect(billing.store.probe.subscription('S1')?.termEnd).toBe('2024-12-31');
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2023-12-31', '2024-01-01']]);
    expect(await billed2024(billing)).toEqual([]);
  });

  it('removed as of 2024-07-01 (after the term end), a later Terms and Conditions to 2024-12-31 extends C1 to 2024-06-30 only: 600.00 for 2024-01-01..2024-06-30', async () => {
    const billing = await removedFrom('2024-07-01');
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2023-12-31', '2024-07-01']]);
    await laterOrder(billing, 'O-0003', { type: 'TermsAndConditions', termEnd: '2024-12-31' });
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2024-06-30', '2024-07-01']]);
    const docs = await billed2024(billing);
    expect(docs.map((d) => d.amount)).toEqual(['600.00']);
    expect(docs[0]?.lines).toEqual([['C1', '600.00', '2024-01-01', '2024-06-30']]);
  });

  it('removed as of 2024-07-01, a later 12-month Renew gives C1 the renewal segment C1-R1 2024-01-01..2024-06-30 (600.00), not the whole year', async () => {
    const billing = await removedFrom('2024-07-01');
    await laterOrder(billing, 'O-0003', { type: 'Renew', renewalTermMonths: 12 });
    expect(billing.store.probe.subscription('S1')?.termEnd).toBe('2024-12-31');
    expect(charges(billing).map((c) => c.slice(0, 3))).toEqual([
      ['C1', '2023-01-01', '2023-12-31'],
      ['C1-R1', '2024-01-01', '2024-06-30'],
    ]);
    const docs = await billed2024(billing);
    expect(docs.map((d) => d.amount)).toEqual(['600.00']);
    expect(docs[0]?.lines).toEqual([['C1-R1', '600.00', '2024-01-01', '2024-06-30']]);
  });

  it('cut short as of 2023-07-01, then the term shrunk to 2023-06-30 and extended again to 2023-12-31 by two more orders: C1 still ends 2023-06-30', async () => {
    const billing = await removedFrom('2023-07-01');
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2023-06-30', '2023-07-01']]);
    await laterOrder(billing, 'O-0003', { type: 'TermsAndConditions', termEnd: '2023-06-30' });
    await laterOrder(billing, 'O-0004', { type: 'TermsAndConditions', termEnd: '2023-12-31' });
    expect(billing.store.probe.subscription('S1')?.termEnd).toBe('2023-12-31');
    expect(charges(billing)).toEqual([['C1', '2023-01-01', '2023-06-30', '2023-07-01']]);
  });

  it('§8.7/§8.9 (C29 Ex.4) over two orders: C01 with S4 removed as of 2024-01-01 by O-0002, O-0003 extending S4 to 2024-12-31 is accepted; C4 keeps 2023-01-01..2023-12-31 and the schedule its 70,200.00', async () => {
    const { billing } = await givenC01Schedule();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: [
        { type: 'RemoveProduct', subscriptionNumber: 'S4', ratePlanId: 'rp-S4', effectiveDate: '2024-01-01' },
      ],
    });
    await saveOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-03-02',
      actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S4', termEnd: '2024-12-31' }],
    });
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0003' }));
    const s4 = billing.store.probe.subscription('S4');
    expect(s4?.termEnd).toBe('2024-12-31');
    expect(
      s4?.ratePlans.flatMap((rp) => rp.charges.map((c) => [c.number, c.startDate, c.endDate, c.price])),
    ).toEqual([['C4', '2023-01-01', '2023-12-31', '800.00']]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(after.actualAmount.toFixed(2)).toBe('70200.00');
    expect(amounts(after)).toEqual(amounts(before));
  });
});
