// Mutant K03 (src/domain/billing/consolidation.ts, netsNegative): `.lt(0)` → `.lte(0)`: a merge netting to
// exactly zero would become one credit memo of 0.00 (the invoice swallowed). §7.8 / C35 Ex.4 and decision 11
// net only a *negative* merge ("A non-negative net keeps the invoice and the memo apart: Zuora's default rule
// only nets negative merges"); the suite has −400/+100 (net −300) and −400/+500 (net +100), never net 0.
// Same set-up as test/cases/consolidation-net-negative.test.ts with IS-00000002's first item 400.00.
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk } from '../../support/billing';
import { givenC35Ex4 } from '../../support/scenarios';

describe('consolidation: a merge netting to exactly 0 keeps invoice and memo apart (mutant K03)', () => {
  it('items −400.00 (IS-00000001) and +400.00 (IS-00000002) on 2023-06-01 → CM00000001 400.00 and INV00000002 400.00, both issued', async () => {
    const billing = await givenC35Ex4('400.00');
    const run = expectOk(await runBillRun(billing.context, { targetDate: '2023-06-01' }));
    expect([run.itemsProcessed, run.invoiceNumbers, run.creditMemoNumbers]).toEqual([
      2,
      ['INV00000002'],
      ['CM00000001'],
    ]);
    expect(billing.store.probe.invoice('INV00000002')?.amount).toBe('400.00');
    expect(billing.store.probe.creditMemo('CM00000001')?.amount).toBe('400.00');
  });
});
