import { Button, Tabs } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTasks } from '../../api/tasks';
import { ErrorAlert, PageTitle } from '../../components/PageState';
import { TaskList } from '../../components/TaskList';
import { text } from '../../i18n';
import { navigate, useLocation } from '../../router';

type Status = 'open' | 'completed';

/** The caller's tasks: open ones to work on and, on the second tab, the ones already completed. */
export default function InboxPage() {
  const status: Status = useLocation().searchParams.get('status') === 'completed' ? 'completed' : 'open';
  const tasks = useTasks(status);

  const list = tasks.error ? (
    <ErrorAlert error={tasks.error} onRetry={tasks.reload} />
  ) : (
    <TaskList
      tasks={tasks.data?.items ?? []}
      loading={tasks.loading}
      showMatter
      emptyText={status === 'open' ? text.inbox.empty : text.inbox.emptyCompleted}
    />
  );

  return (
    <>
      <PageTitle
        title={text.inbox.title}
        extra={<Button icon={<ReloadOutlined />} onClick={tasks.reload} aria-label={text.app.refresh} />}
      />
      <Tabs
        activeKey={status}
        onChange={(key) => navigate(key === 'completed' ? '/inbox?status=completed' : '/inbox', { replace: true })}
        items={[
          { key: 'open', label: text.inbox.open, children: status === 'open' ? list : null },
          { key: 'completed', label: text.inbox.completed, children: status === 'completed' ? list : null },
        ]}
      />
    </>
  );
}
