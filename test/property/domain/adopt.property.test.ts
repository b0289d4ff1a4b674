// A struct's and a list's `adopt` (what a store keeps of a saved value) check a shareable value before they build
// its copy (issue 11: most saved values are kept as they are, and the copy was thrown away). Against the adopt
// they ran before (the oracle below, the same steps with the copy built first): the same answer, a value
// declined alike, the same parts shared — on random values of a small record shape, each part frozen or not,
// its fields in the codec's order or not, with an unknown field, an optional field set to `undefined`, a field
// of the wrong type, a zero other than the shared one, and Decimals frozen or not.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isPlainObject } from '../../../src/domain/decode';
import { isShareable } from '../../../src/domain/freeze';
import { Dec } from '../../../src/money/decimal';
import { amount, integer, list, nullable, optional, struct, text } from '../../../src/ports/codec';

const line = struct({ x: integer(0), y: nullable(text) });
const record = struct({ a: text, b: optional(amount), c: list(line) });

type Adopt = (value: unknown) => unknown;

/** A struct's adopt as it was before its check (2026-12-04): the copy built first, the value kept when the same. */
function oldStruct(
  fields: Readonly<Record<string, { readonly adopt: Adopt; readonly optional?: boolean }>>,
): Adopt {
  const keys = Object.keys(fields);
  return (value) => {
    if (!isPlainObject(value)) return undefined;
    const out: Record<string, unknown> = {};
    let present = 0;
    let same = true;
    for (const k of keys) {
      const field = value[k];
      const codec = fields[k] as { readonly adopt: Adopt; readonly optional?: boolean };
      if (field === undefined) {
        if (codec.optional === true) continue;
        return undefined;
      }
      const adopted = codec.adopt(field);
      if (adopted === undefined) return undefined;
      if (adopted !== field) same = false;
      out[k] = adopted;
      present += 1;
    }
    let count = 0;
    // biome-ignore lint/correctness/noUnusedVariables: only counted.
    for (const name in value) count += 1;
    if (count !== present) return undefined;
    return same && isShareable(value, Object.keys(out)) ? value : Object.freeze(out);
  };
}

/** A list's adopt as it was before its check. */
function oldList(element: Adopt): Adopt {
  return (input) => {
    if (!Array.isArray(input)) return undefined;
    const out: unknown[] = new Array(input.length);
    let same = true;
    for (let i = 0; i < input.length; i += 1) {
      const value = element(input[i]);
      if (value === undefined) return undefined;
      if (value !== input[i]) same = false;
      out[i] = value;
    }
    return same && isShareable(input) ? input : Object.freeze(out);
  };
}

const oldLine = oldStruct({ x: integer(0), y: nullable(text) });
const oldRecord = oldStruct({
  a: text,
  b: { adopt: amount.adopt, optional: true },
  c: { adopt: oldList(oldLine) },
});

/** How to build one object or array of the value. */
const form = fc.record({
  frozen: fc.nat(9).map((n) => n < 8),
  reversed: fc.nat(9).map((n) => n < 1),
  extra: fc.nat(19).map((n) => n < 1),
  undefinedField: fc.nat(19).map((n) => n < 1),
});
type Form = typeof form extends fc.Arbitrary<infer F> ? F : never;

/** A Decimal's recipe: its text, and whether it (and its digits) are frozen. */
const decimal = fc.record({ text: fc.constantFrom('12.50', '0', '-0', '3', '-7.25'), frozen: fc.boolean() });

const lineSpec = fc.record({
  x: fc.oneof(fc.nat(5), fc.constant(-1), fc.constant('1')),
  y: fc.oneof(fc.constant(null), fc.string({ maxLength: 2 }), fc.constant(3)),
  form,
});
const recordSpec = fc.record({
  a: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(7)),
  b: fc.option(fc.oneof(decimal, fc.constant('1.00')), { nil: undefined }),
  c: fc.array(lineSpec, { maxLength: 3 }),
  listForm: form,
  form,
});
type RecordSpec = typeof recordSpec extends fc.Arbitrary<infer R> ? R : never;

function object(fields: [string, unknown][], f: Form): Record<string, unknown> {
  const entries = f.reversed ? [...fields].reverse() : fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  if (f.extra) out.unknown = 1;
  if (f.undefinedField) out.b = undefined;
  return f.frozen ? Object.freeze(out) : out;
}

function buildDecimal(spec: { text: string; frozen: boolean }): InstanceType<typeof Dec> {
  const d = new Dec(spec.text);
  if (spec.frozen) {
    Object.freeze(d.d);
    Object.freeze(d);
  }
  return d;
}

function build(spec: RecordSpec): unknown {
  const lines = spec.c.map((l) =>
    object(
      [
        ['x', l.x],
        ['y', l.y],
      ],
      { ...l.form, undefinedField: false },
    ),
  );
  const c = spec.listForm.frozen ? Object.freeze(lines) : lines;
  const fields: [string, unknown][] = [['a', spec.a]];
  if (spec.b !== undefined) fields.push(['b', typeof spec.b === 'string' ? spec.b : buildDecimal(spec.b)]);
  fields.push(['c', c]);
  return object(fields, spec.form);
}

/** The paths at which `adopted` holds the very part of `source` found there. */
function shared(source: unknown, adopted: unknown, path = '$', out: string[] = []): string[] {
  if (source === adopted) {
    out.push(path);
    return out;
  }
  if (typeof source !== 'object' || source === null || typeof adopted !== 'object' || adopted === null)
    return out;
  for (const k of Object.keys(adopted))
    shared(
      (source as Record<string, unknown>)[k],
      (adopted as Record<string, unknown>)[k],
      `${path}.${k}`,
      out,
    );
  return out;
}

describe("a struct's and a list's adopt against the adopt they ran before", () => {
  test.prop([recordSpec], { numRuns: 600 })(
    'the same answer, and the same parts kept as they are',
    (spec) => {
      const now = build(spec);
      const before = build(spec);
      const adoptedNow = record.adopt(now);
      const adoptedBefore = oldRecord(before);
      expect(adoptedNow === undefined).toBe(adoptedBefore === undefined);
      if (adoptedNow === undefined) return;
      expect(adoptedNow).toStrictEqual(adoptedBefore);
      expect(shared(now, adoptedNow)).toStrictEqual(shared(before, adoptedBefore));
      expect(Object.isFrozen(adoptedNow)).toBe(true);
    },
  );
});
