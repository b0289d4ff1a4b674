/**
 * The codec toolkit behind the records (internal): two-way codecs for the field types (strings, keys,
 * amounts, decimals, business dates, ...), the combinators that build an aggregate's codec from them
 * (`struct`, `list`, `optional`, `withDefault`, `nullable`, `tagged`), and `aggregate`, which turns a root codec into
 * the encode and decode of one aggregate's record, reporting an {@link InvalidRecord} on bad input.
 * `union` reads a domain union told apart by one field (a paused schedule, a detached charge), so a
 * record whose fields break the pairing is rejected like any other bad field.
 *
 * The decoding checks the requests share (strings, booleans, literals, arrays, objects with known fields,
 * paths) are the primitives of `domain/decode.ts`; a decode reports their {@link Issue}, which only
 * `aggregate` turns into an {@link InvalidRecord}.
 */
import type { Decimal } from 'decimal.js';
import { err, ok, type Result } from 'neverthrow';
import {
  anyString,
  decodeArray,
  decodeBoolean,
  decodeElements,
  decodeFields,
  decodeOneOf,
  describeStored,
  type Issue,
  isPlainObject,
  issue,
  joinPath,
  nonEmptyString,
} from '../domain/decode';
import { isKnownProxy, isShareable } from '../domain/freeze';
import { getCurrency } from '../money/currency';
import { Dec, frozenDecimal } from '../money/decimal';
import { sharedAmountOfText, sharedAmountText } from '../money/minor';
import { type BusinessDate, parseBusinessDate } from '../time/date';
import { parseFraction } from '../time/rational';
import type { EntityName } from './index';
import type { InvalidRecord } from './records';

/** Encoding/decoding context: the scale of the aggregate's currency, for amounts. */
interface Context {
  readonly scale: number;
}

/**
 * A two-way codec. Function-typed properties (not methods) so the compiler checks both
 * directions strictly when a codec is declared as `Codec<DomainType, RecordType>`.
 */
