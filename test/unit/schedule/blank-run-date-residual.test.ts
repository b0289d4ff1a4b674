// Decision 2 ("no document is ever issued for such a residual alone"), §8.3 ("Zero → item marked Processed with no
// billing document"), decision 8 / §6.6 rules 1–2 (filling a blank run date recomputes nextRunDate from it).
//
// JPY, A-001, one schedule IS-00000001:
//   S1/C1 400/yr, 2023-01-01 → 2023-01-31 (33.33)   S2/C2 397/yr, January (33.08)   [S4/C4 120/yr, January (10)]
//   S3/C3 400/yr, 2023-02-01 → 2023-02-28 (33.33): a later term, consumed after the January charges (§7.2).
// Set rounding 34 / 33 / [10] / 33 (the C1–C3 tie to the earlier charge). Item 1 (2023-01-01) bills all but 31 yen:
// C1 34, C2 33, [C4 10], C3 2 (2023-02-01 → 02-02). Item 2 has a blank run date, 31 yen.
// O-0002 removes S3 as of 2023-02-03 (C3 now 400/12 × 2/28 = 2.38) [and S4 from its start: a real credit of 10].
// The set 68.80 rounds to 69 with the unit on C3 (.38 > .33): set totals C1 33, C3 3, each a unit off what was
// billed (34, 2) — a residual; the schedule's total is exact (billed 69 = actual 69), item 2's actual amount is 0.
// With item 2's run date blank, C1 keeps its unit (keepBilledUnits) and nothing is due. Once it was filled, the
// pending item billed what the set totals left: a 1-yen invoice on C3 and a 1-yen credit memo on C1. Now, while
// the items pending have nothing left to bill, a charge billed less than a unit above its value keeps its unit
// there too, and item 2 is processed without a document.
import { describe, expect, it } from 'vitest';
import type { InvoiceSchedule } from '../../../src/domain/schedule/schedule';
import { runBillRun } from '../../../src/operations/bill-run';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { expectOk, newBilling, setUpOrder, type TestBilling } from '../../support/billing';
import { givenActivatedOrder, givenSchedule, removeProducts } from '../../support/scenarios';

async function setUp(
  withCredit: boolean,
): Promise<{ billing: TestBilling; schedule: InvoiceSchedule; first: string }> {
  const billing = newBilling({}, '2023-01-01T12:00:00Z');
  const month = (n: string, price: string) => ({
    number: `S${n}`,
    termStart: '2023-01-01',
    termEnd: '2023-01-31',
    charges: [{ number: `C${n}`, price }],
  });
  await setUpOrder(billing, {
    currency: 'JPY',
    subscriptions: [
      month('1', '400'),
      month('2', '397'),
      {
        number: 'S3',
        termStart: '2023-02-01',
        termEnd: '2023-02-28',
        charges: [{ number: 'C3', price: '400' }],
      },
      ...(withCredit ? [month('4', '120')] : []),
    ],
  });
  const first = withCredit ? '79' : '69';
  const schedule = await givenSchedule(billing, {
    items: [
      { runDate: '2023-01-01', amount: first },
      { runDate: null, amount: '31' },
    ],
  });
  const jan = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
  expect(jan.invoiceNumbers).toEqual(['INV00000001']);
  await givenActivatedOrder(billing, {
    number: 'O-0002',
    orderDate: '2023-01-15',
    actions: [
      ...removeProducts(['S3'], '2023-02-03'),
      ...(withCredit ? removeProducts(['S4'], '2023-01-01') : []),
    ],
  });
  return { billing, schedule, first };
}

function billedByCharge(billing: TestBilling) {
  const s = billing.store.probe.invoiceSchedule('IS-00000001');
  return Object.fromEntries((s?.charges ?? []).map((c) => [c.chargeNumber, String(c.billedAmount)]));
}

function view(billing: TestBilling) {
  const s = billing.store.probe.invoiceSchedule('IS-00000001');
  return {
    status: s?.status,
    nextRunDate: s?.nextRunDate,
    actualAmount: s?.actualAmount.toString(),
    billedAmount: s?.billedAmount.toString(),
    items: s?.items.map((i) => [
      i.runDate,
      i.status,
      String(i.actualAmount),
      i.invoiceNumber,
      i.creditMemoNumbers,
    ]),
  };
}

async function fillItem2(billing: TestBilling, schedule: InvoiceSchedule, first: string, runDate: string) {
  const [i1, i2] = schedule.items as [InvoiceSchedule['items'][number], InvoiceSchedule['items'][number]];
  return expectOk(
    await updateInvoiceSchedule(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      items: [
        { id: i1.id, runDate: '2023-01-01', amount: first },
        { id: i2.id, runDate, amount: '31' },
      ],
    }),
  );
}

