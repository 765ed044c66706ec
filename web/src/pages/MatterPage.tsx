import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Tag, Timeline, Typography, type DescriptionsProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Matter } from '../api/types';
import { useApi } from '../api/useApi';
import { ErrorAlert, PageLoading, PageTitle } from '../components/PageState';
import { ProcessDiagram } from '../components/ProcessDiagram';
import { MatterStatusTag } from '../components/StatusTag';
import { TaskList } from '../components/TaskList';
import { VariablesView } from '../components/VariablesView';
import { elementLabel, formatDateTime } from '../format';
import { text } from '../i18n/zh-CN';
import { Link } from '../router';

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
          key: `active-${element.elementId}`,
          color: 'blue',
          content: (
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{elementLabel(element)}</Typography.Text>
              <Tag color="processing">{text.matter.active}</Tag>
            </Flex>
          ),
        })),
      ]}
    />
  );
}

/** One matter: status, variables, open tasks, progress and the diagram with where it stands. */
export default function MatterPage({ params }: { params: Record<string, string> }) {
  const matter = useApi<Matter>(`/api/matters/${encodeURIComponent(params.id)}`);

  if (matter.error) {
    return (
      <>
        <PageTitle title={text.matter.title} back="/matters" />
        <ErrorAlert error={matter.error} onRetry={matter.reload} />
      </>
    );
  }
  if (!matter.data) return <PageLoading />;
  const current = matter.data;

  const details: NonNullable<DescriptionsProps['items']> = [
    { key: 'status', label: text.matter.statusLabel, children: <MatterStatusTag status={current.status} /> },
    {
      key: 'process',
      label: text.matter.process,
      children: (
        <Link to={`/process-definitions/${encodeURIComponent(current.processKey)}`}>
          {current.processKey} · {text.processDefinition.versionLabel(current.processVersion)}
        </Link>
      ),
    },
    { key: 'createdAt', label: text.matter.createdAt, children: formatDateTime(current.createdAt) },
  ];
  if (current.endedAt) details.push({ key: 'endedAt', label: text.matter.endedAt, children: formatDateTime(current.endedAt) });

  return (
    <>
      <PageTitle
        title={current.title}
        back="/matters"
        extra={<Button icon={<ReloadOutlined />} onClick={matter.reload} aria-label={text.app.refresh} />}
      />
      <Flex vertical gap={16}>
        {current.failure ? (
          <Alert
            type="error"
            showIcon
            title={text.matter.failed}
            description={
              <>
                <div className="wrap-anywhere">{current.failure.message}</div>
                {current.failure.elementId ? <div>{text.matter.failedAt(current.failure.elementId)}</div> : null}
              </>
            }
          />
        ) : null}
        {current.stale ? <Alert type="warning" showIcon title={text.matter.stale} /> : null}
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3 }} items={details} />
        </Card>
        <Card size="small" title={text.matter.variables}>
          <VariablesView variables={current.variables} />
        </Card>
        <Card size="small" title={text.matter.openTasks}>
          <TaskList tasks={current.openTasks} showMatter={false} emptyText={text.matter.noOpenTasks} />
        </Card>
        {/* On a phone the progress comes first: it reads better there than a small diagram. */}
        <Row gutter={[16, 16]}>
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
            <Card size="small" title={text.matter.diagram}>
              <ProcessDiagram
                processKey={current.processKey}
                version={current.processVersion}
                active={current.activeElements.map((element) => element.elementId)}
                completed={current.completedElements.map((element) => element.elementId)}
                failed={current.failure?.elementId}
              />
            </Card>
          </Col>
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
            <Card size="small" title={text.matter.progress}>
              <Progress matter={current} />
            </Card>
          </Col>
        </Row>
      </Flex>
    </>
  );
}
