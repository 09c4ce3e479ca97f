/**
 * The JSON schema of `.github/k8s-antipatterns.yml`, generated from the zod schema the config is
 * validated with (so the two never disagree), with every rule id as a known key of `rules`.
 * Editors with the YAML language server complete and check the file from it:
 * `# yaml-language-server: $schema=<SCHEMA_URL>` on its first line.
 */
import { z } from 'zod';
import { CONFIG_KEYS, configSchema, KEY_DOCS } from './config.js';
import { REPOSITORY_URL } from '../report/links.js';

export const SCHEMA_PATH = 'docs/k8s-antipatterns.schema.json';
/** Served as JSON by GitHub's raw host, which editors can fetch. */
export const SCHEMA_URL = `${REPOSITORY_URL.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/${SCHEMA_PATH}`;

type JsonSchema = Record<string, unknown>;

export interface RuleEntry {
  id: string;
  severity: string;
  title: string;
}

/** A zod type as JSON schema; only the constructs the config uses are known. */
export function toJsonSchema(type: z.ZodTypeAny): JsonSchema {
  if (type instanceof z.ZodOptional) return toJsonSchema(type.unwrap());
  if (type instanceof z.ZodString) return { type: 'string' };
  if (type instanceof z.ZodBoolean) return { type: 'boolean' };
  if (type instanceof z.ZodEnum) return { type: 'string', enum: [...type.options] };
  if (type instanceof z.ZodLiteral) return { const: type.value };
  if (type instanceof z.ZodUnion) return { anyOf: (type.options as z.ZodTypeAny[]).map(toJsonSchema) };
  if (type instanceof z.ZodArray) return { type: 'array', items: toJsonSchema(type.element) };
  if (type instanceof z.ZodRecord) return { type: 'object', additionalProperties: toJsonSchema(type.valueSchema) };
  if (type instanceof z.ZodNumber) {
    const out: JsonSchema = { type: type.isInt ? 'integer' : 'number' };
    if (type.minValue !== null) out.minimum = type.minValue;
    if (type.maxValue !== null) out.maximum = type.maxValue;
    return out;
  }
  if (type instanceof z.ZodObject) {
    const shape = type.shape as Record<string, z.ZodTypeAny>;
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, toJsonSchema(v)])),
      additionalProperties: !(type._def.unknownKeys === 'strict'),
    };
  }
  throw new Error(`no JSON schema for zod type ${type.constructor.name}`);
}

export function configJsonSchema(rules: readonly RuleEntry[]): JsonSchema {
  const base = toJsonSchema(configSchema);
  const properties = base.properties as Record<string, JsonSchema>;
  for (const key of CONFIG_KEYS) properties[key] = { description: KEY_DOCS[key].description, ...properties[key] };
  // Every rule id is a known key: editors complete them and flag a misspelt one.
  const setting = (properties.rules!.additionalProperties as JsonSchema);
  const ref = { allOf: [{ $ref: '#/definitions/ruleSetting' }] };
  properties.rules = {
    description: KEY_DOCS.rules.description,
    type: 'object',
    properties: Object.fromEntries(rules.map((r) => [r.id, { description: `${r.title} (default: ${r.severity})`, ...ref }])),
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'k8s-antipatterns config (.github/k8s-antipatterns.yml)',
    ...base,
    definitions: { ruleSetting: { description: 'off, error, warning or hint (a bare YAML 1.1 off reads as false: also accepted).', ...setting } },
  };
}

export function renderConfigJsonSchema(rules: readonly RuleEntry[]): string {
  return JSON.stringify(configJsonSchema(rules), null, 2) + '\n';
}
