import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, setUpOrder, type TestBilling } from '../support/billing';
import {
  givenActivatedOrder,
  givenC35Ex4,
  givenS1Order,
  givenS9,
  givenSchedule,
  removeProducts,
} from '../support/scenarios';

// Net negative consolidation (§7.8, C35 Ex.4, decision 11): in one bill run, for one account and one
// date, a shared invoice (invoiceSeparately false) that nets below the credit memos of the same date
// from consolidating sources becomes ONE credit memo: the memos' lines, then the invoice's lines
// negated. A non-negative net keeps the invoice and the memo apart (Zuora nets only negative merges).

const memoLines = (billing: TestBilling, number: string) =>
  billing.store.probe
    .creditMemo(number)
    ?.lines.map((l) => [l.invoiceScheduleNumber, l.chargeNumber, l.amount, l.creditedInvoiceNumber]);

/**
 * Nothing but CM00000001 issued by the run of 2023-06-01 (no invoice of the merge, no second memo: numbers
 * gapless), and IS-00000001's last item, −400.00, links it.
 */
async function expectNettedIntoCM1(billing: TestBilling): Promise<void> {
  expect(billing.store.probe.invoice('INV00000002')).toBeNull();
  expect(billing.store.probe.creditMemo('CM00000002')).toBeNull();
  expect(await itemLinks(billing, 'IS-00000001')).toEqual({
    billed: '6000.00',
    items: [
      ['Processed', '6400.00', 'INV00000001', []],
      ['Processed', '-400.00', null, ['CM00000001']],
    ],
  });
}

/** The run of 2023-06-01 keeps the credit memo 400.00 (CM00000001) and an invoice 500.00 (INV00000002) apart. */
async function expectKeptApart(billing: TestBilling, itemsProcessed: number): Promise<void> {
  const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
  expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
    itemsProcessed,
    ['INV00000002'],
    ['CM00000001'],
  ]);
  expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('500.00');
  expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('400.00');
  expect(memoLines(billing, 'CM00000001')).toEqual([['IS-00000001', 'C1', '400.00', 'INV00000001']]);
}

async function itemLinks(billing: TestBilling, number: string) {
  const schedule = expectOk(await getInvoiceSchedule(billing.context, number));
  return {
    billed: schedule.billedAmount.toFixed(2),
    items: schedule.items.map((i) => [
      i.status,
      i.billedAmount.toFixed(2),
      i.invoiceNumber,
      i.creditMemoNumbers,
    ]),
  };
}

