import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
// The language is chosen when ./i18n is first evaluated, from the stored choice: ES modules evaluate
// their imports first, so every module that uses `text`, even at its top level, gets that language.
import { locale, text } from './i18n';
import './styles.css';

// antd's date pickers take month and weekday names from dayjs.
dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
document.documentElement.lang = locale;
document.title = text.app.title;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Labels stay on one line: on a phone a narrow label column would break them character by character. */}
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} descriptions={{ styles: { label: { whiteSpace: 'nowrap' } } }}>
      <AntApp>
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
