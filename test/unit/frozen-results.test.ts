import type { Decimal } from 'decimal.js';
import { Decimal as GlobalDecimal } from 'decimal.js';
import {
  cancelDraftCreditMemo,
  chargeCredits,
  chargeStates,
  chargeValue,
  creditMemoLines,
  discountBreakdownForNet,
  discountLinesFor,
  executeCredit,
  monthlyPrice,
  revertItemForInvoice,
  subscriptionValue,
  totalDiscountPercentage,
} from 'invoice-schedules/core';
import {
  add,
  money,
  multiply,
  roundToCurrency,
  subtract,
  sum,
  toDec,
  toJSON,
  zero,
} from 'invoice-schedules/money';
import { buildCharge, buildInvoice, buildInvoiceLine, buildSubscription } from 'invoice-schedules/testing';
import { businessDate, toParts } from 'invoice-schedules/time';
import { describe, expect, it } from 'vitest';
import { frozenCopy } from '../../src/domain/errors';
import { scheduleItemRows } from '../../src/domain/schedule/view';
import {
  fromSubscriptionRecord,
  invoiceBalance,
  listScheduleCreditMemos,
  listScheduleInvoices,
} from '../../src/index';
import { runBillRun } from '../../src/operations/bill-run';
import { createInvoiceSchedule } from '../../src/operations/create-invoice-schedule';
import {
  pauseInvoiceSchedule,
  resumeInvoiceSchedule,
  updateInvoiceSchedule,
} from '../../src/operations/lifecycle';
import { previewBillRun, previewExecution } from '../../src/operations/preview';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { expectOk } from '../support/billing';
import {
  billAndPost,
  givenC01Removal,
  givenC01Schedule,
  givenSubscriptions,
  yearly,
} from '../support/scenarios';

// Every value the library returns is frozen (docs/guides/queries.md, concepts/money.md), Decimals included: a
// schedule with nothing billed handed out one module-level zero, unfrozen, as its billedAmount, so a caller that
// wrote to it (its digits are an array) changed every later schedule of every store in the process (review 145).

/** The paths under `value` of plain objects, arrays and Decimals that are not frozen (a Decimal's digits too). */
function unfrozen(value: unknown, at = '$', out: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return out;
  const digits = (value as { readonly d?: unknown }).d;
  if (Array.isArray(digits) && 'e' in value && 's' in value) {
    if (!Object.isFrozen(value) || !Object.isFrozen(digits)) out.push(at);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return out;
  if (!Object.isFrozen(value)) out.push(at);
  for (const [k, v] of Object.entries(value)) unfrozen(v, `${at}.${k}`, out);
  return out;
}

async function newSchedule() {
  const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
  const schedule = expectOk(
    await createInvoiceSchedule(billing.context, {
      accountNumber: 'A-001',
      orders: ['O-0001'],
      items: [
        { runDate: '2023-02-01', amount: '400.00' },
        { runDate: '2023-06-01', amount: '800.00' },
      ],
    }),
  );
  return { billing, schedule };
}

describe('what operations return is frozen through and through, Decimals included (review 145)', () => {
  it("a new schedule's zero billed amount cannot be written to, and no other schedule shares a writable one", async () => {
    const a = await newSchedule();
    const zero = a.schedule.billedAmount as unknown as { d: number[] };
    expect(() => {
      zero.d[0] = 5;
    }).toThrow(TypeError);
    const b = await newSchedule();
    expect(b.schedule.billedAmount.toString()).toBe('0');
    expect(b.billing.store.probe.invoiceSchedule(b.schedule.number)?.billedAmount).toBe('0.00');
  });

  it('create, update, pause, resume, previews, runs and reads: nothing unfrozen', async () => {
    const { billing, schedule } = await givenC01Schedule({ now: '2023-01-10T12:00:00Z' });
    const number = schedule.number;
    const answers: Record<string, unknown> = { create: schedule, rows: scheduleItemRows(schedule) };
    answers.update = expectOk(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: number,
        items: [
          { runDate: '2023-02-04', percentage: '60' },
          { runDate: '2023-05-01', percentage: '25' },
          { runDate: '2023-09-16', percentage: '15' },
        ],
      }),
    );
    answers.previewRun = expectOk(await previewBillRun(billing.context, { targetDate: '2023-02-04' }));
    answers.previewExecution = expectOk(
      await previewExecution(billing.context, { invoiceScheduleNumber: number }),
    );
    answers.pause = expectOk(await pauseInvoiceSchedule(billing.context, { invoiceScheduleNumber: number }));
    answers.resume = expectOk(
      await resumeInvoiceSchedule(billing.context, { invoiceScheduleNumber: number }),
    );
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    answers.run = run;
    answers.invoice = expectOk(await getInvoice(billing.context, run.invoiceNumbers[0] ?? ''));
    answers.schedule = expectOk(await getInvoiceSchedule(billing.context, number));
    const paths = Object.entries(answers).flatMap(([name, value]) => unfrozen(value, name));
    expect(paths).toEqual([]);
    // The events too.
    expect(unfrozen(run.events, 'run.events')).toEqual([]);
    const amount: Decimal = (answers.schedule as { billedAmount: Decimal }).billedAmount;
    expect(amount.toFixed(2)).toBe('42120.00');
  });
});

