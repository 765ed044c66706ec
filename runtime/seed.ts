/**
 * The demo organisation seeded on a first start: a supervision office, a few responsible
 * units under a county, and one user per role. Every demo user has the password DEMO_PASSWORD.
 */
import argon2 from 'argon2';
import type { Knex } from 'knex';
import { localDateOf } from '../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG } from '../supervision/config';
import { createMatter } from '../services/matters';
import { clockNow } from '../services/clock';
import { CLIENT_SCOPES, createClient } from '../services/machine-clients';
import { seedOrganisationDemo } from '../services/organisation';
import type { TemporalContext } from '../services/context';

export const DEMO_PASSWORD = 'demo1234';
/** The demo job worker's client (the /v2 job API), with every scope; its secret, like the passwords, is for demos only. */
export const DEMO_CLIENT = { id: 'demo-worker', secret: 'demo-worker-secret' };

const UNITS = [
  { id: 'county', name: '天工县人民政府', parent_id: null, kind: 'county' },
  { id: 'office', name: '县委县政府督查室', parent_id: 'county', kind: 'office' },
  { id: 'leadership', name: '县领导', parent_id: 'county', kind: 'leadership' },
  { id: 'dev-reform', name: '县发展和改革局', parent_id: 'county', kind: 'department' },
  { id: 'housing', name: '县住房和城乡建设局', parent_id: 'county', kind: 'department' },
  { id: 'transport', name: '县交通运输局', parent_id: 'county', kind: 'department' },
  { id: 'education', name: '县教育局', parent_id: 'county', kind: 'department' },
];

const USERS = [
  { username: 'admin', display_name: '系统管理员', role: 'admin', unit_id: 'office' },
  { username: 'designer', display_name: '流程设计员', role: 'designer', unit_id: 'office' },
  { username: 'supervisor', display_name: '督查员 王敏', role: 'supervisor', unit_id: 'office' },
  { username: 'leader', display_name: '副县长 李强', role: 'leader', unit_id: 'leadership' },
  { username: 'fagai', display_name: '发改局 承办人 张伟', role: 'handler', unit_id: 'dev-reform' },
  { username: 'zhujian', display_name: '住建局 承办人 刘洋', role: 'handler', unit_id: 'housing' },
  { username: 'jiaotong', display_name: '交通局 承办人 陈静', role: 'handler', unit_id: 'transport' },
  { username: 'jiaoyu', display_name: '教育局 承办人 赵磊', role: 'handler', unit_id: 'education' },
  { username: 'zhujian-head', display_name: '住建局 局长 孙斌', role: 'head', unit_id: 'housing' },
];

/** Seeds the demo organisation once: does nothing when any user exists. */
export async function seedDemo(knex: Knex): Promise<boolean> {
  const existing = await knex('users').first('id');
  if (existing) return false;
  const hash = await argon2.hash(DEMO_PASSWORD);
  await knex.transaction(async (trx) => {
    await trx('units').insert(UNITS).onConflict('id').ignore();
    await trx('users').insert(USERS.map((u) => ({ ...u, password_hash: hash })));
  });
  await seedOrganisationDemo(knex);
  await createClient(knex, { ...DEMO_CLIENT, description: '演示用作业处理程序', scopes: [...CLIENT_SCOPES] }, { username: 'admin' });
  return true;
}

export const DEMO_USERS = USERS.map((u) => ({ username: u.username, role: u.role, unitId: u.unit_id }));

/** A few matters for the demo, registered and distributed like real ones, so the screens are not empty. */
export async function seedDemoMatters(knex: Knex, temporal: TemporalContext): Promise<void> {
  const supervisor = await knex('users').where({ username: 'supervisor' }).first();
  const user = { id: supervisor.id, username: supervisor.username, role: 'supervisor' as const, unitId: supervisor.unit_id };
  const today = localDateOf(clockNow(temporal.drill), DEFAULT_SUPERVISION_CONFIG.timeZone);
  const matters = [
    { title: '城区新建公共停车位1200个', leadUnit: 'housing', coUnits: ['transport'], type: '项目建设类', source: 'meeting', target: { indicator: '新建停车位', measure: '个', value: 1200 } },
    { title: '农村公路提质改造85公里', leadUnit: 'transport', coUnits: [], type: '项目建设类', source: 'superior', target: { indicator: '提质改造', measure: '公里', value: 85 } },
    { title: '新增义务教育学位3000个', leadUnit: 'education', coUnits: ['housing'], type: '指标类', source: 'instruction', target: { indicator: '新增学位', measure: '个', value: 3000 } },
  ];
  for (const m of matters) {
    await createMatter(
      knex,
      temporal,
      {
        processKey: 'supervision',
        title: m.title,
        variables: {},
        data: { ...m, assignedDate: today, deadline: `${Number(today.slice(0, 4)) + 1}-06-30`, assigner: '县政府常务会议', leader: 'leader', reportingPeriod: 'monthly', tags: ['民生实事'] },
      },
      user,
    );
  }
}
