import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  attachInvoiceScheduleCharges,
  detachInvoiceScheduleCharges,
  executeInvoiceSchedule,
  getInvoiceSchedule,
} from '../../../src/index';
import { Dec } from '../../../src/money/decimal';
import { parseChargeSelectionRequest } from '../../../src/operations/validators';
import { expectErr, expectOk, type TestBilling } from '../../support/billing';
import { billAndPost, givenC01Schedule } from '../../support/scenarios';

// docs/errors.md, InvalidInput: `path` is "the offending field"; "Fix the field named by `path` as `expected`
// says". Review 201: a detach or attach entry with one field of the wrong type was refused at the whole entry
// (`specificSubscriptions[0]`, received "an object"), unlike createInvoiceSchedule, which names the field.

async function billedC01(): Promise<TestBilling> {
  const { billing } = await givenC01Schedule({ now: '2023-02-05T12:00:00Z' });
  await billAndPost(billing, ['2023-02-04']);
  return billing;
}

describe('a detach or attach entry with a field of the wrong type is refused at that field (review 201)', () => {
  const cases = [
    [
      { subscriptionNumber: 5, chargeNumbers: ['C1'] },
      'specificSubscriptions[0].subscriptionNumber',
      'number 5',
    ],
    [{ subscriptionNumber: 'S1', chargeNumbers: 'C1' }, 'specificSubscriptions[0].chargeNumbers', '"C1"'],
    [
      { subscriptionNumber: 'S1', chargeNumbers: ['C1', 7] },
      'specificSubscriptions[0].chargeNumbers[1]',
      'number 7',
    ],
    [{ subscriptionNumber: 'S1', chargeNumbers: null }, 'specificSubscriptions[0].chargeNumbers', 'null'],
    [{ subscriptionNumber: 'S1' }, 'specificSubscriptions[0].chargeNumbers', 'nothing (undefined)'],
    ['S1', 'specificSubscriptions[0]', '"S1"'],
  ] as const;

  it.each(cases)('detach %j → InvalidInput at %s, nothing saved', async (entry, path, received) => {
    const billing = await billedC01();
    const before = billing.store.probe.snapshot();
    const error = expectErr(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [entry],
      } as never),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path, received });
    expect(billing.store.probe.snapshot()).toEqual(before);
  });

  it.each(cases)('attach %j → InvalidInput at %s', async (entry, path, received) => {
    const billing = await billedC01();
    const error = expectErr(
      await attachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [entry],
      } as never),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path, received });
  });

  it('the validator answers as the operation does', () => {
    const error = expectErr(
      parseChargeSelectionRequest({
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C1', 7] }],
      }),
    );
    expect(error).toMatchObject({ type: 'InvalidInput', path: 'specificSubscriptions[0].chargeNumbers[1]' });
  });
});

describe('ChargeNotAttached / ChargeNotDetached say why and what to name (review 201)', () => {
  it('a subscription the schedule does not cover: the message says so', async () => {
    const billing = await billedC01();
    const error = expectErr(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S9', chargeNumbers: [] }],
      }),
    );
    expect(error).toMatchObject({
      type: 'ChargeNotAttached',
      subscriptionNumber: 'S9',
      chargeNumber: '(any)',
    });
    expect(error.message).toBe(
      'No charge of S9 is attached to IS-00000001 (it covers no charge of S9): name only charges of schedule.charges that are attached.',
    );
  });

  it('a charge of a covered subscription the schedule does not cover, then one detached twice', async () => {
    const billing = await billedC01();
    const notCovered = expectErr(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['C9'] }],
      }),
    );
    expect(notCovered.message).toBe(
      'Charge C9 of S1 is not attached to IS-00000001 (it does not cover C9): name only charges of schedule.charges that are attached.',
    );
    const detach = {
      invoiceScheduleNumber: 'IS-00000001',
      specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: [] }],
    };
    expectOk(await detachInvoiceScheduleCharges(billing.context, detach));
    const again = expectErr(await detachInvoiceScheduleCharges(billing.context, detach));
    expect(again.message).toBe(
      'No charge of S1 is attached to IS-00000001 (all are detached already): name only charges of schedule.charges that are attached.',
    );
    const attachC2 = expectErr(
      await attachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S2', chargeNumbers: ['C2'] }],
      }),
    );
    expect(attachC2).toMatchObject({ type: 'ChargeNotDetached', chargeNumber: 'C2' });
    expect(attachC2.message).toBe(
      'Charge C2 of S2 was not detached from IS-00000001 (C2 is attached); only charges detached from this schedule can be attached back (§5.5): name only charges of schedule.charges that are detached.',
    );
  });
});

