import { useState, type ReactNode } from 'react';
import { Button, Card, Flex, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { LIGHTS } from '../../../../supervision/lights';
import { downloadLedger } from '../../api/excel';
import { useMatterSearch } from '../../api/matters';
import { useStatistics } from '../../api/statistics';
import type { GroupBy, SearchPage as Page, Statistics, Tally } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { DownloadButton } from '../../components/DownloadButton';
import { LightDot } from '../../components/LightDot';
import { MatterFilterForm, useMatterFilters, type FilterField } from '../../components/MatterFilterForm';
import { ErrorAlert, PageTitle } from '../../components/PageState';
import { MatterStatusTag } from '../../components/StatusTag';
import { formatDate } from '../../format';
import { text } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';

const cards = ['green', 'yellow', 'red'] as const;
const groupBys: readonly GroupBy[] = ['unit', 'source', 'type', 'month'];
const PAGE_SIZE = 20;
const filterFields: readonly FilterField[] = ['text', 'source', 'type', 'leadUnit', 'unit', 'status', 'light', 'reportingPeriod', 'deadline', 'overdue'];

type Found = Page['items'][number];
type StatisticsRow = Statistics['rows'][number];

/** Ad-hoc queries on the matters' data elements and state, a page at a time, and counts grouped by unit, source, type or month. */
export default function SearchPage() {
  const { unitName } = useSession();
  const { filters, page, show } = useMatterFilters();
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');

  const found = useMatterSearch(filters, page, PAGE_SIZE);
  const statistics = useStatistics(filters, groupBy);

  const columns: TableColumnsType<Found> = [
    {
      key: 'title',
      title: text.matter.name,
      render: (_, matter) => (
        <Flex align="center" gap={8}>
          <LightDot light={matter.light} />
          <Link to={`/matters/${encodeURIComponent(matter.id)}`}>{matter.title}</Link>
        </Flex>
      ),
    },
    { key: 'source', title: text.search.source, render: (_, matter) => (matter.data ? text.matterData.source[matter.data.source] : '—') },
    { key: 'type', title: text.search.type, render: (_, matter) => matter.data?.type ?? '—' },
    { key: 'leadUnit', title: text.matter.leadUnit, render: (_, matter) => (matter.data ? unitName(matter.data.leadUnit) : '—') },
    { key: 'deadline', title: text.matter.deadline, render: (_, matter) => formatDate(matter.data?.deadline) },
    { key: 'status', title: text.matter.statusLabel, render: (_, matter) => <MatterStatusTag status={matter.status} /> },
    {
      key: 'overdueDays',
      title: text.search.overdueDays,
      align: 'right',
      render: (_, matter) => (matter.overdueDays ? <Typography.Text type="danger">{matter.overdueDays}</Typography.Text> : '—'),
    },
  ];

  // One list makes both the columns and the totals row, so they line up.
  const counts: { key: string; title: string; value: (row: Tally) => ReactNode }[] = [
    { key: 'matters', title: text.statistics.matters, value: (row) => row.matters },
    { key: 'running', title: text.statistics.running, value: (row) => row.running },
    { key: 'completed', title: text.statistics.completed, value: (row) => row.completed },
    { key: 'terminated', title: text.statistics.terminated, value: (row) => row.terminated },
    {
      key: 'overdue',
      title: text.statistics.overdue,
      value: (row) => (row.overdue > 0 ? <Typography.Text type="danger">{row.overdue}</Typography.Text> : 0),
    },
    ...LIGHTS.map((light) => ({ key: `light-${light}`, title: text.light.name[light], value: (row: Tally) => row.lights[light] })),
    ...cards.map((card) => ({ key: `card-${card}`, title: text.card.name[card], value: (row: Tally) => row.cards[card] })),
  ];
  const statisticsColumns: TableColumnsType<StatisticsRow> = [
    { key: 'label', title: text.statistics.group, fixed: 'left', render: (_, row) => (row.key === null ? text.statistics.none : row.label) },
    ...counts.map(({ key, title, value }) => ({ key, title, align: 'right' as const, render: (_: unknown, row: StatisticsRow) => value(row) })),
  ];
  const totals = statistics.data?.totals;

  return (
    <>
      <PageTitle
        title={text.search.title}
        extra={
          <Button
            icon={<ReloadOutlined />}
            aria-label={text.app.refresh}
            onClick={() => {
              found.reload();
              statistics.reload();
            }}
          />
        }
      />
      <Flex vertical gap={16}>
        <MatterFilterForm
          filters={filters}
          fields={filterFields}
          onApply={(next) => show(next)}
          extra={
            // The ledger takes only the list's filters: the rest of the form narrows the page, not the workbook.
            <DownloadButton download={() => downloadLedger(filters)}>
              {text.excel.ledger}
            </DownloadButton>
          }
        />
        <Card size="small" title={found.data ? `${text.search.results} · ${text.search.total(found.data.total)}` : text.search.results}>
          {found.error ? (
            <ErrorAlert error={found.error} onRetry={found.reload} />
          ) : (
            <CompactTable<Found>
              rowKey="id"
              columns={columns}
              dataSource={found.data?.items}
              loading={found.loading}
              pagination={{ current: page, pageSize: PAGE_SIZE, total: found.data?.total ?? 0, showSizeChanger: false, onChange: (next) => show(filters, next) }}
              emptyText={text.matter.empty}
            />
          )}
        </Card>
        <Card
          size="small"
          title={text.statistics.title}
          extra={
            <Segmented<GroupBy>
              value={groupBy}
              onChange={setGroupBy}
              options={groupBys.map((key) => ({ value: key, label: text.statistics.groupBy[key] }))}
            />
          }
        >
          {statistics.error ? (
            <ErrorAlert error={statistics.error} onRetry={statistics.reload} />
          ) : (
            <CompactTable<StatisticsRow>
              rowKey={(row) => row.key ?? ''}
              columns={statisticsColumns}
              dataSource={statistics.data?.rows}
              loading={statistics.loading}
              emptyText={text.app.empty}
              summary={() =>
                totals ? (
                  // The totals count a matter once, though a matter with co-units is in several unit rows.
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{text.statistics.totals}</Typography.Text>
                    </Table.Summary.Cell>
                    {counts.map(({ key, value }, i) => (
                      <Table.Summary.Cell key={key} index={i + 1} align="right">
                        {value(totals)}
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                ) : null
              }
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
