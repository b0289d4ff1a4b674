// A struct's and a list's `adopt` (what a store keeps of a saved value) check a shareable value before they build
// its copy (issue 11: most saved values are kept as they are, and the copy was thrown away). Against the adopt
// they ran before (the oracle below, the same steps with the copy built first): the same answer, a value
// declined alike, the same parts shared — on random values of a small record shape, each part frozen or not,
// its fields in the codec's order or not, with an unknown field, an optional field set to `undefined`, a field
// of the wrong type, a zero other than the shared one, Decimals frozen or not, a getter or a Proxy (each read
// and trap counted, and read as often), and once with an enumerable getter on Object.prototype.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isPlainObject } from '../../../src/domain/decode';
import { isShareable } from '../../../src/domain/freeze';
import { Dec } from '../../../src/money/decimal';
import { amount, integer, list, nullable, optional, struct, text } from '../../../src/ports/codec';
import { counted } from '../../support/counted';

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
  /** Its last field read through a counted getter. */
  getter: fc.nat(19).map((n) => n < 1),
  /** Wrapped in a Proxy that counts its traps. */
  proxy: fc.nat(19).map((n) => n < 1),
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

function object(fields: [string, unknown][], f: Form, reads: number[]): Record<string, unknown> {
  const entries = f.reversed ? [...fields].reverse() : fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  if (f.extra) out.unknown = 1;
  if (f.undefinedField) out.b = undefined;
  const last = entries[entries.length - 1];
  if (f.getter && last !== undefined) {
    const at = reads.length;
    reads.push(0);
    Object.defineProperty(out, last[0], {
      enumerable: true,
      get: () => {
        reads[at] = (reads[at] ?? 0) + 1;
        return last[1];
      },
    });
  }
  const value = f.frozen ? Object.freeze(out) : out;
  return f.proxy ? counted(value, reads) : value;
}

function buildDecimal(spec: { text: string; frozen: boolean }): InstanceType<typeof Dec> {
  const d = new Dec(spec.text);
  if (spec.frozen) {
    Object.freeze(d.d);
    Object.freeze(d);
  }
  return d;
}

function build(spec: RecordSpec, reads: number[]): unknown {
  const lines = spec.c.map((l) =>
    object(
      [
        ['x', l.x],
        ['y', l.y],
      ],
      { ...l.form, undefinedField: false },
      reads,
    ),
  );
  const c = spec.listForm.frozen ? Object.freeze(lines) : lines;
  const fields: [string, unknown][] = [['a', spec.a]];
  if (spec.b !== undefined) fields.push(['b', typeof spec.b === 'string' ? spec.b : buildDecimal(spec.b)]);
  fields.push(['c', spec.listForm.proxy ? counted(c, reads) : c]);
  return object(fields, spec.form, reads);
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

/** Runs `adopt` on a value built from `spec`; what it answered, and the reads and traps it made. */
function run(spec: RecordSpec, adopt: (v: unknown) => unknown, planted: boolean) {
  const reads: number[] = [];
  const value = build(spec, reads);
  let inherited = 0;
  // Planted only while adopt runs: fast-check and the assertions assign fields of their own.
  if (planted)
    Object.defineProperty(Object.prototype, 'note', {
      configurable: true,
      enumerable: true,
      get: () => {
        inherited += 1;
        return 'x';
      },
    });
  let adopted: unknown;
  try {
    adopted = adopt(value);
  } finally {
    if (planted) delete (Object.prototype as { note?: unknown }).note;
  }
  return { value, adopted, counts: [...reads, inherited] };
}

describe("a struct's and a list's adopt against the adopt they ran before", () => {
  for (const planted of [false, true])
    test.prop([recordSpec], { numRuns: planted ? 200 : 600 })(
      `the same answer, the same parts kept as they are, each getter and trap read as often${planted ? ' (an enumerable getter on Object.prototype)' : ''}`,
      (spec) => {
        const now = run(spec, record.adopt, planted);
        const before = run(spec, oldRecord, planted);
        expect(now.counts).toStrictEqual(before.counts);
        expect(now.adopted === undefined).toBe(before.adopted === undefined);
        if (now.adopted === undefined) return;
        expect(now.adopted).toStrictEqual(before.adopted);
        expect(shared(now.value, now.adopted)).toStrictEqual(shared(before.value, before.adopted));
        expect(Object.isFrozen(now.adopted)).toBe(true);
      },
    );
});
