import { describe, expect, it } from 'vitest';
import { Type } from '@fastify/type-provider-typebox';
import { databaseRefusal } from '../errors';
import { MAX_DEPTH, inspectValue, unknownFields } from './input-guard';
import { Body, Patch } from '../../contract/common';

describe('the edge guard', () => {
  it('names NUL characters, lone surrogates, non-finite and inexact numbers by JSON pointer', () => {
    expect(inspectValue({ a: 'x\u0000', b: ['ok', '\uD800'], 'c/d': { e: Infinity }, f: 2 ** 53 + 2, g: '😀', h: 1.5 }, 'body')).toEqual([
      { path: 'body/a', message: 'must not contain NUL characters' },
      { path: 'body/b/1', message: 'must be valid Unicode (a lone surrogate)' },
      { path: 'body/c~1d/e', message: 'must be a finite number' },
      { path: 'body/f', message: `must be between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}` },
    ]);
    expect(inspectValue({ 'bad\u0000key': 1 }, 'body')).toEqual([{ path: 'body/bad\u0000key', message: 'the field name must not contain NUL characters' }]);
  });

  it('refuses nesting past the limit once, where it starts', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const problems = inspectValue({ v: deep }, 'body');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
    let fine: unknown = 1;
    for (let i = 0; i < MAX_DEPTH - 1; i++) fine = [fine];
    expect(inspectValue(fine, 'body')).toEqual([]);
  });

  it('finds fields a schema does not know, also in nested objects, arrays and unions', () => {
    const schema = Body({
      a: Type.String(),
      files: Type.Array(Body({ name: Type.String() })),
      unit: Type.Optional(Type.Union([Body({ id: Type.String() }), Type.Null()])),
      free: Type.Record(Type.String(), Type.Unknown()),
    });
    expect(unknownFields(schema, { a: 'x', files: [{ name: 'n', size: 1 }], unit: { id: 'u', extra: 1 }, free: { anything: 1 }, more: 2 }, 'body')).toEqual([
      { path: 'body/files/0/size', message: 'not a field of this request' },
      { path: 'body/unit/extra', message: 'not a field of this request' },
      { path: 'body/more', message: 'not a field of this request' },
    ]);
    expect(unknownFields(Patch({ a: Type.Optional(Type.String()) }), { a: 'x' }, 'body')).toEqual([]);
  });
});

describe('PostgreSQL refusals', () => {
  const pgError = (code: string, fields: object = {}) => Object.assign(new Error('insert into "units" … violates …'), { code, severity: 'ERROR', ...fields });

  it('maps SQLSTATEs to statuses with plain messages that carry no SQL and no values', () => {
    expect(databaseRefusal(pgError('23505', { table: 'units', constraint: 'units_pkey', detail: 'Key (id)=(housing) already exists.' }))).toEqual({
      status: 409,
      message: 'a unit with this id already exists',
    });
    expect(databaseRefusal(pgError('23505', { table: 'superior_systems', detail: 'Key (name)=(x) already exists.' }))?.message).toBe('a superior system with this name already exists');
    expect(databaseRefusal(pgError('23503', { table: 'users', detail: 'Key (unit_id)=(mars) is not present in table "units".' }))).toEqual({
      status: 400,
      message: 'unitId names a record that does not exist',
    });
    expect(databaseRefusal(pgError('23503', { table: 'units', detail: 'Key (id)=(x) is still referenced from table "users".' }))?.status).toBe(409);
    expect(databaseRefusal(pgError('22003'))).toEqual({ status: 400, message: 'a value is out of range or malformed' });
    expect(databaseRefusal(pgError('22021'))?.status).toBe(400);
    expect(databaseRefusal(pgError('42P01'))).toBeUndefined();
    expect(databaseRefusal(new Error('plain'))).toBeUndefined();
  });
});
