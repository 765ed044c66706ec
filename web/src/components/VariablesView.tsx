import type { ReactNode } from 'react';
import { Descriptions, Empty, Typography } from 'antd';
import type { Variables } from '../api/types';
import { formatDate } from '../format';
import { text } from '../i18n/zh-CN';
import { useSession } from '../session';

const labels: Record<string, string> = text.variable;

/** A matter's variables, read-only; the ones the UI sets get their Chinese label and unit ids show as names. */
export function VariablesView({ variables }: { variables: Variables }) {
  const { unitName } = useSession();
  const entries = Object.entries(variables);
  if (entries.length === 0) return <Empty description={text.app.empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />;

  const render = (key: string, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === '') return '—';
    if (key === 'leadUnit' && typeof value === 'string') return unitName(value);
    if (key === 'coUnits' && Array.isArray(value)) return value.map((id) => unitName(String(id))).join('、') || '—';
    if (key === 'deadline' && typeof value === 'string') return formatDate(value);
    if (key === 'approved' && typeof value === 'boolean') return value ? text.task.approve : text.task.return;
    if (typeof value === 'boolean') return value ? text.value.yes : text.value.no;
    if (typeof value === 'object') {
      return (
        <Typography.Text code className="wrap-anywhere">
          {JSON.stringify(value)}
        </Typography.Text>
      );
    }
    return <span className="wrap-anywhere">{String(value)}</span>;
  };

  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={entries.map(([key, value]) => ({ key, label: labels[key] ?? key, children: render(key, value) }))}
    />
  );
}
