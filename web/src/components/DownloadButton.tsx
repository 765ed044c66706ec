import { useState, type ReactNode } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { asApiError, download } from '../api/client';

/** A button saving a file the API makes (a workbook or a report); the server's refusal shows as a message. */
export function DownloadButton({ path, fileName, children }: { path: string; fileName: string; children: ReactNode }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await download(path, fileName);
    } catch (caught) {
      const error = asApiError(caught);
      message.error(error.body?.message ? `${error.message}：${error.body.message}` : error.message);
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
