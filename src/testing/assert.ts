// Assertions of the contract kit: plain Errors, so the kit runs under any test runner
// (vitest, jest, mocha, node:test) without depending on one's `expect`.

/** Fails the current test. */
export function fail(message: string): never {
  throw new Error(`repository contract: ${message}`);
}

/** Fails unless `condition` holds. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) fail(message);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** The path of the first difference between two JSON values, or `null` when equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return path || '(root)';
  if (Array.isArray(a) !== Array.isArray(b)) return path || '(root)';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    if (ra[k] === undefined && rb[k] === undefined) continue;
    const d = firstDifference(ra[k], rb[k], path === '' ? k : `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

/** Fails unless two JSON values are deeply equal; the message names the first difference. */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const diff = firstDifference(actual, expected);
  if (diff !== null)
    fail(`${what}: differs at ${diff}\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`);
}
