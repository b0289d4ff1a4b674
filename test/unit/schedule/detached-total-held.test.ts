// Decision 2: the schedule bills its charges their values rounded as a set, and the contract ends on the set's exact
// value rounded; §5.4: a detached charge is billed by standard billing, up to the total its detachment recorded
// (`detachedValue`). The set rounding holds each detached charge at that total: a unit it would move onto or off a
// detached charge — a tie the charge now ranks last for (§7.2), another detach, a later order on the attached
// charges, a blank run date filled — goes to or comes from the attached charges. Found by review 88's search: the
// last two cases fail on 10da854, the first on 7c9bf83 (2,471) and on 1786939 (2,469), each a unit off.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { runBillRun } from '../../../src/operations/bill-run';
import { postInvoice } from '../../../src/operations/invoices';
import { detachInvoiceScheduleCharges, updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { givenActivatedOrder, givenSchedule, removeProducts } from '../../support/scenarios';

const IS1 = 'IS-00000001';

type Item = { runDate: string | null; percentage?: string; amount?: string };

/** JPY charges (`[price a year, start, end]`) on one schedule of `items`, item 1 billed on 2023-01-01 and posted. */
async function given(charges: readonly (readonly [string, string, string])[], items: readonly Item[]) {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  await setUpOrder(billing, {
    currency: 'JPY',
    subscriptions: charges.map(([price, termStart, termEnd], i) => ({
      number: `S${i + 1}`,
      termStart,
      termEnd,
      charges: [{ number: `C${i + 1}`, price }],
    })),
  });
  const schedule = await givenSchedule(billing, { items: [...items] });
  await run(billing, '2023-01-01');
  return { billing, ids: schedule.items.map((i) => i.id as string) };
}

/** A bill run, its invoices posted. */
async function run(billing: TestBilling, targetDate: string) {
  expectOk(await runBillRun(billing.context, { targetDate }));
  for (const i of billing.store.probe.snapshot().invoices)
    if (i.status === 'Draft') expectOk(await postInvoice(billing.context, { invoiceNumber: i.number }));
}

const detach = async (billing: TestBilling, ...subscriptions: number[]) =>
  expectOk(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: IS1,
      specificSubscriptions: subscriptions.map((s) => ({
        subscriptionNumber: `S${s}`,
        chargeNumbers: [`C${s}`],
      })),
    }),
  );

/** What the contract's documents net, and the documents of a single yen (a residual alone, decision 2). */
function documents(billing: TestBilling) {
  const { invoices, creditMemos } = billing.store.probe.snapshot();
  let total = new Dec(0);
  const oneYen: string[] = [];
  for (const i of invoices) {
    if (i.status !== 'Draft' && i.status !== 'Posted') continue;
    total = total.plus(i.amount);
    if (i.amount.toString() === '1') oneYen.push(`invoice ${i.number}`);
  }
  for (const m of creditMemos) {
    total = total.minus(m.amount);
    if (m.amount.toString() === '1') oneYen.push(`memo ${m.number}`);
  }
  return { total: total.toFixed(0), oneYen };
}

