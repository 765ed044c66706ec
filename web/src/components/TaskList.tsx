import { Card, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import type { Task } from '../api/types';
import { elementLabel, formatDateTime } from '../format';
import { text } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useIsPhone } from '../useIsPhone';
import { DueDate } from './DueDate';
import { LightDot } from './LightDot';

interface TaskListProps {
  tasks: Task[];
  loading?: boolean;
  /** Inbox rows name their matter; a matter's own task list does not need to. */
  showMatter: boolean;
  emptyText: string;
}

/** Who a task is for: its units and named users, and who took it on. */
export function useResponsibleOf(): (task: Task) => string {
  const { unitName } = useSession();
  return (task: Task) => {
    if (task.forDispatch) return text.task.forDispatch;
    const who = [...task.candidateUnits.map(unitName), ...(task.candidateUsers ?? [])].join(text.punctuation.list) || '—';
    return task.assignee ? `${who}${text.punctuation.paren(`${text.task.assignee}${text.punctuation.colon}${task.assignee}`)}` : who;
  };
}

/** Tasks as a table on a desktop and as cards on a phone; each opens the task page. */
export function TaskList({ tasks, loading, showMatter, emptyText }: TaskListProps) {
  const isPhone = useIsPhone();
  const responsibleOf = useResponsibleOf();
  const completed = tasks.some((task) => task.completedAt);

  if (isPhone) {
    if (loading) return <Card loading />;
    if (tasks.length === 0) return <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
    return (
      <Flex vertical gap={8}>
        {tasks.map((task) => (
          <Card key={task.id} size="small" hoverable onClick={() => navigate(`/tasks/${task.id}`)}>
            <Flex vertical gap={4}>
              <Flex align="center" gap={8}>
                <LightDot light={task.light} />
                <Typography.Text strong className="wrap-anywhere">
                  {elementLabel(task)}
                </Typography.Text>
              </Flex>
              {showMatter ? (
                <Typography.Text className="wrap-anywhere">{task.matterTitle}</Typography.Text>
              ) : null}
              <Typography.Text type="secondary">{responsibleOf(task)}</Typography.Text>
              <div>
                {text.task.dueAt}{text.punctuation.colon}<DueDate task={task} />
              </div>
              {task.completedAt ? (
                <Typography.Text type="secondary">
                  {text.task.completedAt}{text.punctuation.colon}{formatDateTime(task.completedAt)}
                </Typography.Text>
              ) : null}
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  }

  const columns: TableColumnsType<Task> = [
    ...(showMatter
      ? [
          {
            key: 'matter',
            title: text.task.matter,
            render: (_: unknown, task: Task) => <Link to={`/tasks/${task.id}`}>{task.matterTitle}</Link>,
          },
        ]
      : []),
    {
      key: 'name',
      title: text.task.name,
      render: (_, task) => (
        <Flex align="center" gap={8}>
          <LightDot light={task.light} />
          {showMatter ? elementLabel(task) : <Link to={`/tasks/${task.id}`}>{elementLabel(task)}</Link>}
          {task.callPath?.length ? <Typography.Text type="secondary">{text.history.calledAt(task.callPath.join(' › '))}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'unit', title: text.task.unit, render: (_, task) => responsibleOf(task) },
    { key: 'dueAt', title: text.task.dueAt, render: (_, task) => <DueDate task={task} /> },
    { key: 'createdAt', title: text.task.createdAt, render: (_, task) => formatDateTime(task.createdAt) },
  ];
  if (completed) {
    columns.push({
      key: 'completedAt',
      title: text.task.completedAt,
      render: (_, task) => formatDateTime(task.completedAt),
    });
  }

  return (
    <Table<Task>
      rowKey="id"
      columns={columns}
      dataSource={tasks}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={tasks.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      onRow={(task) => ({ onClick: () => navigate(`/tasks/${task.id}`), className: 'clickable' })}
    />
  );
}
