// Model-based test of the invoice schedule life cycle: see lifecycle-model.ts for the steps and the
// invariants checked after every step (I1–I4) and after the final settle.
import { readFileSync } from 'node:fs';
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { CatchUpIssue } from './catch-up';
import {
  extWorldArb,
  type OwnerTransferIssue,
  parseCounterexample,
  runScenario,
  runsFromEnv,
  worldArb,
} from './lifecycle-model';

// MODEL_STRICT=splitOwnerDocuments,creditsAsOfTarget,…: check those known owner-transfer and catch-up issues
// strictly.
const strictNames = (process.env.MODEL_STRICT ?? '').split(',').filter(Boolean);
const options = {
  strictOwnerTransfer: strictNames as OwnerTransferIssue[],
  strictCatchUp: strictNames.filter((n): n is CatchUpIssue => n === 'creditsAsOfTarget'),
};

// 31 s for the targeted sequences' 100 runs under coverage on CI's two shared cores, against the config's 60 s
// (review 113): room for a slower machine. At depth (MODEL_RUNS, scripts/model-deep.mjs) the runs take minutes.
const TIMEOUT = process.env.MODEL_RUNS ? 1_800_000 : 240_000;

describe('invoice schedule life cycle, model-based (§2.4, §3, §5, §6, §8)', () => {
  it('identities, statuses and per-charge documents hold after every step; rejected steps change nothing; settling bills every attached charge its value', async () => {
    const replay = process.env.MODEL_REPLAY;
    if (replay) {
      await runScenario(parseCounterexample(readFileSync(replay, 'utf8')), options);
      return;
    }
    await fc.assert(
      fc.asyncProperty(worldArb, async (scenario) => {
        await runScenario(scenario, options);
      }),
      runsFromEnv(60),
    );
  });

  // Item updates that delete and add items, reverts, detach and attach on one schedule (found two bugs the steps
  // above never lined up: a processing mark lowered by a deleted item, a discount counted twice in a credit).
  it(
    'targeted sequences (items deleted and added, invoices reverted, detach / attach) hold the same invariants and I10',
    async () => {
      await fc.assert(
        fc.asyncProperty(extWorldArb, async (scenario) => {
          await runScenario(scenario, options);
        }),
        runsFromEnv(100),
      );
    },
    TIMEOUT,
  );

  it('a bill run per batch of accounts leaves the store a bill run per account leaves: the same documents, schedules, parts and numbers', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (scenario) => {
        // The whole store at the end (the fixed clock gives both the same audit instants), or the first line
        // of the model's complaint: a scenario the model rejects must be rejected the same way both times.
        const outcome = async (accountsPerTransaction: number) => {
          try {
            // The catch-up checks (C1, C2) are the first property's: they read, and write only to a copy.
            const run = { ...options, accountsPerTransaction, catchUpChecks: false };
            return { store: await runScenario(scenario, run) };
          } catch (e) {
            return { failed: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
          }
        };
        expect(await outcome(3)).toEqual(await outcome(1));
      }),
      runsFromEnv(40),
    );
  });
});
