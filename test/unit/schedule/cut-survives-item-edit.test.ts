// Decision 19: a removal on a schedule with pending items moves nextRunDate to the change's effective date when
// that is earlier, whether or not a credit is due. The date was kept only in the field of a user's override, so
// an update that sent `items` (which clears a user's override, §6.6 rule 2) lost it, and nothing brought it back
// unless a credit was due: after renaming item 3, C01's item 2 went back to 2023-10-15 and the bill run of
// 2023-10-05 billed nothing (review finding). The cut is now recorded on the schedule (`removalCut`) and a
// revision of the schedule moves nextRunDate back to it once the override is cleared.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { cancelInvoice } from '../../../src/operations/invoices';
import { detachInvoiceScheduleCharges, updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk, type TestBilling } from '../../support/billing';
import {
  billAndPost,
  C01_CUT_ITEMS,
  givenActivatedOrder,
  givenC01Removal,
  givenC01Schedule,
  givenCutAfterPostedItem1,
  removeProducts,
  renameItem3,
} from '../../support/scenarios';

/**
 * Item 1 billed on 2023-02-04 (INV00000001, service through 2023-09-17), then C1–C4 removed as of 2023-10-01:
 * after the billed-through date, so no credit is due; the schedule now bills 52,650.00.
 */
async function cutAfterItem1(): Promise<{ billing: TestBilling; number: string }> {
  const { billing, schedule } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z', items: C01_CUT_ITEMS });
  expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
  await givenC01Removal(billing, '2023-02-10', '2023-10-01');
  return { billing, number: schedule.number };
}

