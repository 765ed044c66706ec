import type { Knex } from 'knex';

/**
 * Server-side sessions: a token names its session, and a session ends at logout, at expiry, or when
 * its user is deactivated or changes role, unit or password. The last is a trigger so that every
 * writer of users (the admin pages, the organisation import, a console) ends them alike.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.index(['user_id']);
  });
  await knex.raw(`
    create function end_sessions_of_changed_user() returns trigger language plpgsql as $$
    begin
      update sessions set revoked_at = now() where user_id = new.id and revoked_at is null;
      return new;
    end $$;
    create trigger users_end_sessions after update of active, role, unit_id, password_hash on users
      for each row
      when (old.active is distinct from new.active or old.role is distinct from new.role
         or old.unit_id is distinct from new.unit_id or old.password_hash is distinct from new.password_hash)
      execute function end_sessions_of_changed_user();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists users_end_sessions on users; drop function if exists end_sessions_of_changed_user()');
  await knex.schema.dropTableIfExists('sessions');
}
