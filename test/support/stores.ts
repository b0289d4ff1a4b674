// A small world on any store (the memory store, PGlite, the server): for tests that run one scenario on each.
import * as api from 'invoice-schedules';
import { createSequentialIds } from 'invoice-schedules/memory';
import { chargeInput, createSubscription, expectOk } from './billing';

/**
 * On `store`, at 2023-01-01T12:00:00Z with the default settings: account A-001 (USD) with an activated order O-1
 * creating S-1 with one annual charge C1 of 1,200.00 (2023). Returns the context.
 */
export async function givenAnnualAccountOn(store: api.BillingContext['store']): Promise<api.BillingContext> {
  const context: api.BillingContext = {
    store,
    ids: createSequentialIds(),
    clock: api.fixedClock('2023-01-01T12:00:00Z'),
    settings: api.DEFAULT_TENANT_SETTINGS,
  };
  expectOk(await api.saveNewAccount(context, { id: 'a-1', number: 'A-001', name: 'One', currency: 'USD' }));
  expectOk(
    await api.saveNewOrder(context, {
      number: 'O-1',
      accountNumber: 'A-001',
      orderDate: '2023-01-01',
      actions: [createSubscription('S-1', [chargeInput({ number: 'C1', price: '1200.00' })])],
    }),
  );
  expectOk(await api.activateSavedOrder(context, { orderNumber: 'O-1' }));
  return context;
}
