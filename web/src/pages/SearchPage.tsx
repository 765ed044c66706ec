import { useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, DatePicker, Empty, Flex, Form, Input, Segmented, Select, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { GroupBy, Light, MatterSource, MatterStatus, SearchPage as Page, Statistics, Tally } from '../api/types';
import { useApi } from '../api/useApi';
import { DownloadButton } from '../components/DownloadButton';
import { LightDot } from '../components/LightDot';
import { ErrorAlert, PageTitle } from '../components/PageState';
import { MatterStatusTag } from '../components/StatusTag';
import { formatDate } from '../format';
import { text } from '../i18n/zh-CN';
import { Link } from '../router';
import { useSession } from '../session';

const sources: readonly MatterSource[] = ['meeting', 'instruction', 'document', 'superior', 'other'];
const statuses: readonly MatterStatus[] = ['draft', 'running', 'completed', 'terminated', 'failed'];
const lights: readonly Light[] = ['white', 'blue', 'green', 'yellow', 'red'];
const cards = ['green', 'yellow', 'red'] as const;
const groupBys: readonly GroupBy[] = ['unit', 'source', 'type', 'month'];
const PAGE_SIZE = 20;

interface FilterForm {
  text?: string;
  source?: MatterSource;
  type?: string;
  leadUnit?: string;
  unit?: string;
  status?: MatterStatus;
  light?: Light;
  overdue?: boolean;
  deadline?: [Dayjs | null, Dayjs | null] | null;
}

/** The form as the server's query parameters: only those it documents, and only when filled in (it refuses others). */
function filterParams(form: FilterForm): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | undefined) => {
    if (value) params.set(name, value);
  };
  set('text', form.text?.trim());
  set('source', form.source);
  set('type', form.type);
  set('leadUnit', form.leadUnit);
  set('unit', form.unit);
  set('status', form.status);
  set('light', form.light);
  if (form.overdue) params.set('overdue', 'true');
  set('deadlineFrom', form.deadline?.[0]?.format('YYYY-MM-DD'));
  set('deadlineTo', form.deadline?.[1]?.format('YYYY-MM-DD'));
  return params;
}

type Found = Page['items'][number];
type StatisticsRow = Statistics['rows'][number];

/** Ad-hoc queries on the matters' data elements and state, a page at a time, and counts grouped by unit, source, type or month. */
export default function SearchPage() {
  const { units, unitName } = useSession();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState(new URLSearchParams());
  const [page, setPage] = useState(1);
  const [groupBy, setGroupBy] = useState<GroupBy>('unit');

  const pageQuery = new URLSearchParams(filters);
  pageQuery.set('limit', String(PAGE_SIZE));
  pageQuery.set('offset', String((page - 1) * PAGE_SIZE));
  const found = useApi<Page>(`/api/matters/search?${pageQuery}`);
  const statisticsQuery = new URLSearchParams(filters);
  statisticsQuery.set('groupBy', groupBy);
  const statistics = useApi<Statistics>(`/api/statistics?${statisticsQuery}`);

  // The ledger takes only the list's filters: the rest of the form narrows the page, not the workbook.
  const ledgerQuery = new URLSearchParams();
  for (const name of ['status', 'leadUnit', 'source', 'deadlineFrom', 'deadlineTo', 'overdue']) {
    const value = filters.get(name);
    if (value) ledgerQuery.set(name, value);
  }

  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));
  const apply = (values: FilterForm) => {
    setFilters(filterParams(values));
    setPage(1);
  };

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
    ...lights.map((light) => ({ key: `light-${light}`, title: text.light.name[light], value: (row: Tally) => row.lights[light] })),
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
        <Card size="small">
          <Form<FilterForm> form={form} layout="vertical" onFinish={apply}>
            <div className="filter-grid">
              <Form.Item name="text" label={text.search.text}>
                <Input allowClear maxLength={200} />
              </Form.Item>
              <Form.Item name="source" label={text.search.source}>
                <Select allowClear options={sources.map((source) => ({ value: source, label: text.matterData.source[source] }))} />
              </Form.Item>
              <Form.Item name="type" label={text.search.type}>
                <Select allowClear options={text.matterData.typeOptions.map((type) => ({ value: type, label: type }))} />
              </Form.Item>
              <Form.Item name="leadUnit" label={text.search.leadUnit}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
              </Form.Item>
              <Form.Item name="unit" label={text.search.unit}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
              </Form.Item>
              <Form.Item name="status" label={text.search.status}>
                <Select allowClear options={statuses.map((status) => ({ value: status, label: text.matter.status[status] }))} />
              </Form.Item>
              <Form.Item name="light" label={text.search.light}>
                <Select allowClear options={lights.map((light) => ({ value: light, label: text.light.name[light] }))} />
              </Form.Item>
              <Form.Item name="deadline" label={text.search.deadline}>
                <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly allowEmpty={[true, true]} />
              </Form.Item>
            </div>
            <Flex gap={8} wrap align="center">
              <Form.Item name="overdue" valuePropName="checked" noStyle>
                <Checkbox>{text.search.overdue}</Checkbox>
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {text.search.query}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  apply({});
                }}
              >
                {text.search.reset}
              </Button>
              <DownloadButton path={`/api/matters/ledger.xlsx?${ledgerQuery}`} fileName="ledger.xlsx">
                {text.excel.ledger}
              </DownloadButton>
            </Flex>
          </Form>
        </Card>
        <Card size="small" title={found.data ? `${text.search.results} · ${text.search.total(found.data.total)}` : text.search.results}>
          {found.error ? (
            <ErrorAlert error={found.error} onRetry={found.reload} />
          ) : (
            <Table<Found>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={found.data?.items}
              loading={found.loading}
              scroll={{ x: 'max-content' }}
              pagination={{ current: page, pageSize: PAGE_SIZE, total: found.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.matter.empty} /> }}
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
            <Table<StatisticsRow>
              rowKey={(row) => row.key ?? ''}
              size="small"
              columns={statisticsColumns}
              dataSource={statistics.data?.rows}
              loading={statistics.loading}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.app.empty} /> }}
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