// docs/errors/schedules.md, ItemExceedsUnbilledCharges (review 201): documented as what an execution returns when
// the charges are worth less than the item, "for example a subscription changed in the store underneath the
// schedule". The schedule is re-based on its charges when it is loaded (the items' actual amounts follow their
// value, §6.6), and an execution bills at most what is left, so that case bills what is left; the error stays
// only as a guard of that invariant (the doc now says so).
it('C01 with S1–S4 repriced to 100.00 in the store underneath the schedule: item 1 bills 400.00, items 2 and 3 end at 0', async () => {
  const { billing } = await givenC01Schedule({ now: '2023-02-05T12:00:00Z' });
  expectOk(
    await billing.store.transaction(async (repos) => {
      for (const n of ['S1', 'S2', 'S3', 'S4']) {
        const s = await repos.subscriptions.get(n);
        if (s === null || s === undefined) throw new Error(`no ${n}`);
        const repriced = {
          ...s,
          ratePlans: s.ratePlans.map((rp) => ({
            ...rp,
            charges: rp.charges.map((c) => ({ ...c, price: new Dec('100.00') })),
          })),
          version: s.version + 1,
        };
        const saved = await repos.subscriptions.save(repriced as never);
        if (saved.isErr()) return saved;
      }
      return ok(undefined);
    }),
  );
  expectOk(await executeInvoiceSchedule(billing.context, { invoiceScheduleNumber: 'IS-00000001' }));
  const lines = billing.store.probe
    .invoice('INV00000001')
    ?.lines.map((l) => [l.chargeNumber, String(l.amount)]);
  expect(lines).toEqual([
    ['C1', '100.00'],
    ['C2', '100.00'],
    ['C3', '100.00'],
    ['C4', '100.00'],
  ]);
  const schedule = expectOk(await getInvoiceSchedule(billing.context, 'IS-00000001'));
  expect(schedule.status).toBe('FullyProcessed');
  expect(schedule.items.map((i) => [i.status, i.actualAmount.toFixed(2), i.billedAmount.toFixed(2)])).toEqual(
    [
      ['Processed', '400.00', '400.00'],
      ['Processed', '0.00', '0.00'],
      ['Processed', '0.00', '0.00'],
    ],
  );
});

// Review 206: a caller may name a charge '(any)' literally; the message's "why" is that of any unknown number, not
// that of an empty chargeNumbers (which the error reports as '(any)').
describe("a charge named '(any)' by the caller", () => {
  it('detach while C1 of S1 is attached: "it does not cover (any)"', async () => {
    const billing = await billedC01();
    const error = expectErr(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['(any)'] }],
      }),
    );
    expect(error.message).toBe(
      'Charge (any) of S1 is not attached to IS-00000001 (it does not cover (any)): name only charges of schedule.charges that are attached.',
    );
  });

  it('attach after C1 of S1 was detached: "it does not cover (any)"', async () => {
    const billing = await billedC01();
    const detachC1 = { subscriptionNumber: 'S1', chargeNumbers: ['C1'] };
    expectOk(
      await detachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [detachC1],
      }),
    );
    const error = expectErr(
      await attachInvoiceScheduleCharges(billing.context, {
        invoiceScheduleNumber: 'IS-00000001',
        specificSubscriptions: [{ subscriptionNumber: 'S1', chargeNumbers: ['(any)'] }],
      }),
    );
    expect(error).toMatchObject({ type: 'ChargeNotDetached', chargeNumber: '(any)' });
    expect(error.message).toContain('(it does not cover (any))');
  });
});
