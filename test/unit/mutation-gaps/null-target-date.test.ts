// Test gap: `targetDate: null` (a JSON body whose serializer writes nulls) must be refused with InvalidDate, not read
// as "no target date" (= today). Mutant: src/operations/bill-run.ts:223 `request.targetDate === undefined ? today()`
// → `request.targetDate == null ? today()` (and likewise bill-run.ts:151 `given === undefined` → `given == null`
// for generateBillingDocuments): no test in test/ notices.
import { describe, expect, it } from 'vitest';
import { runBillRun, startBillRun } from '../../../src/operations/bill-run';
import { generateBillingDocuments } from '../../../src/operations/generate';
import { previewBillRun } from '../../../src/operations/preview';
import { fixedClock } from '../../../src/time/clock';
import { parseGenerateBillingDocumentsRequest, parseRunBillRunRequest } from '../../../src/validation';
import { expectErr } from '../../support/billing';
import { givenSchedule, givenSubscriptions, yearly } from '../../support/scenarios';

describe('targetDate: null is refused, never "today"', () => {
  it('runBillRun, startBillRun, previewBillRun, generateBillingDocuments and their validators', async () => {
    const billing = await givenSubscriptions([yearly('S1', [{ number: 'C1', price: '1200.00' }])]);
    await givenSchedule(billing, { items: [{ runDate: '2023-02-04', amount: '1200.00' }] });
    const context = { ...billing.context, clock: fixedClock('2023-03-01T12:00:00Z') }; // the item is due today
    const before = JSON.stringify(billing.store.probe.snapshot());
    const input = { targetDate: null } as unknown as { targetDate?: string };
    const answers: { isErr(): boolean; _unsafeUnwrap(): unknown; _unsafeUnwrapErr(): unknown }[] = [
      await runBillRun(context, input),
      await startBillRun(context, input),
      await previewBillRun(context, input),
      await generateBillingDocuments(context, { accountNumber: 'A-001', ...input }),
    ];
    for (const r of answers) expect(expectErr(r)).toMatchObject({ type: 'InvalidDate', field: 'targetDate' });
    expect(parseRunBillRunRequest(input)._unsafeUnwrapErr().type).toBe('InvalidDate');
    expect(
      parseGenerateBillingDocumentsRequest({ accountNumber: 'A-001', ...input })._unsafeUnwrapErr().type,
    ).toBe('InvalidDate');
    expect(JSON.stringify(billing.store.probe.snapshot())).toBe(before);
  });
});
