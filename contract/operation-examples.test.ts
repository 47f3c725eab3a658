// Each operation's declared example is a real input: the OpenAPI document shows it and the policy matrix calls with it.
import { describe, expect, it } from 'vitest';
import { operationNames, operations } from './index.ts';

describe('the declared examples', () => {
  it('every example parses with its own operation’s input schema', () => {
    const refused = operationNames.flatMap((name) => {
      const parsed = operations[name].input.safeParse(operations[name].example);
      return parsed.success
        ? []
        : [`${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
    });
    expect(refused).toEqual([]);
  });

  it('every example fills its route’s path parameters, so the resource URL can be written from it', () => {
    for (const name of operationNames) {
      const params = [...operations[name].route.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
      const example = operations[name].example as Record<string, unknown>;
      for (const param of params) expect(example[param], `${name} :${param}`).toBeDefined();
    }
  });
});
