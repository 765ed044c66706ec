import { Card, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import type { Items, ProcessDefinition } from '../api/types';
import { useApi } from '../api/useApi';
import { ErrorAlert, PageTitle } from '../components/PageState';
import { formatDateTime } from '../format';
import { text } from '../i18n/zh-CN';
import { Link, navigate } from '../router';
import { useIsPhone } from '../useIsPhone';

const definitionPath = (definition: ProcessDefinition) => `/process-definitions/${encodeURIComponent(definition.key)}`;

/** The deployed process definitions, latest version of each. */
export default function ProcessDefinitionsPage() {
  const isPhone = useIsPhone();
  const definitions = useApi<Items<ProcessDefinition>>('/api/process-definitions');
  const items = definitions.data?.items ?? [];

  const columns: TableColumnsType<ProcessDefinition> = [
    {
      key: 'name',
      title: text.processDefinition.name,
      render: (_, definition) => <Link to={definitionPath(definition)}>{definition.name ?? definition.key}</Link>,
    },
    { key: 'key', title: text.processDefinition.key, render: (_, definition) => <code>{definition.key}</code> },
    { key: 'version', title: text.processDefinition.version, render: (_, definition) => definition.version },
    {
      key: 'deployedAt',
      title: text.processDefinition.deployedAt,
      render: (_, definition) => formatDateTime(definition.deployedAt),
    },
  ];

  let list;
  if (definitions.error) list = <ErrorAlert error={definitions.error} onRetry={definitions.reload} />;
  else if (isPhone && definitions.loading) list = <Card loading />;
  else if (isPhone && items.length === 0) list = <Empty description={text.processDefinition.empty} />;
  else if (isPhone) {
    list = (
      <Flex vertical gap={8}>
        {items.map((definition) => (
          <Card key={definition.key} size="small" hoverable onClick={() => navigate(definitionPath(definition))}>
            <Flex vertical gap={4}>
              <Typography.Text strong className="wrap-anywhere">
                {definition.name ?? definition.key}
              </Typography.Text>
              <Typography.Text type="secondary">
                <code>{definition.key}</code> · {text.processDefinition.versionLabel(definition.version)}
              </Typography.Text>
              <Typography.Text type="secondary">
                {text.processDefinition.deployedAt}：{formatDateTime(definition.deployedAt)}
              </Typography.Text>
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  } else {
    list = (
      <Table<ProcessDefinition>
        rowKey="key"
        columns={columns}
        dataSource={items}
        loading={definitions.loading}
        pagination={false}
        locale={{ emptyText: <Empty description={text.processDefinition.empty} /> }}
        onRow={(definition) => ({ onClick: () => navigate(definitionPath(definition)), className: 'clickable' })}
      />
    );
  }

  return (
    <>
      <PageTitle title={text.processDefinition.title} />
      {list}
    </>
  );
}
