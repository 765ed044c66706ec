import { describe, expect, it } from 'vitest';
import { deterministicFailure, sanitizeProjection, storable } from './sanitize';
import type { Projection } from '../workflows/activities';

describe('what PostgreSQL refuses for good', () => {
  it('counts data exceptions and limits, not lost connections or deadlocks', () => {
    const pg = (code: string, message = 'boom') => Object.assign(new Error(`update "matters" set … - ${message}`), { code });
    expect(deterministicFailure(pg('22P05', 'unsupported Unicode escape sequence'))).toBe('PostgreSQL refused the data (22P05): unsupported Unicode escape sequence');
    expect(deterministicFailure(pg('22021'))).toContain('(22021)');
    expect(deterministicFailure(pg('54000'))).toContain('(54000)');
    expect(deterministicFailure(pg('40P01'))).toBeUndefined();
    expect(deterministicFailure(pg('08006'))).toBeUndefined();
    expect(deterministicFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(deterministicFailure(new TypeError('x is undefined'))).toBeUndefined();
  });

  it('strips NUL characters and lone surrogates from every string, keys too, and drops timestamps out of range', () => {
    expect(storable({ 'a\u0000': ['x\u0000y', { z: '\ud800ok' }], n: 1, ok: '好\ud83d\ude00' })).toEqual({ a: ['xy', { z: '\ufffdok' }], n: 1, ok: '好\ud83d\ude00' });
    const p: Projection = {
      matterId: 'm',
      workflowId: 'w',
      child: false,
      seq: 2,
      status: 'running',
      variables: { note: 'bad\u0000' },
      activeElements: [],
      completed: [],
      tasks: [{ id: 't', instanceId: 'i', elementId: 'a', candidateUnits: [], candidateUsers: [], createdAt: 1, dueAt: 1e20, status: 'open', name: 'n\u0000' }],
    };
    const clean = sanitizeProjection(p);
    expect(clean.variables).toEqual({ note: 'bad' });
    expect(clean.tasks[0]).toMatchObject({ name: 'n', dueAt: undefined, createdAt: 1 });
    expect(p.variables.note).toBe('bad\u0000');
  });
});
