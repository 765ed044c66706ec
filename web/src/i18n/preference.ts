/** Following and changing the signed-in user's language: stored on the server per user, applied by reloading. */
import { savePreferences } from '../api/auth';
import { locale } from './index';
import { type Locale, storeLocale } from './locale';

/**
 * Switches to the user's own language if the page booted in another (a fresh browser, or a choice
 * made on another device). Returns true when the page is reloading.
 */
export function followPreference(preferred: Locale): boolean {
  if (preferred === locale) return false;
  storeLocale(preferred);
  window.location.reload();
  return true;
}

/** Saves the user's choice on the server, then reloads the page in it. */
export async function chooseLocale(chosen: Locale): Promise<void> {
  await savePreferences({ locale: chosen });
  storeLocale(chosen);
  window.location.reload();
}
