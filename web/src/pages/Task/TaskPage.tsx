import { lazy, Suspense } from 'react';
import { Alert, Button, Card, Descriptions, Flex, type DescriptionsProps } from 'antd';
import { useTask } from '../../api/tasks';
import { DueDate } from '../../components/DueDate';
import { LightDot } from '../../components/LightDot';
import { ErrorAlert, PageLoading, PageTitle } from '../../components/PageState';
import { TaskStatusTag } from '../../components/StatusTag';
import { useResponsibleOf } from '../../components/TaskList';
import { VariablesView } from '../../components/VariablesView';
import { elementLabel, formatDateTime } from '../../format';
import { text } from '../../i18n';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { TaskAssignment } from './TaskAssignment';
import { TaskForm } from './TaskForm';
import { mayWorkOn } from './taskForms';

/** A form-js form, and form-js with it, loads only for a task that has one. */
const FormJsTaskForm = lazy(() => import('./FormJsTaskForm'));

/** One task: who holds it, its matter's variables, read-only, and the form that completes it (its form-js form if it has one, else the hand-written form its form key calls for). */
export default function TaskPage({ params }: { params: Record<string, string> }) {
  const { user } = useSession();
  const responsibleOf = useResponsibleOf();
  const task = useTask(params.id);

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
    {
      key: 'status',
      label: text.matter.statusLabel,
      children: (
        <Flex align="center" gap={8}>
          <TaskStatusTag status={current.status} />
          <LightDot light={current.light} named />
        </Flex>
      ),
    },
    { key: 'unit', label: text.task.unit, children: responsibleOf(current) },
    { key: 'dueAt', label: text.task.dueAt, children: <DueDate task={current} /> },
    { key: 'createdAt', label: text.task.createdAt, children: formatDateTime(current.createdAt) },
  ];
  if (current.completedAt) {
    details.push({ key: 'completedAt', label: text.task.completedAt, children: formatDateTime(current.completedAt) });
    details.push({ key: 'completedBy', label: text.task.completedBy, children: current.completedBy ?? '—' });
  }

  let completion;
  if (current.status !== 'open') {
    completion = (
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
    );
  } else if (!mayWorkOn(current, user)) {
    completion = <Alert type="info" showIcon title={text.task.notYours} />;
  } else if (current.form) {
    completion = (
      <Suspense fallback={<PageLoading />}>
        <FormJsTaskForm task={current} />
      </Suspense>
    );
  } else {
    completion = <TaskForm task={current} />;
  }

  return (
    <>
      <PageTitle title={elementLabel(current)} back="/inbox" />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} items={details} />
          {current.status === 'open' ? (
            <div style={{ marginTop: 12 }}>
              <TaskAssignment task={current} onChanged={task.reload} />
            </div>
          ) : null}
        </Card>
        <Card size="small" title={text.task.complete}>
          {completion}
        </Card>
        <Card size="small" title={text.task.variables}>
          <VariablesView variables={current.variables} />
        </Card>
      </Flex>
    </>
  );
}
