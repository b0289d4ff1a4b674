import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { scheduleItemRows } from '../../src/domain/schedule/view';
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
