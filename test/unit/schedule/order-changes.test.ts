import type { Result } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { activateSavedOrder, saveNewAccount, saveNewOrder } from '../../../src/operations/contracts';
import { createInvoiceSchedule } from '../../../src/operations/create-invoice-schedule';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { postCreditMemo, postInvoice } from '../../../src/operations/invoices';
import { getCreditMemo, getInvoiceSchedule, listScheduleCreditMemos } from '../../../src/operations/queries';
import {
  amounts,
  C01_SUBSCRIPTIONS,
  chargeInput,
  expectErr,
  expectOk,
  newBilling,
  setUpOrder,
  type TestBilling,
} from '../../support/billing';
import { givenC01Schedule } from '../../support/scenarios';

// Order changes flowing into schedules (reference §6.6, §8.1–8.5, §8.9, decisions 5, 6, 12).

/** Runs an operation that must fail; checks the store did not change and returns the error. */
async function refused<T, E>(billing: TestBilling, run: () => PromiseLike<Result<T, E>>): Promise<E> {
  const before = billing.store.probe.snapshot();
  const error = expectErr(await run());
  expect(billing.store.probe.snapshot()).toEqual(before);
  return error;
}

/** C01 with item 1 executed (PartiallyProcessed). */
async function c01AfterItem1(): Promise<TestBilling> {
  const billing = newBilling();
  await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-04', amount: '50000.00' },
        { runDate: '2023-05-01', amount: '14000.00' },
        { runDate: '2023-09-16', amount: '6200.00' },
      ],
    }),
  );
  expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
  expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  return billing;
}

async function saveOrder(billing: TestBilling, actions: readonly Record<string, unknown>[]): Promise<void> {
  expectOk(
    await saveNewOrder(billing.context, {
      number: 'O-0002',
      accountNumber: 'A-001',
      orderDate: '2023-03-01',
      actions,
    }),
  );
}

/**
 * C22-like: S1/C1 1,200/yr 2023-01-01 → 2023-12-31; item 1 2023-01-01 1,000 (billed through
 * 2023-10-31), item 2 2023-11-15 200. The product is removed as of 2023-10-01: C1 is worth 900,
 * 100 was billed beyond it.
 */
async function billedPastRemoval(settings: { autoPost?: boolean } = {}): Promise<TestBilling> {
  const billing = newBilling(settings);
  await setUpOrder(billing, {
    subscriptions: [
      {
        number: 'S1',
        termStart: '2023-01-01',
        termEnd: '2023-12-31',
        charges: [{ number: 'C1', price: '1200.00' }],
      },
    ],
  });
  expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-01-01', amount: '1000.00' },
        { runDate: '2023-11-15', amount: '200.00' },
      ],
    }),
  );
  expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  const inv1 = billing.store.probe.invoice('INV00000001');
  expect(inv1?.lines.map((l) => [l.amount, l.serviceStartDate, l.serviceEndDate])).toEqual([
    ['1000.00', '2023-01-01', '2023-10-31'],
  ]);
  if (!settings.autoPost) expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
  await saveOrder(billing, [
    { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-10-01' },
  ]);
  expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
  return billing;
}

