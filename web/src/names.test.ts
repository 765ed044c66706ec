import { describe, expect, it } from 'vitest';
import { nameLookup, userNameLookup } from './names';

describe('nameLookup', () => {
  const unitName = nameLookup(new Map([['housing', '县住建局'], ['blank', '']]));

  it('gives the name of a known key and the key itself otherwise', () => {
    expect(unitName('housing')).toBe('县住建局');
    expect(unitName('transport')).toBe('transport');
    expect(unitName('blank')).toBe('blank');
  });
});

describe('userNameLookup', () => {
  const user = { username: 'leader', displayName: '王副县长' };

  it('names the signed-in user even when the register has no one', () => {
    expect(userNameLookup(user, new Map())('leader')).toBe('王副县长');
  });

  it('names others from the register and falls back to the username', () => {
    const userName = userNameLookup(user, new Map([['leader2', '李副县长']]));
    expect(userName('leader2')).toBe('李副县长');
    expect(userName('supervisor')).toBe('supervisor');
  });
});