describe('decision 19: the removal date survives an update that sends items', () => {
  it('C01 cut as of 2023-10-01 after item 1: renaming item 3 keeps nextRunDate 2023-10-01, and the bill run of 2023-10-05 bills item 2 (2,650.00, INV00000002 dated 2023-10-01)', async () => {
    const { billing, number } = await cutAfterItem1();
    const cut = expectOk(await getInvoiceSchedule(billing.context, number));
    expect([cut.nextRunDate, cut.actualAmount.toFixed(2)]).toEqual(['2023-10-01', '52650.00']);
    const edited = await renameItem3(billing, number);
    expect([edited.nextRunDate, edited.items[2]?.name]).toEqual(['2023-10-01', 'Final']);
    expect(edited.removalCuts?.map((c) => c.effectiveDates)).toEqual([['2023-10-01']]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.invoiceDate, String(invoice?.amount)]).toEqual(['2023-10-01', '2650.00']);
    // Item 3 is left with 0.00 and is processed with item 2 (decision 19): nothing left to run.
    const after = expectOk(await getInvoiceSchedule(billing.context, number));
    expect([after.status, after.nextRunDate, after.items.map((i) => i.status)]).toEqual([
      'FullyProcessed',
      null,
      ['Processed', 'Processed', 'Processed'],
    ]);
  });

  // Canceling the invoice of the item the cut pulled forward raised the processing mark past the cut's: the date
  // was held by the override alone, and an items update lost it (item 2 billed on and dated 2023-10-15, or
  // with item 2 deleted, item 3's 2023-12-01) (review finding). The revert restamps the cut.
  it.each([
    ['renaming item 3', false],
    ['deleting the reverted item 2 (item 3 takes its 14,000.00)', true],
  ])(
    'item 2 billed on the cut (2023-10-01), its invoice canceled, then %s: nextRunDate stays 2023-10-01 and the bill run of 2023-10-05 bills again, dated 2023-10-01',
    async (_, deleteItem2) => {
      const { billing, number } = await cutAfterItem1();
      expect(
        expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' })).invoiceNumbers,
      ).toEqual(['INV00000002']);
      expectOk(await cancelInvoice(billing.context, { invoiceNumber: 'INV00000002' }));
      const s = expectOk(await getInvoiceSchedule(billing.context, number));
      const items = s.items.map((i) => ({ id: i.id, runDate: i.runDate, amount: i.amount.toFixed(2) }));
      const [i1, i2, i3] = items;
      const sent = deleteItem2
        ? [i1, { ...i3, amount: s.items[1]?.amount.plus(s.items[2]?.amount ?? 0).toFixed(2) }]
        : [i1, i2, { ...i3, name: 'Final' }];
      const edited = expectOk(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: number,
          items: sent as NonNullable<Parameters<typeof updateInvoiceSchedule>[1]['items']>,
        }),
      );
      expect(edited.nextRunDate).toBe('2023-10-01');
      const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
      expect(run.invoiceNumbers).toEqual(['INV00000003']);
      const invoice = billing.store.probe.invoice('INV00000003');
      expect([invoice?.invoiceDate, String(invoice?.amount)]).toEqual(['2023-10-01', '2650.00']);
    },
  );

  it("a user's own date replaces the removal date until an update that sends items clears it: nextRunDate 2023-10-10, then back to 2023-10-01", async () => {
    const { billing, number } = await cutAfterItem1();
    const set = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        nextRunDate: '2023-10-10',
      }),
    );
    expect(set.nextRunDate).toBe('2023-10-10');
    // An update without nextRunDate and without items revises the schedule: the user's date stays.
    const noted = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: number, notes: 'cut' }),
    );
    expect(noted.nextRunDate).toBe('2023-10-10');
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
  });

  // `nextRunDate: null` restores the default, which is the removal date while it applies: it showed item 2's
  // 2023-10-15 until the next revision, and a bill run in between billed nothing (review finding).
  it('nextRunDate: null restores the removal date (2023-10-01, not item 2 on 2023-10-15), also over a date of its own (2023-10-10); the bill run of 2023-10-05 then bills item 2 (2,650.00, dated 2023-10-01)', async () => {
    const { billing, number } = await cutAfterItem1();
    const update = (input: Record<string, unknown>) =>
      updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: number, ...input });
    expect(expectOk(await update({ nextRunDate: null })).nextRunDate).toBe('2023-10-01');
    expect(expectOk(await update({ nextRunDate: '2023-10-10' })).nextRunDate).toBe('2023-10-10');
    const cleared = expectOk(await update({ nextRunDate: null }));
    expect([cleared.nextRunDate, cleared.nextRunDateOverride]).toEqual(['2023-10-01', '2023-10-01']);
    expect(expectOk(await update({ notes: 'cut' })).nextRunDate).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    expect(run.invoiceNumbers).toEqual(['INV00000002']);
    const invoice = billing.store.probe.invoice('INV00000002');
    expect([invoice?.invoiceDate, String(invoice?.amount)]).toEqual(['2023-10-01', '2650.00']);
  });

  it('the removal date moves only the item that was next: once item 2 is billed, item 3 keeps its run date 2023-12-01', async () => {
    const { billing, schedule } = await givenC01Schedule({
      now: '2023-02-04T12:00:00Z',
      items: [
        { runDate: '2023-02-04', amount: '30000.00' },
        { runDate: '2023-10-15', amount: '14000.00' },
        { runDate: '2023-12-01', amount: '26200.00' },
      ],
    });
    const number = schedule.number;
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    // C1–C4 removed as of 2023-10-01 (after item 1's billed-through date: no credit): 52,650.00 to bill, item 2
    // pulled forward from 2023-10-15 to 2023-10-01 and billed then; item 3 keeps 8,650.00 to bill.
    await givenC01Removal(billing, '2023-02-10', '2023-10-01');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    const billed = expectOk(await getInvoiceSchedule(billing.context, number));
    expect([
      billed.nextRunDate,
      billed.items.map((i) => i.status),
      billed.items.map((i) => i.actualAmount.toFixed(2)),
    ]).toEqual(['2023-12-01', ['Processed', 'Processed', 'Pending'], ['30000.00', '14000.00', '8650.00']]);
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-12-01');
  });

  it('a cut charge detached takes its date with it: S4 removed as of 2023-10-01 and detached, an items update gives item 2 its 2023-10-15 back', async () => {
    const { billing, number } = await givenCutAfterPostedItem1(['S4'], '2023-10-01');
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-10-01');
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: number,
        specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
      }),
    );
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-15');
  });

  // The detach left nextRunDate on C4's 2023-09-20 until an update sent items: a bill run in between billed item 2
  // early, dated 2023-09-20, for a cut the schedule no longer held (review finding).
  it('the detach itself takes the date: S4 cut 2023-09-20 and detached, nextRunDate back to 2023-10-15 and the bill run of 2023-09-25 leaves item 2 pending', async () => {
    const { billing, number } = await givenCutAfterPostedItem1(['S4'], '2023-09-20');
    expect(expectOk(await getInvoiceSchedule(billing.context, number)).nextRunDate).toBe('2023-09-20');
    const detached = expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: number,
        specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
      }),
    );
    expect(detached.nextRunDate).toBe('2023-10-15');
    expectOk(await runBillRun(billing.context, { targetDate: '2023-09-25' }));
    const after = expectOk(await getInvoiceSchedule(billing.context, number));
    expect([after.nextRunDate, after.items.map((i) => i.status)]).toEqual([
      '2023-10-15',
      ['Processed', 'Pending', 'Pending'],
    ]);
  });

  it('a cut a charge left attached still holds stays: S3 and S4 cut 2023-09-20, S4 detached, nextRunDate stays 2023-09-20', async () => {
    const { billing, schedule } = await givenC01Schedule({
      now: '2023-02-04T12:00:00Z',
      items: C01_CUT_ITEMS,
    });
    await billAndPost(billing, ['2023-02-04']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-10',
      actions: removeProducts(['S3', 'S4'], '2023-09-20'),
    });
    const detached = expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: schedule.number,
        specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
      }),
    );
    expect(detached.nextRunDate).toBe('2023-09-20');
  });

  // The cut recorded for C4 (2023-09-20) was kept as the earlier one when S3 was cut as of 2023-10-01, though C4's
  // detach had taken it away: S3's date was left to the override alone, and the next items update lost it, item 2
  // going back to 2023-10-15 and the bill run of 2023-10-05 billing only standard billing's C4 (review finding).
  it('a later cut after a detached charge took the recorded one: S4 cut 2023-09-20 and detached, S3 cut 2023-10-01; renaming item 3 keeps 2023-10-01 and the bill run of 2023-10-05 bills item 2', async () => {
    const { billing, number } = await givenCutAfterPostedItem1(['S4'], '2023-09-20');
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: number,
        specificSubscriptions: [{ subscriptionNumber: 'S4', chargeNumbers: ['C4'] }],
      }),
    );
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-15');
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-02-11',
      actions: removeProducts(['S3'], '2023-10-01'),
    });
    // The detached C4's date stays recorded (review 176: it stands again if C4 is attached back) and moves nothing
    // while C4 is detached.
    const cut = expectOk(await getInvoiceSchedule(billing.context, number));
    expect([cut.nextRunDate, cut.removalCuts?.map((c) => c.effectiveDates)]).toEqual([
      '2023-10-01',
      [['2023-09-20', '2023-10-01']],
    ]);
    expect((await renameItem3(billing, number)).nextRunDate).toBe('2023-10-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-05' }));
    const item2 = expectOk(await getInvoiceSchedule(billing.context, number)).items[1];
    expect(item2?.status).toBe('Processed');
    expect(run.invoiceNumbers).toContain(item2?.invoiceNumber);
    expect(billing.store.probe.invoice(item2?.invoiceNumber as string)?.invoiceDate).toBe('2023-10-01');
  });
});

