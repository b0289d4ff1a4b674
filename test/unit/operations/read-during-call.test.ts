// An operation reads its input and its options during the call, before it returns its ResultAsync (since the
// operations stopped being `safeTry` generators, which read them a microtask later): a caller that changes
// the input object after the call, before awaiting it, does not change what is saved, and a bill run's
// `keepEvents` is read before the call returns.
import { DEFAULT_TENANT_SETTINGS, fixedClock, runBillRun, saveNewAccount } from 'invoice-schedules';
import { createMemoryStore, createSequentialIds } from 'invoice-schedules/memory';
import { describe, expect, it } from 'vitest';

function context() {
  return {
    store: createMemoryStore(),
    ids: createSequentialIds(),
    clock: fixedClock('2023-01-01T12:00:00Z'),
    settings: DEFAULT_TENANT_SETTINGS,
  };
}

describe('operations read their input during the call', () => {
  it('saves the account as it was when saveNewAccount was called', async () => {
    const input = { id: 'a1', number: 'A-001', name: 'Acme', currency: 'USD' };
    const call = saveNewAccount(context(), input);
    input.name = 'Changed after the call';
    const saved = await call;
    expect(saved._unsafeUnwrap().name).toBe('Acme');
  });

  it("reads runBillRun's keepEvents before the call returns", async () => {
    const log: string[] = [];
    const options = {
      get keepEvents() {
        log.push('keepEvents read');
        return false;
      },
    };
    const call = runBillRun(context(), { targetDate: '2023-02-04' }, options);
    log.push('call returned');
    const run = await call;
    expect(run.isOk()).toBe(true);
    // Read (by the events' recorder, then by the options' check) before the call returned.
    expect(log[0]).toBe('keepEvents read');
    expect(log.indexOf('call returned')).toBeGreaterThan(log.lastIndexOf('keepEvents read'));
  });
});
