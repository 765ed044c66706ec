import { Tag } from 'antd';
import type { MatterStatus, TaskStatus } from '../api/types';
import { text } from '../i18n';

const matterColors: Record<MatterStatus, string> = {
  draft: 'cyan',
  running: 'processing',
  completed: 'success',
  terminated: 'default',
  failed: 'error',
};

const taskColors: Record<TaskStatus, string> = {
  open: 'processing',
  completed: 'success',
  cancelled: 'default',
};

export function MatterStatusTag({ status }: { status: MatterStatus }) {
  return <Tag color={matterColors[status]}>{text.matter.status[status]}</Tag>;
}

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  return <Tag color={taskColors[status]}>{text.task.status[status]}</Tag>;
}
