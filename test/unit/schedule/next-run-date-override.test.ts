import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import {
  detachInvoiceScheduleCharges,
  pauseInvoiceSchedule,
  updateInvoiceSchedule,
} from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { amounts, expectErr, expectOk, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  givenAccount,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

// An update's `nextRunDate` on a schedule whose items are all processed (§6.6): rule 1 — null when no item
// is pending and no credit is due; rule 3 — the credit's date while one is; rule 4 — a user may move it
// (C22 pulls a credit earlier); rule 5 — null once the schedule completes. A date set with nothing left to
// run would never be used up by a processing and would show for ever: it is refused.

const read = async (billing: TestBilling) =>
  expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));

/** S1/C1 1,200.00 over 2023 in one item of 2023-01-15, billed by that day's bill run: FullyProcessed. */
async function fullyProcessed(): Promise<TestBilling> {
  const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
  await givenSchedule(billing, { items: [{ runDate: '2023-01-15', amount: '1200.00' }] });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
  expect(amounts(await read(billing))).toMatchObject({ status: 'FullyProcessed', nextRunDate: null });
  return billing;
}

describe('§6.6 rules 1 and 5: no next run date on a schedule with nothing left to run', () => {
  it('FullyProcessed, no credit due: nextRunDate 2023-06-01 → InvalidScheduleStatus (setNextRunDate); nothing is saved, and after the bill run of 2023-07-01 nextRunDate is still null', async () => {
    const billing = await fullyProcessed();
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-06-01',
      }),
    );
    expect(error).toMatchObject({
      type: 'InvalidScheduleStatus',
      invoiceScheduleNumber: 'IS-00000001',
      status: 'FullyProcessed',
      operation: 'setNextRunDate',
    });
    expect(error.message).toContain('nothing is left to run');
    expect(billing.store.probe.snapshot()).toEqual(before);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([0, [], []]);
    expect(amounts(await read(billing))).toMatchObject({ status: 'FullyProcessed', nextRunDate: null });
  });

  it('paused after completing: refused the same way (status Paused); notes and nextRunDate: null are still accepted', async () => {
    const billing = await fullyProcessed();
    expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-06-01',
      }),
    );
    expect(error).toMatchObject({
      type: 'InvalidScheduleStatus',
      status: 'Paused',
      operation: 'setNextRunDate',
    });
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        notes: 'done',
        nextRunDate: null,
      }),
    );
    expect([updated.notes, updated.nextRunDate]).toEqual(['done', null]);
  });

  it('FullyProcessed with a credit due (S1 removed as of 2023-10-01: 300.00): nextRunDate is the credit date, and a date set by an update is accepted (rule 4); once the bill run of 2023-10-01 issued the credit memo the schedule is FullyProcessed with nextRunDate null, and a new date is refused', async () => {
    const billing = await fullyProcessed();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-08-01',
      actions: removeProducts(['S1'], '2023-10-01'),
    });
    expect(amounts(await read(billing))).toMatchObject({
      status: 'FullyProcessed',
      actualAmount: '900.00',
      unbilledAmount: '-300.00',
      nextRunDate: '2023-10-01',
    });
    const pulled = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-09-15',
      }),
    );
    expect(pulled.nextRunDate).toBe('2023-09-15');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect(run.creditMemoNumbers).toHaveLength(1);
    expect(amounts(await read(billing))).toEqual({
      status: 'FullyProcessed',
      totalAmount: '1200.00',
      actualAmount: '900.00',
      billedAmount: '900.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-12-01',
      }),
    );
    expect(error).toMatchObject({ type: 'InvalidScheduleStatus', operation: 'setNextRunDate' });
  });

  it('FullyProcessed, the credit (S1 removed as of 2023-10-01: 300.00) pulled to 2023-09-15 (rule 4, C22): the bill run of 2023-09-16 issues CM 300.00 dated 2023-09-15 and the schedule completes; a date after the credit’s postpones it: with 2023-10-20 the run of 2023-10-05 issues nothing and that of 2023-10-25 the memo dated 2023-10-01', async () => {
    const removed = async () => {
      const billing = await fullyProcessed();
      await givenActivatedOrder(billing, {
        number: 'O-0002',
        orderDate: '2023-08-01',
        actions: removeProducts(['S1'], '2023-10-01'),
      });
      return billing;
    };
    const memos = (billing: TestBilling, numbers: readonly string[]) =>
      numbers.map((n) => {
        const memo = billing.store.probe.creditMemo(n);
        return `${memo?.amount} ${memo?.memoDate}`;
      });
    const pulled = await removed();
    expectOk(
      await updateInvoiceSchedule(pulled.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-09-15',
      }),
    );
    // Before: the run on the pulled date issued nothing, the schedule showed 2023-09-15 until the run of
    // 2023-10-01, which issued the memo dated 2023-09-15.
    const run = expectOk(await runBillRun(pulled.context, { targetDate: '2023-09-16' }));
    expect(memos(pulled, run.creditMemoNumbers)).toEqual(['300.00 2023-09-15']);
    expect(amounts(await read(pulled))).toMatchObject({
      status: 'FullyProcessed',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(
      expectOk(await runBillRun(pulled.context, { targetDate: '2023-10-05' })).creditMemoNumbers,
    ).toEqual([]);

    const postponed = await removed();
    expectOk(
      await updateInvoiceSchedule(postponed.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-10-20',
      }),
    );
    expect(
      expectOk(await runBillRun(postponed.context, { targetDate: '2023-10-05' })).creditMemoNumbers,
    ).toEqual([]);
    expect((await read(postponed)).nextRunDate).toBe('2023-10-20');
    const later = expectOk(await runBillRun(postponed.context, { targetDate: '2023-10-25' }));
    expect(memos(postponed, later.creditMemoNumbers)).toEqual(['300.00 2023-10-01']);
    expect((await read(postponed)).nextRunDate).toBeNull();
  });
});

