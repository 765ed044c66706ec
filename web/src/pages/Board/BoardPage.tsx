import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Card, DatePicker, Flex, Segmented, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { may } from '../../../../supervision/access';
import { useBoard } from '../../api/board';
import { downloadBulletin, downloadEvaluation } from '../../api/reports';
import type { Board, PeriodKind } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert, PageLoading, PageTitle } from '../../components/PageState';
import { formatDate } from '../../format';
import { text } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { boardSummary, byRank, formatPercent, formatRate } from './board';

// echarts is the largest thing on the page: the tables show while it loads.
const BoardCharts = lazy(() => import('./BoardCharts'));

type UnitRow = Board['units'][number];
type LeaderRow = Board['leaders'][number];

const periods: readonly PeriodKind[] = ['week', 'month', 'year'];
const DATE = 'YYYY-MM-DD';

function Rank({ rank }: { rank?: number }) {
  if (rank === undefined) return <Tag>{text.board.unranked}</Tag>;
  return <Typography.Text strong={rank <= 3}>{rank}</Typography.Text>;
}

function RedLights({ count }: { count: number }) {
  return count > 0 ? <Typography.Text type="danger">{count}</Typography.Text> : <span>0</span>;
}

const unitColumns: TableColumnsType<UnitRow> = [
  { key: 'rank', title: text.board.rank, fixed: 'left', width: 64, render: (_, unit) => <Rank rank={unit.rank} /> },
  { key: 'name', title: text.board.unit, fixed: 'left', render: (_, unit) => unit.name },
  { key: 'score', title: text.board.score, align: 'right', render: (_, unit) => formatPercent(unit.score) },
  { key: 'planCompletion', title: text.board.planCompletion, align: 'right', render: (_, unit) => formatRate(unit.planCompletion) },
  { key: 'light', title: text.board.lightRate, align: 'right', render: (_, unit) => formatRate(unit.light) },
  { key: 'card', title: text.board.cardRate, align: 'right', render: (_, unit) => formatRate(unit.card) },
  { key: 'redLights', title: text.board.redLights, align: 'right', render: (_, unit) => <RedLights count={unit.redLights} /> },
];

/** The ranking board (天工榜) for a week, month or year: units and leaders ranked, lights and cards counted. */
export default function BoardPage() {
  const { user, units, unitName } = useSession();
  const [reportUnit, setReportUnit] = useState<string>();
  const query = useLocation().searchParams;
  const period: PeriodKind = periods.find((kind) => kind === query.get('period')) ?? 'month';
  const requested = query.get('date');
  const date = requested && dayjs(requested).isValid() ? dayjs(requested) : dayjs();
  const board = useBoard(period, date.format(DATE));

  const reportPeriod = { period, date: date.format(DATE) };
  // Supervisors, leaders and admins report on every unit or one; a unit's people only on their own.
  const reportsAll = may(user.role, 'reports.all');
  const reportsUnit = may(user.role, 'reports.unit');
  const evaluationUnit = reportsAll ? reportUnit : user.unitId;

  const show = (kind: PeriodKind, day: dayjs.Dayjs) => navigate(`/board?period=${kind}&date=${day.format(DATE)}`, { replace: true });

  const leaderColumns: TableColumnsType<LeaderRow> = [
    { key: 'rank', title: text.board.rank, fixed: 'left', width: 64, render: (_, leader) => <Rank rank={leader.rank} /> },
    { key: 'name', title: text.board.leader, fixed: 'left', render: (_, leader) => leader.name },
    { key: 'score', title: text.board.score, align: 'right', render: (_, leader) => formatPercent(leader.score) },
    { key: 'redLights', title: text.board.redLights, align: 'right', render: (_, leader) => <RedLights count={leader.redLights} /> },
    {
      key: 'units',
      title: text.board.leaderUnits,
      render: (_, leader) => <span className="wrap-anywhere">{leader.unitIds.map(unitName).join(text.punctuation.list) || '—'}</span>,
    },
  ];

  let content;
  if (board.error) content = <ErrorAlert error={board.error} onRetry={board.reload} />;
  else if (!board.data) content = <PageLoading />;
  else {
    const current = board.data;
    content = (
      <Flex vertical gap={16}>
        <Alert
          type="info"
          title={
            <Flex vertical gap={4}>
              <Typography.Text type="secondary">{text.board.range(formatDate(current.period.start), formatDate(current.period.end))}</Typography.Text>
              <span>{boardSummary(current)}</span>
            </Flex>
          }
        />
        <Card size="small" title={text.board.units}>
          <CompactTable<UnitRow>
            rowKey="id"
            columns={unitColumns}
            dataSource={byRank(current.units)}
            emptyText={text.board.empty}
          />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
            {text.board.rateHint}
          </Typography.Paragraph>
        </Card>
        <Card size="small" title={text.board.leaders}>
          <CompactTable<LeaderRow>
            rowKey="id"
            columns={leaderColumns}
            dataSource={byRank(current.leaders)}
            emptyText={text.board.empty}
          />
        </Card>
        <Suspense fallback={<PageLoading />}>
          <BoardCharts board={current} />
        </Suspense>
      </Flex>
    );
  }

  return (
    <>
      <PageTitle
        title={text.board.title}
        extra={<Button icon={<ReloadOutlined />} onClick={board.reload} aria-label={text.app.refresh} />}
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<PeriodKind>
          value={period}
          onChange={(kind) => show(kind, date)}
          options={periods.map((kind) => ({ value: kind, label: text.board.period[kind] }))}
        />
        <DatePicker
          picker={period === 'week' ? 'week' : period}
          value={date}
          allowClear={false}
          inputReadOnly
          onChange={(day) => {
            if (day) show(period, day);
          }}
        />
        {/* Both reports cover the period shown; a unit's people get their own unit's evaluation. */}
        {reportsAll ? (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={reportUnit}
            onChange={setReportUnit}
            placeholder={text.report.unit}
            options={units.map((unit) => ({ value: unit.id, label: unit.name }))}
            style={{ minWidth: 200 }}
          />
        ) : null}
        {reportsUnit ? (
          <DownloadButton download={() => downloadEvaluation(reportPeriod, evaluationUnit)}>
            {text.report.evaluation}
          </DownloadButton>
        ) : null}
        {reportsAll ? (
          <DownloadButton download={() => downloadBulletin(reportPeriod)}>
            {text.report.bulletin}
          </DownloadButton>
        ) : null}
      </Flex>
      {content}
    </>
  );
}
