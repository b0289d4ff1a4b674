// Review 218 (mutation): checkHooks (src/operations/common.ts) reads `hooks.additionalInvoiceLines` once, with
// the context; CHANGELOG (9fb1d64 / ac96869): "the additionalInvoiceLines hook is read once, with the context, and
// the function read is the one called". A hook absent at that read must stay absent: nothing reads the getter
// again later (the `EMPTY_HOOKS` branch).
import { expect, it } from 'vitest';
import { executeInvoiceSchedule } from '../../../src/operations/execute';
import { getInvoice } from '../../../src/operations/queries';
import type { BillingHooks } from '../../../src/ports';
import { expectOk } from '../../support/billing';
import { givenC01Schedule } from '../../support/scenarios';

it('a hook getter answering undefined at the check is read once; no fee line appears later (C01 item 1: 50,000.00)', async () => {
  const { billing } = await givenC01Schedule();
  let reads = 0;
  const hooks = {
    get additionalInvoiceLines() {
      reads += 1;
      return reads === 1 ? undefined : () => [{ name: 'Fee', amount: '1.00' }];
    },
  };
  const executed = expectOk(
    await executeInvoiceSchedule(
      { ...billing.context, hooks: hooks as unknown as BillingHooks },
      {
        invoiceScheduleNumber: 'IS-00000001',
      },
    ),
  );
  const invoice = expectOk(await getInvoice(billing.context, executed.invoiceNumbers[0] ?? ''));
  expect({ reads, amount: invoice.amount.toFixed(2) }).toEqual({ reads: 1, amount: '50000.00' });
});