// docs/guides/edit-pause-delete.md, docs/concepts/schedules.md and amounts-after-changes.md said an update
// that sends `items` clears the date a credit moved `nextRunDate` to. It does not, rightly (§6.6 rule 3, §8.4):
// the update recomputes nextRunDate and the credit, still due, keeps it. `nextRunDate: null` restores the
// default, which is that same date while the credit is due (it showed item 2's date until the next revision).
describe('§6.6 rule 3: the date a credit moved nextRunDate to follows the credit, not the items', () => {
  it('S1 removed as of 2023-04-01 after item 1 (900.00, billed through 2023-09-30): nextRunDate 2023-04-01; an update resending the items keeps it, and so do nextRunDate: null and a later notes update', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-15', amount: '900.00' },
        { runDate: '2023-05-01', amount: '200.00' },
        { runDate: '2023-09-01', amount: '100.00' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: removeProducts(['S1'], '2023-04-01'),
    });
    const moved = await read(billing);
    expect(amounts(moved)).toMatchObject({ unbilledAmount: '-600.00', nextRunDate: '2023-04-01' });
    const update = (input: Record<string, unknown>) =>
      updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', ...input });
    const items = moved.items.map((i) => ({ id: i.id, runDate: i.runDate, amount: i.amount.toFixed(2) }));
    expect(expectOk(await update({ items })).nextRunDate).toBe('2023-04-01');
    expect(expectOk(await update({ nextRunDate: null })).nextRunDate).toBe('2023-04-01');
    expect(expectOk(await update({ notes: 'credit still due' })).nextRunDate).toBe('2023-04-01');
  });
});

