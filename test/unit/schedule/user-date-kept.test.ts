// A nextRunDate the user set later than the day a removal's credit falls due postpones the processing (§6.6 rule 4,
// docs/guides/edit-pause-delete.md) until `nextRunDate: null`, an update that sends items, or the processing it
// causes. A later revision of the schedule — an update of its notes, a detach of another charge, an owner transfer
// of its subscriptions, an order touching its charges — brought the credit's day back: the schedule did
// not record that the date was the user's, and the item was billed on the credit's day, 2023-01-01, nine months
// before the date the user chose (review 175). An order made after the date that cuts a charge earlier moves it to
// the cut's day (decision 19; review 229: it held the cut back to the user's date), and the day moved to stays the
// user's: a revision does not bring back the day the user's date postponed (reviews 180, 183, 190).
import { describe, expect, it } from 'vitest';
import {
  cancelInvoice,
  detachInvoiceScheduleCharges,
  getCreditMemo,
  getInvoice,
  getInvoiceSchedule,
  listItemsDue,
  runBillRun,
  updateInvoiceSchedule,
} from '../../../src/index';
import {
  chargeInput,
  createSubscription,
  expectOk,
  newBilling,
  type TestBilling,
} from '../../support/billing';
import {
  billAndPost,
  givenAccount,
  givenActivatedOrder,
  givenC01Schedule,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  yearly,
} from '../../support/scenarios';

const IS1 = 'IS-00000001';

/** S1 100.00, S2 10.00, S3 5.00; item 1 billed on 01-01, S1 removed from its start, nextRunDate set to 10-01. */
async function given(): Promise<TestBilling> {
  const billing = newBilling();
  await givenAccount(billing, 'A-001');
  await givenAccount(billing, 'A-002');
  await givenActivatedOrder(billing, {
    number: 'O-0001',
    orderDate: '2023-01-01',
    actions: ['100.00', '10.00', '5.00'].map((price, k) =>
      createSubscription(`S${k + 1}`, [chargeInput({ number: `C${k + 1}`, price })]),
    ),
  });
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-01', amount: '107.84' },
      { runDate: '2023-12-31', amount: '7.16' },
    ],
  });
  await billAndPost(billing, ['2023-01-01']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-01',
    actions: removeProducts(['S1'], '2023-01-01'),
  });
  const set = expectOk(
    await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, nextRunDate: '2023-10-01' }),
  );
  expect(set.nextRunDate).toBe('2023-10-01');
  return billing;
}

const REVISIONS: readonly [string, (billing: TestBilling) => Promise<void>][] = [
  [
    'an update of its notes',
    async (billing) => {
      expectOk(
        await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, notes: 'checked' }),
      );
    },
  ],
  [
    'a detach of another charge',
    async (billing) => {
      expectOk(
        await detachInvoiceScheduleCharges(billing.context, {
          invoiceScheduleNumber: IS1,
          specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
        }),
      );
    },
  ],
  [
    'an owner transfer of its subscriptions',
    async (billing) => {
      await givenActivatedOrder(billing, {
        number: 'O-0003',
        orderDate: '2023-02-01',
        actions: ['S1', 'S2', 'S3'].map((subscriptionNumber) => ({
          type: 'OwnerTransfer' as const,
          subscriptionNumber,
          newOwnerAccountNumber: 'A-002',
        })),
      });
    },
  ],
  [
    'an order removing another charge later',
    async (billing) => {
      await givenActivatedOrder(billing, {
        number: 'O-0003',
        orderDate: '2023-02-01',
        actions: removeProducts(['S3'], '2023-11-01'),
      });
    },
  ],
];

describe('a nextRunDate the user set after a credit’s day survives the next revision (review 175)', () => {
  it.each(REVISIONS)('%s keeps 2023-10-01; the item is billed then, dated 2023-10-01', async (_, revise) => {
    const billing = await given();
    await revise(billing);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect(schedule.nextRunDate).toBe('2023-10-01');
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-09-30' })).data).toEqual([]);
    // (A detached charge is billed by standard billing meanwhile: the item is what must wait.)
    expectOk(await runBillRun(billing.context, { targetDate: '2023-09-30' }));
    const waiting = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect(waiting.items.map((i) => i.status)).toEqual(['Processed', 'Pending']);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    const billed = expectOk(await getInvoiceSchedule(billing.context, IS1)).items[1];
    const invoice = expectOk(await getInvoice(billing.context, billed?.invoiceNumber ?? ''));
    expect(invoice.invoiceDate).toBe('2023-10-01');
  });

  it('`nextRunDate: null` still brings the credit’s day back, and a later notes update keeps it', async () => {
    const billing = await given();
    const cleared = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, nextRunDate: null }),
    );
    expect(cleared.nextRunDate).toBe('2023-01-01');
    const noted = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, notes: 'checked' }),
    );
    expect(noted.nextRunDate).toBe('2023-01-01');
  });
});

