// Review 218 (mutation): checkSelections (src/operations/lifecycle.ts). docs/guides/detach-attach.md:29 — a field
// of the wrong type is InvalidInput at that field; an entry that is not an object is refused at the entry, as
// review 201's own test does for a string ('S1' → specificSubscriptions[0]). An array entry is not an object
// either.
import { expect, it } from 'vitest';
import { detachInvoiceScheduleCharges } from '../../../src/index';
import { expectErr } from '../../support/billing';
import { billAndPost, givenC01Schedule } from '../../support/scenarios';

async function billed() {
  const { billing } = await givenC01Schedule({ now: '2023-02-05T12:00:00Z' });
  await billAndPost(billing, ['2023-02-04']);
  return billing;
}

it('an entry that is an array is InvalidInput at specificSubscriptions[0] (received an array)', async () => {
  const billing = await billed();
  const error = expectErr(
    await detachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [['S1', 'C1']],
    } as never),
  );
  expect(error).toMatchObject({
    type: 'InvalidInput',
    path: 'specificSubscriptions[0]',
    expected: '{ subscriptionNumber: string, chargeNumbers: string[] }',
  });
});
