import { Tag, type TableColumnsType } from 'antd';
import { useMatterRollup } from '../../api/matters';
import type { ProgressMark, RollupNode } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { LightDot } from '../../components/LightDot';
import { ErrorAlert } from '../../components/PageState';
import { text } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';

const markColors: Record<ProgressMark, string> = { ahead: 'blue', onSchedule: 'green', lagging: 'red' };

/** antd's tree table reads `children`; a matter without sub-matters has none, so it shows no expander. */
type Row = Omit<RollupNode, 'subMatters'> & { children?: Row[] };

function toRow(node: RollupNode): Row {
  const { subMatters, ...rest } = node;
  return subMatters.length > 0 ? { ...rest, children: subMatters.map(toRow) } : rest;
}

/** The matter's sub-matters as a tree: targets and achievements summed upwards, the progress mark of each. */
export function MatterRollup({ matterId }: { matterId: string }) {
  const { unitName } = useSession();
  const rollup = useMatterRollup(matterId);
  if (rollup.error) return <ErrorAlert error={rollup.error} onRetry={rollup.reload} />;

  const columns: TableColumnsType<Row> = [
    {
      key: 'title',
      title: text.matter.name,
      render: (_, node) =>
        node.id === matterId ? (
          node.title
        ) : (
          <Link to={`/matters/${encodeURIComponent(node.id)}`}>{node.title}</Link>
        ),
    },
    { key: 'leadUnit', title: text.matter.leadUnit, render: (_, node) => (node.leadUnit ? unitName(node.leadUnit) : '—') },
    { key: 'light', title: text.light.label, render: (_, node) => <LightDot light={node.light} named /> },
    {
      key: 'target',
      title: text.rollup.target,
      align: 'right',
      render: (_, node) => (node.target ? `${node.target.value} ${node.target.measure}` : '—'),
    },
    { key: 'achieved', title: text.rollup.achieved, align: 'right', render: (_, node) => node.achieved ?? '—' },
    {
      key: 'progress',
      title: text.rollup.progress,
      render: (_, node) => (node.progress ? <Tag color={markColors[node.progress.mark]}>{text.rollup.mark[node.progress.mark]}</Tag> : '—'),
    },
  ];

  const root = rollup.data ? toRow(rollup.data) : undefined;
  return (
    <CompactTable<Row>
      // Remounted once loaded: antd expands all rows only for the data it mounts with.
      key={root ? 'loaded' : 'loading'}
      rowKey="id"
      columns={columns}
      dataSource={root ? [root] : []}
      loading={rollup.loading}
      expandable={{ defaultExpandAllRows: true }}
      emptyText={text.rollup.empty}
    />
  );
}
