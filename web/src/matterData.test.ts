import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { MatterData } from './api/types';
import { changedData, formFieldOf, formValuesOf, formatDataValue, matterDataOf, matterUnits, newMatterBody, type MatterFormValues } from './matterData';
import { nameLookup, type Names } from './names';

const parking: MatterData = {
  title: '城区新建公共停车位',
  source: 'meeting',
  type: '项目建设类',
  assignedDate: '2026-03-02',
  deadline: '2026-12-31',
  assigner: '县委常委会',
  leadUnit: 'housing',
  coUnits: ['transport'],
  target: { indicator: '新建停车位', measure: '个', value: 1200 },
  reportingPeriod: 'monthly',
  tags: ['民生实事'],
};

const form = (changes: Partial<MatterFormValues> = {}): MatterFormValues => ({ ...formValuesOf(parking, 'supervision'), ...changes });

const names: Names = {
  unitName: nameLookup(new Map([['housing', '县住建局'], ['transport', '县交通局']])),
  userName: nameLookup(new Map([['leader', '王副县长']])),
};

describe('matterDataOf', () => {
  it('gives back the data the form was filled with', () => {
    expect(matterDataOf(form())).toEqual(parking);
  });

  it('trims text, drops blank optional fields and a co-unit that is also the lead', () => {
    expect(
      matterDataOf(
        form({
          title: ' 城区新建公共停车位 ',
          area: '  ',
          leader: '',
          coUnits: ['housing', 'transport'],
          target: { indicator: ' ', measure: '', value: null },
          tags: [' 民生实事 ', ' '],
        }),
      ),
    ).toEqual({ ...parking, target: undefined, tags: ['民生实事'] });
  });

  it('keeps a partial target, so the server can name what is missing', () => {
    expect(matterDataOf(form({ target: { indicator: '新建停车位', value: 1200 } })).target).toEqual({
      indicator: '新建停车位',
      measure: undefined,
      value: 1200,
    });
  });
});

describe('newMatterBody', () => {
  it('puts the title beside the data and marks a draft', () => {
    const { title, ...data } = parking;
    expect(newMatterBody(form(), true)).toEqual({ processKey: 'supervision', title, data, draft: true });
  });
});

describe('changedData', () => {
  it('is empty when nothing changed', () => {
    expect(changedData(parking, form())).toEqual({});
  });

  it('names only the changed fields, and a cleared optional field as null', () => {
    expect(
      changedData(
        parking,
        form({
          deadline: dayjs('2027-01-31'),
          coUnits: ['transport', 'finance'],
          target: { indicator: '', measure: '', value: null },
          area: '城关镇',
        }),
      ),
    ).toEqual({ deadline: '2027-01-31', coUnits: ['transport', 'finance'], target: null, area: '城关镇' });
  });
});

describe('formFieldOf', () => {
  it.each([
    ['deadline', ['deadline']],
    ['target.value', ['target', 'value']],
    ['/body/data/leadUnit', ['leadUnit']],
    ['/body/title', ['title']],
    ['/body/processKey', ['processKey']],
    ['/body/variables', null],
    ['', null],
    [undefined, null],
  ] as const)('%j → %j', (path, expected) => {
    expect(formFieldOf(path)).toEqual(expected);
  });
});

describe('formatDataValue', () => {
  it.each([
    ['source', 'instruction', '领导批示'],
    ['reportingPeriod', 'quarterly', '每季度'],
    ['leadUnit', 'housing', '县住建局'],
    ['coUnits', ['housing', 'transport'], '县住建局、县交通局'],
    ['coUnits', [], '—'],
    ['tags', ['民生', '交通'], '民生、交通'],
    ['deadline', '2026-12-31', '2026/12/31'],
    ['target', { indicator: '新建停车位', measure: '个', value: 1200 }, '新建停车位 1200 个'],
    ['area', null, '—'],
    ['type', '指标类', '指标类'],
    ['leader', 'leader', '王副县长'],
    ['leader', 'retired', 'retired'],
  ])('%s %j → %s', (field, value, expected) => {
    expect(formatDataValue(field, value, names)).toBe(expected);
  });
});

describe('matterUnits', () => {
  it('takes the lead unit and co-units from the data', () => {
    expect(matterUnits({ data: parking, variables: { units: ['other'] } })).toEqual(['housing', 'transport']);
  });

  it('falls back to the variables of a matter started without data', () => {
    expect(matterUnits({ variables: { units: ['housing', 'finance'] } })).toEqual(['housing', 'finance']);
    expect(matterUnits({ variables: { leadUnit: 'housing', coUnits: ['transport'] } })).toEqual(['housing', 'transport']);
    expect(matterUnits({ variables: { leadUnit: 'housing' } })).toEqual(['housing']);
    expect(matterUnits({ variables: {} })).toEqual([]);
  });
});
