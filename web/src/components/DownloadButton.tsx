import { useState, type ReactNode } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { asApiError } from '../api/client';
import { text } from '../i18n';

/** A button saving a file the API makes (a workbook or a report, fetched by `download`); the server's refusal shows as a message. */
export function DownloadButton({ download, children }: { download: () => Promise<void>; children: ReactNode }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await download();
    } catch (caught) {
      const error = asApiError(caught);
      message.error(error.body?.message ? `${error.message}${text.punctuation.colon}${error.body.message}` : error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={save}>
      {children}
    </Button>
  );
}