describe('a detached charge is held at its recorded total in the set rounding (decision 2, §5.4, §7.2)', () => {
  it('two charges detached in separate calls while an item is pending: the contract nets 2,470', async () => {
    // 798 / 1,062 / 834 yen a year to 2023-11-30 (731.50 / 973.50 / 764.50: the set 2,469.50 → 2,470, C1 732, C2
    // 974, C3 764); 60 % on 01-01, 40 % on 02-01. C1 detached (recorded 731, the tie's unit to C3 once C1 ranks
    // last), then C3: the detached charges ranked in the schedule's order gave the unit back to C1 in the set, which
    // standard billing bills to 731: 2,469.
    const year = ['2023-01-01', '2023-11-30'] as const;
    const { billing } = await given(
      [
        ['798', ...year],
        ['1062', ...year],
        ['834', ...year],
      ],
      [
        { runDate: '2023-01-01', percentage: '60' },
        { runDate: '2023-02-01', percentage: '40' },
      ],
    );
    await detach(billing, 1);
    await detach(billing, 3);
    for (const date of ['2023-01-20', '2023-02-01', '2023-12-01', '2024-02-01']) await run(billing, date);
    expect(documents(billing)).toEqual({ total: '2470', oneYen: [] });
  });

  it('a tie broken by a later removal of the other charge: the contract nets 854', async () => {
    // 870 / 102 yen a year to 2023-11-30 (797.50 / 93.50: the set 891, C1 798 by the tie); item 1 876, item 2 15 yen
    // with a blank run date. C1 detached: recorded 797 (the tie's unit to C2). S2 removed as of 07-20 (C2 56.21):
    // the set 853.71 → 854 gave C1 the unit by its remainder (.50 > .21), but standard billing bills C1 to 797: 853.
    const year = ['2023-01-01', '2023-11-30'] as const;
    const { billing, ids } = await given(
      [
        ['870', ...year],
        ['102', ...year],
      ],
      [
        { runDate: '2023-01-01', amount: '876' },
        { runDate: null, amount: '15' },
      ],
    );
    await detach(billing, 1);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S2'], '2023-07-20'),
    });
    await fill(billing, ids, '2024-01-15');
    for (const date of ['2023-01-20', '2023-12-01', '2024-02-01']) await run(billing, date);
    expect(documents(billing).total).toBe('854');
  });

  it('a blank run date filled after a detach: the contract nets 322, no document of a yen alone', async () => {
    // 1,893 / 1,193 yen a year for January, 1,138 for February; item 1 334, item 2 18 yen with a blank run date. S3
    // removed as of 02-20 (C3 64.35, the set 321.52 → 322) and credited on 02-20; C2 detached (recorded 99). Once
    // item 2's date was filled, the set put C2 back at 100: the schedule credited C3 1 yen alone and standard billing
    // billed C2 to 99: 321.
    const { billing, ids } = await given(
      [
        ['1893', '2023-01-01', '2023-01-31'],
        ['1193', '2023-01-01', '2023-01-31'],
        ['1138', '2023-02-01', '2023-02-28'],
      ],
      [
        { runDate: '2023-01-01', amount: '334' },
        { runDate: null, amount: '18' },
      ],
    );
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-02-20'),
    });
    await run(billing, '2023-02-20');
    await detach(billing, 2);
    await fill(billing, ids, '2024-01-15');
    for (const date of ['2023-01-20', '2023-12-01', '2024-02-01']) await run(billing, date);
    expect(documents(billing)).toEqual({ total: '322', oneYen: [] });
  });

  it('a detached charge whose own rounding is 0, then another removal: the contract nets 29', async () => {
    // Review 90: 338 / 169 / 4 yen a year for January, 60 % / 40 % (item 2 on 2024-01-05). S3 removed as of 01-28
    // (C3 0.30) and detached: recorded 1. Once standard billing billed it its own rounding, 0, holding it at 1 took
    // the unit off an attached charge after S2 was removed as of 01-03: 28 for 29. Standard billing now bills it 1.
    const january = ['2023-01-01', '2023-01-31'] as const;
    const { billing } = await given(
      [
        ['338', ...january],
        ['169', ...january],
        ['4', ...january],
      ],
      [
        { runDate: '2023-01-01', percentage: '60' },
        { runDate: '2024-01-05', percentage: '40' },
      ],
    );
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S3'], '2023-01-28'),
    });
    await detach(billing, 3);
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-15',
      actions: removeProducts(['S2'], '2023-01-03'),
    });
    for (const date of ['2023-01-20', '2023-02-01', '2024-02-01']) await run(billing, date);
    expect(documents(billing).total).toBe('29');
  });

  it('not held once its value changed: standard billing bills the change, and the contract nets 18', async () => {
    // Review 90: 258 / 258 yen a year for January (21.50 each); item 1 35, item 2 8 yen with a blank run date. C2
    // detached (recorded 21), then S1 and S2 removed as of 01-14 (9.02 each): standard billing bills C2 21 +
    // round(30.52) − 43 = 9, and the set, holding C2 at 21, gave C1 10: 19 for 18.03.
    const january = ['2023-01-01', '2023-01-31'] as const;
    const { billing, ids } = await given(
      [
        ['258', ...january],
        ['258', ...january],
      ],
      [
        { runDate: '2023-01-01', amount: '35' },
        { runDate: null, amount: '8' },
      ],
    );
    await detach(billing, 2);
    await run(billing, '2023-01-20');
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S1'], '2023-01-14'),
    });
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-01-15',
      actions: removeProducts(['S2'], '2023-01-14'),
    });
    await fill(billing, ids, '2024-01-15');
    for (const date of ['2023-01-20', '2023-02-01', '2024-02-01']) await run(billing, date);
    expect(documents(billing).total).toBe('18');
  });

  it('a detached charge worth less than a unit keeps the unit the set gave it: nothing issued, the contract nets 3', async () => {
    // 27 / 5 yen a year for January (2.25 / 0.42: the set 2.67 → 3, C1 2, C2 1), billed in full; C2 detached.
    // Standard billing billed C2 its own rounding, 0, so it credited C2's unit alone: a 1-yen memo and 2 for 3.
    const january = ['2023-01-01', '2023-01-31'] as const;
    const { billing } = await given(
      [
        ['27', ...january],
        ['5', ...january],
      ],
      [{ runDate: '2023-01-01', percentage: '100' }],
    );
    await detach(billing, 2);
    for (const date of ['2023-01-20', '2023-02-01', '2024-02-01']) await run(billing, date);
    expect(documents(billing)).toEqual({ total: '3', oneYen: [] });
  });
});

/** Fills the blank run dates of the schedule's items with `date`. */
async function fill(billing: TestBilling, ids: readonly string[], date: string) {
  const s = expectOk(await getInvoiceSchedule(billing.context, IS1));
  expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: IS1,
      items: s.items
        .filter((i) => ids.includes(i.id))
        .map((i) => ({ id: i.id, runDate: i.runDate ?? date, amount: i.amount.toString() })),
    }),
  );
}
