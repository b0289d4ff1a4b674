// listItemsDue foresees a catch-up credit (a credit falling due after an item's run date) by reading a due
// schedule's covered subscriptions. A credit is what a charge was billed above its value, so a schedule that
// billed nothing yet reads none; one that billed reads them together (its account's in one `listByAccount`), once
// per listing however many schedules cover them (found in a review: one `subscriptions.get` per covered
// subscription for nearly every due schedule, C01's first item included).
import { describe, expect, it } from 'vitest';
import { listItemsDue } from '../../src/operations/listings';
import { expectOk, type TestBilling } from '../support/billing';
import { hooked } from '../support/hooked';
import { billAndPost, givenC01Schedule } from '../support/scenarios';

/** The `subscriptions` calls of a listing of the items due on `targetDate`, and the sequences it lists. */
async function listingReads(billing: TestBilling, targetDate: string) {
  const calls: string[] = [];
  const context = hooked(billing.context, (repository, method, args) => {
    if (repository === 'subscriptions') calls.push(`${method} ${String(args[0])}`);
  });
  const page = expectOk(await listItemsDue(context, { targetDate }));
  return { sequences: page.data.map((d) => d.sequence), calls };
}

describe('listItemsDue reads the covered subscriptions only when the run could credit', () => {
  it('C01 listed on 2023-02-04 (item 1 due, nothing billed): item 1, no subscription read (was S1–S4, one get each)', async () => {
    const { billing } = await givenC01Schedule();
    expect(await listingReads(billing, '2023-02-04')).toEqual({ sequences: [1], calls: [] });
  });

  it('C01 after item 1 (50,000.00 billed), listed on 2023-05-01: item 2, S1–S4 read in one listByAccount of A-001 (was four gets)', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04']);
    expect(await listingReads(billing, '2023-05-01')).toEqual({
      sequences: [2],
      calls: ['listByAccount A-001'],
    });
  });
});
