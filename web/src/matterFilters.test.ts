import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import {
  filterCount,
  filterQuery,
  filterValuesOf,
  filtersOf,
  filtersOfValues,
  listSearch,
  pageOf,
  pageQuery,
  type MatterFilters,
} from './matterFilters';

const all: MatterFilters = {
  text: '停车位',
  source: 'meeting',
  type: '项目建设类',
  leadUnit: 'housing',
  unit: 'transport',
  status: 'running',
  light: 'red',
  reportingPeriod: 'monthly',
  overdue: true,
  deadlineFrom: '2026-01-01',
  deadlineTo: '2026-12-31',
};

describe('filtersOf and filterQuery', () => {
  it('read back every filter they write', () => {
    expect(filtersOf(filterQuery(all))).toEqual(all);
  });

  it('write the parameters in one order whatever order the filters were set in', () => {
    expect(filterQuery({ overdue: true, status: 'running', text: '停车位' }).toString()).toBe(
      `text=${encodeURIComponent('停车位')}&status=running&overdue=true`,
    );
  });

  it('leave out what is not set, so an empty form is no query', () => {
    expect(filterQuery({ text: '', overdue: false }).toString()).toBe('');
    expect(filtersOf(new URLSearchParams())).toEqual({});
  });

  it('drop values the server would refuse, so a hand-edited link still opens', () => {
    const query = new URLSearchParams({
      text: '  ',
      source: 'rumour',
      status: 'lost',
      light: 'purple',
      reportingPeriod: 'daily',
      overdue: 'yes',
      deadlineFrom: '2026-02-30',
      deadlineTo: '31/12/2026',
      leadUnit: 'x'.repeat(201),
      page: '3',
      limit: '1000',
    });
    expect(filtersOf(query)).toEqual({});
  });

  it('trim the title text', () => {
    expect(filtersOf(new URLSearchParams({ text: ' 停车位 ' }))).toEqual({ text: '停车位' });
  });
});

describe('filterCount', () => {
  it('counts the filters set', () => {
    expect(filterCount({})).toBe(0);
    expect(filterCount({ light: 'red', overdue: false })).toBe(1);
    expect(filterCount(all)).toBe(11);
  });
});

describe('pages', () => {
  it.each([
    ['', 1],
    ['page=2', 2],
    ['page=0', 1],
    ['page=-1', 1],
    ['page=1.5', 1],
    ['page=abc', 1],
  ])('%j is page %i', (search, page) => {
    expect(pageOf(new URLSearchParams(search))).toBe(page);
  });

  it('leaves the first page out of an address', () => {
    expect(listSearch({})).toBe('');
    expect(listSearch({}, 1)).toBe('');
    expect(listSearch({ light: 'red' }, 1)).toBe('?light=red');
    expect(listSearch({ light: 'red' }, 3)).toBe('?light=red&page=3');
  });

  it('asks the server for the page by limit and offset', () => {
    expect(pageQuery({ status: 'running' }, 3, 20).toString()).toBe('status=running&limit=20&offset=40');
  });
});

describe('filterValuesOf and filtersOfValues', () => {
  it('fill the form with the filters and read them back', () => {
    const values = filterValuesOf(all);
    expect(values.deadline?.map((day) => day?.format('YYYY-MM-DD'))).toEqual(['2026-01-01', '2026-12-31']);
    expect(filtersOfValues(values)).toEqual(all);
  });

  it('keep an open-ended deadline range open', () => {
    const values = filterValuesOf({ deadlineTo: '2026-06-30' });
    expect(values.deadline?.[0]).toBeNull();
    expect(filtersOfValues({ deadline: [null, dayjs('2026-06-30')] })).toEqual({ deadlineTo: '2026-06-30' });
  });

  it('read a cleared form as no filters', () => {
    expect(filtersOfValues({ text: '  ', overdue: false, deadline: null, light: undefined })).toEqual({});
  });
});