export interface Codec<T, R> {
  readonly encode: (value: T, context: Context) => R;
  readonly decode: (input: unknown, path: string, context: Context) => Result<T, Issue>;
  /**
   * What `decode(encode(value))` gives, without the round trip (a store's check of a value it saves): the
   * same fields in the same order, frozen, amounts as Decimals of our clone frozen where they are — or
   * `undefined` when it cannot vouch for `value` (the round trip then reports the error). Never less
   * strict than the round trip: what it adopts, the round trip would read back equal.
   */
  readonly adopt: (value: unknown) => T | undefined;
  /**
   * What `decode(input)` gives when it succeeds, or `undefined` when it fails — without the Results and
   * paths a decode builds to word an error (a store's read of its records). `aggregate` decodes again,
   * the long way, only when it fails.
   */
  readonly read: (input: unknown) => T | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: a variance-free bound for struct shapes; each field keeps its own types.
type AnyCodec = Codec<any, any>;
type ValueOf<C> = C extends Codec<infer T, unknown> ? T : never;
type RecOf<C> = C extends Codec<unknown, infer R> ? R : never;

/** Any string (names, notes, free text). */
export const text: Codec<string, string> = {
  encode: (value) => value,
  decode: anyString,
  adopt: (value) => (typeof value === 'string' ? value : undefined),
  read: (input) => (typeof input === 'string' ? input : undefined),
};

/** A non-empty string (ids, numbers, codes). */
export const key: Codec<string, string> = {
  encode: (value) => value,
  decode: nonEmptyString,
  adopt: (value) => (typeof value === 'string' && value.length > 0 ? value : undefined),
  read: (input) => (typeof input === 'string' && input.length > 0 ? input : undefined),
};

export const bool: Codec<boolean, boolean> = {
  encode: (value) => value,
  decode: decodeBoolean,
  adopt: (value) => (typeof value === 'boolean' ? value : undefined),
  read: (input) => (typeof input === 'boolean' ? input : undefined),
};

export function integer(min: number): Codec<number, number> {
  const holds = (input: unknown): input is number =>
    typeof input === 'number' && Number.isSafeInteger(input) && input >= min;
  return {
    encode: (value) => value,
    decode: (input, path) => (holds(input) ? ok(input) : issue(path, `an integer ≥ ${min}`, input)),
    adopt: (value) => (holds(value) ? value : undefined),
    read: (input) => (holds(input) ? input : undefined),
  };
}

export function oneOf<const V extends string>(values: readonly V[]): Codec<V, V> {
  return {
    encode: (value) => value,
    decode: decodeOneOf(values),
    adopt: (value) => ((values as readonly unknown[]).includes(value) ? (value as V) : undefined),
    read: (input) => ((values as readonly unknown[]).includes(input) ? (input as V) : undefined),
  };
}

/** Exactly `value` (the fixed half of a pairing, e.g. `detachment: null` while attached). */
export function literal<const V extends string | boolean | null>(value: V): Codec<V, V> {
  return {
    encode: (v) => v,
    decode: (input, path) => (input === value ? ok(value) : issue(path, JSON.stringify(value), input)),
    adopt: (input) => (input === value ? value : undefined),
    read: (input) => (input === value ? value : undefined),
  };
}

/**
 * `inner`, saying `expected` when the field itself is wrong (not a field inside it): how the
 * variants of a {@link union} explain what their pairing requires.
 */
export function expecting<T, R>(inner: Codec<T, R>, expected: string): Codec<T, R> {
  return {
    encode: inner.encode,
    decode: (input, path, context) =>
      inner
        .decode(input, path, context)
        .mapErr((found) => (found.path === path ? { ...found, expected } : found)),
    adopt: inner.adopt,
    read: inner.read,
  };
}

/** Dates adopted or read so far (bounded: started again past 10,000), each checked once. */
const adoptedDates = new Set<string>();

/** `input` as a business date, checked once per distinct text (see {@link adoptedDates}). */
function knownDate(input: unknown): BusinessDate | undefined {
  if (typeof input !== 'string') return undefined;
  if (adoptedDates.has(input)) return input as BusinessDate;
  const parsed = parseBusinessDate(input);
  if (parsed.isErr()) return undefined;
  if (adoptedDates.size >= 10_000) adoptedDates.clear();
  adoptedDates.add(input);
  return parsed.value;
}

export const businessDate: Codec<BusinessDate, string> = {
  encode: (value) => value,
  decode: (input, path) => {
    const parsed = parseBusinessDate(input);
    return parsed.isOk() ? ok(parsed.value) : issue(path, 'a calendar date YYYY-MM-DD', input);
  },
  adopt: knownDate,
  read: knownDate,
};

/**
 * An instant as `Date.prototype.toISOString` writes it, such as `2023-02-04T00:00:00.000Z` (a bill run's
 * `createdAt`): in UTC, with milliseconds, a real date and time. One form only, so that every store compares
 * instants alike — as text (the memory store) or as timestamps (PostgreSQL) — and none refuses one the other
 * keeps (`2023-02-30T…`, which `Date.parse` rolls over to March, or an offset, read one way as text and another
 * as a time). Years 0001 to 9999, as PostgreSQL's timestamps and the business dates.
 */
const isInstant = (input: unknown): input is string =>
  typeof input === 'string' &&
  /^(?!0000-)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(input) &&
  !Number.isNaN(Date.parse(input)) &&
  new Date(input).toISOString() === input;

export const instant: Codec<string, string> = {
  encode: (value) => value,
  decode: (input, path) =>
    isInstant(input)
      ? ok(input)
      : issue(
          path,
          'an ISO 8601 instant in UTC with milliseconds, as toISOString writes it, such as "2023-02-04T00:00:00.000Z"',
          input,
        ),
  adopt: (value) => (isInstant(value) ? value : undefined),
  read: (input) => (isInstant(input) ? input : undefined),
};

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

function finite(value: Decimal, what: string): Decimal {
  // A non-finite Decimal in a domain value is a bug upstream, not bad input.
  if (!value.isFinite())
    throw new TypeError(`records: cannot encode a non-finite ${what} (${value.toString()})`);
  return value;
}

/** The decimals records hold most often, read once: frozen, so every record can share them. */
const COMMON = new Map(['0', '0.00', '1'].map((text) => [text, frozenDecimal(new Dec(text))]));

/**
 * A finite Decimal of our clone, frozen (decimal.js never changes one): what `toFixed` and reading the text
 * back give, by value. `value` itself when it and its digits are frozen already, else a frozen copy: a
 * caller's Decimal is never frozen in place. Any zero is the shared one (`toFixed` writes -0 as 0).
 */
export function adoptDecimal(value: unknown): Decimal | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const d = value as Decimal;
  // A Proxy passes for its target but may throw later: the round trip reads it (where the runtime can tell).
  if (
    d.constructor !== Dec ||
    Object.getPrototypeOf(d) !== Dec.prototype ||
    isKnownProxy(d) ||
    !wellFormed(d)
  )
    return undefined;
  if (d.isZero()) return COMMON.get('0') as Decimal;
  if (Object.isFrozen(d) && Object.isFrozen(d.d)) return d;
  // A copy, frozen: the caller's Decimal is left as it was. decimal.js's copy takes the sign, exponent and
  // digits as they read now, the digits sliced to an array of their own length; they are checked again, as
  // a second read of a field need not give what the first gave.
  const copy = new Dec(d);
  if (!wellFormed(copy)) return undefined;
  Object.freeze(copy.d);
  return Object.freeze(copy);
}

