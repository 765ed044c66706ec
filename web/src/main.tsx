import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
import { text } from './i18n/zh-CN';
import './styles.css';

// antd's date pickers take month and weekday names from dayjs.
dayjs.locale('zh-cn');
document.title = text.app.title;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Labels stay on one line: on a phone a narrow label column would break them character by character. */}
    <ConfigProvider locale={zhCN} descriptions={{ styles: { label: { whiteSpace: 'nowrap' } } }}>
      <AntApp>
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
