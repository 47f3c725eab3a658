// Input limits read from the contract's own schemas, so a form enforces exactly what the server will check
// (a `maxLength` on the input) without restating a number that could drift from the contract.
import type { z } from 'zod';
import { type OperationName, operations } from '../../contract/index.ts';

/** The schema at a dotted input path of an operation (`admin.username`), through wrappers; or null. */
export function schemaAt(operation: OperationName, path: string): z.core.$ZodType | null {
  let schema: z.core.$ZodType | null = operations[operation].input;
  for (const key of path.split('.')) {
    schema = schema && childOf(unwrap(schema), key);
  }
  return schema && unwrap(schema);
}

/** The most characters the contract accepts at that path, or undefined when it sets no limit there. */
export function maxLengthAt(operation: OperationName, path: string): number | undefined {
  const schema = schemaAt(operation, path);
  const max = (schema as { maxLength?: number | null } | null)?.maxLength;
  return typeof max === 'number' ? max : undefined;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def;
    if ('innerType' in def && def.innerType) current = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe' && 'in' in def) current = def.in as z.core.$ZodType;
    else break;
  }
  return current;
}

function childOf(schema: z.core.$ZodType, key: string): z.core.$ZodType | null {
  const def = schema._zod.def;
  if (def.type === 'object' && 'shape' in def) {
    return (def.shape as Record<string, z.core.$ZodType>)[key] ?? null;
  }
  if (def.type === 'array' && 'element' in def) return unwrap(def.element as z.core.$ZodType);
  if (def.type === 'union' && 'options' in def) {
    for (const option of def.options as z.core.$ZodType[]) {
      const found = childOf(unwrap(option), key);
      if (found) return found;
    }
  }
  return null;
}
