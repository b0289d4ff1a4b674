// Review 218 (mutation): ChargeNotDetached's message says why (docs/errors/schedules.md, ChargeNotDetached: "The
// message says why"; review 201). An attach with an empty chargeNumbers on a covered subscription none of whose
// charges is detached: "(none was detached)", not "(all are detached already)", which is the detach's reason.
import { expect, it } from 'vitest';
import { attachInvoiceScheduleCharges } from '../../../src/index';
import { expectErr } from '../../support/billing';
import { billAndPost, givenC01Schedule } from '../../support/scenarios';

it('attach S1 with chargeNumbers [] while C1 is attached: ChargeNotDetached "(none was detached)"', async () => {
  const { billing } = await givenC01Schedule({ now: '2023-02-05T12:00:00Z' });
  await billAndPost(billing, ['2023-02-04']);
  const error = expectErr(
    await attachInvoiceScheduleCharges(billing.context, {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: [] }],
    }),
  );
  expect(error).toMatchObject({ type: 'ChargeNotDetached', subscriptionNumber: 'S1', chargeNumber: '(any)' });
  expect(error.message).toBe(
    'No charge of S1 is detached from IS-00000001 (none was detached); only charges detached from this schedule can be attached back (§5.5): name only charges of schedule.charges that are detached.',
  );
});
