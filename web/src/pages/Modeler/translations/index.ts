/** The modeler's language: a diagram-js `translate` module for Chinese; English is the libraries' own. */
import { locale } from '../../../i18n';
import { zhCN } from './zh-CN';

/** diagram-js's translate: the template looked up, then `{name}` placeholders filled in. */
export function translateWith(catalogue: Record<string, string>) {
  return (template: string, replacements: Record<string, string> = {}): string =>
    (catalogue[template] ?? template).replace(/{([^}]+)}/g, (placeholder, key: string) => replacements[key] ?? placeholder);
}

/** The modules to add to a bpmn-js modeler (or viewer) for the UI's language. */
export const translationModules = locale === 'zh-CN' ? [{ translate: ['value', translateWith(zhCN)] }] : [];
