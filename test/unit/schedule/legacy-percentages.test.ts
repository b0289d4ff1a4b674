import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { postInvoice } from '../../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectErr, expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { seedOf } from '../../support/racing';
import { seededBilling, yearly } from '../../support/scenarios';

// Schedules stored before SCHEDULE_LIMITS.percentageDecimalPlaces (10) was added kept percentages of any
// precision. They stay editable: the limit applies to a percentage a request adds or changes, not to a
// stored one given back unchanged, nor to the stored ones amounts follow when the total changes (decision
// 13). Their sum is checked exactly, whatever their decimals.

const NOW = '2023-01-01T12:00:00Z';

/** `billing` with the stored percentages of IS-00000001's items replaced by `percentages` (as stored before the limit). */
function withStoredPercentages(billing: TestBilling, percentages: readonly string[]): TestBilling {
  const seed = seedOf(billing.store.probe.snapshot());
  const invoiceSchedules = (seed.invoiceSchedules ?? []).map((s) => ({
    ...s,
    items: s.items.map((i, k) => ({ ...i, percentage: new Dec(percentages[k] as string) })),
  }));
  return seededBilling({ ...seed, invoiceSchedules }, NOW);
}

/** S1/C1 1,200.00 and (in O-0002, not covered) S2/C2 300.00 over 2023; a schedule of three thirds of O-0001. */
async function legacyThirds(percentages: readonly string[]) {
  const billing = newBilling({}, NOW);
  await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '1200.00' }])] });
  await setUpOrder(billing, {
    subscriptions: [yearly('S2', [{ number: 'C2', price: '300.00' }])],
    orderNumber: 'O-0002',
    createAccount: false,
  });
  const created = expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-01', percentage: '33.3333333333' },
        { runDate: '2023-06-01', percentage: '33.3333333333' },
        { runDate: '2023-10-01', percentage: '33.3333333334' },
      ],
    }),
  );
  return {
    billing: withStoredPercentages(billing, percentages),
    number: created.number,
    ids: created.items.map((i) => i.id),
  };
}

const TWELVE = ['33.333333333333', '33.333333333333', '33.333333333334'];
const thirds = (decimals: number) => {
  const third = `33.${'3'.repeat(decimals)}`;
  return [third, third, `33.${'3'.repeat(decimals - 1)}4`];
};