/** Decimal words hold seven digits each (decimal.js's base 1e7). */
const WORD = 1e7;
const WORD_DIGITS = 7;
/**
 * Beyond this exponent a value is declined rather than adopted: its text would run to thousands of digits,
 * and the round trip a declined value takes says what to do with it.
 */
const MAX_ADOPTED_EXPONENT = 1e4;

/**
 * `d` is a finite Decimal as decimal.js builds one, so that adopting it as it is gives what reading its text
 * back would: the enumerable own keys `constructor`, `s`, `e` and `d` and no other; a sign of ±1; a safe
 * integer exponent of modest size; digit words that are integers in [0, 1e7), the first and last not zero
 * (unless the value is zero) and the first aligned with the exponent. Cheap, as it runs on every amount a
 * store saves: no descriptors are read (a getter planted on a Decimal by hand is not looked for).
 */
function wellFormed(d: Decimal): boolean {
  if (Object.keys(d).length !== 4) return false;
  const { s, e, d: words } = d as unknown as { s: unknown; e: unknown; d: unknown };
  if (s !== 1 && s !== -1) return false;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || Math.abs(e) > MAX_ADOPTED_EXPONENT) return false;
  if (!Array.isArray(words) || words.length === 0) return false;
  for (let i = 0; i < words.length; i++) {
    const w: unknown = words[i];
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= WORD) return false;
  }
  const first = words[0] as number;
  if (first === 0) return words.length === 1 && e === 0;
  if (words[words.length - 1] === 0) return false;
  return (((e - digitCount(first) + 1) % WORD_DIGITS) + WORD_DIGITS) % WORD_DIGITS === 0;
}

function digitCount(word: number): number {
  let count = 1;
  for (let w = word; w >= 10; w = Math.floor(w / 10)) count++;
  return count;
}

function readDecimal(input: unknown): Decimal | undefined {
  if (typeof input !== 'string' || !DECIMAL_PATTERN.test(input)) return undefined;
  // Most amounts are shared by value (the amounts the core builds from minor units are the same objects).
  return COMMON.get(input) ?? sharedAmountOfText(input) ?? frozenDecimal(new Dec(input));
}

function decodeDecimal(input: unknown, path: string, expected: string): Result<Decimal, Issue> {
  const value = readDecimal(input);
  return value === undefined ? issue(path, expected, input) : ok(value);
}

/**
 * A plain decimal (percentages, quantities): `toFixed()` keeps every significant digit and never
 * uses exponent notation. decimal.js does not keep trailing zeros, so `'20.50'` reads back as the
 * same value and is written again as `'20.5'`: values are compared by value, never by string.
 */
export const decimal: Codec<Decimal, string> = {
  encode: (value) => finite(value, 'decimal').toFixed(),
  decode: (input, path) => decodeDecimal(input, path, 'a decimal string such as "20" or "12.5"'),
  adopt: adoptDecimal,
  read: readDecimal,
};

/**
 * A money amount: written with at least the currency's minor units (`'50000.00'`, `'100'` for JPY)
 * and never fewer digits than the value has, so nothing is rounded on the way out.
 */
export const amount: Codec<Decimal, string> = {
  encode: (value, context) => {
    // An amount built from minor units at the currency's scale has its text at hand.
    const known = sharedAmountText(value, context.scale);
    if (known !== undefined) return known;
    const v = finite(value, 'amount');
    return v.toFixed(Math.max(context.scale, v.decimalPlaces()));
  },
  decode: (input, path) => decodeDecimal(input, path, 'a decimal string such as "50000.00" or "-270.00"'),
  adopt: adoptDecimal,
  read: readDecimal,
};