// `nextRunDate: null` restores the default: the date the schedule's rules give (§6.6 rules 1 and 3, decision 19)
// — the credit's due date or the removal's effective date, else the next pending item's run date. It cleared the
// field without working that date out again, so the schedule showed the next item's date (or none) until the
// next revision brought the right one back, and a bill run in between credited nothing (review finding).
describe('§6.6: nextRunDate: null restores the date the rules give, not only the next item’s run date', () => {
  it('C01 fully billed (02-04 / 05-01 / 09-16), S1 removed as of 2023-11-01 (credit 6,150.00 due): nextRunDate: null leaves 2023-11-01 (not null), a notes update too; the bill run of 2023-10-31 issues nothing, that of 2023-11-15 CM 6,150.00 dated 2023-11-01 (C1 3,258.97 from INV003 11-29 → 12-31, 2,891.03 from INV002 11-01 → 11-29)', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-10-15',
      actions: removeProducts(['S1'], '2023-11-01'),
    });
    const due = {
      status: 'FullyProcessed',
      totalAmount: '70200.00',
      actualAmount: '64050.00',
      billedAmount: '70200.00',
      unbilledAmount: '-6150.00',
      nextRunDate: '2023-11-01',
    };
    expect(amounts(await read(billing))).toEqual(due);
    const update = (input: Record<string, unknown>) =>
      updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001', ...input });
    expect(amounts(expectOk(await update({ nextRunDate: null })))).toEqual(due);
    expect(amounts(await read(billing))).toEqual(due);
    expect(amounts(expectOk(await update({ notes: 'credit due' })))).toEqual(due);

    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-31' }));
    expect([early.itemsProcessed, early.invoiceNumbers, early.creditMemoNumbers]).toEqual([0, [], []]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-15' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['6150.00', '2023-11-01']);
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.amount,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    ).toEqual([
      ['C1', '3258.97', 'INV00000003', '2023-11-29', '2023-12-31'],
      ['C1', '2891.03', 'INV00000002', '2023-11-01', '2023-11-29'],
    ]);
    expect(amounts(await read(billing))).toEqual({
      ...due,
      billedAmount: '64050.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });

  it('C11 with C1–C4 removed as of 2023-04-01 after item 1 (50,000.00; items 2 and 3 left at 0.00 / −32,450.00): nextRunDate: null leaves 2023-04-01 (not item 2’s 2023-05-01); the bill run of 2023-03-31 issues nothing, that of 2023-04-15 processes items 2 and 3 with CM 32,450.00 dated 2023-04-01 crediting INV001 from 2023-04-01, as without the update', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04']);
    await givenC01Removal(billing, '2023-03-01', '2023-04-01');
    const cut = {
      status: 'PartiallyProcessed',
      totalAmount: '70200.00',
      actualAmount: '17550.00',
      billedAmount: '50000.00',
      unbilledAmount: '-32450.00',
      nextRunDate: '2023-04-01',
    };
    const before = await read(billing);
    expect(amounts(before)).toEqual(cut);
    expect(before.items.map((i) => [i.runDate, i.status, i.actualAmount.toFixed(2)])).toEqual([
      ['2023-02-04', 'Processed', '50000.00'],
      ['2023-05-01', 'Pending', '0.00'],
      ['2023-09-16', 'Pending', '-32450.00'],
    ]);
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: null,
      }),
    );
    expect(amounts(updated)).toEqual(cut);
    expect(amounts(await read(billing))).toEqual(cut);

    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-31' }));
    expect([early.itemsProcessed, early.invoiceNumbers, early.creditMemoNumbers]).toEqual([0, [], []]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-15' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([2, [], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.amount, memo?.memoDate]).toEqual(['32450.00', '2023-04-01']);
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.amount,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
      ]),
    ).toEqual([
      ['C1', '17057.05', 'INV00000001', '2023-04-01', '2023-09-17'],
      ['C2', '9938.39', 'INV00000001', '2023-04-01', '2023-09-17'],
      ['C3', '5084.76', 'INV00000001', '2023-04-01', '2023-09-17'],
      ['C4', '369.80', 'INV00000001', '2023-04-01', '2023-09-17'],
    ]);
    const after = await read(billing);
    expect(after.items.map((i) => [i.status, i.billedAmount.toFixed(2), i.creditMemoNumbers])).toEqual([
      ['Processed', '50000.00', []],
      ['Processed', '-32450.00', ['CM00000001']],
      ['Processed', '0.00', []],
    ]);
    expect(amounts(after)).toEqual({
      ...cut,
      status: 'FullyProcessed',
      billedAmount: '17550.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});

// §6.6 rule 4 with an item pending: the date pulls the next item forward (C22, C23). It was taken without bounds:
// on C01 after item 1, 2023-01-10 dated item 2's invoice before INV00000001 (2023-02-04), which a run date of
// 2023-01-10 is refused for (§4.2 rule 10); 2023-12-31 showed a day nothing waited for, while the bill run of
// 2023-09-20 billed item 3 (run date 2023-09-16) all the same (review finding).
describe('§6.6 rule 4: a date set while an item is pending lies after the last processed run date and on or before the next', () => {
  /** S1/C1 1,200.00 over 2023 in items of 2023-02-04, 2023-05-01 and 2023-09-16; item 1 billed. */
  async function afterItem1(): Promise<TestBilling> {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-04', amount: '400.00' },
        { runDate: '2023-05-01', amount: '400.00' },
        { runDate: '2023-09-16', amount: '400.00' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    return billing;
  }

  it.each([
    ['2023-01-10', 'before item 1'],
    ['2023-02-04', 'on item 1'],
    ['2023-05-02', 'after item 2'],
    ['2023-12-31', 'after item 2'],
  ])('%s (%s) → InvalidInput at nextRunDate naming both bounds; nothing is saved', async (date) => {
    const billing = await afterItem1();
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: date,
      }),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'nextRunDate' });
    expect(error.message).toContain('after 2023-02-04');
    expect(error.message).toContain('on or before 2023-05-01');
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it.each([['2023-02-05'], ['2023-03-15'], ['2023-05-01']])(
    '%s is set, and the bill run of that day bills item 2 dated that day',
    async (date) => {
      const billing = await afterItem1();
      const updated = expectOk(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          nextRunDate: date,
        }),
      );
      expect(updated.nextRunDate).toBe(date);
      const run = expectOk(await runBillRun(billing.context, { targetDate: date }));
      expect(run.invoiceNumbers).toEqual(['INV00000002']);
      expect(billing.store.probe.invoice('INV00000002')?.invoiceDate).toBe(date);
    },
  );

  it('before any item is processed only the upper bound holds: 2022-12-01 is set for item 1 of 2023-02-04', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, { items: [{ runDate: '2023-02-04', amount: '1200.00' }] });
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2022-12-01',
      }),
    );
    expect(updated.nextRunDate).toBe('2022-12-01');
  });
});

