// Builds an operation's input from a resource-style request: the JSON body, then the query string, then
// the path parameters. Query and path values arrive as text, so each is turned into the type the
// operation's schema expects (a number, a boolean, a list) before the schema validates the whole input.
import type { z } from 'zod';

type Kind = 'number' | 'boolean' | 'array' | 'other';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional/default/nullable/pipe layers to find what a field finally holds. */
function kindOf(schema: z.ZodType | undefined): { kind: Kind; element?: z.ZodType } {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const def = defOf(current);
    if (def.type === 'number' || def.type === 'int') return { kind: 'number' };
    if (def.type === 'boolean') return { kind: 'boolean' };
    if (def.type === 'array')
      return def.element ? { kind: 'array', element: def.element } : { kind: 'array' };
    current = def.innerType ?? def.in;
  }
  return { kind: 'other' };
}

function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const def = defOf(current);
    if (def.type === 'object') return (current as unknown as { shape: Record<string, z.ZodType> }).shape;
    current = def.innerType ?? def.in;
  }
  return {};
}

/** Text as the schema wants it; what cannot be converted is left as text for the schema to refuse by name. */
function convert(text: string, schema: z.ZodType | undefined): unknown {
  const { kind } = kindOf(schema);
  if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function convertValue(value: unknown, schema: z.ZodType | undefined): unknown {
  const { kind, element } = kindOf(schema);
  if (kind === 'array') {
    const items = Array.isArray(value) ? value : String(value).split(',');
    return items.map((item) => (typeof item === 'string' ? convert(item, element) : item));
  }
  return typeof value === 'string' ? convert(value, schema) : value;
}

export function routeInput(
  schema: z.ZodType,
  body: unknown,
  query: Record<string, unknown>,
  params: Record<string, string>,
): unknown {
  const fields = fieldsOf(schema);
  const input: Record<string, unknown> =
    body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    // Not an object: hand it on untouched so validation names the problem instead of silently dropping it.
    return body;
  }
  for (const [key, value] of Object.entries(query)) input[key] = convertValue(value, fields[key]);
  // The path names the resource: it wins over a body that names another.
  for (const [key, value] of Object.entries(params)) input[key] = convertValue(value, fields[key]);
  return input;
}
