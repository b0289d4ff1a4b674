// The adapters' check of the options they are created with (the memory store's, the PostgreSQL adapter's
// and its `migrate`): an option they do not take is refused, not ignored, since a misspelt one would
// otherwise leave its default in use without a word. A programmer error in the host's wiring: a TypeError.

/** How {@link checkOptionNames} words its refusals for one function. */
export interface OptionNamesWording {
  /** An options object `who` takes, shown when the options are not an object (`{ schema: 'tenant_1' }`). */
  readonly example: string;
  /** Why a misspelt option is refused: what ignoring it would have meant (a sentence without its period). */
  readonly why: string;
  /** Names taken without meaning anything to `who` (migrate takes the store's options). */
  readonly ignored?: readonly string[];
}

/**
 * Refuses options that are not an object, or that name an option `who` does not take. Throws a TypeError
 * naming the unknown options and the allowed ones.
 */
export function checkOptionNames(
  options: unknown,
  allowed: readonly string[],
  who: string,
  wording: OptionNamesWording,
): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${who}: options must be an object such as ${wording.example} (or left out); got ${describeValue(options)}.`,
    );
  }
  const ignored = wording.ignored ?? [];
  const unknown = Object.keys(options).filter((name) => !allowed.includes(name) && !ignored.includes(name));
  if (unknown.length > 0) {
    const names = unknown.map((name) => JSON.stringify(name)).join(', ');
    const also = ignored.length === 0 ? '' : ` (${ignored.join(', ')} taken too, and ignored)`;
    throw new TypeError(
      `${who}: unknown option${unknown.length > 1 ? 's' : ''} ${names}; the options are ${allowed.join(', ')}${also}. A misspelt option is refused rather than ignored, since ${wording.why}.`,
    );
  }
}

/** What a value is, for a message: `null`, `an array`, or its `typeof`. */
export function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
