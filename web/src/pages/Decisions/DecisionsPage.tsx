/** The deployed decisions (DMN), latest version of each, and the way to a new one. */
import { Button, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PageTitle } from '../../components/PageState';
import { ResponsiveList } from '../../components/ResponsiveList';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { Link, navigate } from '../../router';
import { type Decision, useDecisions } from './api';

const t = text.decisions;

export const decisionPath = (key: string) => `/decisions/${encodeURIComponent(key)}`;

export default function DecisionsPage() {
  const decisions = useDecisions();
  const columns: TableColumnsType<Decision> = [
    { key: 'name', title: t.name, render: (_, decision) => <Link to={decisionPath(decision.key)}>{decision.name ?? decision.key}</Link> },
    { key: 'key', title: t.key, render: (_, decision) => <code>{decision.key}</code> },
    { key: 'version', title: t.version, render: (_, decision) => decision.version },
    { key: 'deployedBy', title: t.deployedBy, render: (_, decision) => decision.deployedBy ?? '—' },
    { key: 'deployedAt', title: t.deployedAt, render: (_, decision) => formatDateTime(decision.deployedAt) },
  ];

  return (
    <>
      <PageTitle
        title={t.title}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/decisions/new')}>
            {t.newDecision}
          </Button>
        }
      />
      <ResponsiveList<Decision>
        items={decisions.data?.items ?? []}
        loading={decisions.loading}
        error={decisions.error}
        onRetry={decisions.reload}
        rowKey="key"
        columns={columns}
        empty={t.empty}
        onOpen={(decision) => navigate(decisionPath(decision.key))}
        card={(decision) => (
          <>
            <Typography.Text strong className="wrap-anywhere">
              {decision.name ?? decision.key}
            </Typography.Text>
            <Typography.Text type="secondary">
              <code>{decision.key}</code> · {t.versionLabel(decision.version)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {decision.deployedBy ?? '—'} · {formatDateTime(decision.deployedAt)}
            </Typography.Text>
          </>
        )}
      />
    </>
  );
}
