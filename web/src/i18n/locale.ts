/**
 * Which language the UI speaks. The choice is kept in localStorage so the page boots in it; once
 * signed in, the user's preference on the server wins (App reloads the page if they differ).
 */
import { LOCALES } from '../../../contract/values';

export type Locale = (typeof LOCALES)[number];
export { LOCALES };

export const DEFAULT_LOCALE: Locale = 'zh-CN';
const storageKey = 'duban.locale';

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** Outside a browser (unit tests under Node) nothing is stored and the default holds. */
export function storedLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return isLocale(stored) ? stored : DEFAULT_LOCALE;
}

export function storeLocale(locale: Locale): void {
  localStorage.setItem(storageKey, locale);
}

/** Each language by its own name, the same whatever language the page is in. */
export const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };
