import { useState } from 'react';
import { Button, Checkbox, Flex, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { may } from '../../../../supervision/access';
import { downloadLedger, downloadMatterTemplate, importMatters } from '../../api/excel';
import { useMatterSearch } from '../../api/matters';
import { useProcessDefinitions } from '../../api/processes';
import type { SearchPage } from '../../api/types';
import { DownloadButton } from '../../components/DownloadButton';
import { LightDot } from '../../components/LightDot';
import { MatterFilterForm, useMatterFilters, type FilterField } from '../../components/MatterFilterForm';
import { PageTitle } from '../../components/PageState';
import { ResponsiveList } from '../../components/ResponsiveList';
import { MatterStatusTag } from '../../components/StatusTag';
import { WorkbookImport } from '../../components/WorkbookImport';
import { formatDate, formatDateTime } from '../../format';
import { text } from '../../i18n';
import { filterCount } from '../../matterFilters';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';

const PAGE_SIZE = 20;
/** The filters a supervisor narrows the list by; the search page has them all. */
const filterFields: readonly FilterField[] = ['text', 'status', 'light', 'leadUnit', 'source', 'reportingPeriod', 'overdue'];

type ListedMatter = SearchPage['items'][number];

const matterPath = (matter: ListedMatter) => `/matters/${encodeURIComponent(matter.id)}`;

/** A matter's title after its light. */
function MatterTitle({ matter, link }: { matter: ListedMatter; link: boolean }) {
  return (
    <Flex align="center" gap={8}>
      <LightDot light={matter.light} />
      {link ? (
        <Link to={matterPath(matter)}>{matter.title}</Link>
      ) : (
        <Typography.Text strong className="wrap-anywhere">
          {matter.title}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** Days late in red, or nothing for a matter on time. */
function OverdueDays({ matter }: { matter: ListedMatter }) {
  return matter.overdueDays ? <Typography.Text type="danger">{text.matter.overdueDays(matter.overdueDays)}</Typography.Text> : null;
}

/** The matters with their status and light, filtered and a page at a time; supervisors register new ones here. */
export default function MattersPage() {
  const { user, unitName } = useSession();
  const { filters, page, show } = useMatterFilters();
  // The search answers every filter the list offers (the plain list knows no title, light or period) and counts the matches.
  const matters = useMatterSearch(filters, page, PAGE_SIZE);
  const [importDrafts, setImportDrafts] = useState(false);
  const definitions = useProcessDefinitions();

  const manages = may(user.role, 'matters.manage');

  const processNames = new Map(definitions.data?.items.map((definition) => [definition.key, definition.name]));
  const processOf = (matter: ListedMatter) =>
    `${processNames.get(matter.processKey) ?? matter.processKey} · ${text.processDefinition.versionLabel(matter.processVersion)}`;
  const items = matters.data?.items ?? [];

  const columns: TableColumnsType<ListedMatter> = [
    { key: 'title', title: text.matter.name, render: (_, matter) => <MatterTitle matter={matter} link /> },
    { key: 'leadUnit', title: text.matter.leadUnit, render: (_, matter) => (matter.data ? unitName(matter.data.leadUnit) : '—') },
    {
      key: 'deadline',
      title: text.matter.deadline,
      render: (_, matter) => (
        <Flex vertical>
          <span>{formatDate(matter.data?.deadline)}</span>
          <OverdueDays matter={matter} />
        </Flex>
      ),
    },
    { key: 'process', title: text.matter.process, render: (_, matter) => processOf(matter) },
    { key: 'status', title: text.matter.statusLabel, render: (_, matter) => <MatterStatusTag status={matter.status} /> },
    { key: 'updatedAt', title: text.matter.updatedAt, render: (_, matter) => formatDateTime(matter.updatedAt) },
  ];

  const list = (
    <ResponsiveList<ListedMatter>
      items={items}
      loading={matters.loading}
      error={matters.error}
      onRetry={matters.reload}
      rowKey="id"
      columns={columns}
      empty={filterCount(filters) > 0 ? text.matter.noneMatch : text.matter.empty}
      pages={{ current: page, pageSize: PAGE_SIZE, total: matters.data?.total ?? 0, onChange: (next) => show(filters, next) }}
      onOpen={(matter) => navigate(matterPath(matter))}
      card={(matter) => (
        <>
          <Flex justify="space-between" align="flex-start" gap={8}>
            <MatterTitle matter={matter} link={false} />
            <MatterStatusTag status={matter.status} />
          </Flex>
          {matter.data ? (
            <Typography.Text type="secondary">
              {unitName(matter.data.leadUnit)} · {text.matter.deadline}{text.punctuation.colon}{formatDate(matter.data.deadline)} <OverdueDays matter={matter} />
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{processOf(matter)}</Typography.Text>
          )}
          <Typography.Text type="secondary">
            {text.matter.updatedAt}{text.punctuation.colon}{formatDateTime(matter.updatedAt)}
          </Typography.Text>
        </>
      )}
    />
  );

  return (
    <>
      <PageTitle
        title={matters.data ? `${text.matter.list} · ${text.search.total(matters.data.total)}` : text.matter.list}
        extra={
          <Flex gap={8}>
            <Button icon={<ReloadOutlined />} onClick={matters.reload} aria-label={text.app.refresh} />
            {manages ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/matters/new')}>
                {text.matter.create}
              </Button>
            ) : null}
          </Flex>
        }
      />
      {/* The workbook actions get a row of their own: beside the title they would not fit a phone. */}
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        {/* The ledger takes the list's filters it knows: a title, light or period does not narrow it. */}
        <DownloadButton download={() => downloadLedger(filters)}>
          {text.excel.ledger}
        </DownloadButton>
        {manages ? (
          <>
            <DownloadButton download={downloadMatterTemplate}>
              {text.excel.template}
            </DownloadButton>
            <WorkbookImport
              title={text.excel.importTitle}
              hint={text.excel.importHint}
              onImport={async (file) => {
                const result = await importMatters(file, importDrafts);
                matters.reload();
                const summary = text.excel.imported(result.created, result.started);
                return result.notStarted.length > 0 ? `${summary}${text.punctuation.clauses}${text.excel.notStarted(result.notStarted.length)}` : summary;
              }}
            >
              <Checkbox checked={importDrafts} onChange={(event) => setImportDrafts(event.target.checked)}>
                {text.excel.importDraft}
              </Checkbox>
            </WorkbookImport>
          </>
        ) : null}
      </Flex>
      <Flex vertical gap={16}>
        <MatterFilterForm filters={filters} fields={filterFields} onApply={(next) => show(next)} />
        {list}
      </Flex>
    </>
  );
}
