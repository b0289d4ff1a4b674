// The contract kit must catch broken adapters, not just pass a good one: every adapter of the
// catalogue (broken-adapters.ts) is the memory store with one rule broken, run through the kit with a
// collecting runner; the tests it names must fail, and the memory store itself must pass them all.
// Each adapter runs the kit tests it names (and the groups it spares), not the whole kit: every kit
// test creates a store, and a few thousand memory stores in one process slow every later await (each
// keeps an AsyncLocalStorage enabled).
import { readFileSync } from 'node:fs';
import { createMemoryStore, type MemoryStore } from 'invoice-schedules/memory';
import { describeRepositoryContract, type RepositoryProbe } from 'invoice-schedules/testing';
import { describe, expect, it } from 'vitest';
import type { Repositories, UnitOfWork } from '../../src/ports/index';
import { IDEMPOTENCY_AGE } from '../../src/testing/contract/transactions';
import { BROKEN_ADAPTERS } from './broken-adapters';

interface Collected {
  readonly name: string;
  readonly fn: () => Promise<void>;
}

function collect(createStore: () => UnitOfWork, probe?: (store: UnitOfWork) => RepositoryProbe): Collected[] {
  const tests: Collected[] = [];
  const path: string[] = [];
  describeRepositoryContract({
    describe: (name, fn) => {
      path.push(name);
      fn();
      path.pop();
    },
    it: (name, fn) => {
      tests.push({ name: [...path.slice(1), name].join(' > '), fn });
    },
    createStore,
    ...(probe === undefined ? {} : { probe }),
  });
  return tests;
}

/** The kit tests that fail against the store, among those `only` keeps (all by default). */
async function failures(
  createStore: () => UnitOfWork,
  only: (name: string) => boolean = () => true,
  probe?: (store: UnitOfWork) => RepositoryProbe,
): Promise<string[]> {
  const failed: string[] = [];
  for (const t of collect(createStore, probe).filter((c) => only(c.name))) {
    try {
      await t.fn();
    } catch {
      failed.push(t.name);
    }
  }
  return failed;
}

const kitTests = collect(() => createMemoryStore()).map((t) => t.name);

/** The memory store's own probe (the outbox tests need one). */
const memoryProbe = (store: UnitOfWork): RepositoryProbe => (store as MemoryStore).probe;

/** The optional methods of each repository (`Repositories.outbox` is optional as a whole). */
const OPTIONAL: Readonly<Record<string, readonly string[]>> = {
  accounts: ['claimMany'],
  subscriptions: ['listByAccounts', 'saveMany'],
  invoiceSchedules: ['listByAccounts', 'saveMany'],
  invoices: ['listBySchedules', 'saveMany'],
  creditMemos: ['listBySchedules', 'saveMany'],
  billRuns: ['getAccounts', 'saveAccounts'],
  idempotency: ['insertMany', 'deleteCreatedBefore'],
  sequences: ['nextBlock'],
};

/** The memory store with only the required ports and methods: no outbox, no optional method. */
function requiredOnly(): UnitOfWork {
  const inner = createMemoryStore();
  const strip = (r: Repositories): Repositories => {
    const { outbox: _outbox, ...rest } = r;
    const out: Record<string, unknown> = { ...rest };
    for (const [repo, methods] of Object.entries(OPTIONAL)) {
      const copy: Record<string, unknown> = { ...(out[repo] as object) };
      for (const m of methods) delete copy[m];
      out[repo] = copy;
    }
    return out as unknown as Repositories;
  };
  return { transaction: (work) => inner.transaction((r) => work(strip(r))) };
}

/** Runs one kit test as vitest does, with a test context; the note it was skipped with, if it was. */
async function run(fn: () => Promise<void>): Promise<{ skipped: string | null; error: unknown }> {
  let skipped: string | null = null;
  try {
    // vitest's test context is a function object with a `skip` (node:test's, a plain object).
    const context = Object.assign(() => undefined, {
      skip: (note: string) => {
        skipped = note;
      },
    });
    await (fn as (context: unknown) => Promise<void>)(context);
    return { skipped, error: null };
  } catch (error) {
    return { skipped, error };
  }
}