/**
 * The text of an exact fraction (a detached charge's value when detached): `"num/den"` in lowest terms, or
 * `"num"` when whole, exactly as `formatFraction` writes it, so it reads back as written.
 */
export const fraction: Codec<string, string> = {
  encode: (value) => value,
  decode: (input, path) =>
    parseFraction(input) !== null
      ? ok(input as string)
      : issue(path, 'an exact fraction in lowest terms such as "1200" or "-400/3"', input),
  adopt: (value) => (parseFraction(value) !== null ? (value as string) : undefined),
  read: (input) => (parseFraction(input) !== null ? (input as string) : undefined),
};

export function nullable<T, R>(inner: Codec<T, R>): Codec<T | null, R | null> {
  return {
    encode: (value, context) => (value === null ? null : inner.encode(value, context)),
    decode: (input, path, context) => (input === null ? ok(null) : inner.decode(input, path, context)),
    adopt: (value) => (value === null ? null : inner.adopt(value)),
    read: (input) => (input === null ? null : inner.read(input)),
  };
}

/**
 * A frozen array of `element(x)` for each `x` of `input`, or `undefined` if one is (or `input` is no array).
 * With `share` (adopt), `input` itself when each element was kept as it is and it is shareable; a read of
 * parsed JSON never is, and does not ask.
 */
function eachOf<T>(
  input: unknown,
  element: (x: unknown) => T | undefined,
  share: boolean,
): readonly T[] | undefined {
  if (!Array.isArray(input)) return undefined;
  // A shareable array (no holes, data elements only: an element read again reads the same) is most often kept as
  // it is: its copy is built only from the first element adopted as another value, the ones before it read again.
  // Each element is adopted once either way.
  let out: T[] | undefined = share && isShareable(input) ? undefined : new Array(input.length);
  let same = share;
  for (let i = 0; i < input.length; i += 1) {
    const value = element(input[i]);
    if (value === undefined) return undefined;
    if (value !== input[i]) {
      same = false;
      if (out === undefined) {
        // Sized up front: the array is stored, and one grown by `push` keeps spare slots.
        out = new Array(input.length);
        for (let j = 0; j < i; j += 1) out[j] = input[j] as T;
      }
    }
    if (out !== undefined) out[i] = value;
  }
  if (out === undefined) return input as readonly T[];
  return same && isShareable(input) ? input : Object.freeze(out);
}

export function list<T, R>(inner: Codec<T, R>): Codec<readonly T[], readonly R[]> {
  return {
    encode: (values, context) => values.map((v) => inner.encode(v, context)),
    decode: (input, path, context) =>
      decodeArray(input, path)
        .andThen((elements) =>
          decodeElements(elements, path, (element, at) => inner.decode(element, at, context)),
        )
        .map((out): readonly T[] => Object.freeze(out)),
    adopt: (value) => eachOf(value, inner.adopt, true),
    read: (input) => eachOf(input, inner.read, false),
  };
}

/** Marks a struct field that may be absent (an optional property of the domain type). */
interface Optional<T, R> extends Codec<T, R> {
  readonly optional: true;
}

export function optional<T, R>(inner: Codec<T, R>): Optional<T, R> {
  return { ...inner, optional: true };
}

/** Marks a struct field that records written before it existed lack: it reads back as `fallback`. */
interface Defaulted<T, R> extends Codec<T, R> {
  readonly fallback: T;
}

/**
 * A field added after records were first written (a credit memo's `applications`): always written, and
 * read back as `fallback` when the record lacks it (an old record), so old records still decode. Unlike
 * {@link optional}, the domain value always has the field.
 */
export function withDefault<T, R>(inner: Codec<T, R>, fallback: T): Defaulted<T, R> {
  return { ...inner, fallback };
}

type OptionalKeys<S> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] };
type StructValue<S> = Flatten<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: ValueOf<S[K]> } & {
    readonly [K in OptionalKeys<S>]?: ValueOf<S[K]>;
  }
>;
type StructRecord<S> = Flatten<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: RecOf<S[K]> } & {
    readonly [K in OptionalKeys<S>]?: RecOf<S[K]>;
  }