describe('filling a blank run date on a 0 item after a removal issues no document for the residual (decision 2, §8.3, review 83)', () => {
  it('never filled: credit memo of 10 for S4 on 2023-01-01, then nothing due; PartiallyProcessed, C1 34 / C3 2', async () => {
    const { billing } = await setUp(true);
    const credit = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' }));
    expect(credit.creditMemoNumbers).toEqual(['CM00000001']);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect([
      memo?.memoDate,
      memo?.amount.toString(),
      memo?.lines.map((l) => [l.chargeNumber, String(l.amount)]),
    ]).toEqual(['2023-01-01', '10', [['C4', '10']]]);
    const later = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-31' }));
    expect([later.invoiceNumbers, later.creditMemoNumbers]).toEqual([[], []]);
    expect(billedByCharge(billing)).toEqual({ C1: '34', C2: '33', C3: '2', C4: '0' });
    expect(view(billing)).toEqual({
      status: 'PartiallyProcessed',
      nextRunDate: null,
      actualAmount: '69',
      billedAmount: '69',
      items: [
        ['2023-01-01', 'Processed', '69', 'INV00000001', ['CM00000001']],
        [null, 'Pending', '0', null, []],
      ],
    });
  });

  it('A — after the removal credit of S4: filling item 2 with 2023-12-01 processes it with no document', async () => {
    const { billing, schedule, first } = await setUp(true);
    expectOk(await runBillRun(billing.context, { targetDate: '2023-01-20' })); // CM00000001: C4 10
    const filled = await fillItem2(billing, schedule, first, '2023-12-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-01' }));
    const documents = {
      invoices: run.invoiceNumbers.map((n) => {
        const inv = billing.store.probe.invoice(n);
        return [
          n,
          inv?.invoiceDate,
          inv?.amount.toString(),
          inv?.lines.map((l) => [l.chargeNumber, String(l.amount)]),
        ];
      }),
      memos: run.creditMemoNumbers.map((n) => {
        const m = billing.store.probe.creditMemo(n);
        return [
          n,
          m?.memoDate,
          m?.amount.toString(),
          m?.lines.map((l) => [l.chargeNumber, String(l.amount)]),
        ];
      }),
    };
    // Before: INV00000002 1 yen on C3 (2023-02-02 → 02-02, a day already served) and CM00000002 1 yen on C1, both
    // dated 2023-02-01.
    expect(documents).toEqual({ invoices: [], memos: [] });
    expect(billedByCharge(billing)).toEqual({ C1: '34', C2: '33', C3: '2', C4: '0' });
    expect(view(billing)).toEqual({
      status: 'FullyProcessed',
      nextRunDate: null,
      actualAmount: '69',
      billedAmount: '69',
      items: [
        ['2023-01-01', 'Processed', '69', 'INV00000001', ['CM00000001']],
        ['2023-12-01', 'Processed', '0', null, []],
      ],
    });
    // Decision 8 / §6.6 rule 2: filling the run date recomputes the next run date — not from the residual on C1
    // (before: 2023-02-01, the day after its end), but from the removal's cuts recorded while the date was blank
    // (decision 19, review 159): S3's (2023-02-03); S4's (2023-01-01) was used up by the memo of that day (review 170).
    expect(filled.nextRunDate).toBe('2023-02-03');
  });

  it('B — no credit at all (S3 removal only): filling item 2 with 2023-12-01 processes it with no document', async () => {
    const { billing, schedule, first } = await setUp(false);
    const idle = expectOk(await runBillRun(billing.context, { targetDate: '2023-11-30' }));
    expect([idle.invoiceNumbers, idle.creditMemoNumbers]).toEqual([[], []]);
    expect(billedByCharge(billing)).toEqual({ C1: '34', C2: '33', C3: '2' });
    const filled = await fillItem2(billing, schedule, first, '2023-12-01');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-12-01' }));
    expect([run.invoiceNumbers, run.creditMemoNumbers]).toEqual([[], []]);
    expect(billedByCharge(billing)).toEqual({ C1: '34', C2: '33', C3: '2' });
    expect(view(billing)).toMatchObject({ status: 'FullyProcessed', nextRunDate: null, billedAmount: '69' });
    // S3's cut (2023-02-03), recorded while the date was blank (decision 19, review 159).
    expect(filled.nextRunDate).toBe('2023-02-03');
  });
});
