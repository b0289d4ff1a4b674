// Minimal counterexamples found by the independent-model property (independent-model.property.test.ts),
// billed through the public API. Each states the figures the reference gives.
// - the zero-priced tie case: the engine once let a zero-priced charge shape the order that breaks
//   billed-total ties (decision 2 vs decision 15); fixed, kept as a regression.
// - plain `it`: decision 2 corners where the model and the engine disagreed during this work — the
//   engine while src/domain/schedule/execute.ts was changing under commit 9577088 (the first two), the
//   model's first reading of two caps in one item (the third); both now give the figures below.
import { describe, expect, it } from 'vitest';
import { billSchedule } from './model';
import { billThroughApi, type FixedCharge, fixedScenario, formatUnits, type Scenario } from './scenario';

/** Per item, its invoice lines as `S/C amount start → end`, sorted. */
async function engineLines(s: Scenario): Promise<string[][]> {
  const result = await billThroughApi(s);
  return result.invoices.map((lines) =>
    (lines ?? [])
      .map(
        (l) =>
          `${l.subscriptionNumber}/${l.chargeNumber} ${formatUnits(l.amount, s.minorUnits)} ${l.serviceStartDate} → ${l.serviceEndDate}`,
      )
      .sort(),
  );
}

function modelLines(s: Scenario): string[][] {
  const result = billSchedule(
    s.charges.map((c) => c.model),
    s.itemAmounts,
    s.settings,
  );
  return result.invoices.map((lines) =>
    lines
      .map(
        (l) =>
          `${l.subscriptionNumber}/${l.chargeNumber} ${formatUnits(l.amount, s.minorUnits)} ${l.serviceStartDate} → ${l.serviceEndDate}`,
      )
      .sort(),
  );
}

const runDates = (amounts: readonly bigint[]) =>
  amounts.map((amount, i) => ({ runDate: `2022-01-${String(i + 1).padStart(2, '0')}`, amount }));

describe('independent model: engine bugs (decision 2 × decision 15)', () => {
  // Decision 2: billed totals are the values rounded as a set, "ties going to the earlier charge in
  // consumption order (§7.2)". Decision 15: "a zero-priced charge never shapes the groups".
  // C1 1/yr for 2022-07-01 → 2022-12-31 is worth 0.5 yen, C2 196,675/yr for 2022-01-02 → 2022-07-01 is
  // worth 98,337.5 yen: the set (98,338) has one unit for a tie of two .5 remainders. By term (§7.2 a)
  // C2's group [01-02, 07-01] comes before C1's [07-01, 12-31], so C2 takes the unit: C2 98,338, C1 0
  // (and C1, billed 0, gets no line, decision 15). C3 (0 yen, 2022-01-01 → 2022-12-31) must change
  // nothing; it joins no group (no group's dates include 2022-01-01).
  // Engine: C2 98,337 and C1 1 — as if C3 had merged both into one term group [01-01, 12-31] where the
  // schedule's charge order puts C1 first. Without C3 the engine gives C2 98,338. The billing itself
  // does keep C3 out of the groups (with two items, the first bills C2 alone); only the tie order
  // of the billed totals sees it.
  const charges: FixedCharge[] = [
    {
      subscription: 'S1',
      number: 'C1',
      type: 'Recurring',
      units: 1n,
      startDate: '2022-07-01',
      endDate: '2022-12-31',
    },
    {
      subscription: 'S2',
      number: 'C2',
      type: 'Recurring',
      units: 196_675n,
      startDate: '2022-01-02',
      endDate: '2022-07-01',
    },
    {
      subscription: 'S3',
      number: 'C3',
      type: 'OneTime',
      units: 0n,
      startDate: '2022-01-01',
      endDate: '2022-12-31',
    },
  ];
  const scenario = fixedScenario({
    currency: 'JPY',
    chargeGrouping: 'term',
    prorationDays: 'actual',
    charges,
    items: runDates([98_338n]),
  });
  const reference = [['S2/C2 98338 2022-01-02 → 2022-07-01']];

  it('the model gives the reference figures: C2 98,338, no line for C1 or C3', () => {
    expect(modelLines(scenario)).toEqual(reference);
  });

  it('a zero-priced charge does not shape the consumption order that breaks billed-total ties (the engine gave C2 98,337 + C1 1)', async () => {
    expect(await engineLines(scenario)).toEqual(reference);
  });

  it('without the zero-priced charge the engine already gives C2 98,338', async () => {
    const without = fixedScenario({
      currency: 'JPY',
      chargeGrouping: 'term',
      prorationDays: 'actual',
      charges: charges.slice(0, 2),
      items: runDates([98_338n]),
    });
    expect(await engineLines(without)).toEqual(reference);
  });
});