describe('an order made after the user’s date that cuts a charge earlier (decision 19; reviews 180, 183, 190, 229)', () => {
  it('moves the date to the cut’s day, still the user’s: a revision keeps it, the item is billed then', async () => {
    const billing = await given();
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-02-01',
      actions: removeProducts(['S3'], '2023-06-01'),
    });
    const moved = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect([moved.nextRunDate, moved.userNextRunDate]).toEqual(['2023-06-01', '2023-06-01']);
    // A revision does not bring back S1's credit day (2023-01-01), which the user's date postponed.
    const noted = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, notes: 'checked' }),
    );
    expect(noted.nextRunDate).toBe('2023-06-01');
    expect(expectOk(await listItemsDue(billing.context, { targetDate: '2023-05-31' })).data).toEqual([]);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    const billed = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect(billed.items.map((i) => i.status)).toEqual(['Processed', 'Processed']);
    const invoice = expectOk(await getInvoice(billing.context, billed.items[1]?.invoiceNumber ?? ''));
    expect(invoice.invoiceDate).toBe('2023-06-01');
  });

  it('`nextRunDate: null` clears it: S1’s credit day comes first again, S3’s cut stays recorded', async () => {
    const billing = await given();
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-02-01',
      actions: removeProducts(['S3'], '2023-06-01'),
    });
    const cleared = expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, nextRunDate: null }),
    );
    expect([cleared.nextRunDate, cleared.userNextRunDate]).toEqual(['2023-01-01', undefined]);
    expect(cleared.removalCuts?.flatMap((c) => c.effectiveDates)).toContain('2023-06-01');
  });

  // Review 229: C01, item 1 billed, the date pulled to 2023-04-01 (item 2 runs 05-01); then S3 removed as of
  // 2023-03-01 by an order of 2023-02-20. S3 is worth 11,000 × 2/12 = 1,833.33 and billed 7,834.76: a credit of
  // 6,001.43. Item 2 takes what is left of C1, C2 and C4 (10,617.95 + 6,186.61 + 230.20 = 17,034.76) and item 3 is
  // left at 0.00 (decision 19) — on 2023-03-01, both documents dated then (decision 18), not a month later.
  it('C01 pulled to 2023-04-01, S3 then removed as of 2023-03-01: billed and credited on 2023-03-01', async () => {
    const { billing } = await givenC01Schedule({ now: '2023-02-05T12:00:00Z' });
    await billAndPost(billing, ['2023-02-04']);
    expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, nextRunDate: '2023-04-01' }),
    );
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-20',
      actions: removeProducts(['S3'], '2023-03-01'),
    });
    const moved = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect([moved.unbilledAmount.toFixed(2), moved.nextRunDate]).toEqual(['11033.33', '2023-03-01']);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-15' }));
    const invoices = await Promise.all(
      run.invoiceNumbers.map(async (n) => expectOk(await getInvoice(billing.context, n))),
    );
    const memos = await Promise.all(
      run.creditMemoNumbers.map(async (n) => expectOk(await getCreditMemo(billing.context, n))),
    );
    expect(invoices.map((i) => [i.invoiceDate, i.amount.toFixed(2)])).toEqual([['2023-03-01', '17034.76']]);
    expect(memos.map((m) => [m.memoDate, m.amount.toFixed(2)])).toEqual([['2023-03-01', '6001.43']]);
    const done = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect([done.status, done.unbilledAmount.toFixed(2), done.nextRunDate]).toEqual([
      'FullyProcessed',
      '0.00',
      null,
    ]);
  });
});

describe('a canceled invoice drops the user’s date (review 185)', () => {
  it('the item billed before it is due again on its own day', async () => {
    const billing = await givenSubscriptions([
      yearly('S1', [{ number: 'C1', price: '1200.00' }]),
      yearly('S2', [{ number: 'C2', price: '2400.00' }]),
    ]);
    await givenSchedule(billing, {
      items: [
        { runDate: '2023-02-01', amount: '1200.00' },
        { runDate: '2023-05-01', amount: '2400.00' },
      ],
    });
    // Item 1 pulled to 2023-01-15 by the user's date and billed then.
    expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, nextRunDate: '2023-01-15' }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-15' }));
    expectOk(
      await updateInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1, nextRunDate: '2023-02-02' }),
    );
    const held = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect([held.nextRunDate, held.userNextRunDate]).toEqual(['2023-02-02', '2023-02-02']);
    expectOk(await cancelInvoice(billing.context, { invoiceNumber: run.invoiceNumbers[0] ?? '' }));
    const canceled = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect([canceled.items[0]?.status, canceled.nextRunDate, canceled.userNextRunDate]).toEqual([
      'Pending',
      '2023-01-15',
      undefined,
    ]);
  });
});