// §6.6 rule 1: `nextRunDate` is null while the next pending item's run date is blank (and no credit is due). A
// date set then was taken: nothing processes a blank item, so nothing used the date up and the schedule showed it
// for ever, as a fully processed one would have (review finding).
describe('§6.6 rule 1: no next run date while the next pending item’s run date is blank and no credit is due', () => {
  /** S1/C1 1,200.00 over 2023 in items of 2023-02-04, blank and blank (400.00 each); item 1 billed. */
  async function blankAfterItem1(): Promise<TestBilling> {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, {
      items: [{ runDate: '2023-02-04', amount: '400.00' }, { amount: '400.00' }, { amount: '400.00' }],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    expect(amounts(await read(billing))).toMatchObject({ status: 'PartiallyProcessed', nextRunDate: null });
    return billing;
  }

  it('item 1 billed, items 2 and 3 blank: nextRunDate 2023-06-01 → InvalidScheduleStatus (setNextRunDate) naming item 2 and what to do instead; nothing is saved, and the bill run of 2023-06-30 bills nothing', async () => {
    const billing = await blankAfterItem1();
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-06-01',
      }),
    );
    expect(error).toEqual({
      type: 'InvalidScheduleStatus',
      message:
        "Invoice schedule IS-00000001 is PartiallyProcessed; a next run date can be set only while the next pending item has a run date or a credit is due — item 2, the next pending one, has a blank run date and no credit is due, so nothing would run on the date and nextRunDate stays null (§6.6 rule 1); set the item's run date instead.",
      invoiceScheduleNumber: 'IS-00000001',
      status: 'PartiallyProcessed',
      operation: 'setNextRunDate',
    });
    expect(billing.store.probe.snapshot()).toEqual(before);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-30' }));
    expect([run.itemsProcessed, run.invoiceNumbers]).toEqual([0, []]);
    expect((await read(billing)).nextRunDate).toBeNull();
  });

  it('every item blank (Pending): refused the same way, naming item 1', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, { items: [{ amount: '600.00' }, { amount: '600.00' }] });
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-06-01',
      }),
    );
    expect(error).toMatchObject({
      type: 'InvalidScheduleStatus',
      status: 'Pending',
      operation: 'setNextRunDate',
    });
    expect(error.message).toContain('item 1, the next pending one, has a blank run date');
  });

  it('with a credit due (S1 removed as of 2023-03-01 after item 1: 200.00), the credit rules apply as before: nextRunDate is 2023-03-01, and 2023-02-20 is set (rule 4)', async () => {
    const billing = await blankAfterItem1();
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-10',
      actions: removeProducts(['S1'], '2023-03-01'),
    });
    expect(amounts(await read(billing))).toMatchObject({
      unbilledAmount: '-200.00',
      nextRunDate: '2023-03-01',
    });
    const updated = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-02-20',
      }),
    );
    expect(updated.nextRunDate).toBe('2023-02-20');
  });
});

