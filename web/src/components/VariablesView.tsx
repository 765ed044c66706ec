import { Descriptions, Empty } from 'antd';
import type { Variables } from '../api/types';
import { text } from '../i18n';
import { useSession } from '../session';
import { formatVariable, variableLabel } from '../variables';

/** A matter's variables, read-only; the ones the UI sets get their Chinese label and read as words, unit ids and the leader as names. */
export function VariablesView({ variables }: { variables: Variables }) {
  const names = useSession();
  const entries = Object.entries(variables);
  if (entries.length === 0) return <Empty description={text.app.empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />;

  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2 }}
      items={entries.map(([key, value]) => ({
        key,
        label: variableLabel(key),
        children: <span className="wrap-anywhere">{formatVariable(key, value, names)}</span>,
      }))}
    />
  );
}
