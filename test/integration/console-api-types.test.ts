import { readFileSync } from 'node:fs';
import { CONSOLE_API_TYPES } from '../../scripts/console-api-types';
import { openApiToTypeScript, schemaToType, type OpenApiDocument } from '../../scripts/openapi-types';
import { startHarness, type Harness } from '../support/harness';

describe('the console’s typed API client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: false });
  });
  afterAll(() => h.close());

  it('is generated from the current /openapi.json (run `npm run console:api-types` when this fails)', async () => {
    const doc = (await h.http.get('/openapi.json').expect(200)).body as OpenApiDocument;
    expect(readFileSync(CONSOLE_API_TYPES, 'utf8')).toBe(openApiToTypeScript(doc));
  });

  it('turns JSON schemas into the TypeScript types openapi-fetch reads', () => {
    expect(schemaToType({ type: ['string', 'null'] })).toBe('string | null');
    expect(schemaToType({ anyOf: [{ type: 'integer' }, { type: 'null' }] })).toBe('number | null');
    expect(schemaToType({ type: 'array', items: { enum: ['a', 'b'] } })).toBe('("a" | "b")[]');
    expect(schemaToType({ $ref: '#/components/schemas/MemberCard' })).toBe('components["schemas"]["MemberCard"]');
    expect(schemaToType({ type: 'object', properties: { id: { type: 'integer' }, note: { type: 'string' } }, required: ['id'], additionalProperties: false })).toBe(
      '{\n    id: number;\n    note?: string;\n}',
    );
    expect(schemaToType({ type: 'object', additionalProperties: { type: 'number' } })).toBe('{\n    [key: string]: number;\n}');
  });
});