>;

/**
 * An object with exactly these fields, encoded in this key order. Unknown fields are rejected:
 * they would be dropped silently by the next save, so their presence means the record was not
 * written by this library. Optional fields are left out when absent (never written as `null`).
 */
export function struct<S extends Record<string, AnyCodec>>(shape: S): Codec<StructValue<S>, StructRecord<S>> {
  const keys = Object.keys(shape);
  const keySet = new Set(keys);
  const isOptional = (k: string): boolean =>
    (shape[k] as Partial<Optional<unknown, unknown>>).optional === true;
  /**
   * The fields of `value` before the `end`-th key, as adopted while they were each kept as they are: its own ones
   * (data fields of a shareable value, read again), an absent or `undefined` one left out as adopt leaves it.
   */
  const keptFields = (value: Record<string, unknown>, end: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let j = 0; j < end; j += 1) {
      const k = keys[j] as string;
      if (!Object.hasOwn(value, k)) continue;
      const field = value[k];
      if (field !== undefined) out[k] = field;
    }
    return out;
  };
  return {
    encode: (value, context) => {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const field = source[k];
        if (field === undefined) {
          if (isOptional(k)) continue;
          // A field with a default, absent from the value (made before the field existed, as a record without it
          // reads back): written as its default, which is what the value means.
          const codec = shape[k] as Partial<Defaulted<unknown, unknown>>;
          if (Object.hasOwn(codec, 'fallback')) {
            out[k] = (shape[k] as AnyCodec).encode(codec.fallback, context);
            continue;
          }
        }
        out[k] = (shape[k] as AnyCodec).encode(field, context);
      }
      return out as StructRecord<S>;
    },
    decode: (input, path, context) => {
      const fields = decodeFields(input, path, keys, `an object with the fields ${keys.join(', ')}`);
      if (fields.isErr()) return err(fields.error);
      const record = fields.value;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (!Object.hasOwn(record, k) || record[k] === undefined) {
          if (isOptional(k)) continue;
          const codec = shape[k] as Partial<Defaulted<unknown, unknown>>;
          if (Object.hasOwn(codec, 'fallback')) {
            out[k] = codec.fallback;
            continue;
          }
          return issue(joinPath(path, k), 'a value (the field is missing)', undefined);
        }
        const decoded = (shape[k] as AnyCodec).decode(record[k], joinPath(path, k), context);
        if (decoded.isErr()) return err(decoded.error);
        out[k] = decoded.value;
      }
      return ok(Object.freeze(out) as StructValue<S>);
    },
    adopt: (value) => {
      if (!isPlainObject(value)) return undefined;
      // A shareable value (frozen, plain, own fields all data fields: one read again reads the same) is most
      // often kept as it is: its copy is built only from the first field adopted as another value (or an
      // inherited one, read once), the fields before it read again. Each field is adopted once either way.
      let out: Record<string, unknown> | undefined = isShareable(value) ? undefined : {};
      let present = 0;
      // Whether `value` itself is what the round trip would give: each field adopted as it is, and the value
      // shareable (frozen, plain, data fields in the codec's order, no Proxy: `isShareable`).
      let same = true;
      for (let i = 0; i < keys.length; i += 1) {
        const k = keys[i] as string;
        const field = value[k];
        if (field === undefined) {
          if (isOptional(k)) continue;
          return undefined;
        }
        if (out === undefined && !Object.hasOwn(value, k)) out = keptFields(value, i);
        const adopted = (shape[k] as AnyCodec).adopt(field);
        if (adopted === undefined) return undefined;
        if (adopted !== field) {
          same = false;
          out ??= keptFields(value, i);
        }
        if (out !== undefined) out[k] = adopted;
        present += 1;
      }
      // A field the codec does not know (or an optional one set to undefined): the round trip says what. Kept as
      // it is, `value`'s own keys must be its present fields in the codec's order (what `isShareable(value,
      // Object.keys(copy))` answers for a value it knows): each own key matched with the codec's next own one.
      let fields = 0;
      let at = 0;
      let ordered = true;
      for (const name in value) {
        fields += 1;
        if (out !== undefined || !ordered) continue;
        while (at < keys.length && !Object.hasOwn(value, keys[at] as string)) at += 1;
        if (keys[at] === name) at += 1;
        else ordered = false;
      }
      if (fields !== present) return undefined;
      if (out === undefined)
        return ordered
          ? (value as StructValue<S>)
          : (Object.freeze(keptFields(value, keys.length)) as StructValue<S>);
      return same && isShareable(value, Object.keys(out))
        ? (value as StructValue<S>)
        : (Object.freeze(out) as StructValue<S>);
    },
    read: (input) => {
      // decodeFields' check, then each field as decode reads it.
      if (!isPlainObject(input)) return undefined;
      for (const name of Object.keys(input)) if (!keySet.has(name)) return undefined;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (!Object.hasOwn(input, k) || input[k] === undefined) {
          if (isOptional(k)) continue;
          const codec = shape[k] as Partial<Defaulted<unknown, unknown>>;
          if (!Object.hasOwn(codec, 'fallback')) return undefined;
          out[k] = codec.fallback;
          continue;
        }
        const read = (shape[k] as AnyCodec).read(input[k]);
        if (read === undefined) return undefined;
        out[k] = read;
      }
      return Object.freeze(out) as StructValue<S>;
    },
  };
}

