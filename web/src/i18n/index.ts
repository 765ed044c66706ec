/**
 * The active message catalogue. The language is read once, when this module is first evaluated
 * (before any module that uses `text`, module-level uses included); changing it reloads the page.
 */
import { en } from './en-US';
import type { Catalogue } from './catalogue';
import { type Locale, storedLocale } from './locale';
import { text as zh } from './zh-CN';

export type { Catalogue, Locale };

export const locale: Locale = storedLocale();

const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zh, 'en-US': en };

export const text: Catalogue = catalogues[locale];
