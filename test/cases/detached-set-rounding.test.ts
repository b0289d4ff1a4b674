// Decision 2: a schedule bills each charge its value rounded AS A SET with the other charges (largest remainder,
// ties to the earlier charge), which can be a minor unit off the charge's value rounded on its own; "no document
// is ever issued for such a residual alone". Once a charge leaves its schedule (a detach, §5.4, or the detach an
// owner transfer of a subset of subscriptions makes, §8.8 / decision 17), standard billing bills it up to the
// total the set gave it, which its detachment records — not up to its own rounding — so the contract's total
// stays exact. After a change of the detached charge, it moves by the change of the set's rounded value.
//
// Three charges of 1,000.00/yr (billed annually) on S1/C1, S2/C2, S3/C3:
// - a 4-month term (2023-01-01 → 2023-04-30): each worth 333.33⅓; as a set C1 333.34, C2 333.33, C3 333.33;
// - a 5-month term (2023-01-01 → 2023-05-31): each worth 416.66⅔; as a set C1 416.67, C2 416.67, C3 416.66
//   (C3's own rounding is 416.67).
// Items of half the total each, on 2023-01-10 and 2023-02-10.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../src/operations/bill-run';
import { activateSavedOrder } from '../../src/operations/contracts';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { attachInvoiceScheduleCharges, detachInvoiceScheduleCharges } from '../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk, type TestBilling } from '../support/billing';
import {
  givenAccount,
  givenActivatedOrder,
  givenSchedule,
  givenSubscriptions,
  removeProducts,
  saveOrder,
} from '../support/scenarios';

const IS1 = 'IS-00000001';

/** Three subscriptions S1..S3 of one 1,000.00/yr charge each, 2023-01-01 → `termEnd`. */
const threeCharges = (termEnd: string) =>
  ['S1', 'S2', 'S3'].map((s, i) => ({
    number: s,
    termStart: '2023-01-01',
    termEnd,
    charges: [{ number: `C${i + 1}`, price: '1000.00' }],
  }));

/** The three charges on `termEnd`'s term, a schedule of two items of `half`, the first `executed` executed and posted. */
async function givenSchedule3(termEnd: string, half: string, executed: number): Promise<TestBilling> {
  const billing = await givenSubscriptions(threeCharges(termEnd));
  await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-10', amount: half },
      { runDate: '2023-02-10', amount: half },
    ],
  });
  for (let k = 0; k < executed; k++) {
    const r = expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: IS1 }));
    for (const n of r.invoiceNumbers) expectOk(await postInvoice(billing.context, { invoiceNumber: n }));
  }
  return billing;
}

const detach = (billing: TestBilling, subscriptionNumber: string, chargeNumber: string) =>
  detachInvoiceScheduleCharges(billing.context, {
    invoiceScheduleNumber: IS1,
    specificSubscriptions: [{ subscriptionNumber, chargeNumbers: [chargeNumber] }],
  });

/** Every document's lines, as [document, schedule or 'standard', charge, amount, service start, service end]. */
function lines(billing: TestBilling, numbers: readonly string[]) {
  return numbers.flatMap((n) => {
    const doc = billing.store.probe.invoice(n) ?? billing.store.probe.creditMemo(n);
    return (doc?.lines ?? []).map((l) => [
      n,
      l.invoiceScheduleNumber ?? 'standard',
      l.chargeNumber,
      l.amount,
      l.serviceStartDate,
      l.serviceEndDate,
    ]);
  });
}

/** Net billed per charge over every document of every account (invoices minus credit memos), and the sum. */
function netBilled(billing: TestBilling): Record<string, string> {
  const cents = new Map<string, number>();
  const add = (charge: string, amount: string, sign: number) =>
    cents.set(charge, (cents.get(charge) ?? 0) + sign * Math.round(Number(amount) * 100));
  for (let k = 1; k <= billing.store.probe.sequence('Invoice'); k++) {
    const invoice = billing.store.probe.invoice(`INV${String(k).padStart(8, '0')}`);
    if (invoice?.status !== 'Draft' && invoice?.status !== 'Posted') continue;
    for (const l of invoice.lines) add(l.chargeNumber, l.amount, 1);
  }
  for (let k = 1; k <= billing.store.probe.sequence('CreditMemo'); k++) {
    const memo = billing.store.probe.creditMemo(`CM${String(k).padStart(8, '0')}`);
    for (const l of memo?.lines ?? []) add(l.chargeNumber, l.amount, -1);
  }
  const out: Record<string, string> = {};
  let total = 0;
  for (const [charge, c] of [...cents].sort()) {
    out[charge] = (c / 100).toFixed(2);
    total += c;
  }
  out.total = (total / 100).toFixed(2);
  return out;
}

