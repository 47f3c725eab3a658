// The API description: served by the server, identical to docs/openapi.json, and covering every operation.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { operationNames, operations } from '../contract/index.ts';
import { buildOpenApi } from '../contract/openapi.ts';
import { SERVER_VERSION } from '../server/server-version.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

interface DocOperation {
  operationId: string;
  security: unknown[];
  parameters?: { in?: string; name?: string; $ref?: string }[];
  requestBody: { content: Record<string, { schema: { required?: string[] }; example?: unknown }> };
}

interface Doc {
  paths: Record<string, { get?: DocOperation; post?: DocOperation; delete?: DocOperation }>;
}

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('the OpenAPI document', () => {
  it('is served at /v1/openapi.json, matches docs/openapi.json and describes every operation', async () => {
    t = await startTestServer();
    const served = (await (await t.fetch(`${t.server.url}/v1/openapi.json`)).json()) as Doc;
    const committed = JSON.parse(
      readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8'),
    ) as Doc;
    // Run `npm run openapi` after changing the contract.
    expect(served).toEqual(committed);
    expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApi(SERVER_VERSION))));
    for (const name of operationNames) expect(served.paths[`/v1/op/${name}`]?.post, name).toBeDefined();
    const login = served.paths['/v1/op/login']?.post;
    expect(login?.security).toEqual([]);
    expect(login?.requestBody.content['application/json']?.schema.required?.sort()).toEqual([
      'authHash',
      'clientKind',
      'username',
    ]);
    expect(served.paths['/v1/op/readSecret']?.post?.security).toEqual([{ bearer: [] }]);
    // The resource-style URL of each operation, with its path and query parameters.
    const read = served.paths['/v1/secrets/{id}']?.get;
    expect(read?.operationId).toBe('readSecret');
    expect(read?.parameters?.map((p) => `${p.in}:${p.name ?? p.$ref}`)).toEqual([
      'undefined:#/components/parameters/OperationNumber',
      'path:id',
      'query:version',
    ]);
    expect(served.paths['/v1/secrets/{id}']?.delete?.operationId).toBe('deleteSecret');
  });

  it('shows each operation’s declared example: the whole input for POST /v1/op/NAME, each field as a parameter', () => {
    const doc = JSON.parse(JSON.stringify(buildOpenApi(SERVER_VERSION))) as Doc;
    for (const name of operationNames) {
      const body = doc.paths[`/v1/op/${name}`]?.post?.requestBody.content['application/json'];
      expect(body?.example, name).toEqual(operations[name].example);
    }
    const read = doc.paths['/v1/secrets/{id}']?.get?.parameters?.find((p) => p.name === 'id');
    expect(read).toMatchObject({ in: 'path', example: operations.readSecret.example.id });
    const list = doc.paths['/v1/secrets']?.get?.parameters?.find((p) => p.name === 'path');
    expect(list).toMatchObject({ in: 'query', example: operations.listSecrets.example.path });
    // At a resource URL the body leaves out what the path already names.
    const share = doc.paths['/v1/secrets/{id}/grants']?.post?.requestBody.content['application/json'];
    const { id: _inPath, ...rest } = operations.shareSecret.example;
    expect(share?.example).toEqual(rest);
  });
});
