import { Alert, Button, Card, Descriptions, Flex, type DescriptionsProps } from 'antd';
import type { TaskWithVariables } from '../api/types';
import { useApi } from '../api/useApi';
import { CompleteTaskForm } from '../components/CompleteTaskForm';
import { DueDate } from '../components/DueDate';
import { ErrorAlert, PageLoading, PageTitle } from '../components/PageState';
import { TaskStatusTag } from '../components/StatusTag';
import { useResponsibleOf } from '../components/TaskList';
import { VariablesView } from '../components/VariablesView';
import { elementLabel, formatDateTime } from '../format';
import { text } from '../i18n/zh-CN';
import { Link, navigate } from '../router';

/** One task: its matter's variables, read-only, and the form that completes it. */
export default function TaskPage({ params }: { params: Record<string, string> }) {
  const responsibleOf = useResponsibleOf();
  const task = useApi<TaskWithVariables>(`/api/tasks/${encodeURIComponent(params.id)}`);

  if (task.error) {
    return (
      <>
        <PageTitle title={text.task.name} back="/inbox" />
        <ErrorAlert error={task.error} onRetry={task.reload} />
      </>
    );
  }
  if (!task.data) return <PageLoading />;
  const current = task.data;

  const details: NonNullable<DescriptionsProps['items']> = [
    {
      key: 'matter',
      label: text.task.matter,
      children: <Link to={`/matters/${encodeURIComponent(current.matterId)}`}>{current.matterTitle}</Link>,
    },
    { key: 'status', label: text.matter.statusLabel, children: <TaskStatusTag status={current.status} /> },
    { key: 'unit', label: text.task.unit, children: responsibleOf(current) },
    { key: 'dueAt', label: text.task.dueAt, children: <DueDate task={current} /> },
    { key: 'createdAt', label: text.task.createdAt, children: formatDateTime(current.createdAt) },
  ];
  if (current.completedAt) {
    details.push({ key: 'completedAt', label: text.task.completedAt, children: formatDateTime(current.completedAt) });
    details.push({ key: 'completedBy', label: text.task.completedBy, children: current.completedBy ?? '—' });
  }

  return (
    <>
      <PageTitle title={elementLabel(current)} back="/inbox" />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} items={details} />
        </Card>
        <Card size="small" title={text.task.variables}>
          <VariablesView variables={current.variables} />
        </Card>
        <Card size="small" title={text.task.complete}>
          {current.status === 'open' ? (
            <CompleteTaskForm task={current} />
          ) : (
            <Alert
              type="info"
              showIcon
              title={text.task.notOpen}
              action={
                <Button size="small" onClick={() => navigate('/inbox')}>
                  {text.app.toInbox}
                </Button>
              }
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
