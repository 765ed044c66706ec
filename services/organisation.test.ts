import { describe, expect, it } from 'vitest';
import { parentCycle, unitTree, type UnitRow } from './organisation';

const parents = (entries: [string, string | null][]) => new Map(entries);

describe('parentCycle', () => {
  it.each([
    { case: 'a root', parents: parents([['a', null]]), id: 'a', cycle: undefined },
    { case: 'a chain up to a root', parents: parents([['c', 'b'], ['b', 'a'], ['a', null]]), id: 'c', cycle: undefined },
    { case: 'its own parent', parents: parents([['a', 'a']]), id: 'a', cycle: ['a', 'a'] },
    { case: 'a loop through it', parents: parents([['a', 'c'], ['b', 'a'], ['c', 'b']]), id: 'a', cycle: ['a', 'c', 'b', 'a'] },
    { case: 'a loop above it, not through it', parents: parents([['x', 'a'], ['a', 'b'], ['b', 'a']]), id: 'x', cycle: undefined },
    { case: 'a parent that is not registered', parents: parents([['a', 'ghost']]), id: 'a', cycle: undefined },
  ])('$case', ({ parents, id, cycle }) => {
    expect(parentCycle(parents, id)).toEqual(cycle);
  });
});

describe('unitTree', () => {
  const unit = (id: string, parent_id: string | null): UnitRow => ({ id, name: id, parent_id, kind: 'department', sort: 0 });

  it('nests units under their parents in the order given, orphans at the top', () => {
    const tree = unitTree([unit('province', null), unit('city-b', 'province'), unit('city-a', 'province'), unit('county', 'city-a'), unit('lost', 'nowhere')]);
    const shape = (nodes: ReturnType<typeof unitTree>): unknown => nodes.map((n) => [n.id, shape(n.children)]);
    expect(shape(tree)).toEqual([
      ['province', [['city-b', []], ['city-a', [['county', []]]]]],
      ['lost', []],
    ]);
    expect(tree[0]).toMatchObject({ id: 'province', parentId: undefined, kind: 'department', sort: 0 });
  });
});
