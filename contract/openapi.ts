// The OpenAPI 3.1 description of the HTTPS API, derived from the contract itself (zod → JSON Schema),
// so the document cannot drift from what the server validates. Served at GET /v1/openapi.json and kept
// in the repository as docs/openapi.json (`npm run openapi`; a test fails when the two differ).
import { z } from 'zod';
import type { Access, OperationSpec } from './define.ts';
import { errorStatus } from './errors.ts';
import { type OperationName, operationNames, operations } from './index.ts';
import { OP_NUMBER_HEADER, OPENAPI_PATH, rpcPath } from './wire.ts';

type JsonObject = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return json;
};

function accessNote(name: OperationName): string {
  const access: Access = operations[name].access;
  if (access.kind === 'public') return 'No session needed.';
  const roles = `Session of a ${access.roles.join(', ')}.`;
  return access.resource === 'secret'
    ? `${roles} Needs ${access.need ?? 'owner'} access to the secret \`id\`.`
    : roles;
}

const pathParams = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/** The declared example's fields, for parameters and bodies (every operation's input is an object). */
const exampleOf = (name: OperationName): JsonObject => {
  const example: unknown = operations[name].example;
  return typeof example === 'object' && example !== null ? (example as JsonObject) : {};
};

/** The example's value of one field, as a parameter's `example` when it has one. */
const exampleField = (name: OperationName, field: string) =>
  exampleOf(name)[field] === undefined ? {} : { example: exampleOf(name)[field] };

/** The input's properties as parameters, for a resource route: path parameters, and the query for a GET. */
function parametersOf(name: OperationName): unknown[] {
  const { method, path } = operations[name].route;
  const input = schemaOf(operations[name].input, 'input') as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  const inPath = pathParams(path);
  const params: unknown[] = inPath.map((param) => ({
    name: param,
    in: 'path',
    required: true,
    schema: input.properties?.[param] ?? { type: 'string' },
    ...exampleField(name, param),
  }));
  if (method === 'GET') {
    for (const [param, schema] of Object.entries(input.properties ?? {})) {
      if (inPath.includes(param)) continue;
      params.push({
        name: param,
        in: 'query',
        required: input.required?.includes(param) ?? false,
        schema,
        ...exampleField(name, param),
      });
    }
  }
  return params;
}

/** The body's example: the whole input for the uniform form; without the path's fields at a resource URL. */
function bodyExample(name: OperationName, resource: boolean): JsonObject {
  if (!resource) return exampleOf(name);
  const inPath = pathParams(operations[name].route.path);
  return Object.fromEntries(Object.entries(exampleOf(name)).filter(([field]) => !inPath.includes(field)));
}

/** Said where a success is not audited one entry per call (define.ts SuccessAudit). */
function auditNote(spec: OperationSpec): string {
  const declared = spec.auditSuccess;
  if (declared === undefined || declared === 'every') return '';
  if (declared === 'none')
    return ' A success leaves no audit entry (the operations that open and close the transfer do); a refusal does.';
  return ` A success is audited once per transfer (when ${declared.streamStart} is 0, or on the session's first call on this ${spec.auditTarget ?? 'target'} in ten minutes); a refusal always is.`;
}

function describeOperation(name: OperationName, form: 'rpc' | 'resource'): JsonObject {
  const spec: OperationSpec = operations[name];
  const session = spec.access.kind === 'session';
  const resource = form === 'resource';
  const { method, path } = spec.route;
  return {
    operationId: resource ? name : `${name}Rpc`,
    summary: spec.summary,
    description: `${accessNote(name)}${spec.whileSealed ? ' Answered while the server is sealed.' : ''}${auditNote(spec)}${
      resource ? ` Also POST ${rpcPath(name)} with the whole input as the body.` : ` Also ${method} ${path}.`
    }`,
    tags: [tagOf(name)],
    security: session ? [{ bearer: [] }] : [],
    parameters: [
      ...(session ? [{ $ref: '#/components/parameters/OperationNumber' }] : []),
      ...(resource ? parametersOf(name) : []),
    ],
    ...(!(resource && method === 'GET') && {
      requestBody: {
        required: !resource,
        content: {
          'application/json': { schema: schemaOf(spec.input, 'input'), example: bodyExample(name, resource) },
        },
      },
    }),
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
  };
}

export function buildOpenApi(version: string): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const name of operationNames) {
    paths[rpcPath(name)] = { post: describeOperation(name, 'rpc') };
  }
  for (const name of operationNames) {
    const { method, path } = operations[name].route;
    const key = openApiPath(path);
    paths[key] = { ...paths[key], [method.toLowerCase()]: describeOperation(name, 'resource') };
  }
  paths[OPENAPI_PATH] = {
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
        'Every operation of the contract has a resource-style URL (GET /v1/secrets/{id}, DELETE /v1/secrets/{id}, …: the input is the JSON body, the query string and the path parameters) and the uniform form POST /v1/op/{name} with the whole input as JSON. Signed-in calls carry the session token as a Bearer token and an operation number unique within the session (replay protection). Secret values travel as end-to-end ciphertext made by a Keyhold client.',
    },
    servers: [{ url: 'https://127.0.0.1:7777', description: 'npm run serve, on this machine' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token from login.' } },
      parameters: {
        OperationNumber: {
          name: OP_NUMBER_HEADER,
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

/** Grouped by the first segment of the resource URL. */
function tagOf(name: OperationName): string {
  const segment = operations[name].route.path.split('/')[2] ?? '';
  const tags: Record<string, string> = {
    sys: 'system',
    status: 'system',
    search: 'secrets',
    folders: 'secrets',
    principals: 'sharing',
    contacts: 'sharing',
    'shared-with-me': 'sharing',
    machines: 'sharing',
    audit: 'admin',
    settings: 'admin',
  };
  if (/Grant|Share|RotateSecretKey/i.test(name) && segment === 'secrets') return 'sharing';
  return tags[segment] ?? segment;
}
