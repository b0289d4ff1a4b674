import type { Decimal } from 'decimal.js';
import { Decimal as GlobalDecimal } from 'decimal.js';
import {
  chargeValue,
  discountBreakdownForNet,
  discountLinesFor,
  monthlyPrice,
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
import { toParts } from 'invoice-schedules/time';
import { describe, expect, it } from 'vitest';
import { scheduleItemRows } from '../../src/domain/schedule/view';
import { invoiceBalance } from '../../src/index';
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
import { givenC01Schedule, givenSubscriptions, yearly } from '../support/scenarios';

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