describe('a charge detached from a schedule is billed by standard billing up to its set total (decision 2)', () => {
  it('4-month term, C1 billed 333.34 (fully billed, posted), detached: the run of 2023-05-01 issues no credit memo of 0.01 (was CM00000001, C1 2023-04-30 → 2023-04-30); 1,000.00 billed', async () => {
    const billing = await givenSchedule3('2023-04-30', '500.00', 2);
    expect(lines(billing, ['INV00000001', 'INV00000002']).filter((l) => l[2] === 'C1')).toEqual([
      ['INV00000001', IS1, 'C1', '166.67', '2023-01-01', '2023-02-28'],
      ['INV00000002', IS1, 'C1', '166.67', '2023-03-01', '2023-04-30'],
    ]);
    const detached = expectOk(await detach(billing, 'S1', 'C1'));
    expect(detached.charges[0]?.detachment).toMatchObject({ value: '1000/3', setValue: '1000' });
    expect(detached.charges[0]?.detachment?.total?.toFixed(2)).toBe('333.34');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], []]);
    expect(netBilled(billing)).toEqual({ C1: '333.34', C2: '333.33', C3: '333.33', total: '1000.00' });
  });

  it('owner transfer of S1 alone (§8.8: every charge fully billed; the transfer detaches C1): the new owner A-002 gets no credit memo of 0.01', async () => {
    const billing = await givenSchedule3('2023-04-30', '500.00', 2);
    await givenAccount(billing, 'A-002');
    await saveOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: [{ type: 'OwnerTransfer', subscriptionNumber: 'S1', newOwnerAccountNumber: 'A-002' }],
    });
    expectOk(await activateSavedOrder(billing.context, { orderNumber: 'O-0002' }));
    const schedule = expectOk(await getInvoiceSchedule(billing.context, IS1));
    expect(schedule.charges[0]).toMatchObject({ chargeNumber: 'C1', detached: true });
    expect(schedule.charges[0]?.detachment?.total?.toFixed(2)).toBe('333.34');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], []]);
    expect(netBilled(billing).total).toBe('1000.00');
  });

  it('the other way: 5-month term, C3 billed 416.66 (its own rounding 416.67), fully billed and detached: no invoice of 0.01 (was INV00000003, C3 2023-05-31 → 2023-05-31: 1,250.01 for 1,250.00)', async () => {
    const billing = await givenSchedule3('2023-05-31', '625.00', 2);
    expectOk(await detach(billing, 'S3', 'C3'));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], []]);
    expect(netBilled(billing)).toEqual({ C1: '416.67', C2: '416.67', C3: '416.66', total: '1250.00' });
  });

  it('partly billed: 5-month term, C3 detached after item 1 (208.33 billed): standard billing bills the rest up to 416.66 — 208.33, not 208.34 — and the contract ends billed 1,250.00 (was 1,250.01)', async () => {
    const billing = await givenSchedule3('2023-05-31', '625.00', 1);
    expect(lines(billing, ['INV00000001'])).toEqual([
      ['INV00000001', IS1, 'C1', '208.33', '2023-01-01', '2023-03-16'],
      ['INV00000001', IS1, 'C2', '208.34', '2023-01-01', '2023-03-16'],
      ['INV00000001', IS1, 'C3', '208.33', '2023-01-01', '2023-03-16'],
    ]);
    expectOk(await detach(billing, 'S3', 'C3'));
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-10' }));
    expect(lines(billing, run.invoiceNumbers)).toEqual([
      ['INV00000002', IS1, 'C1', '208.34', '2023-03-16', '2023-05-31'],
      ['INV00000002', IS1, 'C2', '208.33', '2023-03-16', '2023-05-31'],
      ['INV00000003', 'standard', 'C3', '208.33', '2023-03-16', '2023-05-31'],
    ]);
    expect(netBilled(billing)).toEqual({ C1: '416.67', C2: '416.67', C3: '416.66', total: '1250.00' });
  });

  it('attached back before item 2 (§5.5), C3 is the schedule’s again: item 2 bills it to its set total 416.66, standard billing bills nothing', async () => {
    const billing = await givenSchedule3('2023-05-31', '625.00', 1);
    expectOk(await detach(billing, 'S3', 'C3'));
    const attached = expectOk(
      await attachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: IS1,
        specificSubscriptions: [{ subscriptionNumber: 'S3', chargeNumbers: ['C3'] }],
      }),
    );
    expect(attached.charges[2]).toMatchObject({ detached: false, detachment: null });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-10' }));
    expect(lines(billing, run.invoiceNumbers)).toEqual([
      ['INV00000002', IS1, 'C1', '208.34', '2023-03-16', '2023-05-31'],
      ['INV00000002', IS1, 'C2', '208.33', '2023-03-16', '2023-05-31'],
      ['INV00000002', IS1, 'C3', '208.33', '2023-03-16', '2023-05-31'],
    ]);
    expect(netBilled(billing).total).toBe('1250.00');
  });

  it('the schedule followed its attached subscriptions to A-002 (§8.8) and left detached C1 on A-001: A-001’s run still finds C1’s set total (through the schedule its documents name) and issues nothing', async () => {
    const billing = await givenSchedule3('2023-04-30', '500.00', 2);
    await givenAccount(billing, 'A-002');
    expectOk(await detach(billing, 'S1', 'C1'));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: ['S2', 'S3'].map((s) => ({
        type: 'OwnerTransfer',
        subscriptionNumber: s,
        newOwnerAccountNumber: 'A-002',
      })),
    });
    expect(expectOk(await getInvoiceSchedule(billing.context, IS1)).accountNumber).toBe('A-002');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], []]);
    expect(netBilled(billing).total).toBe('1000.00');
  });
});

