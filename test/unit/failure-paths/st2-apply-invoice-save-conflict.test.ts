// Mutation review (operations layer): no test failed when this path was broken. An application whose invoice save loses its compare-and-set saves nothing: the memo is not left applied.
import { buildAccount, buildCreditMemo, buildInvoice, buildInvoiceLine } from 'invoice-schedules/testing';
import { expect, it } from 'vitest';
import type { CreditMemoLine } from '../../../src/domain/documents/credit-memo';
import { Dec } from '../../../src/money/decimal';
import { applyCreditMemo } from '../../../src/operations/settlement';
import { expectErr } from '../../support/billing';
import { losingSaves } from '../../support/faults';
import { seededBilling } from '../../support/scenarios';

it('applyCreditMemo whose invoice save loses its compare-and-set saves neither side', async () => {
  const line = {
    ...(buildCreditMemo().lines[0] as CreditMemoLine),
    id: 'cm-1',
    amount: new Dec('600.00'),
    creditedInvoiceNumber: null,
    creditedInvoiceLineId: null,
    invoiceScheduleNumber: null,
    invoiceScheduleItemId: null,
  };
  const billing = seededBilling(
    {
      accounts: [buildAccount({ number: 'A-001' })],
      invoices: [
        buildInvoice({
          id: 'inv-1',
          number: 'INV00000101',
          accountNumber: 'A-001',
          status: 'Posted',
          invoiceDate: '2023-10-01',
          billRunNumber: null,
          lines: [
            buildInvoiceLine({
              id: 'inv-1-1',
              amount: '500.00',
              invoiceScheduleNumber: null,
              invoiceScheduleItemId: null,
            }),
          ],
        }),
      ],
      creditMemos: [
        buildCreditMemo({
          id: 'cm',
          number: 'CM00000101',
          accountNumber: 'A-001',
          amount: '600.00',
          memoDate: '2023-11-01',
          billRunNumber: null,
          lines: [line],
        }),
      ],
    },
    '2023-11-20T12:00:00.000Z',
  );
  const before = billing.store.probe.snapshot();
  const error = expectErr(
    await applyCreditMemo(
      { ...billing.context, store: losingSaves(billing.store, 'invoices') },
      { creditMemoNumber: 'CM00000101', applications: [{ invoiceNumber: 'INV00000101', amount: '400.00' }] },
    ),
  );
  expect(error).toMatchObject({ type: 'VersionConflict', entity: 'Invoice' });
  expect(billing.store.probe.snapshot()).toEqual(before); // the memo is not applied to an invoice that does not show it
});
