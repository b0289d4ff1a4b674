import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { runBillRun } from '../../../src/operations/bill-run';
import { getInvoice } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import {
  billAndPost,
  givenActivatedOrder,
  givenC01Schedule,
  invoiceLines,
  removeProducts,
} from '../../support/scenarios';

// amounts-after-changes.md, "Processing an item after a change": a charge billed beyond its value while its credit
// waits (due after the item's run date) stands at its value in the item's cascade; its step comes out below what
// it has, the line is raised to zero and the units come from the largest line (decision 2's caps), so the other
// lines are not quite in proportion (review 142). Each charge still ends billed its value.

describe('an item billed while a credit waits (decision 2)', () => {
  it('C01 after item 1, S4 removed as of 2023-08-01: item 2 takes C4 out of C1, the year ends exact', async () => {
    const { billing } = await givenC01Schedule();
    await billAndPost(billing, ['2023-02-04']);
    await givenActivatedOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-03-01',
      actions: removeProducts(['S4'], '2023-08-01'),
    });
    const may = expectOk(await runBillRun(billing.context, { targetDate: '2023-05-01' }));
    expect(may.creditMemoNumbers).toEqual([]);
    const invoice = expectOk(await getInvoice(billing.context, may.invoiceNumbers[0] ?? ''));
    expect(invoiceLines(invoice)).toEqual([
      ['C1', '7425.14', '2023-09-17', '2023-11-29'],
      ['C2', '4349.53', '2023-09-17', '2023-11-30'],
      ['C3', '2225.33', '2023-09-17', '2023-11-30'],
    ]);
    const august = expectOk(await runBillRun(billing.context, { targetDate: '2023-08-01' }));
    const september = expectOk(await runBillRun(billing.context, { targetDate: '2023-09-16' }));
    // Net billed per charge over the year: invoices minus credit memos.
    const net = new Map<string, Decimal>();
    const add = (charge: string | null, amount: Decimal) =>
      charge && net.set(charge, (net.get(charge) ?? new Decimal(0)).plus(amount));
    for (const number of [...may.invoiceNumbers, ...august.invoiceNumbers, ...september.invoiceNumbers])
      for (const l of expectOk(await getInvoice(billing.context, number)).lines)
        add(l.chargeNumber, l.amount);
    for (const l of expectOk(await getInvoice(billing.context, 'INV00000001')).lines)
      add(l.chargeNumber, l.amount);
    for (const number of [...august.creditMemoNumbers, ...september.creditMemoNumbers]) {
      const memo = billing.store.probe.creditMemo(number);
      for (const l of memo?.lines ?? []) add(l.chargeNumber, new Decimal(l.amount).negated());
    }
    expect(Object.fromEntries([...net].map(([k, v]) => [k, v.toFixed(2)]))).toEqual({
      C1: '36900.00',
      C2: '21500.00',
      C3: '11000.00',
      C4: '466.67',
    });
  });
});
