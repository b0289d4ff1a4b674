// Mutants L02 / L03 (src/domain/documents/additional-lines.ts, withAdditionalLines / checkLine): `>` → `>=` on
// ADDITIONAL_LINE_LIMITS.lines (100) and .nameLength (255). The limits are "at most" (the error text: "at most
// 100 lines", "a name of at most 255 characters"); the suite checks 101 lines and nothing at 255/256
// characters, so refusing exactly 100 lines or a 255-character name goes unnoticed.
import { describe, expect, it } from 'vitest';
import { ADDITIONAL_LINE_LIMITS, withAdditionalLines } from '../../../src/domain/documents/additional-lines';
import { buildInvoice } from '../../../src/testing/builders';

const invoice = () => buildInvoice({ currency: 'USD', lines: [], amount: '100.00' });

describe('additional lines: the limits are inclusive (mutants L02, L03)', () => {
  it(`exactly ${ADDITIONAL_LINE_LIMITS.lines} lines are added (101 are refused)`, () => {
    const lines = Array.from({ length: ADDITIONAL_LINE_LIMITS.lines }, () => ({
      name: 'Fee',
      amount: '0.01',
    }));
    const added = withAdditionalLines(invoice(), lines);
    expect(added.isOk()).toBe(true);
    expect(added._unsafeUnwrap().amount.toFixed(2)).toBe('101.00');
  });

  it(`a name of exactly ${ADDITIONAL_LINE_LIMITS.nameLength} characters is kept; one more is refused`, () => {
    const name = 'N'.repeat(ADDITIONAL_LINE_LIMITS.nameLength);
    const added = withAdditionalLines(invoice(), [{ name, amount: '1.00' }]);
    expect(added.isOk()).toBe(true);
    expect(added._unsafeUnwrap().lines[0]?.chargeName).toBe(name);
    const refused = withAdditionalLines(invoice(), [{ name: `${name}N`, amount: '1.00' }]);
    expect(refused._unsafeUnwrapErr()).toMatchObject({ path: '[0].name' });
  });
});
