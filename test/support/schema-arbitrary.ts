/**
 * fast-check arbitraries from the JSON Schemas TypeBox builds (fast-check has no JSON Schema
 * support of its own): valid-ish values for a route's params, querystring and body, with hints
 * by property name for values that should name real records (ids, units, process keys).
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;
/** A value worth trying for a property of this name (and this schema), or undefined. */
export type Hints = (name: string, schema: Schema) => fc.Arbitrary<unknown> | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const iso = (d: Date) => d.toISOString();
const DATES = fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2045-12-31T00:00:00Z'), noInvalidDate: true });

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = Math.max(minLength, Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 30, 30));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return DATES.map((d) => iso(d).slice(0, 10));
    case 'date-time':
      return DATES.map(iso);
    default:
      break;
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (Number(schema.maxLength) || Infinity));
  return fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcxyz019-_. 中文办%/') });
}

/** Values for the schema; `name` is the property it sits under (for the hints). */
export function arbitraryOf(schema: unknown, hints: Hints, name = ''): fc.Arbitrary<unknown> {
  if (!isObject(schema)) return fc.jsonValue({ maxDepth: 2 });
  const hinted = name ? hints(name, schema) : undefined;
  const own = plain(schema, hints);
  return hinted ? fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: own, weight: 1 }) : own;
}

function plain(schema: Schema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as unknown[]).map((branch) => arbitraryOf(branch, hints)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : -1000;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
      return fc.oneof(fc.integer({ min: Math.max(min, -1000), max: Math.max(Math.min(max, 1000), Math.max(min, -1000)) }), fc.constantFrom(min, max));
    }
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 0.5 : -1000;
      return fc.double({ min, max: Math.max(min, 100_000), noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryOf(schema.items, hints), { maxLength: Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, 3) });
    case 'object': {
      if (isObject(schema.properties)) {
        const properties = schema.properties as Record<string, unknown>;
        const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
        const model = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, arbitraryOf(sub, hints, key)]));
        return fc.record(model, { requiredKeys: required });
      }
      // A record (TypeBox puts its value schema under patternProperties).
      const values = isObject(schema.patternProperties) ? Object.values(schema.patternProperties)[0] : {};
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), arbitraryOf(values, hints), { maxKeys: 3 });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
