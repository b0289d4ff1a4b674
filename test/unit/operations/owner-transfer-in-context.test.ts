// §8.8: "if all charges of the schedule are fully billed, any subset of its subscriptions can be moved"; the order
// actions guide: each action is judged on the subscriptions as the order's earlier actions leave them. An Owner
// Transfer's "fully billed" was judged on the values before the order: removals earlier in the same order that
// leave every charge billed above its value did not count, and moving a subset was refused (review 112).
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../src/money/decimal';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewOrder } from '../../../src/operations/contracts';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { billAndPost, givenAccount, givenC01Schedule } from '../../support/scenarios';

const removeAll = ['S1', 'S2', 'S3', 'S4'].map((s) => ({
  type: 'RemoveProduct',
  subscriptionNumber: s,
  ratePlanId: `rp-${s}`,
  effectiveDate: '2023-02-01',
}));
const moveS4 = { type: 'OwnerTransfer', subscriptionNumber: 'S4', newOwnerAccountNumber: 'A-002' };

async function c01TwoItemsBilled() {
  const { billing } = await givenC01Schedule({ now: '2023-05-01T12:00:00Z' });
  await billAndPost(billing, ['2023-02-04', '2023-05-01']); // 64,000.00 of 70,200.00: PartiallyProcessed
  await givenAccount(billing, 'A-002');
  return billing;
}

describe('an Owner Transfer judged as the earlier actions of its order leave the charges', () => {
  it('C01, two items billed: S1–S4 removed as of 2023-02-01, then S4 moved to A-002 in the same order: accepted; each charge ends billed its one month, S4 credited to its new owner', async () => {
    const billing = await c01TwoItemsBilled();
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2023-05-01',
        actions: [...removeAll, moveS4],
      }),
    );
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    for (const targetDate of ['2023-05-01', '2023-12-31'])
      expectOk(await runBillRun(billing.context, { targetDate }));
    const { invoices, creditMemos } = billing.store.probe.snapshot();
    const net = new Map<string, Decimal>();
    const add = (charge: string, amount: string, sign: 1 | -1) =>
      net.set(charge, (net.get(charge) ?? new Dec(0)).plus(new Dec(amount).times(sign)));
    for (const i of invoices)
      if (i.status === 'Posted' || i.status === 'Draft')
        for (const l of i.lines) add(l.chargeNumber, l.amount, 1);
    for (const m of creditMemos) for (const l of m.lines) add(l.chargeNumber, l.amount, -1);
    // One month of each (§8.4): 3,075.00 / 1,791.67 / 916.67 / 66.67, the set rounded to 5,850.00 (decision 2).
    const byCharge = Object.fromEntries([...net].map(([c, v]) => [c, v.toFixed(2)]));
    const total = [...net.values()].reduce((a, b) => a.plus(b), new Dec(0));
    expect(total.toFixed(2)).toBe('5850.00');
    for (const [charge, value] of Object.entries({ C1: '3075.00', C2: '1791.67', C3: '916.67', C4: '66.67' }))
      expect(
        new Dec(byCharge[charge] ?? '0').minus(value).abs().lte('0.01'),
        `${charge} ${byCharge[charge]}`,
      ).toBe(true);
    // Decision 17: S4's credit goes to its owner now.
    const s4Memos = creditMemos.filter((m) => m.lines.some((l) => l.chargeNumber === 'C4'));
    expect(s4Memos.map((m) => m.accountNumber)).toEqual(s4Memos.map(() => 'A-002'));
    expect(s4Memos.length).toBeGreaterThan(0);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect([schedule.status, schedule.nextRunDate, schedule.unbilledAmount.toFixed(2)]).toEqual([
      'FullyProcessed',
      null,
      '0.00',
    ]);
  });

  it('the transfer first, then the removals: judged before them, the subset move is still refused (§8.8)', async () => {
    const billing = await c01TwoItemsBilled();
    expectOk(
      await saveNewOrder(billing.context, {
        number: 'O-0002',
        accountNumber: 'A-001',
        orderDate: '2023-05-01',
        actions: [moveS4, ...removeAll],
      }),
    );
    const refused = await activateSavedOrder(billing.context, { orderNumber: 'O-0002' });
    expect(refused.isErr() && refused.error).toMatchObject({
      type: 'OrderActionNotSupported',
      reason: 'OwnerTransferOfPartlyBilledSchedule',
      actionIndex: 0,
    });
  });
});
