/**
 * The organisation as an Excel workbook: a template to fill in, and its import — all or nothing,
 * with every bad cell named by sheet, row and column as Excel shows them.
 *
 * Sheets: 单位 (units: 编码, 名称, 上级编码, 类型, 排序), 用户 (users: 用户名, 姓名, 角色, 单位编码,
 * 初始密码) and 分管 (leaders in charge: 领导用户名, 单位编码). A sheet may be left out. Rows are
 * matched by unit id and username: existing ones are updated, new ones created, none deleted.
 */
import argon2 from 'argon2';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { ROLES, type Role } from '../../supervision/access';
import { type ErrorDetail, invalidInput } from '../errors';
import {
  MIN_PASSWORD_LENGTH,
  ROLE_LABELS,
  UNIT_ID_PATTERN,
  UNIT_KINDS,
  UNIT_KIND_LABELS,
  USERNAME_PATTERN,
  type UnitKind,
  lockOrganisation,
  parentCycle,
  pruneLeaderUnits,
} from '../organisation';
import { byCodeOrLabel, cellText } from './cells';
import { type SheetRow as StreamedRow, type StreamedWorkbook, columnLetter, compareColumns, openWorkbook, tooMuch } from './stream';

export const SHEETS = { units: '单位', users: '用户', leaderUnits: '分管' } as const;

interface Column {
  header: string;
  required: boolean;
  width: number;
  note: string;
}

const UNIT_COLUMNS = {
  id: { header: '编码', required: true, width: 16, note: '单位编码，唯一；字母、数字或 - _ .，如 housing、330100' },
  name: { header: '名称', required: true, width: 28, note: '单位全称，如 县住房和城乡建设局' },
  parentId: { header: '上级编码', required: true, width: 16, note: '上级单位的编码（本表中或系统中已有）；最上级单位留空' },
  kind: { header: '类型', required: true, width: 12, note: `可选：${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]).join('、')}` },
  sort: { header: '排序', required: false, width: 8, note: '同级单位中的排列顺序（整数）；留空则不变' },
} satisfies Record<string, Column>;

const USER_COLUMNS = {
  username: { header: '用户名', required: true, width: 16, note: '登录名；字母、数字或 - _ . @' },
  displayName: { header: '姓名', required: true, width: 20, note: '显示的姓名，如 住建局 承办人 刘洋' },
  role: { header: '角色', required: true, width: 14, note: `可选：${ROLES.map((r) => ROLE_LABELS[r]).join('、')}` },
  unitId: { header: '单位编码', required: true, width: 16, note: '所在单位的编码' },
  password: { header: '初始密码', required: true, width: 16, note: `仅用于新用户，至少 ${MIN_PASSWORD_LENGTH} 位；已有用户的密码不变` },
} satisfies Record<string, Column>;

const LEADER_UNIT_COLUMNS = {
  leader: { header: '领导用户名', required: true, width: 16, note: '领导的用户名；分管几个单位就填几行' },
  unitId: { header: '单位编码', required: true, width: 16, note: '分管单位的编码' },
} satisfies Record<string, Column>;

/**
 * One import reads at most this many rows (not blank) per sheet: a county's or a province's
 * organisation is a few hundred units and a few thousand users. Each new user's password is hashed
 * with argon2 (about 0.1–0.4 s of a pool thread), which is what makes a larger import slow.
 */
export const MAX_ORGANISATION_ROWS = 2000;
/** Rows read per sheet, blank ones included: a sheet of a million blank rows is refused at this row. */
export const MAX_SCANNED_ROWS = 10 * MAX_ORGANISATION_ROWS;

/** How far down the template offers its drop-down lists. */
const TEMPLATE_ROWS = 500;

