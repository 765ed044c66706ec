/**
 * The contract names its lists of values itself (it imports no app code, so the web can share it);
 * here they are held to the lists the rules and the services work with, order included.
 */
import { describe, expect, it } from 'vitest';
import * as contract from '../../contract/values';
import { MIN_PASSWORD_LENGTH, UNIT_ID_PATTERN, USERNAME_PATTERN } from '../../contract/organisation';
import { ROLES } from '../../supervision/access';
import { LIGHTS } from '../../supervision/lights';
import { MATTER_FIELDS, MATTER_SOURCES, REPORTING_PERIODS } from '../../supervision/matter-data';
import * as organisation from '../../services/organisation';
import { PLANS } from '../../services/plans';
import { LOCALES } from '../../services/preferences';
import { GROUP_BYS, MATTER_STATUSES } from '../../services/statistics';

describe("the contract speaks the app's values", () => {
  it.each([
    ['LIGHTS', contract.LIGHTS, LIGHTS],
    ['MATTER_SOURCES', contract.MATTER_SOURCES, MATTER_SOURCES],
    ['REPORTING_PERIODS', contract.REPORTING_PERIODS, REPORTING_PERIODS],
    ['MATTER_FIELDS', contract.MATTER_FIELDS, MATTER_FIELDS],
    ['ROLES', contract.ROLES, ROLES],
    ['PLANS', contract.PLANS, PLANS],
    ['MATTER_STATUSES', contract.MATTER_STATUSES, MATTER_STATUSES],
    ['GROUP_BYS', contract.GROUP_BYS, GROUP_BYS],
    ['UNIT_KINDS', contract.UNIT_KINDS, organisation.UNIT_KINDS],
    ['LOCALES', contract.LOCALES, LOCALES],
  ])('%s', (_name, ours, theirs) => {
    expect(ours).toEqual(theirs);
  });

  it('checks unit ids, usernames and passwords as the organisation does', () => {
    expect({ UNIT_ID_PATTERN, USERNAME_PATTERN, MIN_PASSWORD_LENGTH }).toEqual({
      UNIT_ID_PATTERN: organisation.UNIT_ID_PATTERN,
      USERNAME_PATTERN: organisation.USERNAME_PATTERN,
      MIN_PASSWORD_LENGTH: organisation.MIN_PASSWORD_LENGTH,
    });
  });
});
