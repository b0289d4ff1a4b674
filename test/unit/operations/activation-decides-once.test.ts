// The style guide's "load, decide once, save" for activateSavedOrder: the operation reads the order, the
// subscriptions, the schedules that cover them and the accounts the order names, asks the core once
// (decideOrderActivation), then writes. It used to read the covered subscriptions again after saving the changed
// ones (both tests fail on that code).
import { describe, expect, it } from 'vitest';
import { activateSavedOrder } from '../../../src/operations/contracts';
import { getInvoiceSchedule } from '../../../src/operations/queries';
import { expectOk } from '../../support/billing';
import { hooked } from '../../support/hooked';
import { givenAccount, givenC01Schedule, removeProducts, saveOrder } from '../../support/scenarios';

const WRITES = /^(save|insert|put|delete|append|update)/;
const READS = /^(get|list|find|load)/;

/** The repository calls of activating `orderNumber`, in order, as `repository.method`. */
async function callsOf(
  billing: Awaited<ReturnType<typeof givenC01Schedule>>['billing'],
  orderNumber: string,
) {
  const calls: string[] = [];
  const context = hooked(billing.context, (repository, method) => {
    calls.push(`${repository}.${method}`);
  });
  expectOk(await activateSavedOrder(context, { orderNumber }));
  return calls;
}

describe('activateSavedOrder reads everything before its first write', () => {
  it('a removal on C01 (§8.4): the schedule is revised, and no read follows a write', async () => {
    const { billing } = await givenC01Schedule();
    await saveOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      actions: removeProducts(['S4'], '2023-07-01'),
    });
    const calls = await callsOf(billing, 'O-0002');
    const firstWrite = calls.findIndex((c) => WRITES.test(c.split('.')[1] ?? ''));
    expect(firstWrite, calls.join(', ')).toBeGreaterThan(0);
    const readsAfter = calls.slice(firstWrite).filter((c) => READS.test(c.split('.')[1] ?? ''));
    expect(readsAfter, calls.join(', ')).toEqual([]);
    expect(calls.slice(firstWrite), calls.join(', ')).toEqual([
      'subscriptions.save',
      'invoiceSchedules.save',
      'orders.put',
      'outbox.append',
    ]);
    // The revision is the one §8.2 asks for: the last item absorbs S4's cut (C01's S4: 800.00 a year).
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.actualAmount.toFixed(2)).toBe('69800.00');
  });

  it('an owner transfer (§8.8): the new owner is read, and no read follows the first write', async () => {
    const { billing } = await givenC01Schedule();
    await givenAccount(billing, 'A-002');
    await saveOrder(billing, {
      number: 'O-0002',
      orderDate: '2023-01-15',
      // §8.8: a schedule not fully billed moves with all its subscriptions.
      actions: ['S1', 'S2', 'S3', 'S4'].map((subscriptionNumber) => ({
        type: 'OwnerTransfer',
        subscriptionNumber,
        newOwnerAccountNumber: 'A-002',
      })),
    });
    const calls = await callsOf(billing, 'O-0002');
    const firstWrite = calls.findIndex((c) => WRITES.test(c.split('.')[1] ?? ''));
    expect(calls.slice(0, firstWrite), calls.join(', ')).toContain('accounts.get');
    expect(calls.slice(firstWrite).filter((c) => READS.test(c.split('.')[1] ?? ''))).toEqual([]);
    // Decision 17: the schedule follows its subscriptions to the new owner.
    const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
    expect(schedule.accountNumber).toBe('A-002');
  });
});
