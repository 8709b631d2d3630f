/**
 * Turns laoke's OpenAPI document into the TypeScript `paths` / `components` / `operations` types that
 * openapi-fetch reads (the shape openapi-typescript writes), for the staff routes the console calls.
 * Written here rather than taken from openapi-typescript, whose peer is TypeScript 5 (the repo is on 6).
 * `npm run console:api-types` writes src/console/api/openapi.ts; a test checks it matches /openapi.json.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  description?: string;
}

interface MediaObject {
  schema?: JsonSchema;
}
interface ParameterObject {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
}
interface OperationObject {
  operationId?: string;
  summary?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, { content?: Record<string, MediaObject>; headers?: Record<string, unknown> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const REF_PREFIX = '#/components/schemas/';

const key = (name: string): string => (/^[A-Za-z_$][\w$]*$|^[1-9]\d*$/.test(name) ? name : JSON.stringify(name));
const literal = (v: unknown): string => JSON.stringify(v);
const comment = (text: string | undefined, pad: string): string =>
  text ? `${pad}/** ${text.replace(/\*\//g, '* /').replace(/\s*\n\s*/g, ' ')} */\n` : '';

/** One JSON Schema as a TypeScript type expression, indented by `pad`. */
export function schemaToType(s: JsonSchema | undefined, pad = ''): string {
  if (!s) return 'unknown';
  if (s.$ref) return `components["schemas"][${literal(s.$ref.slice(REF_PREFIX.length))}]`;
  if (s.const !== undefined) return literal(s.const);
  if (s.enum) return s.enum.map(literal).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((x) => wrap(schemaToType(x, pad))).join(' | ');
  if (s.allOf) return s.allOf.map((x) => wrap(schemaToType(x, pad))).join(' & ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return types.map((t) => wrap(schemaToType({ ...s, type: t }, pad))).join(' | ');
  switch (types[0]) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(schemaToType(s.items, pad))}[]`;
    case 'object':
      return objectType(s, pad);
    default:
      return s.properties ? objectType(s, pad) : 'unknown';
  }
}

function wrap(t: string): string {
  return /[|&]/.test(t) && !/^[{(]/.test(t) ? `(${t})` : t;
}

function objectType(s: JsonSchema, pad: string): string {
  const inner = `${pad}    `;
  const required = new Set(s.required ?? []);
  const props = Object.entries(s.properties ?? {}).map(
    ([name, p]) => `${comment(p.description, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${schemaToType(p, inner)};`,
  );
  const extra = s.additionalProperties;
  if (extra && typeof extra === 'object') props.push(`${inner}[key: string]: ${schemaToType(extra, inner)};`);
  else if (extra !== false && !s.properties) props.push(`${inner}[key: string]: unknown;`);
  return props.length ? `{\n${props.join('\n')}\n${pad}}` : 'Record<string, never>';
}

function parametersType(params: ParameterObject[], pad: string): string {
  const lines = (['query', 'header', 'path', 'cookie'] as const).map((where) => {
    const list = params.filter((p) => p.in === where);
    if (!list.length) return `${pad}    ${where}?: never;`;
    const inner = `${pad}        `;
    const fields = list.map((p) => `${comment(p.description, inner)}${inner}${key(p.name)}${p.required || where === 'path' ? '' : '?'}: ${schemaToType(p.schema, inner)};`);
    const optional = where !== 'path' && !list.some((p) => p.required);
    return `${pad}    ${where}${optional ? '?' : ''}: {\n${fields.join('\n')}\n${pad}    };`;
  });
  return `{\n${lines.join('\n')}\n${pad}}`;
}

function contentType(content: Record<string, MediaObject> | undefined, pad: string): string {
  if (!content) return '';
  const inner = `${pad}    `;
  const lines = Object.entries(content).map(([media, m]) => {
    const binary = !media.includes('json') && !media.startsWith('text/');
    return `${inner}${literal(media)}: ${binary ? 'Blob' : schemaToType(m.schema, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${pad}}`;
}

function operationType(op: OperationObject, pad: string): string {
  const inner = `${pad}    `;
  const body = op.requestBody
    ? `${inner}requestBody${op.requestBody.required ? '' : '?'}: {\n${inner}    content: ${contentType(op.requestBody.content, `${inner}    `)};\n${inner}};`
    : `${inner}requestBody?: never;`;
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const only = r.content && Object.keys(r.content).length === 1 ? r.content['application/json']?.schema : undefined;
    if (only?.$ref === `${REF_PREFIX}Error` && !r.headers) return `${inner}    ${key(status)}: ErrorResponse;`;
    const rp = `${inner}        `;
    const content = r.content ? `${rp}content: ${contentType(r.content, rp)};` : `${rp}content?: never;`;
    return `${inner}    ${key(status)}: {\n${rp}headers: {\n${rp}    [name: string]: unknown;\n${rp}};\n${content}\n${inner}    };`;
  });
  return `{\n${inner}parameters: ${parametersType(op.parameters ?? [], inner)};\n${body}\n${inner}responses: {\n${responses.join('\n')}\n${inner}};\n${pad}}`;
}

/** Every component schema a set of schemas reaches, by name. */
function reachable(doc: OpenApiDocument, roots: unknown[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX)) {
        const name = v.slice(REF_PREFIX.length);
        if (!found.has(name)) {
          found.add(name);
          visit(doc.components?.schemas?.[name]);
        }
      } else visit(v);
    }
  };
  roots.forEach(visit);
  return found;
}

/** The TypeScript module for the paths that start with `prefix` (and the component schemas they use). */
export function openApiToTypeScript(doc: OpenApiDocument, prefix = '/admin/'): string {
  const paths = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith(prefix))
    .sort(([a], [b]) => a.localeCompare(b));
  const ops: [string, OperationObject][] = [];
  const pathLines = paths.map(([p, item]) => {
    const methods = METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m];
      const id = op.operationId ?? `${m}${p}`;
      ops.push([id, op]);
      return `${comment(op.summary, '        ')}        ${m}: operations[${literal(id)}];`;
    });
    const absent = METHODS.filter((m) => !item[m]).map((m) => `${m}?: never;`);
    return `    ${literal(p)}: {\n        parameters: { query?: never; header?: never; path?: never; cookie?: never };\n${methods.join('\n')}\n        ${absent.join(' ')}\n    };`;
  });
  const used = [...reachable(doc, [...ops.map(([, op]) => op), { $ref: `${REF_PREFIX}Error` }])].sort();
  const schemaLines = used.map((name) => `${comment(doc.components?.schemas?.[name]?.description, '        ')}        ${key(name)}: ${schemaToType(doc.components?.schemas?.[name], '        ')};`);
  const opLines = ops.sort(([a], [b]) => a.localeCompare(b)).map(([id, op]) => `    ${key(id)}: ${operationType(op, '    ')};`);
  return [
    '/* eslint-disable */',
    '// Generated from /openapi.json by `npm run console:api-types` (scripts/openapi-types.ts): do not edit.',
    '// test/integration/console-api-types.test.ts fails when the API and this file differ.',
    '',
    `export interface paths {\n${pathLines.join('\n')}\n}`,
    '',
    `export interface components {\n    schemas: {\n${schemaLines.join('\n')}\n    };\n}`,
    '',
    `export interface operations {\n${opLines.join('\n')}\n}`,
    '',
    '/** Every error answer: `{"error":{"code","message","details"}}`. */',
    'export interface ErrorResponse {\n    headers: {\n        [name: string]: unknown;\n    };\n    content: {\n        "application/json": components["schemas"]["Error"];\n    };\n}',
    '',
  ].join('\n');
}
