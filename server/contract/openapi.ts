// The OpenAPI 3.1 description of the HTTPS API, derived from the contract itself (zod → JSON Schema),
// so the document cannot drift from what the server validates. Served at GET /v1/openapi.json and kept
// in the repository as docs/openapi.json (`npm run openapi`; a test fails when the two differ).
import { z } from 'zod';
import { errorStatus } from './errors.ts';
import { type OperationName, operationNames, operations } from './index.ts';

type JsonObject = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return json;
};

function accessNote(name: OperationName): string {
  const access = operations[name].access;
  if (access.kind === 'public') return 'No session needed.';
  const roles = `Session of a ${access.roles.join(', ')}.`;
  return access.resource === 'secret'
    ? `${roles} Needs ${access.need ?? 'owner'} access to the secret \`id\`.`
    : roles;
}

export function buildOpenApi(version: string): JsonObject {
  const paths: JsonObject = {};
  for (const name of operationNames) {
    const spec = operations[name];
    const session = spec.access.kind === 'session';
    paths[`/v1/op/${name}`] = {
      post: {
        operationId: name,
        summary: spec.summary,
        description: `${accessNote(name)}${spec.whileSealed ? ' Answered while the server is sealed.' : ''}`,
        tags: [tagOf(name)],
        security: session ? [{ bearer: [] }] : [],
        parameters: session ? [{ $ref: '#/components/parameters/OperationNumber' }] : [],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(spec.input, 'input') } },
        },
        responses: {
          '200': {
            description: 'Done.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['ok', 'value'],
                  properties: { ok: { const: true }, value: schemaOf(spec.output, 'output') },
                },
              },
            },
          },
          default: { $ref: '#/components/responses/Refused' },
        },
      },
    };
  }
  paths['/v1/status'] = {
    get: {
      operationId: 'getStatus',
      summary: 'Seal status, for monitoring (the status operation without a body).',
      tags: ['system'],
      security: [],
      responses: {
        '200': { description: 'The seal status.' },
        default: { $ref: '#/components/responses/Refused' },
      },
    },
  };
  paths['/v1/openapi.json'] = {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document.',
      tags: ['system'],
      security: [],
      responses: { '200': { description: 'The OpenAPI document.' } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keyhold API',
      version,
      description:
        'Every operation of the contract is one POST of JSON over HTTPS. Signed-in calls carry the session token as a Bearer token and an operation number unique within the session (replay protection). Secret values travel as end-to-end ciphertext made by a Keyhold client.',
    },
    servers: [{ url: 'https://127.0.0.1:7777', description: 'npm run serve, on this machine' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token from login.' } },
      parameters: {
        OperationNumber: {
          name: 'X-Keyhold-Op',
          in: 'header',
          required: true,
          description: 'A number unique within the session; a repeated or stale one is refused.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
      responses: {
        Refused: {
          description: `A refusal: the HTTP status follows the error code (${Object.entries(errorStatus)
            .map(([code, status]) => `${code} ${status}`)
            .join(', ')}).`,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['ok', 'error'],
                properties: {
                  ok: { const: false },
                  error: {
                    type: 'object',
                    required: ['code', 'message'],
                    properties: {
                      code: { enum: Object.keys(errorStatus) },
                      message: { type: 'string' },
                      field: { type: 'string', description: 'The input field at fault, when there is one.' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

function tagOf(name: string): string {
  if (/Secret|Folder/.test(name) && !/share|Share|Grant/.test(name)) return 'secrets';
  if (/Contact|Principal|share|Share|Grant|Machine|Shared/.test(name)) return 'sharing';
  if (/User/.test(name) && !/My/.test(name)) return 'users';
  if (/Audit|Settings/.test(name)) return 'admin';
  if (['status', 'init', 'unseal', 'seal', 'rotateKeyring'].includes(name)) return 'system';
  return 'auth';
}
