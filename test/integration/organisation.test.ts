/** The organisation: the unit tree, users, leaders in charge of units, and its Excel import. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../runtime/seed';
import { seedOrganisationDemo } from '../../services/organisation';
import { type Stack, startStack } from '../support/stack';
import { shanghaiToday } from '../support/dates';

let stack: Stack;
let admin: string;
let supervisor: string;
let zhujian: string;

beforeAll(async () => {
  stack = await startStack();
  [admin, supervisor, zhujian] = await Promise.all(['admin', 'supervisor', 'zhujian'].map((u) => stack.login(u)));
});
afterAll(() => stack?.close());

const login = (username: string, password: string) => stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username, password } });
const createUnit = (token: string, payload: object) => stack.call(token, { method: 'POST', url: '/api/units', payload });
const patchUnit = (token: string, id: string, payload: object) => stack.call(token, { method: 'PATCH', url: `/api/units/${id}`, payload });
const deleteUnit = (token: string, id: string) => stack.call(token, { method: 'DELETE', url: `/api/units/${id}` });
const createUser = (token: string, payload: object) => stack.call(token, { method: 'POST', url: '/api/users', payload });
const patchUser = (token: string, id: number, payload: object) => stack.call(token, { method: 'PATCH', url: `/api/users/${id}`, payload });

async function xlsx(sheets: Record<string, ExcelJS.CellValue[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function upload(token: string | undefined, file: Buffer, filename = 'organisation.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), filename);
  return stack.call(token, { method: 'POST', url: '/api/organisation/import', payload: form });
}

const UNIT_HEADERS = ['编码', '名称', '上级编码', '类型', '排序'];
const USER_HEADERS = ['用户名', '姓名', '角色', '单位编码', '初始密码'];
const LEADER_HEADERS = ['领导用户名', '单位编码'];

describe('units', () => {
  it('lists the units flat for any user, or as a tree', async () => {
    expect((await stack.call(undefined, { method: 'GET', url: '/api/units' })).status).toBe(401);
    const flat = await stack.call(zhujian, { method: 'GET', url: '/api/units' });
    expect(flat.status).toBe(200);
    expect(flat.body.items).toContainEqual({ id: 'housing', name: '县住房和城乡建设局', parentId: 'county', kind: 'department', sort: 0 });

    const tree = await stack.call(zhujian, { method: 'GET', url: '/api/units?tree=1' });
    const county = tree.body.items.find((u: { id: string }) => u.id === 'county');
    expect(county).toMatchObject({ id: 'county', children: expect.arrayContaining([expect.objectContaining({ id: 'housing', children: [] })]) });
    expect((await stack.call(zhujian, { method: 'GET', url: '/api/units?tree=maybe' })).status).toBe(400);
  });

  it('lets an admin create, rename, move and reorder units, and no one else', async () => {
    expect((await createUnit(supervisor, { id: 'u-city', name: '九江市人民政府', kind: 'city' })).status).toBe(403);
    expect((await createUnit(zhujian, { id: 'u-city', name: '九江市人民政府', kind: 'city' })).status).toBe(403);
    const city = await createUnit(admin, { id: 'u-city', name: '九江市人民政府', kind: 'city' });
    expect(city.status, JSON.stringify(city.body)).toBe(201);
    expect(city.body).toEqual({ id: 'u-city', name: '九江市人民政府', kind: 'city', sort: 0 });
    const bureau = await createUnit(admin, { id: 'u-bureau', name: '九江市住建局', parentId: 'u-city', kind: 'department', sort: 3 });
    expect(bureau.body).toEqual({ id: 'u-bureau', name: '九江市住建局', parentId: 'u-city', kind: 'department', sort: 3 });

    expect((await createUnit(admin, { id: 'u-city', name: '重复', kind: 'city' })).status).toBe(409);
    const noParent = await createUnit(admin, { id: 'u-lost', name: '无上级', parentId: 'mars', kind: 'department' });
    expect(noParent).toMatchObject({ status: 400, body: { errors: [{ path: 'parentId', message: 'no unit "mars"' }] } });
    const badId = await createUnit(admin, { id: 'has space', name: 'x', kind: 'department' });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].path).toBe('body/id');
    expect((await createUnit(admin, { id: 'u-x', name: 'x', kind: 'planet' })).body.errors[0].path).toBe('body/kind');

    const moved = await patchUnit(admin, 'u-bureau', { name: '九江市住房和城乡建设局', parentId: 'county', sort: 1 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toEqual({ id: 'u-bureau', name: '九江市住房和城乡建设局', parentId: 'county', kind: 'department', sort: 1 });
    expect((await patchUnit(admin, 'u-bureau', { parentId: null })).body.parentId).toBeUndefined();
    expect((await patchUnit(supervisor, 'u-bureau', { name: 'x' })).status).toBe(403);
    expect((await patchUnit(admin, 'u-nowhere', { name: 'x' })).status).toBe(404);
    expect((await patchUnit(admin, 'u-bureau', { parentId: 'mars' })).status).toBe(400);
  });

  it('refuses a parent that makes a cycle', async () => {
    await createUnit(admin, { id: 'u-province', name: '江西省人民政府', kind: 'province' });
    await createUnit(admin, { id: 'u-prefecture', name: '赣州市人民政府', parentId: 'u-province', kind: 'city' });
    await createUnit(admin, { id: 'u-county', name: '大余县人民政府', parentId: 'u-prefecture', kind: 'county' });

    const cycle = await patchUnit(admin, 'u-province', { parentId: 'u-county' });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors).toEqual([{ path: 'parentId', message: 'moving u-province under u-county makes a cycle: u-province → u-county → u-prefecture → u-province' }]);
    expect((await patchUnit(admin, 'u-county', { parentId: 'u-county' })).status).toBe(400);
    expect((await stack.knex('units').where({ id: 'u-province' }).first()).parent_id).toBeNull();

    const tree = (await stack.call(admin, { method: 'GET', url: '/api/units?tree=true' })).body.items;
    expect(tree.find((u: { id: string }) => u.id === 'u-province')).toMatchObject({
      children: [{ id: 'u-prefecture', children: [{ id: 'u-county', children: [] }] }],
    });
  });

  it('deletes a unit only when nothing names it, saying what does', async () => {
    await createUnit(admin, { id: 'u-parent', name: '上级', kind: 'county' });
    await createUnit(admin, { id: 'u-child', name: '下级', parentId: 'u-parent', kind: 'department' });
    await createUnit(admin, { id: 'u-staffed', name: '有人的单位', kind: 'department' });
    await createUser(admin, { username: 'u-staff', displayName: '职员', role: 'handler', unitId: 'u-staffed', password: 'long-enough' });
    await createUnit(admin, { id: 'u-leading', name: '牵头单位', kind: 'department' });
    const today = shanghaiToday();
    const matter = await stack.call(supervisor, {
      method: 'POST',
      url: '/api/matters',
      payload: {
        processKey: 'supervision-basic',
        title: '删除单位检查',
        draft: true,
        data: { source: 'meeting', type: '项目建设类', assignedDate: today, deadline: '2030-12-31', assigner: '县政府', leadUnit: 'u-leading', coUnits: [], reportingPeriod: 'monthly' },
      },
    });
    expect(matter.status, JSON.stringify(matter.body)).toBe(201);

    expect(await deleteUnit(admin, 'u-parent')).toMatchObject({ status: 409, body: { message: 'unit u-parent cannot be deleted: it has 1 sub-unit' } });
    expect(await deleteUnit(admin, 'u-staffed')).toMatchObject({ status: 409, body: { message: 'unit u-staffed cannot be deleted: it has 1 user' } });
    expect(await deleteUnit(admin, 'u-leading')).toMatchObject({ status: 409, body: { message: 'unit u-leading cannot be deleted: it has 1 matter' } });
    expect((await deleteUnit(supervisor, 'u-child')).status).toBe(403);
    expect((await deleteUnit(admin, 'u-child')).status).toBe(204);
    expect((await deleteUnit(admin, 'u-child')).status).toBe(404);
    expect((await deleteUnit(admin, 'u-parent')).status).toBe(204);
  });
});

describe('users', () => {
  it('lists users to admins and supervisors only', async () => {
    expect((await stack.call(zhujian, { method: 'GET', url: '/api/users' })).status).toBe(403);
    const all = await stack.call(supervisor, { method: 'GET', url: '/api/users' });
    expect(all.status).toBe(200);
    expect(all.body.items).toContainEqual(expect.objectContaining({ username: 'zhujian', role: 'handler', unitId: 'housing', unitName: '县住房和城乡建设局', active: true }));
    const housing = await stack.call(admin, { method: 'GET', url: '/api/users?unitId=housing&role=head' });
    expect(housing.body.items.map((u: { username: string }) => u.username)).toEqual(['zhujian-head']);
  });

  it('creates a user who can then sign in, and refuses bad ones', async () => {
    const payload = { username: 'u-new', displayName: '新承办人', role: 'handler', unitId: 'education', password: 'first-pass' };
    expect((await createUser(supervisor, payload)).status).toBe(403);
    const created = await createUser(admin, payload);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ username: 'u-new', displayName: '新承办人', role: 'handler', unitId: 'education', unitName: '县教育局', active: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    expect((await login('u-new', 'first-pass')).status).toBe(200);
    const stored = await stack.knex('users').where({ username: 'u-new' }).first();
    expect(stored.password_hash).toMatch(/^\$argon2/);

    expect((await createUser(admin, payload)).status).toBe(409);
    expect((await createUser(admin, { ...payload, username: 'u-other', unitId: 'mars' })).body).toMatchObject({ errors: [{ path: 'unitId', message: 'no unit "mars"' }] });
    expect((await createUser(admin, { ...payload, username: 'u-other', role: 'king' })).body.errors[0].path).toBe('body/role');
    expect((await createUser(admin, { ...payload, username: 'u-other', password: 'short' })).body.errors[0].path).toBe('body/password');
    expect((await createUser(admin, { ...payload, username: 'bad name' })).status).toBe(400);
  });

  it('edits a user: password reset, role, unit, deactivation', async () => {
    const id = (await createUser(admin, { username: 'u-edit', displayName: '待编辑', role: 'handler', unitId: 'education', password: 'old-password' })).body.id;
    expect((await patchUser(supervisor, id, { displayName: 'x' })).status).toBe(403);
    const edited = await patchUser(admin, id, { password: 'new-password', role: 'head', unitId: 'housing', displayName: '住建局 负责人' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ role: 'head', unitId: 'housing', displayName: '住建局 负责人' });
    expect((await login('u-edit', 'old-password')).status).toBe(401);
    expect((await login('u-edit', 'new-password')).body.user).toMatchObject({ role: 'head', unitId: 'housing' });

    expect((await patchUser(admin, id, { unitId: 'mars' })).body).toMatchObject({ errors: [{ path: 'unitId' }] });
    expect((await patchUser(admin, id, { role: 'king' })).status).toBe(400);
    // Usernames do not change: the field is not taken.
    expect((await patchUser(admin, id, { username: 'renamed' })).body.username).toBe('u-edit');
    expect((await patchUser(admin, 999_999, { displayName: 'x' })).status).toBe(404);

    expect((await patchUser(admin, id, { active: false })).body.active).toBe(false);
    expect((await login('u-edit', 'new-password')).status).toBe(401);
    expect((await patchUser(admin, id, { active: true })).body.active).toBe(true);
    expect((await login('u-edit', 'new-password')).status).toBe(200);
  });

  it('keeps one active admin', async () => {
    const adminId = (await stack.knex('users').where({ username: 'admin' }).first()).id;
    // Given: the demo admin is the only active one (other files' admins, if any, are set aside meanwhile).
    const others = await stack.knex('users').where({ role: 'admin', active: true }).whereNot({ id: adminId }).pluck('id');
    await stack.knex('users').whereIn('id', others).update({ active: false });
    try {
      expect(await patchUser(admin, adminId, { role: 'supervisor' })).toMatchObject({ status: 409, body: { message: 'admin is the only active admin; make another admin first' } });
      expect((await patchUser(admin, adminId, { active: false })).status).toBe(409);
      const second = (await createUser(admin, { username: 'u-admin2', displayName: '第二管理员', role: 'admin', unitId: 'office', password: 'long-enough' })).body.id;
      expect((await patchUser(admin, second, { active: false })).status).toBe(200);
    } finally {
      await stack.knex('users').whereIn('id', others).update({ active: true });
    }
  });
});

describe('leaders in charge of units', () => {
  it('seeds the demo leader in charge of housing and transport', async () => {
    await seedOrganisationDemo(stack.knex);
    await seedOrganisationDemo(stack.knex);
    const units = await stack.call(admin, { method: 'GET', url: '/api/leaders/leader/units' });
    expect(units.body.items.map((u: { id: string }) => u.id)).toEqual(['housing', 'transport']);
  });

  it('sets the units a leader is in charge of; admins only', async () => {
    const leaderId = (await createUser(admin, { username: 'u-leader', displayName: '副市长 王刚', role: 'leader', unitId: 'leadership', password: 'long-enough' })).body.id;
    const put = (token: string, username: string, unitIds: string[]) => stack.call(token, { method: 'PUT', url: `/api/leaders/${username}/units`, payload: { unitIds } });

    expect((await stack.call(admin, { method: 'GET', url: '/api/leaders/u-leader/units' })).body).toEqual({ items: [] });
    expect((await put(supervisor, 'u-leader', ['housing'])).status).toBe(403);
    const set = await put(admin, 'u-leader', ['education', 'dev-reform', 'education']);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.items.map((u: { id: string }) => u.id)).toEqual(['dev-reform', 'education']);

    expect(await put(admin, 'u-leader', ['housing', 'mars'])).toMatchObject({ status: 400, body: { errors: [{ path: 'unitIds/1', message: 'no unit "mars"' }] } });
    expect(await put(admin, 'zhujian', ['housing'])).toMatchObject({ status: 409, body: { message: 'zhujian is a handler, not a leader' } });
    expect((await put(admin, 'nobody', ['housing'])).status).toBe(404);
    expect((await stack.call(supervisor, { method: 'GET', url: '/api/leaders/u-leader/units' })).status).toBe(403);

    const leaders = await stack.call(supervisor, { method: 'GET', url: '/api/leaders' });
    expect(leaders.body.items).toContainEqual({ username: 'u-leader', displayName: '副市长 王刚', unitIds: ['dev-reform', 'education'] });
    expect((await stack.call(zhujian, { method: 'GET', url: '/api/leaders' })).status).toBe(403);

    // No longer a leader: in charge of nothing.
    await patchUser(admin, leaderId, { role: 'supervisor' });
    expect(await stack.knex('leader_units').where({ user_id: leaderId })).toEqual([]);
    expect((await stack.call(supervisor, { method: 'GET', url: '/api/leaders' })).body.items.map((l: { username: string }) => l.username)).not.toContain('u-leader');
  });
});

describe('Excel import of the organisation', () => {
  it('hands admins a template of three sheets', async () => {
    const res = await stack.app.inject({ method: 'GET', url: '/api/organisation/template.xlsx', headers: { authorization: `Bearer ${admin}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['单位', '用户', '分管']);
    expect(book.getWorksheet('单位')!.getRow(1).values).toEqual([undefined, ...UNIT_HEADERS]);
    expect((await stack.call(supervisor, { method: 'GET', url: '/api/organisation/template.xlsx' })).status).toBe(403);
  });

  const goodSheets = () => ({
    单位: [
      UNIT_HEADERS,
      // Children before their parents: the sheet is read whole before parents are checked.
      ['x-gz-housing', '赣州市住房和城乡建设局', 'x-ganzhou', '部门', 2],
      ['x-gz-branch', '赣州市住建局章贡分局', 'x-gz-housing', '分局'],
      ['x-ganzhou', '赣州市人民政府', 'x-jiangxi', '市'],
      ['x-jiangxi', '江西省人民政府', null, '省'],
      ['education', '县教育局', 'county', '部门', 5],
    ],
    用户: [
      USER_HEADERS,
      ['x-handler', '赣州住建 承办人 周婷', '承办人', 'x-gz-housing', 'import-pass-1'],
      ['x-mayor', '赣州市 副市长 吴峰', '领导', 'x-ganzhou', 'import-pass-2'],
      ['jiaoyu', '教育局 承办人 赵磊', 'handler', 'education', ''],
    ],
    分管: [LEADER_HEADERS, ['x-mayor', 'x-gz-housing'], ['x-mayor', 'x-gz-branch']],
  });

  it('imports units, users and leaders in charge, then updates them on a second import', async () => {
    expect((await upload(undefined, await xlsx(goodSheets()))).status).toBe(401);
    expect((await upload(supervisor, await xlsx(goodSheets()))).status).toBe(403);

    const first = await upload(admin, await xlsx(goodSheets()));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ units: { created: 4, updated: 1 }, users: { created: 2, updated: 1 }, leaders: { updated: 1, assignments: 2 } });

    const tree = (await stack.call(admin, { method: 'GET', url: '/api/units?tree=1' })).body.items;
    expect(tree.find((u: { id: string }) => u.id === 'x-jiangxi')).toMatchObject({
      kind: 'province',
      children: [{ id: 'x-ganzhou', kind: 'city', children: [{ id: 'x-gz-housing', sort: 2, children: [{ id: 'x-gz-branch', kind: 'branch', children: [] }] }] }],
    });
    expect((await stack.knex('units').where({ id: 'education' }).first()).sort).toBe(5);
    expect((await login('x-handler', 'import-pass-1')).body.user).toMatchObject({ role: 'handler', unitId: 'x-gz-housing' });
    expect((await login('jiaoyu', DEMO_PASSWORD)).status).toBe(200);
    expect((await stack.call(admin, { method: 'GET', url: '/api/leaders/x-mayor/units' })).body.items.map((u: { id: string }) => u.id)).toEqual(['x-gz-branch', 'x-gz-housing']);

    const again = await upload(admin, await xlsx(goodSheets()));
    expect(again.body).toEqual({ units: { created: 0, updated: 5 }, users: { created: 0, updated: 3 }, leaders: { updated: 1, assignments: 2 } });
    // Initial passwords are for new users: a second import leaves passwords alone.
    expect((await login('x-handler', 'import-pass-1')).status).toBe(200);
  });

  it('imports nothing when one row is bad, and names every bad cell', async () => {
    const sheets = {
      单位: [UNIT_HEADERS, ['y-jiangxi', '江西省人民政府', null, '省'], ['y-ganzhou', '赣州市人民政府', 'y-jiangxi', '市'], ['y-bad', '', 'y-nowhere', '星球']],
      用户: [USER_HEADERS, ['y-handler', '承办人', '承办人', 'y-ganzhou', 'import-pass-3']],
    };
    const before = await stack.knex('units').count<{ count: string }[]>('* as count');

    const res = await upload(admin, await xlsx(sheets));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('the workbook has 3 bad cells; nothing was imported');
    expect(res.body.errors).toEqual([
      { sheet: '单位', row: 4, column: 'B', message: 'the name is missing' },
      { sheet: '单位', row: 4, column: 'C', message: 'no unit "y-nowhere" in this sheet or registered' },
      { sheet: '单位', row: 4, column: 'D', message: 'unknown kind "星球"' },
    ]);
    expect(await stack.knex('units').count<{ count: string }[]>('* as count')).toEqual(before);
    expect(await stack.knex('units').whereIn('id', ['y-jiangxi', 'y-ganzhou'])).toEqual([]);
    expect(await stack.knex('users').where({ username: 'y-handler' })).toEqual([]);
  });

  it('refuses a cycle through registered units', async () => {
    const res = await upload(admin, await xlsx({ 单位: [UNIT_HEADERS, ['x-jiangxi', '江西省人民政府', 'x-gz-branch', '省']] }));
    expect(res.body.errors).toEqual([{ sheet: '单位', row: 2, column: 'C', message: 'the parents make a cycle: x-jiangxi → x-gz-branch → x-gz-housing → x-ganzhou → x-jiangxi' }]);
  });

  it('refuses what is not a workbook upload', async () => {
    expect(await upload(admin, Buffer.from('编码,名称\nhousing,住建局\n'), 'organisation.csv')).toMatchObject({ status: 400, body: { message: 'the file is not an Excel workbook (.xlsx)' } });
    expect((await stack.call(admin, { method: 'POST', url: '/api/organisation/import', payload: { units: [] } })).status).toBe(400);
  });
});
