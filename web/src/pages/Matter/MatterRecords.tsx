import { useState, type ReactNode } from 'react';
import { Empty, Flex, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { useMatterAudit, useMatterHistory } from '../../api/matters';
import type { Matter } from '../../api/types';
import type { ApiState } from '../../api/useApi';
import { ErrorAlert } from '../../components/PageState';
import { elementLabel, formatDateTime } from '../../format';
import { text } from '../../i18n';
import { useSession } from '../../session';
import { auditLine, historyLine, type TimelineLine } from './timeline';

/** Completed steps in the order they finished, then the steps running now. */
function Progress({ matter }: { matter: Matter }) {
  const completed = [...matter.completedElements].sort((a, b) => a.completedAt.localeCompare(b.completedAt));
  if (completed.length === 0 && matter.activeElements.length === 0) {
    return <Empty description={text.matter.noProgress} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  }
  return (
    <Timeline
      items={[
        ...completed.map((element, i) => ({
          key: `done-${i}`,
          color: 'green',
          content: (
            <Flex vertical>
              <Typography.Text>{elementLabel(element)}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(element.completedAt)}</Typography.Text>
            </Flex>
          ),
        })),
        ...matter.activeElements.map((element) => ({
          key: `active-${element.instanceId}`,
          color: 'blue',
          content: (
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{elementLabel(element)}</Typography.Text>
              <Tag color="processing">
                {element.arrived !== undefined && element.expected !== undefined ? text.matter.joining(element.arrived, element.expected) : text.matter.active}
              </Tag>
            </Flex>
          ),
        })),
      ]}
    />
  );
}

/** Timeline lines with their times; details (what a completion carried, what an edit changed) below each. */
function Lines({ lines, emptyText }: { lines: (TimelineLine & { at: string })[]; emptyText: string }) {
  if (lines.length === 0) return <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      items={lines.map((line, i) => ({
        key: i,
        color: line.color,
        content: (
          <Flex vertical>
            <Typography.Text>{line.title}</Typography.Text>
            {line.details.map((detail, j) => (
              <Typography.Text key={j} type="secondary" className="wrap-anywhere">
                {detail}
              </Typography.Text>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(line.at)}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}

function Loaded<T>({ state, render }: { state: ApiState<T>; render: (data: T) => ReactNode }) {
  if (state.error) return <ErrorAlert error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Spin style={{ display: 'block', padding: 24 }} />;
  return <>{render(state.data)}</>;
}

type RecordTab = 'progress' | 'history' | 'audit';

/**
 * A matter's records in tabs: where it stands now, its history element by element (from the
 * workflow), and its audit trail (who registered, edited, started or ended it). History and audit
 * load when their tab is opened; a draft has no history yet.
 */
export function MatterRecords({ matter }: { matter: Matter }) {
  const names = useSession();
  const started = matter.status !== 'draft';
  const [tab, setTab] = useState<RecordTab>(started ? 'progress' : 'audit');
  const history = useMatterHistory(tab === 'history' ? matter.id : null);
  const audit = useMatterAudit(tab === 'audit' ? matter.id : null);

  const items = [
    ...(started
      ? [
          { key: 'progress', label: text.matter.progress, children: <Progress matter={matter} /> },
          {
            key: 'history',
            label: text.matter.history,
            children: (
              <Loaded
                state={history}
                render={(data) => (
                  <Lines lines={data.items.map((entry) => ({ ...historyLine(entry, names), at: entry.at }))} emptyText={text.matter.noHistory} />
                )}
              />
            ),
          },
        ]
      : []),
    {
      key: 'audit',
      label: text.matter.audit,
      children: (
        <Loaded
          state={audit}
          render={(data) => <Lines lines={data.items.map((entry) => ({ ...auditLine(entry, names), at: entry.at }))} emptyText={text.matter.noAudit} />}
        />
      ),
    },
  ];

  return <Tabs size="small" activeKey={tab} onChange={(key) => setTab(key as RecordTab)} items={items} />;
}
