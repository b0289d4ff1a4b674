import type { BillingContext, Repositories, UnitOfWork } from '../../src/ports';

/** Called before each repository call of the hooked context: throw from it to fail the call. */
export type Hook = (repository: string, method: string, args: readonly unknown[]) => void;

/** The store with `hook` called before every repository call (it may throw, as a crash or a driver would). */
export function hooked(context: BillingContext, hook: Hook): BillingContext {
  const wrap = (repos: Repositories): Repositories =>
    Object.fromEntries(
      Object.entries(repos).map(([name, repository]) => [
        name,
        Object.fromEntries(
          Object.entries(repository as Record<string, (...args: unknown[]) => unknown>).map(
            ([method, fn]) => [
              method,
              (...args: unknown[]) => {
                hook(name, method, args);
                return fn(...args);
              },
            ],
          ),
        ),
      ]),
    ) as unknown as Repositories;
  const store: UnitOfWork = {
    transaction: (work) => context.store.transaction((repos) => work(wrap(repos))),
  };
  return { ...context, store };
}
