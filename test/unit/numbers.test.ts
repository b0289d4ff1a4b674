import { describe, expect, it } from 'vitest';
import type { BillRunNumber, InvoiceNumber, InvoiceScheduleNumber } from '../../src/domain/numbers';
import { getInvoiceSchedule } from '../../src/operations/queries';
import { buildInvoice } from '../../src/testing/builders';
import { newBilling } from '../support/billing';

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
