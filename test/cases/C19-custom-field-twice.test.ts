import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/domain/documents/invoice';
import { executeInvoiceSchedule } from '../../src/operations/execute';
import { postInvoice } from '../../src/operations/invoices';
import { updateInvoiceSchedule } from '../../src/operations/lifecycle';
import { getInvoice, getInvoiceSchedule } from '../../src/operations/queries';
import { amounts, expectOk, type TestBilling } from '../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../support/scenarios';

// C19 — update a charge custom field (PO Number) twice during processing: S1/C1 1,200 2023-01-01 →
// 2023-12-31; items 2023-01-01 700, 2023-05-01 300, 2023-11-01 200. Charge custom fields are not modelled
// (see test/unit/custom-fields.test.ts): the PO number is carried on the items, whose fields the invoice
// lines copy, and the two Update Product orders (PO-002 from 2023-08-01, PO-003 from 2023-10-01) become two
// edits of the pending items after INV001. The case's doc issue (INV002 covers October under PO-002) is
// reproduced as stated: INV002's item carries PO-002. The page's "two items" is read as the three it lists.

const PO = (value: string) => ({ PONumber__c: value });

/** Executes the schedule's next item and posts its invoice, which must be `number`. */
async function generateAndPost(billing: TestBilling, number: string): Promise<Invoice> {
  const run = expectOk(
    await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }),
  );
  expect(run.invoiceNumbers).toEqual([number]);
  return expectOk(await postInvoice(billing.context, { invoiceNumber: number }));
}

describe('C19 — update a charge custom field twice during processing', () => {
  it('C19: INV001 700 Posted → PartiallyProcessed; after PO-002 and PO-003, INV002 300 and INV003 200 Posted → FullyProcessed, billed 1,200, unbilled 0, nextRunDate null; lines PO-001 2023-01-01 → 2023-07-31 700, PO-002 2023-08-01 → 2023-10-31 300, PO-003 2023-11-01 → 2023-12-31 200', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    const schedule = await givenSchedule(billing, {
      items: [
        { runDate: '2023-01-01', amount: '700.00', customFields: PO('PO-001') },
        { runDate: '2023-05-01', amount: '300.00', customFields: PO('PO-001') },
        { runDate: '2023-11-01', amount: '200.00', customFields: PO('PO-001') },
      ],
    });
    const [i1, i2, i3] = schedule.items.map((i) => i.id) as [string, string, string];

    expect((await generateAndPost(billing, 'INV00000001')).status).toBe('Posted');
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toEqual({
      status: 'PartiallyProcessed',
      totalAmount: '1200.00',
      actualAmount: '1200.00',
      billedAmount: '700.00',
      unbilledAmount: '500.00',
      nextRunDate: '2023-05-01',
    });

    // The two Update Product orders: PO-002 for the rest, then PO-003 for the last item.
    for (const [second, third] of [
      ['PO-002', 'PO-002'],
      ['PO-002', 'PO-003'],
    ] as const) {
      expectOk(
        await updateInvoiceSchedule(billing.context, {
          invoiceScheduleNumber: 'IS-00000001',
          items: [
            { id: i1, runDate: '2023-01-01', amount: '700.00' },
            { id: i2, runDate: '2023-05-01', amount: '300.00', customFields: PO(second) },
            { id: i3, runDate: '2023-11-01', amount: '200.00', customFields: PO(third) },
          ],
        }),
      );
    }

    expect((await generateAndPost(billing, 'INV00000002')).status).toBe('Posted');
    expect((await generateAndPost(billing, 'INV00000003')).status).toBe('Posted');
    const invoices: unknown[][] = [];
    for (const number of ['INV00000001', 'INV00000002', 'INV00000003']) {
      const invoice = expectOk(await getInvoice(billing.context, number));
      invoices.push([
        invoice.number,
        invoice.status,
        invoice.amount.toFixed(2),
        ...invoice.lines.map((l) => [
          l.chargeNumber,
          l.customFields.PONumber__c,
          l.serviceStartDate,
          l.serviceEndDate,
          l.amount.toFixed(2),
        ]),
      ]);
    }
    expect(invoices).toEqual([
      ['INV00000001', 'Posted', '700.00', ['C1', 'PO-001', '2023-01-01', '2023-07-31', '700.00']],
      ['INV00000002', 'Posted', '300.00', ['C1', 'PO-002', '2023-08-01', '2023-10-31', '300.00']],
      ['INV00000003', 'Posted', '200.00', ['C1', 'PO-003', '2023-11-01', '2023-12-31', '200.00']],
    ]);
    expect(amounts(expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001')))).toEqual({
      status: 'FullyProcessed',
      totalAmount: '1200.00',
      actualAmount: '1200.00',
      billedAmount: '1200.00',
      unbilledAmount: '0.00',
      nextRunDate: null,
    });
  });
});