// §6.6 rules 1 and 5 after a change that takes the last thing to run away: a date the user set to pull a credit
// forward (rule 4, C22) was dropped only when it equalled a credit's due date, so a date of its own outlived the
// credit a detach (or an owner transfer) took away and showed for ever on a schedule with nothing left to run;
// the bill runs and an execute found nothing to do with it (review finding). The revision after every change now
// drops it once no credit is due and no pending item has a run date.
describe('§6.6 rules 1 and 5: a date the user set goes once a change leaves nothing to run', () => {
  /** C01 fully billed and posted, S1 removed as of 2023-11-01 (credit 6,150.00 due), nextRunDate set to 2023-10-20. */
  async function creditPulledForward(): Promise<TestBilling> {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-10-15',
      actions: removeProducts(['S1'], '2023-11-01'),
    });
    expect(amounts(await read(billing))).toMatchObject({
      unbilledAmount: '-6150.00',
      nextRunDate: '2023-11-01',
    });
    const pulled = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        nextRunDate: '2023-10-20',
      }),
    );
    expect(pulled.nextRunDate).toBe('2023-10-20');
    return billing;
  }

  it('C1 detached: FullyProcessed, nothing unbilled, no credit due and nextRunDate null — in the detach’s result, after the bill run of 2023-12-31 (no item processed) and beside an execute answering NothingToExecute', async () => {
    const billing = await creditPulledForward();
    const detached = expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1'] }],
      }),
    );
    expect(amounts(detached)).toMatchObject({
      status: 'FullyProcessed',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(detached.nextRunDateOverride).toBeNull();
    expect(
      expectErr(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' })),
    ).toMatchObject({ type: 'NothingToExecute' });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    // Nothing of the schedule's: the detached C1's credit is standard billing's now (§5.4).
    expect([run.itemsProcessed, run.invoiceNumbers]).toEqual([0, []]);
    expect((await read(billing)).nextRunDate).toBeNull();
  });

  it('S1 transferred to another owner (§8.8, decision 17: its charges detached, the credit is standard billing’s now): nextRunDate null', async () => {
    const billing = await creditPulledForward();
    await givenAccount(billing, 'A-002');
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-10-16',
      actions: [{ type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' }],
    });
    const after = await read(billing);
    expect(after.charges.filter((c) => c.detached).map((c) => c.chargeNumber)).toEqual(['C1']);
    expect(amounts(after)).toMatchObject({
      status: 'FullyProcessed',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });

  it('a credit still due keeps the date the user set: C4 detached instead of C1, nextRunDate stays 2023-10-20', async () => {
    const billing = await creditPulledForward();
    const detached = expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
      }),
    );
    expect(amounts(detached)).toMatchObject({ unbilledAmount: '-6150.00', nextRunDate: '2023-10-20' });
  });
});
