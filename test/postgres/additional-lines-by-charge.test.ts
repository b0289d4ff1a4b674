// An additional line (a host's tax or fee from `additionalInvoiceLines`) carries no subscription or charge
// number. Both stores indexed it under the charge ('', ''): PostgreSQL wrote one `invoice_charges` row per
// invoice for it, and `invoices.listByCharge('', '')` listed every invoice with such a line. An additional
// line is no charge's line: neither store indexes it now. On PGlite and on the memory store.
import { PGlite } from '@electric-sql/pglite';
import {
  activateSavedOrder,
  type BillingContext,
  createInvoiceSchedule,
  DEFAULT_TENANT_SETTINGS,
  fixedClock,
  runBillRun,
  saveNewAccount,
  saveNewOrder,
  type UnitOfWork,
} from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { createPostgresStore, migrate } from 'invoice-schedules/postgres';
import { ok } from 'neverthrow';
import { afterAll, describe, expect, it } from 'vitest';
import { chargeInput, createSubscription, expectOk } from '../support/billing';

const db = new PGlite();
afterAll(() => db.close());

/** One account billed on 2023-03-01 with a tax line and a fee line on its invoice. */
async function billed(store: UnitOfWork): Promise<void> {
  const context: BillingContext = {
    store,
    clock: fixedClock('2023-01-01T12:00:00Z'),
    ids: createSequentialIds(),
    settings: DEFAULT_TENANT_SETTINGS,
  };
  expectOk(await saveNewAccount(context, { id: 'acc-1', number: 'A-001', name: 'Acme', currency: 'USD' }));
  const order = {
    number: 'O-001',
    accountNumber: 'A-001',
    orderDate: '2023-01-01',
    actions: [createSubscription('S1', [chargeInput({ number: 'C1', price: '1200.00' })])],
  };
  expectOk(await saveNewOrder(context, order));
  expectOk(await activateSavedOrder(context, { orderNumber: order.number }));
  expectOk(
    await createInvoiceSchedule(context, {
      accountNumber: 'A-001',
      orders: [order.number],
      items: [{ runDate: '2023-03-01', amount: '1200.00' }],
    }),
  );
  const hooks = {
    additionalInvoiceLines: () => [
      { name: 'Tax', amount: '60.00' },
      { name: 'Fee', amount: '5.00' },
    ],
  };
  const run = expectOk(await runBillRun({ ...context, hooks }, { targetDate: '2023-03-01' }));
  expect(run.invoiceNumbers).toHaveLength(1);
}

/** The invoices each store lists for the charge C1 and for the empty charge. */
async function listed(store: UnitOfWork) {
  const read = await store.transaction(async (tx) =>
    ok({
      c1: (await tx.invoices.listByCharge('S1', 'C1')).map((i) => [i.number, i.lines.length]),
      blank: (await tx.invoices.listByCharge('', '')).map((i) => i.number),
    }),
  );
  return read._unsafeUnwrap();
}

describe('an additional line is indexed under no charge', () => {
  it('the memory store: listByCharge finds the invoice by its charge only', async () => {
    const store = createMemoryStore();
    await billed(store);
    expect(await listed(store)).toEqual({ c1: [['INV00000001', 3]], blank: [] });
  });

  it('PostgreSQL (PGlite): no invoice_charges row for the additional lines', async () => {
    await migrate(db, { schema: 'additional_by_charge' });
    const store = createPostgresStore(db, { schema: 'additional_by_charge' });
    await billed(store);
    expect(await listed(store)).toEqual({ c1: [['INV00000001', 3]], blank: [] });
    const rows = await db.query<{ subscription_number: string; charge_number: string }>(
      'SELECT subscription_number, charge_number FROM additional_by_charge.invoice_charges ORDER BY 1, 2',
    );
    expect(rows.rows).toEqual([{ subscription_number: 'S1', charge_number: 'C1' }]);
  });
});