describe('consolidation — a net negative merge becomes one credit memo (§7.8, C35 Ex.4, decision 11)', () => {
  it('C35 Ex.4: items −400 (IS-00000001) and +100 (IS-00000002) on 2023-06-01 → one credit memo CM00000001 300.00 with lines 400.00 and −100.00; no invoice', async () => {
    const billing = await givenC35Ex4('100.00');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([2, [], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([memo?.memoDate, memo?.amount, memo?.billRunNumber]).toEqual(['2023-06-01', '300.00', run.number]);
    expect(memoLines(billing, 'CM00000001')).toEqual([
      ['IS-00000001', 'C1', '400.00', 'INV00000001'],
      ['IS-00000002', 'C2', '-100.00', null],
    ]);
    // Nothing else issued; the items link the memo; billed amounts are net (6,400 − 400 = 6,000 and 100).
    await expectNettedIntoCM1(billing);
    expect(await itemLinks(billing, 'IS-00000002')).toEqual({
      billed: '100.00',
      items: [
        ['Processed', '100.00', null, ['CM00000001']],
        ['Pending', '0.00', null, []],
      ],
    });
    // The next invoice takes the next number: INV00000002 5,900.00 on 2023-09-01.
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-01' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([['INV00000002'], []]);
    expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('5900.00');
    expect((await itemLinks(billing, 'IS-00000002')).billed).toBe('6000.00');
  });

  it('positive net: items −400 (IS-00000001) and +500 (IS-00000002) → the credit memo 400.00 and the invoice 500.00 are both kept', async () => {
    const billing = await givenC35Ex4('500.00');
    await expectKeptApart(billing, 2);
    expect(await itemLinks(billing, 'IS-00000001')).toEqual({
      billed: '6000.00',
      items: [
        ['Processed', '6400.00', 'INV00000001', []],
        ['Processed', '-400.00', null, ['CM00000001']],
      ],
    });
    expect(await itemLinks(billing, 'IS-00000002')).toEqual({
      billed: '500.00',
      items: [
        ['Processed', '500.00', 'INV00000002', []],
        ['Pending', '0.00', null, []],
      ],
    });
  });

  it('a charge standard-billed only as a line netted into the memo is billed: a schedule may not cover it (ChargeAlreadyBilled, §4.2 rule 2; was accepted and billed it again)', async () => {
    // As Ex.4, plus S9/C9 50.00 a year from 2023-06-01 (standard billing, invoiceSeparately false): its
    // invoice line joins the merge and is netted into CM00000001 (−50.00, no invoice). The check of rule 2
    // looked at invoices only, so a schedule of O-0009 was accepted and billed C9 a second time.
    const billing = await givenC35Ex4('100.00');
    await givenS9(billing, '50.00');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    expect(memoLines(billing, 'CM00000001')).toEqual([
      ['IS-00000001', 'C1', '400.00', 'INV00000001'],
      ['IS-00000002', 'C2', '-100.00', null],
      [null, 'C9', '-50.00', null],
    ]);
    const created = await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0009'],
      items: [{ runDate: '2023-07-01', amount: '50.00' }],
    });
    expect(created._unsafeUnwrapErr()).toMatchObject({
      type: 'ChargeAlreadyBilled',
      subscriptionNumber: 'S9',
      chargeNumber: 'C9',
      invoiceNumber: 'CM00000001',
    });
  });

  describe("a schedule's memo alone, with standard billing's invoice of the same run (decision 11: standard billing joins)", () => {
    /**
     * As Ex.4, but IS-00000002 bills C2 from 2023-09-01 only: on 2023-06-01 the only consolidating document of
     * A-001 is IS-00000001's credit memo of 400.00. S9/C9 (`price` a year from 2023-06-01, standard billing)
     * invoices in the same run. There was no shared invoice to join, so standard billing's invoice was issued
     * on its own and never netted with the memo.
     */
    async function withS9(price: string): Promise<TestBilling> {
      const billing = await givenC35Ex4(null);
      await givenS9(billing, price);
      return billing;
    }

    it.each([
      ['under standard billing', () => withS9('50.00')],
      [
        "as IS-00000001's additional subscription (§7.7; was: both issued as well)",
        () => givenC35Ex4(null, '50.00'),
      ],
    ])(
      'negative net, S9 %s: memo 400.00 and invoice 50.00 → one credit memo CM00000001 350.00 (no invoice)',
      async (_, given) => {
        const billing = await given();
        const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
        expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
          1,
          [],
          ['CM00000001'],
        ]);
        expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('350.00');
        expect(memoLines(billing, 'CM00000001')).toEqual([
          ['IS-00000001', 'C1', '400.00', 'INV00000001'],
          [null, 'C9', '-50.00', null],
        ]);
        await expectNettedIntoCM1(billing);
      },
    );

    it('positive net: memo 400.00 and invoice 500.00 → both kept, as before', async () => {
      await expectKeptApart(await withS9('500.00'), 1);
    });
  });

  it("an item's invoice nets with its additional subscriptions' credit (§7.7): invoice 500.00 and memo 700.00 → one credit memo 200.00", async () => {
    // S1/C1 12,000.00 in IS-00000001 (invoiceSeparately false; items 11,500.00 on 2023-03-01 and 500.00
    // on 2023-06-01) with S9/C9 1,200.00 a year (2023) as its additional subscription: INV00000001 bills C1
    // 11,500.00 and C9 1,200.00. S9 removed from 2023-06-01: its 700.00 is credited with item 2, whose invoice
    // of 500.00 is a consolidated document of the same run, so the two net to one memo (decision 11).
    const billing = await givenS1Order();
    await setUpOrder(billing, {
      createAccount: false,
      orderNumber: 'O-0009',
      orderDate: '2023-01-01',
      subscriptions: [
        {
          number: 'S9',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          charges: [{ number: 'C9', price: '1200.00' }],
        },
      ],
    });
    await givenSchedule(billing, {
      invoiceSeparately: false,
      additionalSubscriptionsToBill: ['S9'],
      items: [
        { runDate: '2023-03-01', amount: '11500.00' },
        { runDate: '2023-06-01', amount: '500.00' },
      ],
    });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(billing.store.probe.invoice('INV00000001')?.amount).toBe('12700.00');
    await givenActivatedOrder(billing, {
      number: 'O-0003',
      orderDate: '2023-05-15',
      actions: removeProducts(['S9'], '2023-06-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([1, [], ['CM00000001']]);
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('200.00');
    expect(memoLines(billing, 'CM00000001')).toEqual([
      [null, 'C9', '700.00', 'INV00000001'],
      ['IS-00000001', 'C1', '-500.00', null],
    ]);
    expect(billing.store.probe.invoice('INV00000002')).toBeNull();
    expect(await itemLinks(billing, 'IS-00000001')).toEqual({
      billed: '12000.00',
      items: [
        ['Processed', '11500.00', 'INV00000001', []],
        ['Processed', '500.00', null, ['CM00000001']],
      ],
    });
    // Nothing is left to bill or credit on either charge.
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });
});