/** The empty workbook to fill in: headers with notes, drop-down lists for kinds and roles. */
export async function organisationTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const addSheet = (name: string, columns: Record<string, Column>, lists: Record<string, readonly string[]> = {}) => {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = Object.values(columns).map((c) => ({ header: c.header, width: c.width }));
    Object.values(columns).forEach((c, i) => {
      const cell = sheet.getRow(1).getCell(i + 1);
      cell.font = { bold: true };
      cell.note = c.note;
    });
    for (const [key, options] of Object.entries(lists)) {
      const column = Object.keys(columns).indexOf(key) + 1;
      for (let row = 2; row <= TEMPLATE_ROWS; row++) {
        sheet.getRow(row).getCell(column).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${options.join(',')}"`] };
      }
    }
  };
  addSheet(SHEETS.units, UNIT_COLUMNS, { kind: Object.values(UNIT_KIND_LABELS) });
  addSheet(SHEETS.users, USER_COLUMNS, { role: Object.values(ROLE_LABELS) });
  addSheet(SHEETS.leaderUnits, LEADER_UNIT_COLUMNS);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface SheetCellError extends ErrorDetail {
  sheet: string;
  row: number;
  column?: string;
  message: string;
}

/** What the import is checked against: the organisation as it stands. */
export interface ExistingOrganisation {
  /** Unit id → parent id. */
  units: ReadonlyMap<string, string | null>;
  users: ReadonlyMap<string, { role: Role; active: boolean }>;
}

export interface ImportedUnit {
  id: string;
  name: string;
  parentId: string | null;
  kind: UnitKind;
  /** Undefined keeps an existing unit's order (new units get 0). */
  sort?: number;
}

export interface ImportedUser {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  /** Given for new users only. */
  password?: string;
}

export interface OrganisationChanges {
  units: ImportedUnit[];
  users: ImportedUser[];
  /** Leader username → exactly the units in their charge. */
  leaderUnits: Map<string, string[]>;
}

type Cells<K extends string> = Record<K, string>;

interface SheetRow<K extends string> {
  row: number;
  cells: Cells<K>;
}

/**
 * Reads a sheet's rows by its headers (in any order), as a stream; blank rows are skipped (they count
 * only towards the rows scanned). The row beyond MAX_ORGANISATION_ROWS stops the reading with a
 * refusal naming it; cells beyond the sheet's columns are never read.
 */
async function readSheet<K extends string>(workbook: StreamedWorkbook, name: string, columns: Record<K, Column>, errors: SheetCellError[]) {
  if (!workbook.hasSheet(name)) return undefined;
  const keys = Object.keys(columns) as K[];
  const positions = {} as Record<K, number | undefined>;
  const letters = {} as Record<K, string>;
  const readHeader = (header: StreamedRow | undefined) => {
    const headers = new Map<string, number>();
    for (const column of header?.columns() ?? []) headers.set(cellText(header!.cell(column)), column);
    let complete = true;
    for (const key of keys) {
      positions[key] = headers.get(columns[key].header);
      letters[key] = positions[key] === undefined ? '' : columnLetter(positions[key]);
      if (positions[key] === undefined && columns[key].required) {
        errors.push({ sheet: name, row: 1, message: `no column ${columns[key].header}` });
        complete = false;
      }
    }
    return complete;
  };
  const rows: SheetRow<K>[] = [];
  let headerRead = false;
  for await (const row of workbook.rows(name, { scannedRows: MAX_SCANNED_ROWS })) {
    if (!headerRead) {
      headerRead = true;
      if (!readHeader(row.row === 1 ? row : undefined)) return undefined;
      if (row.row === 1) continue;
    }
    const cells = {} as Cells<K>;
    for (const key of keys) cells[key] = positions[key] === undefined ? '' : cellText(row.cell(positions[key]));
    if (!keys.some((key) => cells[key] !== '')) continue;
    if (rows.length >= MAX_ORGANISATION_ROWS) {
      tooMuch({ sheet: name, row: row.row, message: `${name} row ${row.row}: more than ${MAX_ORGANISATION_ROWS} rows in one sheet; import at most ${MAX_ORGANISATION_ROWS} at a time` });
    }
    rows.push({ row: row.row, cells });
  }
  if (!headerRead && !readHeader(undefined)) return undefined;
  return { rows, letters };
}

interface ReadSheet<K extends string> {
  rows: SheetRow<K>[];
  letters: Record<K, string>;
}

const SHEET_ORDER: string[] = Object.values(SHEETS);

/** In reading order: sheet by sheet, row by row, left to right (B before AA). */
function bySheetRowAndColumn(a: SheetCellError, b: SheetCellError): number {
  return SHEET_ORDER.indexOf(a.sheet) - SHEET_ORDER.indexOf(b.sheet) || a.row - b.row || compareColumns(a.column ?? '', b.column ?? '');
}