describe('the helpers of the subpaths return frozen values too (review 148)', () => {
  it('money arithmetic, rounding, toDec, toJSON, toParts, charge values, balances', () => {
    const usd = (text: string) => money(text, 'USD')._unsafeUnwrap();
    const a = usd('10.05');
    const answers: Record<string, unknown> = {
      zeroMoney: usd('0.00'),
      zero: zero(a.currency),
      add: add(a, usd('1.00'))._unsafeUnwrap(),
      subtract: subtract(a, usd('1.00'))._unsafeUnwrap(),
      multiply: multiply(a, '3'),
      sum: sum([a, a], a.currency)._unsafeUnwrap(),
      rounded: roundToCurrency(new GlobalDecimal('1.005'), 'USD'),
      toDec: toDec('1.50'),
      json: toJSON(a),
      parts: toParts('2024-02-29' as never),
      value: subscriptionValue(buildSubscription()),
      monthly: monthlyPrice(buildSubscription().ratePlans[0]!.charges[0]!),
      balance: invoiceBalance(buildInvoice()),
    };
    expect(Object.entries(answers).flatMap(([name, value]) => unfrozen(value, name))).toEqual([]);
  });

  it('charge values and discount lines (review 149)', () => {
    const charge = buildCharge();
    const discount = buildCharge({
      number: 'D-1',
      type: 'DiscountPercentage',
      price: new GlobalDecimal('0'),
      discountPercentage: new GlobalDecimal('10'),
      listPriceBase: null as never,
      billingPeriod: null as never,
    });
    const ratePlan = { id: 'rp', name: 'p', charges: [charge, discount] };
    const answers: Record<string, unknown> = {
      value: chargeValue(charge, ratePlan, 'USD'),
      percentage: totalDiscountPercentage(charge, ratePlan),
      lines: discountLinesFor(charge, ratePlan, new GlobalDecimal('1000.00'), 'USD'),
      breakdown: discountBreakdownForNet(charge, ratePlan, new GlobalDecimal('900.00'), 'USD'),
    };
    expect(Object.entries(answers).flatMap(([name, value]) => unfrozen(value, name))).toEqual([]);
  });

  it("a builder freezes what it returns, Decimals included, and never the caller's overrides", () => {
    const customFields = { po: 'PO-1' };
    const line = buildInvoiceLine({ customFields });
    expect(unfrozen(line, 'line')).toEqual([]);
    expect(Object.isFrozen(customFields)).toBe(false);
    const price = new GlobalDecimal('99.00');
    const subscription = buildSubscription();
    const plan = {
      ...subscription.ratePlans[0]!,
      charges: [{ ...subscription.ratePlans[0]!.charges[0]!, price }],
    };
    const ratePlans = [plan];
    const built = buildSubscription({ ratePlans });
    expect(unfrozen(built, 'subscription')).toEqual([]);
    expect([Object.isFrozen(ratePlans), Object.isFrozen(plan), Object.isFrozen(price)]).toEqual([
      false,
      false,
      false,
    ]);
    expect(built.ratePlans[0]!.charges[0]!.price.toFixed(2)).toBe('99.00');
  });
});

