import { describe, expect, it } from 'vitest';
import {
  type BillRunNumber,
  compareNumbering,
  type InvoiceNumber,
  type InvoiceScheduleNumber,
} from '../../src/domain/numbers';
import { runBillRun } from '../../src/operations/bill-run';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { buildInvoice } from '../../src/testing/builders';
import { C01_SUBSCRIPTIONS, expectOk, newBilling, setUpOrder } from '../support/billing';
import { givenActivatedOrder, givenSchedule, removeProducts, seededBilling } from '../support/scenarios';

// Issue 9: document numbers are branded by kind. The typecheck gate checks the @ts-expect-error lines: a
// number the library returned cannot be passed where another kind of number is expected, while plain
// strings (literals, HTTP bodies) still can.
describe('branded document numbers', () => {
  it('an invoice number is refused where a schedule number is expected; a plain string is accepted', async () => {
    const invoice = buildInvoice();
    // @ts-expect-error an invoice's number is not an invoice schedule's number
    const wrong: InvoiceScheduleNumber = invoice.number;
    // @ts-expect-error nor a bill run's
    const alsoWrong: BillRunNumber = invoice.number;
    const fromBody: string = 'IS-00000001';
    const plain: InvoiceScheduleNumber = fromBody;
    const same: InvoiceNumber = invoice.number;
    expect([wrong, alsoWrong, plain, same]).toEqual([
      invoice.number,
      invoice.number,
      'IS-00000001',
      invoice.number,
    ]);
    const billing = newBilling();
    // @ts-expect-error getInvoiceSchedule takes a schedule's number (or id), not an invoice's number
    const found = await getInvoiceSchedule(billing.context, invoice.number);
    // At run time the number is still checked: no schedule has it.
    expect(found.isErr() && found.error.type).toBe('InvoiceScheduleNotFound');
  });
});

// Review finding: numbers are padded to eight digits, and the core compared them as text to find "the latest
// invoice first" (§8.4, C10) and to list a run's invoices "in the order they were numbered". Past 99,999,999 a
// number is longer and sorted first: a removal credited the earlier invoice (service 2023-06-04..2023-06-04
// instead of 2023-09-01..2023-12-31) and a run listed INV100000000 before INV99999999.
describe('numbers past eight digits keep numbering order', () => {
  it('compareNumbering orders by length, then by text', () => {
    const numbers = ['INV100000000', 'INV99999999', 'INV00000002', 'INV100000001', 'INV00000001'];
    expect([...numbers].sort(compareNumbering)).toEqual([
      'INV00000001',
      'INV00000002',
      'INV99999999',
      'INV100000000',
      'INV100000001',
    ]);
  });

  async function removalCredit(firstInvoice: number) {
    const billing =
      firstInvoice === 1 ? newBilling() : seededBilling({ sequences: { Invoice: firstInvoice - 1 } });
    await setUpOrder(billing, { subscriptions: C01_SUBSCRIPTIONS });
    await givenSchedule(billing, {
      orders: ['O-0001'],
      items: [
        { runDate: '2023-01-15', amount: '30000.00' },
        { runDate: '2023-02-01', amount: '40200.00' },
      ],
    });
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-02-04' }));
    await givenActivatedOrder(billing, {
      number: 'O-R',
      orderDate: '2023-03-01',
      actions: removeProducts(['S1'], '2023-09-01'),
    });
    const credit = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-30' }));
    const snapshot = billing.store.probe.snapshot();
    const invoiceOfLine = new Map(
      snapshot.invoices.flatMap((i) => i.lines.map((l) => [l.id, i.invoiceDate] as const)),
    );
    const memo = snapshot.creditMemos.find((m) => credit.creditMemoNumbers.includes(m.number));
    return {
      invoiceNumbers: run.invoiceNumbers,
      credited: memo?.lines.map(
        (l) =>
          `${l.chargeNumber} ${l.amount} of the invoice of ${invoiceOfLine.get(l.creditedInvoiceLineId ?? '')} for ${l.serviceStartDate}..${l.serviceEndDate}`,
      ),
    };
  }

  it('a removal credits the latest invoice first, and a run lists its invoices in numbering order', async () => {
    const small = await removalCredit(1);
    const large = await removalCredit(99_999_999);
    expect(small.invoiceNumbers).toEqual(['INV00000001', 'INV00000002']);
    expect(large.invoiceNumbers).toEqual(['INV99999999', 'INV100000000']);
    expect(small.credited).toEqual(['C1 12300.00 of the invoice of 2023-02-01 for 2023-09-01..2023-12-31']);
    expect(large.credited).toEqual(small.credited);
  });
});