describe('a detached charge changed after the detach moves by the change of its set’s rounded value (decision 2)', () => {
  it('5-month term, C3 billed 416.66 and detached, then removed as of 2023-04-01 (worth 250.00 now): credited 166.67 to 249.99, so the contract ends billed 1,083.33 for 1,083.33⅓ (its own rounding credited 166.66: 1,083.34)', async () => {
    const billing = await givenSchedule3('2023-05-31', '625.00', 2);
    expectOk(await detach(billing, 'S3', 'C3'));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-15',
      actions: removeProducts(['S3'], '2023-04-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-04-01' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(lines(billing, run.creditMemoNumbers)).toEqual([
      ['CM00000001', 'standard', 'C3', '166.67', '2023-04-01', '2023-05-31'],
    ]);
    expect(netBilled(billing)).toEqual({ C1: '416.67', C2: '416.67', C3: '249.99', total: '1083.33' });
    // Nothing more: no residual alone afterwards.
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
  });

  it('4-month term, C1 billed 333.34 and detached, then removed as of 2023-03-01 (worth 166.66⅔ now): credited 166.67 to 166.67, so the contract ends billed 833.33 for 833.33⅓ (own rounding plus the set’s unit would credit 166.66: 833.34)', async () => {
    const billing = await givenSchedule3('2023-04-30', '500.00', 2);
    expectOk(await detach(billing, 'S1', 'C1'));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-15',
      actions: removeProducts(['S1'], '2023-03-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(run.invoiceNumbers).toEqual([]);
    expect(lines(billing, run.creditMemoNumbers)).toEqual([
      ['CM00000001', 'standard', 'C1', '166.67', '2023-03-01', '2023-04-30'],
    ]);
    expect(netBilled(billing)).toEqual({ C1: '166.67', C2: '333.33', C3: '333.33', total: '833.33' });
  });

  it('4-month term, C1 billed 333.34 and detached, then removed entirely (as of its start): credited all 333.34 — a charge worth nothing is billed nothing, whatever unit the set gave it', async () => {
    const billing = await givenSchedule3('2023-04-30', '500.00', 2);
    expectOk(await detach(billing, 'S1', 'C1'));
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-02-15',
      actions: removeProducts(['S1'], '2023-01-01'),
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-03-01' }));
    expect(lines(billing, run.creditMemoNumbers).map((l) => l.slice(2, 4))).toEqual([
      ['C1', '166.67'],
      ['C1', '166.67'],
    ]);
    expect(netBilled(billing)).toEqual({ C1: '0.00', C2: '333.33', C3: '333.33', total: '666.66' });
  });
});