/**
 * A union of structs discriminated by their `type` field (order actions). Each variant's codec
 * must itself check `type` (use `oneOf([name])`).
 */
export function tagged<V extends Record<string, AnyCodec>>(
  variants: V,
): Codec<ValueOf<V[keyof V]>, RecOf<V[keyof V]>> {
  const pick = (tag: unknown): AnyCodec | undefined =>
    typeof tag === 'string' && Object.hasOwn(variants, tag) ? variants[tag] : undefined;
  const typeOf = decodeOneOf(Object.keys(variants));
  return {
    encode: (value, context) => {
      const codec = pick((value as { readonly type?: unknown }).type);
      if (codec === undefined)
        throw new TypeError(`records: no codec for ${String((value as { type?: unknown }).type)}`);
      return codec.encode(value, context);
    },
    decode: (input, path, context) => {
      if (!isPlainObject(input)) return issue(path, 'an object', input);
      return typeOf(input.type, joinPath(path, 'type')).andThen((tag) =>
        (pick(tag) as AnyCodec).decode(input, path, context),
      );
    },
    adopt: (value) => (isPlainObject(value) ? pick(value.type)?.adopt(value) : undefined),
    read: (input) => (isPlainObject(input) ? pick(input.type)?.read(input) : undefined),
  };
}

/** The value of `field` when `input` is an object (a record or a domain value), else `undefined`. */
function fieldOf(input: unknown, field: string): unknown {
  return typeof input === 'object' && input !== null ? Reflect.get(input, field) : undefined;
}

/**
 * A union of structs told apart by one field that holds the same JSON in the record and in the
 * value (`status`, `detached`): `pick` chooses the variant from that field, and the variant reads or
 * writes the whole object. Each variant's codec checks the field too, so anything `pick` lets through
 * to a default variant (a missing field, garbage, not an object) is reported by it as usual, and a
 * field that breaks the pairing is reported at its own path.
 */
export function union<V extends AnyCodec>(
  field: string,
  pick: (tag: unknown) => V,
): Codec<ValueOf<V>, RecOf<V>> {
  return {
    encode: (value, context) => pick(fieldOf(value, field)).encode(value, context),
    decode: (input, path, context) => pick(fieldOf(input, field)).decode(input, path, context),
    adopt: (value) => pick(fieldOf(value, field)).adopt(value),
    read: (input) => pick(fieldOf(input, field)).read(input),
  };
}

/** A stored record's key in its errors: its `number`, when it is a plain object whose `number` is a string. */
function recordKey(input: unknown): string | null {
  if (!isPlainObject(input)) return null;
  const number = input.number;
  return typeof number === 'string' ? number : null;
}

/**
 * The {@link InvalidRecord} of a record whose fields could not be read: reading one threw `error`. Its `key` is
 * its `number` when that field reads as a string (review 206: an adapter logging `key` learns which row).
 */