describe('the contract kit', () => {
  it('registers independent tests under one describe, and the memory store passes them all', async () => {
    expect(kitTests.length).toBeGreaterThan(40);
    expect(new Set(kitTests).size).toBe(kitTests.length);
    expect(await failures(() => createMemoryStore(), undefined, memoryProbe)).toEqual([]);
  });

  it('the catalogue names kit tests that exist, and each adapter once', () => {
    expect(new Set(BROKEN_ADAPTERS.map((a) => a.name)).size).toBe(BROKEN_ADAPTERS.length);
    for (const adapter of BROKEN_ADAPTERS) {
      expect(adapter.caughtBy.length, adapter.name).toBeGreaterThan(0);
      for (const name of adapter.caughtBy) expect(kitTests, adapter.name).toContain(name);
      for (const prefix of adapter.spares ?? [])
        expect(
          kitTests.some((n) => n.startsWith(prefix)),
          `${adapter.name} spares ${prefix}`,
        ).toBe(true);
    }
  });

  it('a test of an optional port or method the store lacks is skipped as not checked, never passed', async () => {
    const skipped: string[] = [];
    for (const t of collect(requiredOnly)) {
      const { skipped: note, error } = await run(t.fn);
      expect(error, t.name).toBeNull();
      if (note !== null) {
        expect(note, t.name).toMatch(/not implemented \(optional\): not checked$/);
        skipped.push(t.name);
      }
    }
    const groups = [...new Set(skipped.map((n) => n.slice(0, n.indexOf(' > '))))];
    expect(groups).toEqual(['isolation', 'idempotency records by age', 'outbox', 'batch reads and writes']);
    for (const prefix of ['outbox > ', 'batch reads and writes > '])
      expect(skipped.filter((n) => n.startsWith(prefix))).toEqual(
        kitTests.filter((n) => n.startsWith(prefix)),
      );
    // The same tests with every optional method there run and pass: none is skipped.
    for (const t of collect(() => createMemoryStore(), memoryProbe).filter((c) => skipped.includes(c.name)))
      expect(await run(t.fn), t.name).toEqual({ skipped: null, error: null });
  });

  it('an optional method that is there is checked, whatever it returns: a stub answering nothing, or no function, fails', async () => {
    // The skip is decided by the method being there (as pruneIdempotencyRecords decides), never by its answer.
    const withIdempotency = (idempotency: (r: Repositories) => object) => (): UnitOfWork => {
      const inner = createMemoryStore();
      return {
        transaction: (work) =>
          inner.transaction((r) =>
            work({ ...r, idempotency: { ...r.idempotency, ...idempotency(r) } } as Repositories),
          ),
      };
    };
    const deletions = [IDEMPOTENCY_AGE.oldest, IDEMPOTENCY_AGE.transactional, IDEMPOTENCY_AGE.concurrent];
    for (const [label, store, message] of [
      [
        'a no-op',
        withIdempotency(() => ({ deleteCreatedBefore: async () => undefined })),
        /returned undefined: it must return how many records it deleted/,
      ],
      [
        'a null',
        withIdempotency(() => ({ deleteCreatedBefore: null })),
        /idempotency\.deleteCreatedBefore is null, not a function/,
      ],
      [
        'a count beyond limit',
        withIdempotency((r) => ({
          deleteCreatedBefore: async (b: string, l: number) =>
            ((await r.idempotency.deleteCreatedBefore?.(b, l)) ?? 0) + l + 1,
        })),
        /returned \d+: it must return how many/,
      ],
      [
        'a null nextBlock',
        () => {
          const inner = createMemoryStore();
          return {
            transaction: (work) =>
              inner.transaction((r) =>
                work({ ...r, sequences: { ...r.sequences, nextBlock: null } } as unknown as Repositories),
              ),
          } as UnitOfWork;
        },
        /sequences\.nextBlock is null, not a function/,
      ],
    ] as const) {
      const names =
        label === 'a null nextBlock'
          ? kitTests.filter((n) => n.includes('sequences.nextBlock'))
          : deletions.map((n) => n as string);
      expect(names.length, label).toBeGreaterThan(0);
      for (const t of collect(store).filter((c) => names.includes(c.name))) {
        const { skipped, error } = await run(t.fn);
        expect(skipped, `${label}: ${t.name}`).toBeNull();
        expect(String(error), `${label}: ${t.name}`).toMatch(message);
      }
    }
  });

  it('a store with an outbox and no outbox probe fails the outbox tests, saying to pass the probe', async () => {
    const outboxTests = collect(() => createMemoryStore()).filter((t) => t.name.startsWith('outbox > '));
    expect(outboxTests.length).toBe(4);
    for (const t of outboxTests) {
      const { error } = await run(t.fn);
      expect(String(error), t.name).toMatch(/repositories\.outbox exists but no outbox probe was given/);
    }
  });

  it("the guide's catalogue cites kit tests that exist", () => {
    const guide = readFileSync(new URL('../../docs/guides/repositories.md', import.meta.url), 'utf8');
    const groups = new Set(kitTests.map((n) => n.slice(0, n.indexOf(' > '))));
    const rows = guide.split('\n').filter((line) => /^\|\s*`[^`]+`\s*\|/.test(line));
    let cited = 0;
    for (const adapter of BROKEN_ADAPTERS) {
      const row = rows.find((line) => new RegExp(`^\\|\\s*\`${adapter.name}\`\\s*\\|`).test(line));
      const cells = row?.split('|').map((c) => c.trim()) ?? [];
      const cell = cells[cells.length - 2] ?? '';
      // `group › test; › next test of that group; other group › test` (a name may hold "; " itself).
      let group = '';
      for (const part of cell.split(/;\s+(?=[^;›]*›)/)) {
        const [head, ...tail] = part.split(' › ');
        const test = tail.join(' › ').trim();
        const named = (head ?? '').replace(/^›\s*/, '').trim();
        if (tail.length > 0 && named !== '') group = named;
        const prefix = `${group} > ${tail.length > 0 ? test : named}`;
        expect(groups, `${adapter.name}: group "${group}"`).toContain(group);
        expect(
          kitTests.some((n) => n.startsWith(prefix)),
          `${adapter.name} cites "${prefix}", which is no kit test`,
        ).toBe(true);
        cited++;
      }
    }
    expect(cited).toBeGreaterThanOrEqual(BROKEN_ADAPTERS.length);
  });

  it('the repositories guide lists every broken adapter of the catalogue', () => {
    const guide = readFileSync(new URL('../../docs/guides/repositories.md', import.meta.url), 'utf8');
    // A table row whose first cell is the adapter's name (the formatter pads the cells).
    for (const adapter of BROKEN_ADAPTERS)
      expect(guide, adapter.name).toMatch(new RegExp(`^\\|\\s*\`${adapter.name}\`\\s*\\|`, 'm'));
  });

  describe('fails every broken adapter of the catalogue', () => {
    for (const adapter of BROKEN_ADAPTERS) {
      it(`${adapter.name}: ${adapter.breaks}`, async () => {
        const spares = adapter.spares ?? [];
        const failed = await failures(
          adapter.createStore,
          (name) => adapter.caughtBy.includes(name) || spares.some((prefix) => name.startsWith(prefix)),
          adapter.probe,
        );
        for (const name of adapter.caughtBy)
          expect(failed, `${adapter.name} must fail "${name}"`).toContain(name);
        for (const prefix of spares)
          expect(
            failed.filter((n) => n.startsWith(prefix)),
            `${adapter.name} must pass every "${prefix}" test`,
          ).toEqual([]);
      });
    }
  });
});
