// An option the operation does not know was silently ignored (`runBillRun(context, request, { batchSize: 5 })`
// ran 50 accounts per transaction), while an unknown field of a request is refused. Every operation that
// takes options now refuses an unknown one the same way: InvalidInput at `options.<name>`, the message
// listing the options allowed, nothing saved. The operations are found from etc/api-report.md: those that
// read a third argument.

import { readFileSync } from 'node:fs';
import * as api from 'invoice-schedules';
import { describe, expect, it } from 'vitest';
import type { BillingContext } from '../../src/ports';
import { expectErr, expectOk, type TestBilling } from '../support/billing';
import { givenAccountsDue } from '../support/scenarios';

type Call = (context: BillingContext, input: unknown, options?: unknown) => unknown;
type Answer = { isOk(): boolean; isErr(): boolean; _unsafeUnwrap(): unknown; _unsafeUnwrapErr(): unknown };

const RUN_OPTIONS = ['onProgress', 'signal', 'accountsPerTransaction', 'keepEvents'];

/** Every operation that takes options: a valid input of the world below, its documented options, and a wrong one. */
const WITH_OPTIONS: Readonly<
  Record<string, { call: Call; input: unknown; options: readonly string[]; unknown: string }>
> = {
  // The newcomer's call: the option is `accountsPerTransaction`.
  runBillRun: {
    call: api.runBillRun as Call,
    input: { targetDate: '2023-02-04' },
    options: RUN_OPTIONS,
    unknown: 'batchSize',
  },
  // `batchSize` is a field of workOnBillRun's request, not an option.
  workOnBillRun: {
    call: api.workOnBillRun as Call,
    input: { billRunNumber: 'BR-00000001', worker: 'w-1' },
    options: RUN_OPTIONS,
    unknown: 'batchSize',
  },
  getInvoiceSchedule: {
    call: api.getInvoiceSchedule as Call,
    input: 'IS-00000001',
    options: ['includeDeleted'],
    unknown: 'deleted',
  },
};

/** Two accounts with a schedule due 2023-02-04 each, and a bill run for that day started (BR-00000001). */
async function world(): Promise<TestBilling> {
  const billing = await givenAccountsDue(2);
  expectOk(await api.startBillRun(billing.context, { targetDate: '2023-02-04' }));
  return billing;
}

/** The operations of etc/api-report.md. */
function listedOperations(): string[] {
  const report = readFileSync(new URL('../../etc/api-report.md', import.meta.url), 'utf8');
  const section = report.split('### Operations')[1]?.split('###')[0] ?? '';
  return [...section.matchAll(/^- `(\w+)`: function$/gm)].map((m) => m[1] as string);
}

it('covers every operation of etc/api-report.md that reads a third argument', async () => {
  const { context } = await world();
  const listed = listedOperations();
  expect(listed.length).toBeGreaterThan(30);
  const reading: string[] = [];
  for (const name of listed) {
    let read = false;
    // Listing the options' fields throws: an operation that reads them answers InvalidInput at once.
    const options = new Proxy(
      {},
      {
        ownKeys: () => {
          read = true;
          throw new Error('options read');
        },
      },
    );
    const call = (api as unknown as Record<string, Call>)[name] as Call;
    await Promise.resolve(call(context, {}, options)).catch(() => undefined);
    if (read) reading.push(name);
  }
  expect(reading.sort()).toEqual(Object.keys(WITH_OPTIONS).sort());
});

describe.each(Object.entries(WITH_OPTIONS))('%s', (_name, { call, input, options, unknown }) => {
  it('refuses an unknown option: InvalidInput at options.<name>, listing the options, nothing saved', async () => {
    const { store, context } = await world();
    const before = store.probe.snapshot();
    const outbox = store.probe.outbox().length;
    for (const value of [5, undefined]) {
      const error = expectErr((await call(context, input, { [unknown]: value })) as Answer) as {
        type: string;
        path: string;
        message: string;
      };
      expect({ type: error.type, path: error.path }).toEqual({
        type: 'InvalidInput',
        path: `options.${unknown}`,
      });
      expect(error.message).toContain(`allowed: ${options.join(', ')}`);
      expect(Object.isFrozen(error)).toBe(true);
    }
    // Next to documented options too: the unknown one is refused, not read around.
    const withKnown = expectErr(
      (await call(context, input, { [options[0] as string]: undefined, [unknown]: 1 })) as Answer,
    ) as { path: string };
    expect(withKnown.path).toBe(`options.${unknown}`);
    expect(store.probe.snapshot()).toEqual(before);
    expect(store.probe.outbox()).toHaveLength(outbox);
  });

  it('still takes every documented option left undefined, and no options at all', async () => {
    const { context } = await world();
    const allUndefined = Object.fromEntries(options.map((o) => [o, undefined]));
    expectOk((await call(context, input, allUndefined)) as Answer);
    expectOk((await call(context, input)) as Answer);
  });
});