describe('activation refusals leave the store unchanged', () => {
  it('Update Product on a PartiallyProcessed schedule → OrderActionNotSupported (§8.5, §8.9)', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S2',
        chargeNumber: 'C2',
        effectiveDate: '2023-01-01',
        price: '1.00',
      },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      reason: 'UpdateProductScheduleNotPending',
      invoiceScheduleNumber: 'IS-00000001',
      scheduleStatus: 'PartiallyProcessed',
    });
  });

  it('Update Product from mid-charge on a PartiallyProcessed schedule → UpdateProductNotFromChargeStart (review 140)', async () => {
    // §8.9 "Update price/quantity from mid-charge: no" in every status: activation's own refusal, which says to
    // change from the charge's start; the schedule's ("reverse its processed items' invoices") would not let it in.
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S2',
        chargeNumber: 'C2',
        effectiveDate: '2023-06-01',
        price: '1.00',
      },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'UpdateProductNotFromChargeStart',
      chargeNumber: 'C2',
      effectiveDate: '2023-06-01',
      chargeStartDate: '2023-01-01',
    });
  });

  it('…and it stays the first refused action when a later action of the order is refused by the schedule (review 149)', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S2',
        chargeNumber: 'C2',
        effectiveDate: '2023-06-01',
        price: '1.00',
      },
      { type: 'Suspend', subscriptionNumber: 'S3', effectiveDate: '2023-06-01' },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'UpdateProductNotFromChargeStart',
      path: 'actions[0].effectiveDate',
    });
  });

  it('an Owner Transfer of part of a partly billed schedule stays the first refused action when a later action fails (review 153)', async () => {
    // §8.8: judged on the owners the order asks for, not on those before it (the later action kept the order from
    // applying to the end, and the transfer passed); a transfer of the whole schedule whose later transfer activation
    // refuses gets activation's error instead.
    for (const later of [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S2',
        chargeNumber: 'C2',
        effectiveDate: '2023-06-01',
        price: '1.00',
      },
      { type: 'Suspend', subscriptionNumber: 'S3', effectiveDate: '2023-06-01' },
    ]) {
      const billing = await c01AfterItem1();
      expectOk(
        await saveNewAccount(billing.context, {
          id: 'acc-A-002',
          number: 'A-002',
          name: 'A2',
          currency: 'USD',
        }),
      );
      await saveOrder(billing, [
        { type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' },
        later,
      ]);
      const error = await refused(billing, () =>
        activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
      );
      expect(error).toMatchObject({
        type: 'OrderActionNotSupported',
        actionIndex: 0,
        reason: 'OwnerTransferOfPartlyBilledSchedule',
      });
    }
  });

  it.each([
    [
      'an earlier action activation refuses, then transfers to an unknown owner',
      'A-404',
      'mid',
      'UpdateProductNotFromChargeStart',
    ],
    [
      'an earlier action activation refuses, then transfers to an owner in EUR',
      'A-EUR',
      'mid',
      'UpdateProductNotFromChargeStart',
    ],
    ['transfers to an unknown owner, then a Suspend', 'A-404', 'suspend', 'AccountNotFound'],
    ['transfers to an owner in EUR, then a Suspend', 'A-EUR', 'suspend', 'SubscriptionCurrencyMismatch'],
  ])(
    'the first refused action is the one reported: %s (review 154)',
    async (_name, owner, other, expected) => {
      const billing = await c01AfterItem1();
      expectOk(
        await saveNewAccount(billing.context, {
          id: 'acc-A-EUR',
          number: 'A-EUR',
          name: 'E',
          currency: 'EUR',
        }),
      );
      const transfers = ['S1', 'S2', 'S3', 'S4'].map((n) => ({
        type: 'OwnerTransfer',
        subscriptionNumber: n,
        newOwnerAccountNumber: owner,
      }));
      await saveOrder(
        billing,
        other === 'mid'
          ? [
              {
                type: 'UpdateProduct',
                subscriptionNumber: 'S2',
                chargeNumber: 'C2',
                effectiveDate: '2023-06-01',
                price: '1.00',
              },
              ...transfers,
            ]
          : [...transfers, { type: 'Suspend', subscriptionNumber: 'S1', effectiveDate: '2023-06-01' }],
      );
      const error = await refused(billing, () =>
        activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
      );
      expect(error).toMatchObject({ type: expected });
    },
  );

  it("a later refused action is judged even when the schedules' replay of the order stops earlier than activation does (review 155)", async () => {
    // The Add Product reuses C2, S2's charge number: the schedules' check replays the order on every subscription of
    // the schedule and stops there; activation reads only the subscriptions the order names and applies it. The
    // price change that follows must still be refused on a PartiallyProcessed schedule (§8.5, §8.9) — it was
    // activated, the schedule's actual amount 70,200.00 → 33,301.00.
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      {
        type: 'AddProduct',
        subscriptionNumber: 'S1',
        ratePlan: {
          id: 'rp-S1-extra',
          name: 'extra',
          charges: [
            chargeInput({ number: 'C2', price: '10.00', startDate: '2023-01-01', endDate: '2023-12-31' }),
          ],
        },
      },
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S1',
        chargeNumber: 'C1',
        effectiveDate: '2023-01-01',
        price: '1.00',
      },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      actionIndex: 1,
      reason: 'UpdateProductScheduleNotPending',
    });
  });

  it('activating a Completed order again is OrderAlreadyActivated, also once its schedule was billed (review 155)', async () => {
    // A retry of an activation whose answer was lost: reliability.md, errors/domain.md OrderAlreadyActivated. Its
    // price change from the start was allowed while the schedule was Pending; once an item is billed, the retry was
    // judged as a new price change (UpdateProductScheduleNotPending).
    const { billing } = await givenC01Schedule();
    await saveOrder(billing, [
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S1',
        chargeNumber: 'C1',
        effectiveDate: '2023-01-01',
        price: '37000.00',
      },
    ]);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    const again = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(again).toMatchObject({ type: 'OrderAlreadyActivated', orderNumber: 'O-0002' });
  });

  it('Terms And Conditions extending a scheduled recurring charge → OrderActionNotSupported (§8.7)', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      { type: 'TermsAndConditions', subscriptionNumber: 'S4', termEnd: '2024-12-31' },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      action: 'TermsAndConditions',
      reason: 'TermsExtendScheduledRecurringCharge',
    });
  });

  it('§8.7/§8.9 (C29 Ex.4): remove the product on the old term end, extend the term with Terms And Conditions and add the product back — the supported way — is accepted; the scheduled charge keeps its 800.00, the added one is not in the schedule', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      { type: 'RemoveProduct', subscriptionNumber: 'S4', ratePlanId: 'rp-S4', effectiveDate: '2024-01-01' },
      { type: 'TermsAndConditions', subscriptionNumber: 'S4', termEnd: '2024-12-31' },
      {
        type: 'AddProduct',
        subscriptionNumber: 'S4',
        ratePlan: {
          id: 'rp-S4-2024',
          name: 'Plan S4 (2024)',
          charges: [
            {
              number: 'C4-2024',
              name: 'C4 2024',
              type: 'Recurring',
              price: '900.00',
              listPriceBase: 'Year',
              billingPeriod: 'Annual',
              startDate: '2024-01-01',
              endDate: '2024-12-31',
            },
          ],
        },
      },
    ]);
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const s4 = billing.store.probe.subscription('S4');
    expect(s4?.termEnd).toBe('2024-12-31');
    expect(
      s4?.ratePlans.flatMap((rp) => rp.charges.map((c) => [c.number, c.startDate, c.endDate, c.price])),
    ).toEqual([
      ['C4', '2023-01-01', '2023-12-31', '800.00'],
      ['C4-2024', '2024-01-01', '2024-12-31', '900.00'],
    ]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(after)).toEqual(amounts(before));
    expect(after.charges.map((c) => c.chargeNumber)).toEqual(['C1', 'C2', 'C3', 'C4']);
  });

  it('Suspend of a scheduled subscription → OrderActionNotSupported (§8.9)', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [{ type: 'Suspend', subscriptionNumber: 'S1', effectiveDate: '2023-06-01' }]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      reason: 'SuspendResumeScheduledSubscription',
    });
  });

  it('Owner Transfer of one subscription of a partly billed schedule → OrderActionNotSupported (§8.8)', async () => {
    const billing = await c01AfterItem1();
    expectOk(
      await saveNewAccount(billing.context, {
        id: 'acc-A-002',
        number: 'A-002',
        name: 'A2',
        currency: 'USD',
      }),
    );
    await saveOrder(billing, [
      { type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({
      type: 'OrderActionNotSupported',
      reason: 'OwnerTransferOfPartlyBilledSchedule',
    });
  });

  it('an order refused by its second action writes nothing of its first (the Remove Product is not applied)', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-11-01' },
      {
        type: 'UpdateProduct',
        subscriptionNumber: 'S2',
        chargeNumber: 'C2',
        effectiveDate: '2023-01-01',
        price: '1.00',
      },
    ]);
    const error = await refused(billing, () =>
      activateSavedOrder(billing.context, { orderNumber: 'O-0002' }),
    );
    expect(error).toMatchObject({ type: 'OrderActionNotSupported', actionIndex: 1 });
    expect(billing.store.probe.subscription('S1')?.version).toBe(1);
    expect(billing.store.probe.invoiceSchedule('IS-00000001')?.actualAmount).toBe('70200.00');
  });
});

