// One prepared read per store, made on first use: lets repositories keep hot queries beside the others.
import type { Compilable } from 'kysely';
import type { Db, Store } from './database.ts';

export function preparedRead<A extends (string | number)[], T>(
  build: (db: Db, ...args: A) => Compilable<T>,
  arity: A['length'],
): (store: Store, ...args: A) => Promise<T | undefined> {
  const byStore = new WeakMap<Store, (...args: A) => Promise<T[]>>();
  return async (store, ...args) => {
    let run = byStore.get(store);
    if (!run) {
      run = store.prepareRead(build, arity);
      byStore.set(store, run);
    }
    return (await run(...args))[0];
  };
}