// The pure engine's values too (src/core/index.ts: "functions over frozen values"; concepts/contracts.md: every value
// the domain module builds is deep-frozen, inputs neither mutated nor frozen). executeCredit returned its execution
// unfrozen, with its memo's line amounts and the charges' billed amounts unfrozen Decimals (a holder wrote 3,258.97
// into 325,897.00); revertItemForInvoice's charges and cancelDraftCreditMemo's result likewise (review 230).
describe('the core functions that credit and revert', () => {
  /** C10: C01 billed in full and posted, then its charges removed as of 2023-11-01 (order of 2023-10-01). */
  async function c10() {
    const { billing } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z' });
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    await givenC01Removal(billing, '2023-10-01', '2023-11-01');
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const subscriptions = new Map(
      billing.store.probe
        .snapshot()
        .subscriptions.map((r) => expectOk(fromSubscriptionRecord(r)))
        .map((s) => [s.number, s] as const),
    );
    const invoices = expectOk(await listScheduleInvoices(billing.context, 'IS-00000001'));
    const creditMemos = expectOk(await listScheduleCreditMemos(billing.context, 'IS-00000001'));
    const credit = () =>
      expectOk(
        executeCredit({
          schedule,
          subscriptions,
          settings: billing.context.settings,
          invoices,
          creditMemos,
          billRunNumber: null,
          invoice: { id: 'inv-x', number: 'INV-X' },
          creditMemo: { id: 'cm-x', number: 'CM-X' },
          memoDate: businessDate(2023, 11, 1),
          dueBy: businessDate(2023, 11, 1),
        }),
      );
    return { schedule, subscriptions, invoices, credit };
  }

  it('executeCredit: C10 credited 11,700.00, the execution frozen through, its line amounts Decimals no one can write to', async () => {
    const execution = (await c10()).credit();
    const memo = execution?.creditMemo;
    expect(memo?.amount.toFixed(2)).toBe('11700.00');
    expect(unfrozen(execution)).toEqual([]);
    const amount = memo?.lines[0]?.amount as Decimal;
    expect(amount.toFixed(2)).toBe('3258.97');
    expect(() => {
      (amount as unknown as { e: number }).e = 5;
    }).toThrow(TypeError);
    expect(amount.toFixed(2)).toBe('3258.97');
  });

  it("creditMemoLines: C10's eight lines, their amounts frozen", async () => {
    const { schedule, subscriptions, invoices } = await c10();
    const states = expectOk(chargeStates(schedule, subscriptions, 'halfUp'));
    const lines = creditMemoLines({
      credits: chargeCredits(states),
      zeroCharges: [],
      invoices,
      creditMemos: [],
      memoId: 'm',
      invoiceScheduleNumber: schedule.number,
      invoiceScheduleItemId: schedule.items[2]?.id ?? '',
    });
    expect(lines.map((l) => l.amount.toFixed(2))).toEqual([
      '3258.97',
      '2891.03',
      '1898.86',
      '1684.48',
      '971.51',
      '861.82',
      '70.66',
      '62.67',
    ]);
    expect(unfrozen(lines)).toEqual([]);
  });

  it('revertItemForInvoice: C01 with INV00000003 taken back, the schedule frozen through its charges', async () => {
    const { billing } = await givenC01Schedule({ now: '2023-02-04T12:00:00Z' });
    await billAndPost(billing, ['2023-02-04', '2023-05-01', '2023-09-16']);
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    const invoice = expectOk(await getInvoice(billing.context, 'INV00000003'));
    const reverted = revertItemForInvoice(schedule, invoice);
    expect(reverted.charges.map((c) => c.billedAmount.toFixed(2))).toEqual([
      '33641.03',
      '19601.14',
      '10028.49',
      '729.34',
    ]);
    expect(unfrozen(reverted)).toEqual([]);
  });

  it('cancelDraftCreditMemo: its result frozen, canceled or already so', async () => {
    const memo = (await c10()).credit()?.creditMemo;
    if (!memo) throw new Error('C10 credits');
    // A standard-billing memo (no schedule line) as a store reads it: frozen through.
    const draft = frozenCopy({
      ...memo,
      lines: memo.lines.map((l) => ({ ...l, invoiceScheduleNumber: null })),
    });
    const canceled = expectOk(cancelDraftCreditMemo(draft));
    expect(canceled.creditMemo.status).toBe('Canceled');
    expect(unfrozen(canceled)).toEqual([]);
    expect(unfrozen(expectOk(cancelDraftCreditMemo(canceled.creditMemo)))).toEqual([]);
  });

  // docs/errors.md: code's misuse — a currency code missing from CURRENCIES — throws a TypeError, as chargeValue
  // does; chargeStates threw neverthrow's internal object (no Error, no stack, not naming the currency).
  it('chargeStates on a schedule in a currency missing from CURRENCIES throws a TypeError naming it', async () => {
    const { schedule, subscriptions } = await c10();
    expect(() => chargeStates({ ...schedule, currency: 'XXX' }, subscriptions, 'halfUp')).toThrow(
      new TypeError(
        'Unknown currency "XXX": pass a code validated with getCurrency (e.g. an account\'s currency).',
      ),
    );
  });
});
