import { Button, Card, Descriptions, Flex } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { may } from '../../../../supervision/access';
import { useProcessDefinitions } from '../../api/processes';
import { ErrorAlert, PageTitle } from '../../components/PageState';
import { ProcessDiagram } from '../../components/ProcessDiagram';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';

/** One process definition's latest deployed diagram. */
export default function ProcessDefinitionPage({ params }: { params: Record<string, string> }) {
  const definitions = useProcessDefinitions();
  const definition = definitions.data?.items.find((candidate) => candidate.key === params.key);
  const { user } = useSession();

  return (
    <>
      <PageTitle
        title={definition?.name ?? params.key}
        back="/process-definitions"
        extra={
          may(user.role, 'processes.deploy') ? (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/modeler/${encodeURIComponent(params.key)}`)}>
              {text.modeler.openInModeler}
            </Button>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        {definitions.error ? <ErrorAlert error={definitions.error} onRetry={definitions.reload} /> : null}
        {definition ? (
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 1, md: 3 }}
              items={[
                { key: 'key', label: text.processDefinition.key, children: <code>{definition.key}</code> },
                {
                  key: 'version',
                  label: text.processDefinition.version,
                  children: text.processDefinition.versionLabel(definition.version),
                },
                {
                  key: 'deployedAt',
                  label: text.processDefinition.deployedAt,
                  children: formatDateTime(definition.deployedAt),
                },
              ]}
            />
          </Card>
        ) : null}
        <Card size="small" title={text.matter.diagram}>
          <ProcessDiagram processKey={params.key} />
        </Card>
      </Flex>
    </>
  );
}
