// Validates an OpenAPI document (a JSON file) against the OpenAPI 3.x schemas with a maintained
// validator. An ES module run as its own process, because jest (CommonJS) cannot load the validator.
// Usage: node scripts/validate-openapi.mjs <file.json>; exit 0 when valid, 1 with the errors as JSON.
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/validate-openapi.mjs <file.json>');
  process.exit(2);
}
const result = await new Validator().validate(JSON.parse(readFileSync(file, 'utf8')));
if (!result.valid) {
  console.log(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log('valid');
