// The contract kit must catch broken adapters, not just pass a good one: every adapter of the
// catalogue (broken-adapters.ts) is the memory store with one rule broken, run through the kit with a
// collecting runner; the tests it names must fail, and the memory store itself must pass them all.
// Each adapter runs the kit tests it names (and the groups it spares), not the whole kit: every kit
// test creates a store, and a few thousand memory stores in one process slow every later await (each
// keeps an AsyncLocalStorage enabled).
import { readFileSync } from 'node:fs';
import { createMemoryStore } from 'invoice-schedules/memory';
import { describeRepositoryContract, type RepositoryProbe } from 'invoice-schedules/testing';
import { describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../src/ports/index';
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

describe('the contract kit', () => {
  it('registers independent tests under one describe, and the memory store passes them all', async () => {
    expect(kitTests.length).toBeGreaterThan(40);
    expect(new Set(kitTests).size).toBe(kitTests.length);
    expect(await failures(() => createMemoryStore())).toEqual([]);
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
