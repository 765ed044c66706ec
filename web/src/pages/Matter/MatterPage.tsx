import { useState } from 'react';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Flex, Input, Modal, Popconfirm, Row, Space, Tabs, type DescriptionsProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { may } from '../../../../supervision/access';
import { asApiError } from '../../api/client';
import { resolveIncident, retryIncident } from '../../api/incidents';
import { useMatter } from '../../api/matters';
import type { Incident } from '../../api/types';
import { LightDot } from '../../components/LightDot';
import { ErrorAlert, PageLoading, PageTitle } from '../../components/PageState';
import { ProcessDiagram } from '../../components/ProcessDiagram';
import { MatterStatusTag } from '../../components/StatusTag';
import { TaskList } from '../../components/TaskList';
import { VariablesView } from '../../components/VariablesView';
import { formatDateTime } from '../../format';
import { text } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { FollowButton } from './FollowButton';
import { MatterActions } from './MatterActions';
import { MatterDataView } from './MatterDataView';
import { MatterInstructions } from './MatterInstructions';
import { MatterPlans } from './MatterPlans';
import { MatterRecords } from './MatterRecords';
import { MatterRollup } from './MatterRollup';

/** The matter's open incidents; administrators retry them (optionally with fixed variables) or resolve them. */
function IncidentAlert({ incidents, onChanged }: { incidents: Incident[]; onChanged: () => void }) {
  const { user } = useSession();
  const { message } = App.useApp();
  const [retrying, setRetrying] = useState<Incident>();
  const [variables, setVariables] = useState('');
  const [busy, setBusy] = useState(false);
  const open = incidents.filter((i) => i.status === 'open');
  if (open.length === 0) return null;
  const repairs = may(user.role, 'incidents.repair');
  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      message.success(done);
      setRetrying(undefined);
      onChanged();
    } catch (caught) {
      const error = asApiError(caught);
      message.error(error.body?.message ?? error.message);
      onChanged();
    } finally {
      setBusy(false);
    }
  };
  const retry = () => {
    let parsed: Record<string, unknown> | undefined;
    if (variables.trim()) {
      try {
        parsed = JSON.parse(variables);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        message.error(text.incident.badJson);
        return;
      }
    }
    void act(() => retryIncident(retrying!.id, parsed), text.incident.retried);
  };
  return (
    <>
      <Alert
        type="error"
        showIcon
        title={text.incident.title(open.length)}
        description={
          <Flex vertical gap={8}>
            {open.map((incident) => (
              <Flex key={incident.id} gap={8} wrap align="baseline" justify="space-between">
                <div>
                  <strong>{text.incident.kind[incident.kind]}</strong>
                  {incident.elementId ? ` · ${text.incident.at(incident.elementId)}` : null}
                  <div className="wrap-anywhere">{incident.message}</div>
                  <div>{text.incident.opened(formatDateTime(incident.createdAt), incident.retries)}</div>
                </div>
                {repairs ? (
                  <Space>
                    <Button size="small" type="primary" disabled={busy} onClick={() => (setVariables(''), setRetrying(incident))}>
                      {text.incident.retry}
                    </Button>
                    {/* A stopped element or a failed job is only retried: accepted as it is, its token would stay stopped. */}
                    {incident.kind === 'element' || incident.kind === 'job' ? null : (
                      <Popconfirm title={text.incident.resolveConfirm} onConfirm={() => act(() => resolveIncident(incident.id), text.incident.resolved)}>
                        <Button size="small" disabled={busy}>
                          {text.incident.resolve}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ) : null}
              </Flex>
            ))}
          </Flex>
        }
      />
      <Modal open={retrying !== undefined} title={text.incident.retryTitle} okText={text.incident.retry} confirmLoading={busy} onOk={retry} onCancel={() => setRetrying(undefined)}>
        <p>{text.incident.retryHint}</p>
        <Input.TextArea rows={4} value={variables} onChange={(e) => setVariables(e.target.value)} placeholder='{"note": "…"}' aria-label={text.incident.retryHint} />
      </Modal>
    </>
  );
}

/** When an abnormal termination happened: the workflow records epoch milliseconds. */
const terminationTime = (at: number | string) => formatDateTime(new Date(at).toISOString());

/** One matter: status and light, data elements, what can be done to it, open tasks, records and the diagram. */
export default function MatterPage({ params }: { params: Record<string, string> }) {
  const { userName } = useSession();
  const matter = useMatter(params.id);
  // Bumped after an action so the records reload with the matter.
  const [version, setVersion] = useState(0);

  if (matter.error) {
    return (
      <>
        <PageTitle title={text.matter.title} back="/matters" />
        <ErrorAlert error={matter.error} onRetry={matter.reload} />
      </>
    );
  }
  if (!matter.data) return <PageLoading />;
  const current = matter.data;
  const draft = current.status === 'draft';
  const changed = () => {
    matter.reload();
    setVersion((v) => v + 1);
  };

  const details: NonNullable<DescriptionsProps['items']> = [
    { key: 'status', label: text.matter.statusLabel, children: <MatterStatusTag status={current.status} /> },
  ];
  if (current.light) {
    details.push({
      key: 'light',
      label: text.matter.light,
      children: <LightDot light={current.light} named />,
    });
  }
  details.push(
    {
      key: 'process',
      label: text.matter.process,
      children: (
        <Link to={`/process-definitions/${encodeURIComponent(current.processKey)}`}>
          {current.processKey} · {text.processDefinition.versionLabel(current.processVersion)}
        </Link>
      ),
    },
    { key: 'createdAt', label: text.matter.createdAt, children: formatDateTime(current.createdAt) },
  );
  if (current.endedAt) details.push({ key: 'endedAt', label: text.matter.endedAt, children: formatDateTime(current.endedAt) });

  return (
    <>
      <PageTitle
        title={current.title}
        back="/matters"
        extra={
          <Space>
            {draft ? null : <FollowButton matterId={current.id} />}
            <Button icon={<ReloadOutlined />} onClick={changed} aria-label={text.app.refresh} />
          </Space>
        }
      />
      <Flex vertical gap={16}>
        <MatterActions matter={current} onChanged={changed} />
        {draft ? <Alert type="info" showIcon title={text.matter.draftHint} /> : null}
        {current.termination ? (
          <Alert
            type="warning"
            showIcon
            title={text.matter.terminatedBy(userName(current.termination.by), terminationTime(current.termination.at))}
            description={<div className="wrap-anywhere">{current.termination.reason}</div>}
          />
        ) : null}
        {current.failure ? (
          <Alert
            type="error"
            showIcon
            title={text.matter.failed}
            description={
              <>
                <div className="wrap-anywhere">{current.failure.message}</div>
                {current.failure.elementId ? <div>{text.matter.failedAt(current.failure.elementId)}</div> : null}
              </>
            }
          />
        ) : null}
        {current.incidents?.length ? <IncidentAlert incidents={current.incidents} onChanged={changed} /> : null}
        {/* A draft has no workflow to ask, so its recorded state is all there is: nothing stale about it. */}
        {current.stale && !draft ? <Alert type="warning" showIcon title={text.matter.stale} /> : null}
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 1, md: 3 }} items={details} />
        </Card>
        {current.data ? (
          <Card size="small" title={text.matter.data}>
            <MatterDataView data={current.data} />
          </Card>
        ) : (
          <Card size="small" title={text.matter.variables}>
            <VariablesView variables={current.variables} />
          </Card>
        )}
        {/* Only a running matter has work in hand; an ended one's record is below. */}
        {current.status === 'running' || current.openTasks.length > 0 ? (
          <Card size="small" title={text.matter.openTasks}>
            <TaskList tasks={current.openTasks} showMatter={false} emptyText={text.matter.noOpenTasks} />
          </Card>
        ) : null}
        {/* A draft has no plans, instructions or sub-matters yet: it has not been handed to anyone. */}
        {draft ? null : (
          <Card size="small" styles={{ body: { paddingTop: 0 } }}>
            {/* Keyed by version, like the records, so a refresh reloads them too. */}
            <Tabs
              items={[
                { key: 'plans', label: text.plan.title, children: <MatterPlans key={version} matter={current} /> },
                { key: 'instructions', label: text.instruction.title, children: <MatterInstructions key={version} matter={current} /> },
                { key: 'rollup', label: text.rollup.title, children: <MatterRollup key={version} matterId={current.id} /> },
              ]}
            />
          </Card>
        )}
        {/* On a phone the records come first: they read better there than a small diagram. */}
        <Row gutter={[16, 16]}>
          <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
            <Card size="small" title={text.matter.diagram}>
              <ProcessDiagram
                processKey={current.processKey}
                version={current.processVersion}
                active={current.activeElements.map((element) => element.elementId)}
                completed={current.completedElements.map((element) => element.elementId)}
                failed={current.failure?.elementId}
              />
            </Card>
          </Col>
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
            <Card size="small">
              <MatterRecords key={version} matter={current} />
            </Card>
          </Col>
        </Row>
        {/* With the data elements shown above, the flow's own variables are for those who need them. */}
        {current.data ? (
          <Collapse
            size="small"
            items={[{ key: 'variables', label: text.matter.flowVariables, children: <VariablesView variables={current.variables} /> }]}
          />
        ) : null}
      </Flex>
    </>
  );
}
