// Stored items on their way to a worker as four columns rather than an array of small objects: structured
// clone copies an array of strings for about a third of what it takes for as many objects (each object's
// keys are written and read again), and an export sends every item of the vault this way.
import type { StoredItem } from '../bulk-types.ts';

export interface StoredColumns {
  ids: string[];
  versions: number[];
  values: string[];
  wrappedKeys: string[];
}

export function toColumns(items: readonly StoredItem[]): StoredColumns {
  const n = items.length;
  const columns: StoredColumns = {
    ids: new Array(n),
    versions: new Array(n),
    values: new Array(n),
    wrappedKeys: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const item = items[i] as StoredItem;
    columns.ids[i] = item.id;
    columns.versions[i] = item.valueVersion;
    columns.values[i] = item.value;
    columns.wrappedKeys[i] = item.wrappedKey;
  }
  return columns;
}

/** The items again; a message whose columns differ in length is refused rather than read past. */
export function fromColumns(columns: StoredColumns): StoredItem[] {
  const { ids, versions, values, wrappedKeys } = columns;
  const n = ids.length;
  if (versions.length !== n || values.length !== n || wrappedKeys.length !== n) {
    throw new Error('the columns of an open request differ in length');
  }
  const items: StoredItem[] = new Array(n);
  for (let i = 0; i < n; i++) {
    items[i] = {
      id: ids[i] as string,
      valueVersion: versions[i] as number,
      value: values[i] as string,
      wrappedKey: wrappedKeys[i] as string,
    };
  }
  return items;
}
