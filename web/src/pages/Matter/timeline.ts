import type { AuditEntry, HistoryEntry } from '../../api/types';
import { text } from '../../i18n';
import { fieldLabel, formatDataValue } from '../../matterData';
import type { Names } from '../../names';
import { describeVariables } from '../../variables';

/** One line of a timeline: what happened, the details below it, and the dot's colour. */
export interface TimelineLine {
  title: string;
  details: string[];
  color: 'blue' | 'green' | 'red' | 'gray' | 'orange';
}

/** A history entry as a timeline line, in the office's words; what a called process did says where it was called. */
export function historyLine(entry: HistoryEntry, names: Names): TimelineLine {
  const line = ownLine(entry, names);
  const callPath = entry.kind === 'instruction' ? undefined : entry.callPath;
  if (!callPath?.length) return line;
  const title = entry.kind === 'started' ? text.history.calledStarted : entry.kind === 'ended' ? text.history.calledEnded : line.title;
  return { ...line, title, details: [text.history.calledAt(callPath.join(' › ')), ...line.details] };
}

function ownLine(entry: HistoryEntry, names: Names): TimelineLine {
  const { unitName, userName } = names;
  switch (entry.kind) {
    case 'started':
      return { title: text.history.started, details: [`${entry.processKey} · ${text.processDefinition.versionLabel(entry.processVersion)}`], color: 'blue' };
    case 'element':
      return {
        title: `${entry.name || entry.elementId} ${text.history.outcome[entry.outcome] ?? entry.outcome}`,
        details: [],
        color: entry.outcome === 'completed' ? 'green' : 'gray',
      };
    case 'taskCompleted':
      return {
        title: text.history.taskCompleted(`${userName(entry.by)}${text.punctuation.paren(`${unitName(entry.unitId)}`)}`),
        details: describeVariables(entry.variables, names),
        color: 'green',
      };
    case 'taskChanged': {
      const title =
        entry.action === 'delegate'
          ? text.history.delegate(userName(entry.by), entry.unitId ? unitName(entry.unitId) : '')
          : text.history[entry.action](userName(entry.by));
      return { title, details: [], color: 'blue' };
    }
    case 'message':
      return {
        title: text.history.message[entry.name] ?? text.history.otherMessage(entry.name),
        details: describeVariables(entry.variables, names),
        color: 'orange',
      };
    case 'ended':
      return {
        title: text.history.ended[entry.status] ?? text.history.endedOther(entry.status),
        details: [],
        color: entry.status === 'completed' ? 'green' : 'red',
      };
    case 'instruction':
      return { title: text.history.instruction(userName(entry.by)), details: [entry.text], color: 'orange' };
  }
}

/** An audit entry as a timeline line: an edit lists each field's old and new value. */
export function auditLine(entry: AuditEntry, names: Names): TimelineLine {
  const title = `${names.userName(entry.by)} ${text.audit.action[entry.action] ?? entry.action}`;
  switch (entry.action) {
    case 'edited':
      return {
        title,
        details: entry.details.map((change) =>
          text.audit.change(fieldLabel(change.field), formatDataValue(change.field, change.from, names), formatDataValue(change.field, change.to, names)),
        ),
        color: 'blue',
      };
    case 'terminated':
      return { title, details: [text.audit.reason(entry.details.reason)], color: 'red' };
    default:
      return { title, details: [], color: entry.action === 'started' ? 'green' : 'gray' };
  }
}
