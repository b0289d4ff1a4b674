// Mutant S16 (src/domain/billing/standard.ts, standardDocuments): the credit memo built from a standard
// billing plan takes `status: 'Draft'` whatever `settings.autoPost` says. Tenant setting `autoPost`
// (decisions.md, tenant settings) posts the documents billing produces; standard billing's own invoice is
// Posted under it (same `status` constant) and a schedule's credit memo is Posted under it
// (test/unit/schedule/order-changes.test.ts "with autoPost the credit memo is Posted when produced"), but no
// test covers standard billing's credit memo (§8.4 removal credit of a charge no schedule bills).
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { expectOk, newBilling, setUpOrder } from '../../support/billing';
import { givenActivatedOrder, removeProducts } from '../../support/scenarios';

describe('standard billing credit memo under autoPost (mutant S16)', () => {
  it('S1/C1 12,000.00/yr billed 2023-01-01 (Posted), removed as of 2023-07-01: the 2023-07-01 run credits it with a Posted memo', async () => {
    const billing = newBilling({ autoPost: true });
    await setUpOrder(billing, {
      subscriptions: [
        {
          number: 'S1',
          termStart: '2023-01-01',
          termEnd: '2023-12-31',
          charges: [{ number: 'C1', price: '12000.00' }],
        },
      ],
    });
    const first = expectOk(await runBillRun(billing.context, { targetDate: '2023-01-01' }));
    expect(first.invoiceNumbers).toEqual(['INV00000001']);
    expect(billing.store.probe.invoice('INV00000001')?.status).toBe('Posted');
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-06-15',
      actions: removeProducts(['S1'], '2023-07-01'),
    });
    const second = expectOk(await runBillRun(billing.context, { targetDate: '2023-07-01' }));
    expect([second.invoiceNumbers, second.creditMemoNumbers]).toEqual([[], ['CM00000001']]);
    const memo = billing.store.probe.creditMemo('CM00000001');
    expect(memo?.amount).toBe('6000.00'); // 12,000 ÷ 12 × 6 months kept off (§8.4 credit formula)
    expect(memo?.status).toBe('Posted');
  });
});
