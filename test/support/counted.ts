// Values whose every read is counted, for tests that compare how often two implementations read a value.

/**
 * `value` behind a Proxy whose traps (get, getPrototypeOf, ownKeys, getOwnPropertyDescriptor, has, isExtensible)
 * are counted in `reads`, at the next position (pushed as 0 now).
 */
export function counted<T extends object>(value: T, reads: number[]): T {
  const at = reads.length;
  reads.push(0);
  const count = () => {
    reads[at] = (reads[at] ?? 0) + 1;
  };
  return new Proxy(value, {
    get: (t, k, r) => (count(), Reflect.get(t, k, r)),
    getPrototypeOf: (t) => (count(), Reflect.getPrototypeOf(t)),
    ownKeys: (t) => (count(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, k) => (count(), Reflect.getOwnPropertyDescriptor(t, k)),
    has: (t, k) => (count(), Reflect.has(t, k)),
    isExtensible: (t) => (count(), Reflect.isExtensible(t)),
  });
}