describe('independent model: decision 2 caps (engine and model agree)', () => {
  it('a unit freed by a cap goes to the largest line that can take it; between two 0 lines, the earlier charge', async () => {
    // JPY, one term group (2022-01-01 → 2022-01-31): C1 one-time 9, C2 654/yr (54.5), C3 6/yr (0.5).
    // Weights 9 / 55 / 1 (T = 65); billed totals 9 / 55 / 0 (the .5 tie goes to C2, earlier).
    // Item 3 (1 yen, B = 60): targets 8 / 51 / 1, billed 8 / 51 / 0 → raw 0 / 0 / 1; C3 is capped at its
    // billed total 0 and its unit goes to the largest line that can take it: C1 and C2 are both 0,
    // the tie goes to the earlier charge, C1.
    const s = fixedScenario({
      currency: 'JPY',
      chargeGrouping: 'term',
      prorationDays: 'actual',
      charges: [
        {
          subscription: 'S1',
          number: 'C1',
          type: 'OneTime',
          units: 9n,
          startDate: '2022-01-01',
          endDate: '2022-01-31',
        },
        {
          subscription: 'S2',
          number: 'C2',
          type: 'Recurring',
          units: 654n,
          startDate: '2022-01-01',
          endDate: '2022-01-31',
        },
        {
          subscription: 'S3',
          number: 'C3',
          type: 'Recurring',
          units: 6n,
          startDate: '2022-01-01',
          endDate: '2022-01-31',
        },
      ],
      items: runDates([1n, 58n, 1n, 1n, 1n, 2n]),
    });
    const expected = [
      ['S2/C2 1 2022-01-01 → 2022-01-01'],
      ['S1/C1 8 2022-01-01 → 2022-01-01', 'S2/C2 50 2022-01-01 → 2022-01-29'],
      ['S1/C1 1 2022-01-01 → 2022-01-01'],
      ['S2/C2 1 2022-01-29 → 2022-01-30'],
      ['S2/C2 1 2022-01-30 → 2022-01-30'],
      ['S2/C2 2 2022-01-30 → 2022-01-31'],
    ];
    expect(modelLines(s)).toEqual(expected);
    expect(await engineLines(s)).toEqual(expected);
  });

  it('a capped unit goes to the largest line (C4), not to the next charge (C3)', async () => {
    // USD, one term group from 2023-06-16: C1 one-time 0.23 (to 2024-12-15), C2 0.06/yr for one month
    // (0.005), C3 one-time 0.05, C4 5.83/yr for one month (0.48583…). Weights 23 / 1 / 5 / 49 (T = 78);
    // billed totals 23 / 0 / 5 / 49. Item 2 (0.32, B = 35): targets 10 / 1 / 2 / 22 → raw 9 / 1 / 2 / 20;
    // C2 is capped at 0 and its cent goes to the largest line, C4 (0.21), not to C3.
    const s = fixedScenario({
      currency: 'USD',
      chargeGrouping: 'term',
      prorationDays: 'actual',
      charges: [
        {
          subscription: 'S1',
          number: 'C1',
          type: 'OneTime',
          units: 23n,
          startDate: '2023-06-16',
          endDate: '2024-12-15',
        },
        {
          subscription: 'S2',
          number: 'C2',
          type: 'Recurring',
          units: 6n,
          startDate: '2023-06-16',
          endDate: '2023-07-15',
        },
        {
          subscription: 'S2',
          number: 'C3',
          type: 'OneTime',
          units: 5n,
          startDate: '2023-06-16',
          endDate: '2023-07-15',
        },
        {
          subscription: 'S2',
          number: 'C4',
          type: 'Recurring',
          units: 583n,
          startDate: '2023-06-16',
          endDate: '2023-07-15',
        },
      ],
      items: runDates([3n, 32n, 39n, 2n, 1n]),
    });
    const expected = [
      ['S1/C1 0.01 2023-06-16 → 2023-06-16', 'S2/C4 0.02 2023-06-16 → 2023-06-17'],
      [
        'S1/C1 0.09 2023-06-16 → 2023-06-16',
        'S2/C3 0.02 2023-06-16 → 2023-06-16',
        'S2/C4 0.21 2023-06-17 → 2023-06-30',
      ],
      [
        'S1/C1 0.12 2023-06-16 → 2023-06-16',
        'S2/C3 0.03 2023-06-16 → 2023-06-16',
        'S2/C4 0.24 2023-06-30 → 2023-07-14',
      ],
      ['S2/C4 0.02 2023-07-14 → 2023-07-15'],
      ['S1/C1 0.01 2023-06-16 → 2023-06-16'],
    ];
    expect(modelLines(s)).toEqual(expected);
    expect(await engineLines(s)).toEqual(expected);
  });

  it('two caps in one item cancel out: a line raised to zero takes the unit another cap frees', async () => {
    // JPY, one term group from 2023-02-01: C2 1,639/yr, C3 472/yr, C5 25/yr for 6 months (819.5 / 236 /
    // 12.5), C6 one-time 227. Weights 820 / 236 / 13 / 227 (T = 1,296); billed totals 820 / 236 / 12 / 227.
    // Item 4 (1 yen, B = 1,292): targets 817 / 236 / 13 / 226, billed 818 / 235 / 12 / 226 → raw −1 / 1 /
    // 1 / 0. C2 is raised to 0 and C5 lowered to 0: the unit C5 frees is the one C2 needs, so C3 keeps
    // its 1 (its target). Handling the caps one after the other would bill C2 1 and C3 0 instead,
    // leaving C2 two units ahead of its target and C3 one behind.
    const s = fixedScenario({
      currency: 'JPY',
      chargeGrouping: 'term',
      prorationDays: 'thirty',
      charges: [
        {
          subscription: 'S1',
          number: 'C2',
          type: 'Recurring',
          units: 1639n,
          startDate: '2023-02-01',
          endDate: '2023-07-31',
        },
        {
          subscription: 'S1',
          number: 'C3',
          type: 'Recurring',
          units: 472n,
          startDate: '2023-02-01',
          endDate: '2023-07-31',
        },
        {
          subscription: 'S1',
          number: 'C5',
          type: 'Recurring',
          units: 25n,
          startDate: '2023-02-01',
          endDate: '2023-07-31',
        },
        {
          subscription: 'S2',
          number: 'C6',
          type: 'OneTime',
          units: 227n,
          startDate: '2023-02-01',
          endDate: '2023-02-28',
        },
      ],
      items: runDates([1n, 1287n, 3n, 1n, 3n]),
    });
    const lines = await engineLines(s);
    expect(lines[3]).toEqual(['S1/C3 1 2023-07-30 → 2023-07-31']);
    expect(lines).toEqual(modelLines(s));
  });
});
