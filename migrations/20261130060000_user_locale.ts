import type { Knex } from 'knex';

/** Each user's interface language (zh-CN or en-US); Chinese unless they choose otherwise. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('locale').notNullable().defaultTo('zh-CN');
  });
  await knex.raw(`alter table users add constraint users_locale_known check (locale in ('zh-CN', 'en-US'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('locale');
  });
}