describe('percentages of more than 10 decimals, stored before the limit', () => {
  it('an orders-only change (amounts follow the total, decision 13) is accepted: 33.333333333333 / 33.333333333333 / 33.333333333334 of 1,500.00 → 500.00 / 500.00 / 500.00, percentages kept', async () => {
    const { billing, number } = await legacyThirds(TWELVE);
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        orders: ['O-0001', 'O-0002'],
      }),
    );
    expect(updated.totalAmount.toFixed(2)).toBe('1500.00');
    expect(updated.items.map((i) => [i.percentage?.toFixed(), i.amount.toFixed(2)])).toEqual([
      [TWELVE[0], '500.00'],
      [TWELVE[1], '500.00'],
      [TWELVE[2], '500.00'],
    ]);
  });

  it('the items sent back as stored, one run date moved, are accepted; the percentages are kept', async () => {
    const { billing, number, ids } = await legacyThirds(TWELVE);
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        items: [
          { id: ids[0] as string, runDate: '2023-02-02', percentage: TWELVE[0] as string },
          { id: ids[1] as string, runDate: '2023-06-01', percentage: TWELVE[1] as string },
          { id: ids[2] as string, runDate: '2023-10-01', percentage: TWELVE[2] as string },
        ],
      }),
    );
    expect(updated.items.map((i) => [i.runDate, i.percentage?.toFixed(), i.amount.toFixed(2)])).toEqual([
      ['2023-02-02', TWELVE[0], '400.00'],
      ['2023-06-01', TWELVE[1], '400.00'],
      ['2023-10-01', TWELVE[2], '400.00'],
    ]);
  });

  it('a percentage the request changes, or a new item, still has at most 10 decimals (ItemPercentageTooPrecise)', async () => {
    const { billing, number, ids } = await legacyThirds(TWELVE);
    const changed = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        items: [
          { id: ids[0] as string, runDate: '2023-02-01', percentage: TWELVE[0] as string },
          { id: ids[1] as string, runDate: '2023-06-01', percentage: '33.333333333332' },
          { id: ids[2] as string, runDate: '2023-10-01', percentage: '33.333333333335' },
        ],
      }),
    );
    expect(changed).toMatchObject({ type: 'ItemPercentageTooPrecise', itemIndex: 1 });
    const added = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        items: [
          { id: ids[0] as string, runDate: '2023-02-01', percentage: TWELVE[0] as string },
          { id: ids[1] as string, runDate: '2023-06-01', percentage: TWELVE[1] as string },
          { runDate: '2023-10-01', percentage: TWELVE[2] as string },
        ],
      }),
    );
    expect(added).toMatchObject({ type: 'ItemPercentageTooPrecise', itemIndex: 2 });
  });

  it('thirds of 70 decimals, beyond Dec’s 60 digits, add up to exactly 100: an orders-only change is accepted, amounts 500.00 each', async () => {
    const { billing, number } = await legacyThirds(thirds(70));
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        orders: ['O-0001', 'O-0002'],
      }),
    );
    expect(updated.items.map((i) => i.amount.toFixed(2))).toEqual(['500.00', '500.00', '500.00']);
    expect(updated.items.map((i) => i.percentage?.toFixed())).toEqual(thirds(70));
  });

  it('percentages that added up to 100 only at Dec’s 60 digits (50 and 50.0…01, 70 decimals) are summed exactly: PercentagesDoNotSumTo100 with the exact sum', async () => {
    const over = `50.${'0'.repeat(69)}1`;
    const { billing, number } = await legacyThirds(['50', over, '0']);
    // Two items: drop the third, as stored before the limit (50 + 50.0…01 at 60 digits is 100).
    const seed = seedOf(billing.store.probe.snapshot());
    const invoiceSchedules = (seed.invoiceSchedules ?? []).map((s) => ({ ...s, items: s.items.slice(0, 2) }));
    const twoItems = seededBilling({ ...seed, invoiceSchedules }, NOW);
    const error = expectErr(
      await updateInvoiceSchedule(twoItems.context, {
        invoiceScheduleNumber: number,
        orders: ['O-0001', 'O-0002'],
      }),
    );
    expect(error).toMatchObject({ type: 'PercentagesDoNotSumTo100', sum: `100.${'0'.repeat(69)}1` });
  });
});

describe('PercentageLocked with a stored percentage of more than 10 decimals', () => {
  /** 27,000.00 of 20 / 30.000000000001 / 49.999999999999 (stored before the limit); HTD billed; C1 removed as of 2023-11-01. */
  async function locked() {
    const billing = newBilling();
    await setUpOrder(billing, { subscriptions: [yearly('S1', [{ number: 'C1', price: '27000.00' }])] });
    const created = expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { name: 'HTD', runDate: '2023-01-15', percentage: '20' },
          { name: 'RFU', runDate: '2023-06-01', percentage: '30' },
          { name: 'GLD', runDate: '2023-10-01', percentage: '50' },
        ],
      }),
    );
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2023-03-01',
        actions: [
          {
            type: 'RemoveProduct',
            subscriptionNumber: 'S1',
            ratePlanId: 'rp-S1',
            effectiveDate: '2023-11-01',
          },
        ],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const legacy = withStoredPercentages(billing, ['20', '30.000000000001', '49.999999999999']);
    return { billing: legacy, ids: created.items.map((i) => i.id) };
  }

  it('the percentage its message says to send back is accepted', async () => {
    const { billing, ids } = await locked();
    const items = (rfu: string) => [
      { id: ids[0] as string, name: 'HTD', runDate: '2023-01-15', percentage: '20' },
      { id: ids[1] as string, name: 'RFU', runDate: '2023-06-01', percentage: rfu },
      { id: ids[2] as string, name: 'GLD', runDate: '2023-10-02', percentage: '49.999999999999' },
    ];
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: items('40'),
      }),
    );
    expect(error).toMatchObject({ type: 'PercentageLocked', itemIndex: 1, percentage: '30.000000000001' });
    expect(error.message).toContain('send it back with its percentage 30.000000000001');
    expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: items('30.000000000001'),
      }),
    );
    const read = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(read.items.map((i) => [i.runDate, i.percentage?.toFixed()])).toEqual([
      ['2023-01-15', '20'],
      ['2023-06-01', '30.000000000001'],
      ['2023-10-02', '49.999999999999'],
    ]);
  });
});
