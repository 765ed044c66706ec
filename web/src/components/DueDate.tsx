import { Tag, Typography } from 'antd';
import type { Task } from '../api/types';
import { formatDateTime, isOverdue } from '../format';
import { text } from '../i18n';

/** A task's due time, in red with an "overdue" tag once an open task has passed it. */
export function DueDate({ task }: { task: Task }) {
  if (!task.dueAt) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!isOverdue(task)) return <span>{formatDateTime(task.dueAt)}</span>;
  return (
    <span>
      <Typography.Text type="danger">{formatDateTime(task.dueAt)}</Typography.Text>{' '}
      <Tag color="red">{text.task.overdue}</Tag>
    </span>
  );
}
