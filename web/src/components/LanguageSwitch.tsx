import { useState } from 'react';
import { App, Segmented } from 'antd';
import { locale, text } from '../i18n';
import { LANGUAGE_NAMES, LOCALES, type Locale } from '../i18n/locale';
import { chooseLocale } from '../i18n/preference';

/** 中文 / English: saves the choice as the user's preference and reloads the page in it. */
export function LanguageSwitch() {
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  return (
    <Segmented<Locale>
      size="small"
      aria-label={text.layout.language}
      value={locale}
      disabled={saving}
      options={LOCALES.map((value) => ({ value, label: <span lang={value}>{LANGUAGE_NAMES[value]}</span> }))}
      onChange={(chosen) => {
        setSaving(true);
        chooseLocale(chosen).catch(() => {
          setSaving(false);
          message.error(text.layout.languageFailed);
        });
      }}
    />
  );
}
