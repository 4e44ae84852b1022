// Test helper: checks an answer of the server against docs/openapi.json —
// its status is documented for the path and method, and its body matches
// the documented schema (the subset of JSON Schema the document uses).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const spec = JSON.parse(fs.readFileSync(path.join(root, 'docs/openapi.json'), 'utf8'));

function resolve(schema) {
  while (schema && schema.$ref) {
    schema = schema.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec);
  }
  return schema;
}

/** Validates value against schema; where names the place in failures. */
export function validate(value, schema, where = '$') {
  schema = resolve(schema);
  if (value === null && schema.nullable) return;
  for (const part of schema.allOf || []) validate(value, part, where);
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const expected = schema.type === 'integer' ? 'number' : schema.type;
  if (expected) assert.equal(type, expected, `${where} should be ${schema.type}`);
  if (schema.type === 'integer') assert.ok(Number.isInteger(value), `${where} should be an integer`);
  if (schema.enum) assert.ok(schema.enum.includes(value), `${where}=${value} not in enum`);
  if (schema.pattern) assert.match(value, new RegExp(schema.pattern), where);
  for (const key of schema.required || []) assert.ok(key in value, `${where}.${key} is required`);
  for (const [key, sub] of Object.entries(schema.properties || {})) {
    if (value[key] !== undefined) validate(value[key], sub, `${where}.${key}`);
  }
  if (schema.type === 'array' && schema.items) value.forEach((v, i) => validate(v, schema.items, `${where}[${i}]`));
}

/** The documented path template that pathname instantiates. */
function template(pathname) {
  return Object.keys(spec.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
}

/** The documented JSON schema of the answer (undefined: no body), failing when the status is undocumented. */
export function documented(pathname, method, status) {
  const op = spec.paths[template(pathname.split('?')[0])]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${pathname} is documented`);
  const response = resolve(op.responses[String(status)]);
  assert.ok(response, `${method} ${pathname} documents status ${status}`);
  return response.content?.['application/json']?.schema;
}

/** Fails unless the answer (status, parsed JSON body or null) is as documented. */
export function assertDocumented(pathname, method, status, json) {
  const schema = documented(pathname, method, status);
  if (schema) validate(json, schema, `${method} ${pathname.split('?')[0]} ${status}`);
  else assert.equal(json, null, `${method} ${pathname} ${status} has no documented body`);
}
