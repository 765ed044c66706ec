/** A user's own settings: what they choose for themselves, not what an administrator assigns. */
import type { Knex } from 'knex';
import { notFound } from './errors';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

/** Stores the user's interface language; changing it leaves their sessions open. */
export async function setLocale(knex: Knex, userId: number, locale: Locale): Promise<void> {
  const updated = await knex('users').where({ id: userId }).update({ locale });
  if (updated === 0) throw notFound(`user ${userId}`);
}
