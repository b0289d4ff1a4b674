import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

// C34 — subscriptions flagged "Invoice the Subscription Separately" (§7.8): a schedule ignores the flag; an
// item's invoice holds the lines of every charge it bills, whatever their subscriptions say.
const subscriptions = (s2Separately: boolean) => [
  { ...yearly('S1', [{ number: 'C1', price: '12000.00' }]), invoiceSeparately: false },
  { ...yearly('S2', [{ number: 'C2', price: '10000.00' }]), invoiceSeparately: s2Separately },
];

const ITEMS = [
  { runDate: '2023-05-04', amount: '10000.00' },
  { runDate: '2023-09-01', amount: '12000.00' },
];

async function created(s2Separately: boolean) {
  const billing = await givenSubscriptions(subscriptions(s2Separately), { now: '2023-05-04T12:00:00Z' });
  return { billing, schedule: await givenSchedule(billing, { items: ITEMS }) };
}

async function withSchedule(s2Separately: boolean): Promise<TestBilling> {
  const { billing, schedule } = await created(s2Separately);
  expect(schedule.totalAmount.toFixed(2)).toBe('22000.00');
  return billing;
}

/**
 * Variant B's "set S2's ISS to true after creating the schedule". No order action changes the flag, so the
 * test writes the subscription straight to the store: the same subscription with the flag set and version + 1,
 * through a transaction (compare-and-set save), as a host application's own edit would.
 */
async function flagS2Separately(billing: TestBilling): Promise<void> {
  expectOk(
    await billing.context.store.transaction(async (repos) => {
      const s2 = await repos.subscriptions.get('S2');
      if (!s2) throw new Error('S2 missing');
      const saved = await repos.subscriptions.save({
        ...s2,
        invoiceSeparately: true,
        version: s2.version + 1,
      });
      if (saved.isErr()) return saved;
      return ok(undefined);
    }),
  );
  expect(billing.store.probe.subscription('S2')?.invoiceSeparately).toBe(true);
}

describe('C34 — subscriptions flagged "Invoice the Subscription Separately"', () => {
  it('C34 variant A: S1 12,000 (ISS false) and S2 10,000 (ISS true) — creating the schedule (2023-05-04 10,000; 2023-09-01 12,000) succeeds, both items Pending', async () => {
    const { schedule } = await created(true);
    expect(schedule.totalAmount.toFixed(2)).toBe('22000.00');
    expect(schedule.items.map((i) => [i.runDate, i.amount.toFixed(2), i.status])).toEqual([
      ['2023-05-04', '10000.00', 'Pending'],
      ['2023-09-01', '12000.00', 'Pending'],
    ]);
  });

  it('C34 variant B: S2 set to ISS true after creation; executing item 1 → INV001 10,000.00, one invoice with both charges (flag ignored); item 2 Pending; nextRunDate 2023-09-01', async () => {
    const billing = await withSchedule(false);
    await flagS2Separately(billing);
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000001'], []]);
    const invoice = billing.store.probe.invoice('INV00000001');
    expect([invoice?.invoiceDate, invoice?.amount]).toEqual(['2023-05-04', '10000.00']);
    // Not stated: the cascade split of 10,000 over 22,000 (§7.3).
    expect(invoice?.lines.map((l) => [l.subscriptionNumber, l.chargeNumber, l.amount])).toEqual([
      ['S1', 'C1', '5454.55'],
      ['S2', 'C2', '4545.45'],
    ]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.items.map((i) => i.status)).toEqual(['Processed', 'Pending']);
    expect(amounts(schedule)).toMatchObject({
      status: 'PartiallyProcessed',
      billedAmount: '10000.00',
      nextRunDate: '2023-09-01',
    });
  });

  it('C34 variant B through a bill run on 2023-05-04: still one invoice 10,000.00 for both subscriptions (standard billing has nothing to add)', async () => {
    const billing = await withSchedule(false);
    await flagS2Separately(billing);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-04' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([1, ['INV00000001'], []]);
    expect(billing.store.probe.invoice('INV00000001')?.lines.map((l) => l.subscriptionNumber)).toEqual([
      'S1',
      'S2',
    ]);
  });

  it('C34 variant A (not stated): executing item 1 gives the same single invoice 10,000.00 with both charges', async () => {
    const billing = await withSchedule(true);
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(run.invoiceNumbers).toEqual(['INV00000001']);
    expect(billing.store.probe.invoice('INV00000001')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C1', '5454.55'],
      ['C2', '4545.45'],
    ]);
  });
});
