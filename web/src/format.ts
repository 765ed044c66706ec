/** Dates are shown in the organisation's time zone, whatever the device's. */
const timeZone = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const dateFormat = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

export function formatDateTime(iso: string | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

export function formatDate(iso: string | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

/** An open task is overdue once its due time has passed. */
export function isOverdue(task: { status: string; dueAt?: string }, now = Date.now()): boolean {
  return task.status === 'open' && task.dueAt !== undefined && Date.parse(task.dueAt) < now;
}

/** A task or diagram element as people know it: its name, or its id when the diagram left it unnamed. */
export function elementLabel(element: { name?: string; elementId: string }): string {
  return element.name || element.elementId;
}