// Every charge of a removed rate plan keeps its removal's date (removalEffectiveDate), even one the removal left
// whole; the cut a later term change made is still recognised by the day its credit is due, as it was recorded.
// S4 removed as of 2024-01-01 (the day after the term end: nothing cut), then its term shrunk to 2023-09-30:
// renaming item 3 moved nextRunDate back to 2023-10-15 (re-read finding; without the removal it stayed).
describe('decision 19 after a removal that cut nothing, then a term shrink', () => {
  it.each([
    ['without', false],
    ['after', true],
  ])(
    'S4 shrunk to 2023-09-30 (%s a removal as of 2024-01-01): renaming item 3 keeps nextRunDate 2023-10-01',
    async (_, withRemoval) => {
      const { billing, schedule } = await givenC01Schedule({
        now: '2023-02-04T12:00:00Z',
        items: C01_CUT_ITEMS,
      });
      expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
      if (withRemoval)
        await givenActivatedOrder(billing, {
          number: 'O-0002',
          orderDate: '2023-02-05',
          actions: removeProducts(['S4'], '2024-01-01'),
        });
      await givenActivatedOrder(billing, {
        number: 'O-0003',
        orderDate: '2023-02-10',
        actions: [{ type: 'TermsAndConditions', subscriptionNumber: 'S4', termEnd: '2023-09-30' }],
      });
      const cut = expectOk(await getInvoiceSchedule(billing.context, schedule.number));
      expect(cut.nextRunDate).toBe('2023-10-01');
      const edited = await renameItem3(billing, schedule.number);
      expect(edited.nextRunDate).toBe('2023-10-01');
    },
  );
});
