// Input limits read from the contract's own schemas, so a form enforces exactly what the server will check
// (a `maxLength`, a number's `min` and `max`, a passphrase's minimum) without restating a number that could
// drift from the contract.
import { z } from 'zod';
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

/** The fewest characters the contract accepts at that path (a passphrase's minimum), or undefined. */
export function minLengthAt(operation: OperationName, path: string): number | undefined {
  const schema = schemaAt(operation, path);
  const min = (schema as { minLength?: number | null } | null)?.minLength;
  return typeof min === 'number' ? min : undefined;
}

/** The smallest and largest number the contract accepts at that path (either may be absent). */
export function numberRangeAt(operation: OperationName, path: string): { min?: number; max?: number } {
  const schema = schemaAt(operation, path) as { minValue?: number | null; maxValue?: number | null } | null;
  const min = schema?.minValue;
  const max = schema?.maxValue;
  return {
    ...(typeof min === 'number' && Number.isFinite(min) && { min }),
    ...(typeof max === 'number' && Number.isFinite(max) && { max }),
  };
}

/** Both bounds of a number the contract bounds on both sides; a path without them is a mistake in the caller. */
export function boundsAt(operation: OperationName, path: string): { min: number; max: number } {
  const { min, max } = numberRangeAt(operation, path);
  if (min === undefined || max === undefined)
    throw new Error(`${operation}: ${path} has no bounds in the contract`);
  return { min, max };
}

/** The bounds of a whole-number server setting (`session.idleMinutes`), as updateSettings checks them. */
export function settingBounds(path: string): { min: number; max: number } {
  return boundsAt('updateSettings', `patch.${path}`);
}

/**
 * The contract's own verdict on a value for that input path, before it is sent: the refusal the server
 * would give, or null when the value passes (or the path is not in the operation's input).
 */
export function checkInput(operation: OperationName, path: string, value: unknown): z.ZodError | null {
  const schema = schemaAt(operation, path);
  if (!schema) return null;
  const result = z.safeParse(schema, value);
  return result.success ? null : result.error;
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
