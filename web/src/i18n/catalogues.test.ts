import { describe, expect, it } from 'vitest';
import { en } from './en-US';
import { text as zh } from './zh-CN';

type Entry = { path: string; kind: string; arity?: number; length?: number; empty?: boolean };

/** Every leaf of a catalogue: its path, what it is, and for texts whether they are empty. */
function leaves(value: unknown, path = ''): Entry[] {
  if (typeof value === 'string') return [{ path, kind: 'string', empty: value.trim() === '' }];
  if (typeof value === 'function') return [{ path, kind: 'function', arity: value.length }];
  if (Array.isArray(value)) return [{ path, kind: 'array', length: value.length }, ...value.flatMap((item, i) => leaves(item, `${path}[${i}]`))];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, path ? `${path}.${key}` : key));
  return [{ path, kind: typeof value }];
}

/** The entries in path order: the two files need not list their sections in the same order. */
const shape = (entries: Entry[]) => entries.map(({ path, kind, arity, length }) => ({ path, kind, arity, length })).sort((a, b) => a.path.localeCompare(b.path));

describe('the English catalogue', () => {
  it('has every key of the Chinese one and no other, each of the same kind; functions take as many arguments', () => {
    expect(shape(leaves(en))).toEqual(shape(leaves(zh)));
  });

  it('has no empty text, in either language', () => {
    expect(leaves(en).filter((entry) => entry.empty).map((entry) => entry.path)).toEqual([]);
    expect(leaves(zh).filter((entry) => entry.empty).map((entry) => entry.path)).toEqual([]);
  });

  it('is English: no Chinese characters', () => {
    const chinese = /[\u4e00-\u9fff]/;
    const texts = (value: unknown, path: string): string[] =>
      typeof value === 'string'
        ? chinese.test(value) ? [path] : []
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([key, item]) => texts(item, `${path}.${key}`))
          : [];
    expect(texts(en, 'en')).toEqual([]);
  });

  it('fills the same arguments into its sentences', () => {
    expect(en.matter.overdueDays(3)).toBe('3 days overdue');
    expect(en.matter.overdueDays(1)).toBe('1 day overdue');
    expect(en.board.cardSummary(731, 'x', 21, 39)).toContain('731');
    expect(en.organisation.imported({ units: { created: 1, updated: 2 }, users: { created: 3, updated: 4 } })).toMatch(/1.*2.*3.*4/);
  });
});