describe('credit on a PartiallyProcessed schedule (C22-like)', () => {
  it('§6.6 rule 3: removal before the billed-through date moves nextRunDate from 2023-11-15 to the effective date 2023-10-01; item 2 actual −100', async () => {
    const billing = await billedPastRemoval();
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(amounts(schedule)).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '1200.00',
      actualAmount: '900.00',
      billedAmount: '1000.00',
      unbilledAmount: '-100.00',
      nextRunDate: '2023-10-01',
    });
    expect(schedule.items.map((i) => [i.status, i.actualAmount.toFixed(2)])).toEqual([
      ['Processed', '1000.00'],
      ['Pending', '-100.00'],
    ]);
  });

  it('§6.6 rule 3: a removal after the billed-through date needs no credit and leaves nextRunDate alone (C11)', async () => {
    const billing = await c01AfterItem1();
    await saveOrder(billing, [
      { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-11-01' },
    ]);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    expect(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')).nextRunDate).toBe('2023-05-01');
  });

  it('§8.3: a bill run on 2023-10-01 processes item 2 with its negative actual: credit memo 100.00, no invoice, item billedAmount −100 (decision 6)', async () => {
    const billing = await billedPastRemoval();
    // Nothing is due the day before.
    const early = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-30' }));
    expect([early.itemsProcessed, early.creditMemoNumbers]).toEqual([0, []]);
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect(run.itemsProcessed).toBe(1);
    expect(run.invoiceNumbers).toEqual([]);
    expect(run.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('100.00');
    expect(memo?.status).toBe('Draft');
    expect(
      memo?.lines.map((l) => [
        l.chargeNumber,
        l.creditedInvoiceNumber,
        l.serviceStartDate,
        l.serviceEndDate,
        l.amount,
      ]),
    ).toEqual([['C1', 'INV00000001', '2023-10-01', '2023-10-31', '100.00']]);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const item2 = schedule.items[1];
    expect([
      item2?.status,
      item2?.invoiceNumber,
      item2?.creditMemoNumbers,
      item2?.billedAmount.toFixed(2),
    ]).toEqual(['Processed', null, ['CM00000001'], '-100.00']);
    // Decision 6: billed is net of the credit memo, so unbilled = actual − billed = 0.
    expect(amounts(schedule)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '1200.00',
      actualAmount: '900.00',
      billedAmount: '900.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
    expect(schedule.charges[0]?.billedAmount.toFixed(2)).toBe('900.00');
    expect(
      expectOk(await listScheduleCreditMemos(billing.context, 'IS-00000001')).map((m) => m.number),
    ).toEqual(['CM00000001']);
  });

  it('Execute without an item on the PartiallyProcessed schedule runs item 2 and gives the same credit memo', async () => {
    const billing = await billedPastRemoval();
    const run = expectOk(
      await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('100.00');
  });

  it('the next item carries the credit and still bills its positive rest: credit 100 and invoice 50 on item 2', async () => {
    // Two charges of 1,200/yr; item 1 2,000 bills each 1,000 (through 2023-10-31), item 2 400.
    const billing = newBilling();
    await setUpOrder(billing, {
      subscriptions: [
        {
          number: 'S1',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          charges: [{ number: 'C1', price: '1200.00' }],
        },
        {
          number: 'S2',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          charges: [{ number: 'C2', price: '1200.00' }],
        },
      ],
    });
    expectOk(
      await createInvoiceSchedule(billing.context, {
        accountNumber: 'A-001',
        orders: ['O-0001'],
        items: [
          { runDate: '2023-01-01', amount: '2000.00' },
          { runDate: '2023-11-15', amount: '400.00' },
        ],
      }),
    );
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expectOk(await postInvoice(billing.context, { invoiceNumber: 'INV00000001' }));
    // Removing S1's product as of 2023-10-01: C1 is worth 900, 100 below what it was billed.
    await saveOrder(billing, [
      { type: 'RemoveProduct', subscriptionNumber: 'S1', ratePlanId: 'rp-S1', effectiveDate: '2023-10-01' },
    ]);
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    // actual 900 + 1,200 = 2,100; billed 2,000; item 2 actual 100 = C2's 200 left − C1's 100 credit.
    expect(amounts(before)).toMatchObject({
      actualAmount: '2100.00',
      unbilledAmount: '100.00',
      nextRunDate: '2023-10-01',
    });
    expect(before.items[1]?.actualAmount.toFixed(2)).toBe('100.00');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([['INV00000002'], ['CM00000001']]);
    expect(billing.store.probe.invoice('INV00000002')?.lines.map((l) => [l.chargeNumber, l.amount])).toEqual([
      ['C2', '200.00'],
    ]);
    expect(
      billing.store.probe.creditMemo('CM00000001')?.lines.map((l) => [l.chargeNumber, l.amount]),
    ).toEqual([['C1', '100.00']]);
    const after = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const item2 = after.items[1];
    expect([item2?.invoiceNumber, item2?.creditMemoNumbers, item2?.billedAmount.toFixed(2)]).toEqual([
      'INV00000002',
      ['CM00000001'],
      '100.00',
    ]);
    expect(amounts(after)).toEqual({
      status: 'FullyProcessed',
      totalAmount: '2400.00',
      actualAmount: '2100.00',
      billedAmount: '2100.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});

describe('postCreditMemo', () => {
  it('posts a Draft credit memo; posting again returns it unchanged', async () => {
    const billing = await billedPastRemoval();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    const posted = expectOk(await postCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    expect([posted.status, posted.version]).toEqual(['Posted', 2]);
    expect(billing.store.probe.creditMemo('CM00000001')?.status).toBe('Posted');
    const before = billing.store.probe.snapshot();
    const again = expectOk(await postCreditMemo(billing.context, { creditMemoNumber: 'CM00000001' }));
    expect([again.status, again.version]).toEqual(['Posted', 2]);
    expect(billing.store.probe.snapshot()).toEqual(before);
    expect(expectOk(await getCreditMemo(billing.context, 'CM00000001')).status).toBe('Posted');
  });

  it('an unknown credit memo → CreditMemoNotFound; nothing changes', async () => {
    const billing = await billedPastRemoval();
    const error = await refused(billing, () => postCreditMemo(billing.context, { creditMemoNumber: 'CM99' }));
    expect(error).toMatchObject({ type: 'CreditMemoNotFound', creditMemoNumber: 'CM99' });
  });

  it('with autoPost the credit memo is Posted when produced', async () => {
    const billing = await billedPastRemoval({ autoPost: true });
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    expect(billing.store.probe.creditMemo('CM00000001')?.status).toBe('Posted');
  });
});

describe('NothingToExecute (decision 12)', () => {
  it('execute without an item on a FullyProcessed schedule with no credit due → NothingToExecute; no bill run', async () => {
    const billing = await billedPastRemoval();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    const error = await refused(billing, () =>
      executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
    );
    expect(error).toMatchObject({ type: 'NothingToExecute', invoiceScheduleNumber: 'IS-00000001' });
  });

  it('a second bill run after the credit produces nothing more', async () => {
    const billing = await billedPastRemoval();
    expectOk(await runBillRun(billing.context, { targetDate: '2023-10-01' }));
    const again = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([again.itemsProcessed, again.invoiceNumbers, again.creditMemoNumbers]).toEqual([0, [], []]);
    expect(billing.store.probe.creditMemo('CM00000002')).toBeNull();
  });
});
