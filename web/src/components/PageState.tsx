import type { ReactNode } from 'react';
import { Alert, Button, Flex, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { ApiError } from '../api/client';
import { text } from '../i18n';
import { navigate } from '../router';

export function PageLoading() {
  return (
    <div className="page-loading">
      <Spin description={text.app.loading} />
    </div>
  );
}

/** An API error: the UI's summary, then the server's message and each problem a validation error listed. */
export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const details = error.body?.errors ?? [];
  const description = error.body ? (
    <>
      <div className="wrap-anywhere">{error.body.message}</div>
      {details.length ? (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {details.map((detail, i) => (
            <li key={i} className="wrap-anywhere">
              {detail.elementId || detail.path || detail.field ? <code>{detail.elementId ?? detail.path ?? detail.field}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  ) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      title={error.message}
      description={description}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {text.app.retry}
          </Button>
        ) : undefined
      }
    />
  );
}

/** A page's heading: an optional way back, the title (wrapping when long), and actions on the right. */
export function PageTitle({ title, back, extra }: { title: ReactNode; back?: string; extra?: ReactNode }) {
  return (
    <Flex align="center" justify="space-between" gap={8} style={{ marginBottom: 16 }}>
      <Flex align="center" gap={8} style={{ minWidth: 0, flex: 1 }}>
        {back ? (
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={text.app.back} onClick={() => navigate(back)} />
        ) : null}
        <Typography.Title level={4} style={{ margin: 0 }} className="wrap-anywhere">
          {title}
        </Typography.Title>
      </Flex>
      {extra ? <div style={{ flex: 'none' }}>{extra}</div> : null}
    </Flex>
  );
}