const unitIdPattern = new RegExp(UNIT_ID_PATTERN);
const usernamePattern = new RegExp(USERNAME_PATTERN);

/** The three sheets' rows as read, and the errors of their headers: what is checked against the organisation. */
export interface OrganisationSheets {
  units?: ReadSheet<keyof typeof UNIT_COLUMNS>;
  users?: ReadSheet<keyof typeof USER_COLUMNS>;
  leaderUnits?: ReadSheet<keyof typeof LEADER_UNIT_COLUMNS>;
  errors: SheetCellError[];
}

/** Reads an uploaded workbook's sheets as streams (see stream.ts), checking only their headers and size. */
export async function readOrganisationSheets(file: Buffer | StreamedWorkbook): Promise<OrganisationSheets> {
  const workbook = Buffer.isBuffer(file) ? await openWorkbook(file) : file;
  const errors: SheetCellError[] = [];
  const units = await readSheet(workbook, SHEETS.units, UNIT_COLUMNS, errors);
  const users = await readSheet(workbook, SHEETS.users, USER_COLUMNS, errors);
  const leaderUnits = await readSheet(workbook, SHEETS.leaderUnits, LEADER_UNIT_COLUMNS, errors);
  if (!workbook.hasSheet(SHEETS.units) && !workbook.hasSheet(SHEETS.users) && !workbook.hasSheet(SHEETS.leaderUnits)) {
    errors.push({ sheet: SHEETS.units, row: 1, message: `the workbook has none of the sheets ${Object.values(SHEETS).join(', ')}` });
  }
  return { units, users, leaderUnits, errors };
}

/** Reads and checks a workbook (readOrganisationSheets, then checkOrganisation). */
export async function readOrganisationWorkbook(
  file: Buffer | StreamedWorkbook,
  existing: ExistingOrganisation,
): Promise<{ ok: true; changes: OrganisationChanges } | { ok: false; errors: SheetCellError[] }> {
  return checkOrganisation(await readOrganisationSheets(file), existing);
}

/**
 * Checks the sheets against the organisation as it stands and returns the changes to make, or
 * every bad cell. Units may name parents defined further down their sheet; users and leaders may
 * name units of the same workbook.
 */