function unreadableRecord(entity: EntityName, input: unknown, error: unknown): InvalidRecord {
  let key: string | null;
  try {
    key = recordKey(input);
  } catch {
    key = null;
  }
  const which = key === null ? entity : `${entity} ${key}`;
  let why: string;
  try {
    why = error instanceof Error ? `${error.name}: ${error.message}` : 'a value was thrown';
  } catch {
    why = 'a value was thrown';
  }
  const expected = 'a plain object whose fields can be read';
  const received = `a value whose fields could not be read (${why.slice(0, 200)})`;
  return Object.freeze({
    type: 'InvalidRecord' as const,
    message: `Stored ${which} cannot be read: the record should be ${expected}, but is ${received}. Hand the library the record as read from the store (plain data, as JSON.parse gives), not a live object.`,
    entity,
    key,
    path: '',
    expected,
    received,
  });
}

function invalidRecord(entity: EntityName, key: string | null, found: Issue): InvalidRecord {
  const received = describeStored(found.input);
  const where = found.path === '' ? 'the record' : found.path;
  const which = key === null ? entity : `${entity} ${key}`;
  return Object.freeze({
    type: 'InvalidRecord' as const,
    message: `Stored ${which} cannot be read: ${where} should be ${found.expected}, but is ${received}. The record was corrupted or not written by toXxxRecord; repair it in the store (or restore it from a backup).`,
    entity,
    key,
    path: found.path,
    expected: found.expected,
    received,
  });
}

/** Scale of a currency code for encoding; 0 when unknown (then amounts keep their own digits). */
function scaleOf(code: string): number {
  const currency = getCurrency(code);
  return currency.isOk() ? currency.value.minorUnits : 0;
}

interface Aggregate<T, R> {
  readonly encode: (value: T) => R;
  readonly decode: (input: unknown) => Result<T, InvalidRecord>;
  /** What `decode(encode(value))` would give, or `undefined` (see {@link Codec.adopt}). */
  readonly adopt: (value: unknown) => T | undefined;
  /** `decode` the long way, each field's Result and path built (what `decode` falls back to; for tests). */
  readonly decodeFully: (input: unknown) => Result<T, InvalidRecord>;
  /** `decode`'s quick read (see {@link Codec.read}): the value, or `undefined` where the long way decides. */
  readonly read: (input: unknown) => T | undefined;
}

/**
 * Wraps a root codec: encodes with the currency's scale, decodes after checking the record is an
 * object and (for aggregates with a currency) that the currency is one we know.
 */
export function aggregate<T, R>(
  entity: EntityName,
  codec: Codec<T, R>,
  hasCurrency: boolean,
): Aggregate<T, R> {
  return {
    encode: (value) => {
      const code = hasCurrency ? (value as { readonly currency: string }).currency : '';
      return codec.encode(value, { scale: hasCurrency ? scaleOf(code) : 0 });
    },
    decode: (input) => {
      // The quick read first: a record the store wrote reads back without a Result per field. A record whose
      // fields cannot be read (a revoked Proxy, a getter that throws: an adapter handing over live objects) is
      // InvalidRecord, not a throw (review 202).
      try {
        const quick = read(input);
        return quick === undefined ? decodeFully(input) : ok(quick);
      } catch (error) {
        return err(unreadableRecord(entity, input, error));
      }
    },
    decodeFully: (input) => {
      try {
        return decodeFully(input);
      } catch (error) {
        return err(unreadableRecord(entity, input, error));
      }
    },
    read,
    adopt: (value) => (hasCurrency && !knownCurrency(value) ? undefined : codec.adopt(value)),
  };

  function read(input: unknown): T | undefined {
    return (hasCurrency ? knownCurrency(input) : isPlainObject(input)) ? codec.read(input) : undefined;
  }

  function decodeFully(input: unknown): Result<T, InvalidRecord> {
    {
      const key = recordKey(input);
      let scale = 0;
      if (hasCurrency && isPlainObject(input)) {
        const currency = typeof input.currency === 'string' ? getCurrency(input.currency) : null;
        if (currency === null || currency.isErr()) {
          return err(
            invalidRecord(entity, key, {
              path: 'currency',
              expected: 'an ISO 4217 code such as "USD"',
              input: input.currency,
            }),
          );
        }
        scale = currency.value.minorUnits;
      }
      return codec.decode(input, '', { scale }).mapErr((found) => invalidRecord(entity, key, found));
    }
  }
}

/** A plain object whose `currency` is a code we know. */
function knownCurrency(input: unknown): boolean {
  if (!isPlainObject(input)) return false;
  const code = input.currency;
  return typeof code === 'string' && getCurrency(code).isOk();
}
