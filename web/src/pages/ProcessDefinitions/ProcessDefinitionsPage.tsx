import { Button, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { may } from '../../../../supervision/access';
import { useProcessDefinitions } from '../../api/processes';
import type { ProcessDefinition } from '../../api/types';
import { PageTitle } from '../../components/PageState';
import { ResponsiveList } from '../../components/ResponsiveList';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';

const definitionPath = (definition: ProcessDefinition) => `/process-definitions/${encodeURIComponent(definition.key)}`;

/** The deployed process definitions, latest version of each. */
export default function ProcessDefinitionsPage() {
  const definitions = useProcessDefinitions();
  const items = definitions.data?.items ?? [];
  const { user } = useSession();
  const designs = may(user.role, 'processes.deploy');

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

  const list = (
    <ResponsiveList<ProcessDefinition>
      items={items}
      loading={definitions.loading}
      error={definitions.error}
      onRetry={definitions.reload}
      rowKey="key"
      columns={columns}
      empty={text.processDefinition.empty}
      onOpen={(definition) => navigate(definitionPath(definition))}
      card={(definition) => (
        <>
          <Typography.Text strong className="wrap-anywhere">
            {definition.name ?? definition.key}
          </Typography.Text>
          <Typography.Text type="secondary">
            <code>{definition.key}</code> · {text.processDefinition.versionLabel(definition.version)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {text.processDefinition.deployedAt}{text.punctuation.colon}{formatDateTime(definition.deployedAt)}
          </Typography.Text>
        </>
      )}
    />
  );

  return (
    <>
      <PageTitle
        title={text.processDefinition.title}
        extra={
          designs ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/modeler')}>
              {text.modeler.newProcess}
            </Button>
          ) : null
        }
      />
      {list}
    </>
  );
}