export function checkOrganisation(sheets: OrganisationSheets, existing: ExistingOrganisation): { ok: true; changes: OrganisationChanges } | { ok: false; errors: SheetCellError[] } {
  const errors: SheetCellError[] = [...sheets.errors];
  const failer =
    <K extends string>(name: string, sheet: ReadSheet<K> | undefined) =>
    (row: number, key: K, message: string) =>
      errors.push({ sheet: name, row, column: sheet?.letters[key], message });
  const unitSheet = sheets.units && { rows: sheets.units.rows, fail: failer(SHEETS.units, sheets.units) };
  const userSheet = sheets.users && { rows: sheets.users.rows, fail: failer(SHEETS.users, sheets.users) };
  const leaderSheet = sheets.leaderUnits && { rows: sheets.leaderUnits.rows, fail: failer(SHEETS.leaderUnits, sheets.leaderUnits) };

  const units: ImportedUnit[] = [];
  const unitRows = new Map<string, number>();
  const parentRefs: { row: number; id: string; parentId: string; valid: boolean }[] = [];
  for (const { row, cells } of unitSheet?.rows ?? []) {
    const fail = (key: keyof typeof UNIT_COLUMNS, message: string) => unitSheet!.fail(row, key, message);
    const before = errors.length;
    if (!cells.id) fail('id', 'the code is missing');
    else if (!unitIdPattern.test(cells.id)) fail('id', `"${cells.id}" is not a valid code: use letters, digits, - _ . (at most 64)`);
    else if (unitRows.has(cells.id)) fail('id', `code ${cells.id} is already on row ${unitRows.get(cells.id)}`);
    else unitRows.set(cells.id, row);
    if (!cells.name) fail('name', 'the name is missing');
    else if (cells.name.length > 200) fail('name', 'the name is longer than 200 characters');
    const kind = byCodeOrLabel(cells.kind, UNIT_KIND_LABELS);
    if (!kind) fail('kind', cells.kind ? `unknown kind "${cells.kind}"` : 'the kind is missing');
    const sort = cells.sort === '' ? undefined : Number(cells.sort);
    if (sort !== undefined && !Number.isSafeInteger(sort)) fail('sort', `"${cells.sort}" is not a whole number`);
    if (cells.parentId) parentRefs.push({ row, id: cells.id, parentId: cells.parentId, valid: errors.length === before });
    if (errors.length === before) units.push({ id: cells.id, name: cells.name, parentId: cells.parentId || null, kind: kind!, sort });
  }
  // Parents are checked once the whole sheet is read: a unit may name one defined further down.
  const unitExists = (id: string) => unitRows.has(id) || existing.units.has(id);
  const parents = new Map(existing.units);
  for (const unit of units) parents.set(unit.id, unit.parentId);
  for (const ref of parentRefs) {
    if (!unitExists(ref.parentId)) unitSheet!.fail(ref.row, 'parentId', `no unit "${ref.parentId}" in this sheet or registered`);
    const cycle = ref.valid ? parentCycle(parents, ref.id) : undefined;
    if (cycle) unitSheet!.fail(ref.row, 'parentId', `the parents make a cycle: ${cycle.join(' → ')}`);
  }

  const users: ImportedUser[] = [];
  const userRows = new Map<string, number>();
  const demotedAdminRows: number[] = [];
  for (const { row, cells } of userSheet?.rows ?? []) {
    const fail = (key: keyof typeof USER_COLUMNS, message: string) => userSheet!.fail(row, key, message);
    const before = errors.length;
    if (!cells.username) fail('username', 'the username is missing');
    else if (!usernamePattern.test(cells.username)) fail('username', `"${cells.username}" is not a valid username: use letters, digits, - _ . @ (at most 64)`);
    else if (userRows.has(cells.username)) fail('username', `user ${cells.username} is already on row ${userRows.get(cells.username)}`);
    else userRows.set(cells.username, row);
    if (!cells.displayName) fail('displayName', 'the name is missing');
    else if (cells.displayName.length > 100) fail('displayName', 'the name is longer than 100 characters');
    const role = byCodeOrLabel(cells.role, ROLE_LABELS);
    if (!role) fail('role', cells.role ? `unknown role "${cells.role}"` : 'the role is missing');
    if (!cells.unitId) fail('unitId', 'the unit code is missing');
    else if (!unitExists(cells.unitId)) fail('unitId', `no unit "${cells.unitId}" in sheet ${SHEETS.units} or registered`);
    const current = existing.users.get(cells.username);
    if (!current && cells.username) {
      if (!cells.password) fail('password', 'a new user needs an initial password');
      else if (cells.password.length < MIN_PASSWORD_LENGTH) fail('password', `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    if (current?.role === 'admin' && current.active && role && role !== 'admin') demotedAdminRows.push(row);
    if (errors.length === before) {
      users.push({ username: cells.username, displayName: cells.displayName, role: role!, unitId: cells.unitId, password: current ? undefined : cells.password });
    }
  }
  const importedRoles = new Map(users.map((u) => [u.username, u.role]));
  const finalRole = (username: string) => importedRoles.get(username) ?? existing.users.get(username)?.role;
  const activeAdminsLeft = [...existing.users].some(([username, u]) => u.active && finalRole(username) === 'admin') || users.some((u) => u.role === 'admin' && !existing.users.has(u.username));
  if (!activeAdminsLeft) for (const row of demotedAdminRows) userSheet!.fail(row, 'role', 'this leaves no active admin');

  const leaderUnits = new Map<string, string[]>();
  for (const { row, cells } of leaderSheet?.rows ?? []) {
    const fail = (key: keyof typeof LEADER_UNIT_COLUMNS, message: string) => leaderSheet!.fail(row, key, message);
    const before = errors.length;
    const role = finalRole(cells.leader);
    if (!cells.leader) fail('leader', 'the leader is missing');
    else if (!role) fail('leader', `no user "${cells.leader}" in sheet ${SHEETS.users} or registered`);
    else if (role !== 'leader') fail('leader', `${cells.leader} is a ${role}, not a leader`);
    if (!cells.unitId) fail('unitId', 'the unit code is missing');
    else if (!unitExists(cells.unitId)) fail('unitId', `no unit "${cells.unitId}" in sheet ${SHEETS.units} or registered`);
    if (errors.length === before) {
      const theirs = leaderUnits.get(cells.leader) ?? [];
      if (!theirs.includes(cells.unitId)) theirs.push(cells.unitId);
      leaderUnits.set(cells.leader, theirs);
    }
  }

  if (errors.length > 0) return { ok: false, errors: errors.sort(bySheetRowAndColumn) };
  return { ok: true, changes: { units, users, leaderUnits } };
}

export interface ImportCounts {
  units: { created: number; updated: number };
  users: { created: number; updated: number };
  /** Leaders whose units were set, and the assignments made. */
  leaders: { updated: number; assignments: number };
}

/** Imports a workbook in one transaction: every change or, with a 400 listing every bad cell, none. */
export async function importOrganisation(knex: Knex, file: Buffer): Promise<ImportCounts> {
  // The rows are read before the organisation is locked: only the checks need it as it stands.
  const sheets = await readOrganisationSheets(file);
  return knex.transaction(async (trx) => {
    await lockOrganisation(trx);
    const [unitRows, userRows] = await Promise.all([trx('units').select('id', 'parent_id'), trx('users').select('username', 'role', 'active')]);
    const existing: ExistingOrganisation = {
      units: new Map(unitRows.map((u) => [u.id, u.parent_id])),
      users: new Map(userRows.map((u) => [u.username, { role: u.role, active: u.active }])),
    };
    const result = checkOrganisation(sheets, existing);
    if (!result.ok) throw invalidInput(`the workbook has ${result.errors.length} bad cells; nothing was imported`, result.errors);
    const { units, users, leaderUnits } = result.changes;

    // New units go in without parents first, so every parent exists when the parents are set.
    const newUnits = units.filter((u) => !existing.units.has(u.id));
    if (newUnits.length > 0) await trx.batchInsert('units', newUnits.map((u) => ({ id: u.id, name: u.name, kind: u.kind, sort: u.sort ?? 0 })), 500);
    if (units.length > 0) {
      await trx.raw(
        `update units set name = v.name, kind = v.kind, sort = coalesce(v.sort, units.sort), parent_id = v.parent_id
           from jsonb_to_recordset(?::jsonb) as v(id text, name text, kind text, sort integer, parent_id text)
          where units.id = v.id`,
        [JSON.stringify(units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, sort: u.sort ?? null, parent_id: u.parentId })))],
      );
    }

    const newUsers = users.filter((u) => !existing.users.has(u.username));
    // argon2 hashes on libuv's thread pool, so these run a few at a time, not all at once.
    const hashed = await Promise.all(
      newUsers.map(async (u) => ({ username: u.username, display_name: u.displayName, role: u.role, unit_id: u.unitId, password_hash: await argon2.hash(u.password!) })),
    );
    if (hashed.length > 0) await trx.batchInsert('users', hashed, 500);
    const updatedUsers = users.filter((u) => existing.users.has(u.username));
    if (updatedUsers.length > 0) {
      await trx.raw(
        `update users set display_name = v.display_name, role = v.role, unit_id = v.unit_id
           from jsonb_to_recordset(?::jsonb) as v(username text, display_name text, role text, unit_id text)
          where users.username = v.username`,
        [JSON.stringify(updatedUsers.map((u) => ({ username: u.username, display_name: u.displayName, role: u.role, unit_id: u.unitId })))],
      );
    }
    await pruneLeaderUnits(trx);

    let assignments = 0;
    if (leaderUnits.size > 0) {
      const ids = new Map<string, number>((await trx('users').whereIn('username', [...leaderUnits.keys()]).select('id', 'username')).map((u) => [u.username, u.id]));
      await trx('leader_units').whereIn('user_id', [...ids.values()]).delete();
      const rows = [...leaderUnits].flatMap(([username, unitIds]) => unitIds.map((unitId) => ({ user_id: ids.get(username)!, unit_id: unitId })));
      await trx.batchInsert('leader_units', rows, 500);
      assignments = rows.length;
    }
    return {
      units: { created: newUnits.length, updated: units.length - newUnits.length },
      users: { created: newUsers.length, updated: updatedUsers.length },
      leaders: { updated: leaderUnits.size, assignments },
    };
  });
}
