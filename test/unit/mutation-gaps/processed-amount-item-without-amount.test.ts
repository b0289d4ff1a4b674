import { describe, expect, it } from 'vitest';
import { updateInvoiceSchedule } from '../../../src/operations/lifecycle';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectErr, expectOk } from '../../support/billing';
import { billAndPost, givenC01Schedule } from '../../support/scenarios';

// §5.1 (reference: processed items are sent back with their original values; §3.3 only pending items change).
// update.ts changedField: "A field left out counts as blank ... The one leniency: a *percentage* item may come
// back with neither amount nor percentage." A processed *amount* item sent back without its amount must be
// ProcessedItemChanged (field amount). Mutant update.ts changedField
// `(!given(r.amount) && stored.percentage !== null)` → `!given(r.amount)` survives the suite.
describe('review-56: a processed amount item sent back without its amount is refused', () => {
  it('C01, item 1 processed; item 1 given back with no amount → ProcessedItemChanged amount', async () => {
    const { billing, schedule } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04']);
    const [i1, i2, i3] = schedule.items;
    const before = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(before.items[0]?.status).toBe('Processed');
    const error = expectErr(
      await updateInvoiceSchedule(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        items: [
          { id: i1?.id as string, runDate: '2023-02-04' },
          { id: i2?.id as string, runDate: '2023-05-01', amount: '14000.00' },
          { id: i3?.id as string, runDate: '2023-09-16', amount: '6200.00' },
        ],
      }),
    );
    expect(error).toMatchObject({ type: 'ProcessedItemChanged', field: 'amount', itemId: i1?.id });
  });
});
