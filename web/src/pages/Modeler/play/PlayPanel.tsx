/**
 * The play panel under the modeler's canvas: the designer starts the diagram being drawn with
 * variables, moves the drill clock, answers what waits (tasks, jobs, messages, signals, incidents)
 * and follows the log, while the canvas shows where the tokens are. The compiler, the engine and the
 * decisions load with the first play only.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { FieldTimeOutlined, PlayCircleOutlined, ReloadOutlined, StepForwardOutlined } from '@ant-design/icons';
import type Modeler from 'bpmn-js/lib/Modeler';
import type { CompileError } from '../../../../../bpmn/graph';
import type { Variables } from '../../../../../workflows/engine/state';
import { formatDateTime } from '../../../format';
import { text } from '../../../i18n';
import { CanvasMarks } from './canvasMarks';
import { DAY, HOUR, WEEK } from './clock';
import type { PlaySession } from './session';
import './play.css';

const t = text.play;

const time = (ms: number) => formatDateTime(new Date(ms).toISOString());
const label = (item: { name?: string; elementId: string }) => (item.name ? `${item.name}（${item.elementId}）` : item.elementId);

/** The session module (compiler, engine, DMN), loaded once a play starts. */
const loadSession = () => import('./session');

interface Props {
  modeler: Modeler;
  /** Play ends: the diagram was changed or replaced. */
  onStop(): void;
}

export function PlayPanel({ modeler, onStop }: Props) {
  const { message } = App.useApp();
  const [xml, setXml] = useState<string>();
  const [errors, setErrors] = useState<CompileError[]>();
  /** The message, signal and timer start events, and whether the process has a none start event. */
  const [starts, setStarts] = useState<{ events: string[]; none: boolean }>({ events: [], none: true });
  const [startEvent, setStartEvent] = useState<string>();
  const [variablesText, setVariablesText] = useState('');
  const [variablesError, setVariablesError] = useState<string>();
  const [session, setSession] = useState<PlaySession>();
  const [, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const marks = useRef<CanvasMarks>(undefined);

  // The canvas is read-only while playing; a change to the diagram (or another diagram opened) ends the play.
  useEffect(() => {
    const workbench = modeler.get<{ getContainer(): HTMLElement }>('canvas').getContainer().closest('.modeler-workbench');
    workbench?.classList.add('modeler-playing');
    marks.current = new CanvasMarks(modeler);
    const changed = () => {
      void message.info(t.changed);
      onStop();
    };
    modeler.on('commandStack.changed', changed);
    modeler.on('import.done', changed);
    return () => {
      modeler.off('commandStack.changed', changed);
      modeler.off('import.done', changed);
      marks.current?.clear();
      workbench?.classList.remove('modeler-playing');
    };
  }, [modeler, onStop, message]);

  // The diagram as it is now, compiled: errors refuse the play.
  useEffect(() => {
    let stale = false;
    void (async () => {
      const { xml: saved } = await modeler.saveXML();
      const { PlaySession } = await loadSession();
      const opened = await PlaySession.open(saved ?? '', { now: Date.now() });
      if (stale) return;
      setXml(saved);
      setErrors(opened.ok ? undefined : opened.errors);
      if (!opened.ok) return;
      const none = opened.session.graph.startId !== undefined || opened.session.graph.implicitStarts !== undefined;
      setStarts({ events: opened.session.eventStarts, none });
      if (!none) setStartEvent(opened.session.eventStarts[0]);
    })();
    return () => {
      stale = true;
    };
  }, [modeler]);

  const refresh = useCallback((current: PlaySession | undefined) => {
    setVersion((v) => v + 1);
    if (current) marks.current?.show(current.marks());
    else marks.current?.clear();
  }, []);

  const run = async (action: () => Promise<unknown>, current = session) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
      refresh(current);
    }
  };

  const start = async () => {
    let variables: Variables;
    try {
      const { parseVariables } = await loadSession();
      variables = parseVariables(variablesText);
      setVariablesError(undefined);
    } catch (error) {
      setVariablesError(t.badVariables((error as Error).message));
      return;
    }
    const [{ PlaySession }, { fetchDecision }] = await Promise.all([loadSession(), import('./decisions')]);
    const opened = await PlaySession.open(xml ?? '', { now: Date.now(), decisions: fetchDecision });
    if (!opened.ok) {
      setErrors(opened.errors);
      return;
    }
    setSession(opened.session);
    await run(() => opened.session.start(variables, startEvent), opened.session);
  };

  const restart = () => {
    setSession(undefined);
    refresh(undefined);
  };

  const fillSample = async () => {
    const { sampleMatterVariables } = await import('./samples');
    setVariablesText(JSON.stringify(sampleMatterVariables(Date.now()), null, 2));
  };

  return (
    <Card size="small" title={t.title} style={{ marginTop: 12 }} data-testid="play-panel">
      <Typography.Paragraph type="secondary">{t.sandbox}</Typography.Paragraph>
      {errors ? (
        <Alert
          type="error"
          showIcon
          title={t.compileFailed}
          description={
            <ul className="modeler-warnings">
              {errors.map((error, index) => (
                <li key={index}>{error.elementId ? `${error.elementId}：${error.message}` : error.message}</li>
              ))}
            </ul>
          }
        />
      ) : !session ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{t.variables}</Typography.Text>
          <Input.TextArea
            aria-label={t.variables}
            placeholder={t.variablesHint}
            autoSize={{ minRows: 3, maxRows: 12 }}
            value={variablesText}
            status={variablesError ? 'error' : undefined}
            onChange={(event) => setVariablesText(event.target.value)}
          />
          {variablesError ? <Typography.Text type="danger">{variablesError}</Typography.Text> : null}
          <Space wrap>
            {starts.events.length > 0 ? (
              <Select
                style={{ minWidth: 200 }}
                aria-label={t.startAt}
                value={startEvent ?? null}
                onChange={(value: string | null) => setStartEvent(value ?? undefined)}
                options={[...(starts.none ? [{ value: null, label: t.noneStart }] : []), ...starts.events.map((id) => ({ value: id, label: t.eventStart(id) }))]}
              />
            ) : null}
            <Button type="primary" icon={<PlayCircleOutlined />} disabled={xml === undefined} loading={busy} onClick={() => void start()}>
              {t.start}
            </Button>
            <Button onClick={() => void fillSample()}>{t.sample}</Button>
          </Space>
        </Space>
      ) : (
        <Running session={session} busy={busy} run={run} restart={restart} />
      )}
    </Card>
  );
}

function Running({ session, busy, run, restart }: { session: PlaySession; busy: boolean; run: (action: () => Promise<unknown>) => Promise<void>; restart(): void }) {
  const waiting = session.waiting();
  const next = session.nextTimer;
  const running = session.status === 'running';
  const nothing =
    waiting.tasks.length + waiting.jobs.length + waiting.messages.length + waiting.signals.length + waiting.timers.length + waiting.incidents.length === 0;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Flex wrap gap={8} align="center" style={{ marginBottom: 12 }}>
          <FieldTimeOutlined />
          <Typography.Text strong>{t.clock}</Typography.Text>
          <Typography.Text data-testid="play-clock">{time(session.clock)}</Typography.Text>
          <Tag color={running ? 'green' : session.status === 'completed' ? 'blue' : 'red'} data-testid="play-status">
            {t.status[session.status]}
          </Tag>
        </Flex>
        {session.failure ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={session.failure.message} /> : null}
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <Button size="small" disabled={busy || !running} onClick={() => void run(() => session.advance(HOUR))}>
            {t.plusHour}
          </Button>
          <Button size="small" disabled={busy || !running} onClick={() => void run(() => session.advance(DAY))}>
            {t.plusDay}
          </Button>
          <Button size="small" disabled={busy || !running} onClick={() => void run(() => session.advance(WEEK))}>
            {t.plusWeek}
          </Button>
          <Button size="small" icon={<StepForwardOutlined />} disabled={busy || !running || next === undefined} onClick={() => void run(() => session.advanceToNextTimer())}>
            {t.nextTimer}
            {next !== undefined ? `（${time(next)}）` : ''}
          </Button>
          <Button size="small" icon={<ReloadOutlined />} onClick={restart}>
            {t.restart}
          </Button>
        </Flex>
        {nothing ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.nothingWaits} /> : null}
        <Section title={t.tasks} count={waiting.tasks.length}>
          {waiting.tasks.map((task) => (
            <Item key={task.id} testId="play-task" elementId={task.elementId}>
              <Typography.Text strong>{label(task)}</Typography.Text>
              {task.candidateUnits.length > 0 ? <Typography.Text type="secondary">{t.candidates(task.candidateUnits.join('、'))}</Typography.Text> : null}
              {task.dueAt !== undefined ? <Typography.Text type="secondary">{t.due(time(task.dueAt))}</Typography.Text> : null}
              <Action label={t.complete} disabled={busy} onRun={(variables) => run(() => session.completeTask(task.id, variables))} />
            </Item>
          ))}
        </Section>
        <Section title={t.jobs} count={waiting.jobs.length}>
          {waiting.jobs.map((job) => (
            <Item key={job.instanceId} testId="play-job" elementId={job.elementId}>
              <Typography.Text strong>{label(job)}</Typography.Text>
              <Typography.Text type="secondary">
                {t.jobKind[job.kind]} {job.type}
              </Typography.Text>
              {job.note ? <Typography.Text type="warning">{job.note}</Typography.Text> : null}
              <Action label={t.complete} disabled={busy} onRun={(variables) => run(() => session.completeJob(job.instanceId, variables))} />
              <ErrorAction disabled={busy} onRun={(code) => run(() => session.throwJobError(job.instanceId, code))} />
              <Button size="small" danger disabled={busy} onClick={() => void run(() => session.failJob(job.instanceId, t.failMessage))}>
                {t.fail}
              </Button>
            </Item>
          ))}
        </Section>
        <Section title={t.messages} count={waiting.messages.length}>
          {waiting.messages.map((sub) => (
            <Item key={sub.subscriptionId} testId="play-message" elementId={sub.elementId}>
              <Typography.Text strong>{sub.messageName}</Typography.Text>
              {sub.correlationKey !== undefined ? <Tag>{sub.correlationKey}</Tag> : null}
              <Typography.Text type="secondary">{label(sub)}</Typography.Text>
              <Action label={t.correlate} disabled={busy} onRun={(variables) => run(() => session.correlate(sub.subscriptionId, variables))} />
            </Item>
          ))}
        </Section>
        <Section title={t.signals} count={waiting.signals.length}>
          {waiting.signals.map((signal) => (
            <Item key={signal.signalName} testId="play-signal" elementId={signal.elementIds[0]}>
              <Typography.Text strong>{signal.signalName}</Typography.Text>
              <Typography.Text type="secondary">{signal.elementIds.join('、')}</Typography.Text>
              <Action label={t.broadcast} disabled={busy} onRun={(variables) => run(() => session.broadcast(signal.signalName, variables))} />
            </Item>
          ))}
        </Section>
        <Section title={t.timers} count={waiting.timers.length}>
          {waiting.timers.map((timer) => (
            <Item key={timer.subscriptionId} testId="play-timer" elementId={timer.elementId}>
              <Typography.Text>{label(timer)}</Typography.Text>
              <Typography.Text type="secondary">{time(timer.fireAt)}</Typography.Text>
            </Item>
          ))}
        </Section>
        <Section title={t.incidents} count={waiting.incidents.length}>
          {waiting.incidents.map((incident) => (
            <Item key={incident.instanceId} testId="play-incident" elementId={incident.elementId}>
              <Typography.Text strong type="danger">
                {label(incident)}
              </Typography.Text>
              <Typography.Text type="danger">{incident.message}</Typography.Text>
              <Button size="small" disabled={busy} onClick={() => void run(() => session.retryIncident(incident.instanceId))}>
                {t.retry}
              </Button>
            </Item>
          ))}
        </Section>
      </Col>
      <Col xs={24} lg={10}>
        <details style={{ marginBottom: 8 }}>
          <summary>
            <Typography.Text strong>{t.processVariables}</Typography.Text>
          </summary>
          <pre className="play-variables" data-testid="play-variables">
            {JSON.stringify(session.variables, null, 2)}
          </pre>
        </details>
        <Typography.Text strong>{t.log}</Typography.Text>
        <ol className="play-log" data-testid="play-log">
          {[...session.log].reverse().map((entry, index) => (
            <li key={session.log.length - index}>
              <Typography.Text type="secondary">{time(entry.at)}</Typography.Text> {t.logKind[entry.kind]}
              {entry.elementId ? ` ${label({ name: entry.name, elementId: entry.elementId })}` : ''}
              {entry.detail ? <Typography.Text code>{entry.detail}</Typography.Text> : null}
            </li>
          ))}
        </ol>
      </Col>
    </Row>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (count === 0) return null;
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text strong>
        {title}（{count}）
      </Typography.Text>
      <div>{children}</div>
    </div>
  );
}

function Item({ testId, elementId, children }: { testId: string; elementId: string; children: React.ReactNode }) {
  return (
    <Flex wrap gap={8} align="center" style={{ padding: '4px 0' }} data-testid={testId} data-element-id={elementId}>
      {children}
    </Flex>
  );
}

/** A button that acts with the variables typed beside it (name=value pairs or JSON). */
function Action({ label: action, disabled, onRun }: { label: string; disabled: boolean; onRun(variables: Variables): Promise<unknown> }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const act = async () => {
    const { parseVariables } = await loadSession();
    let variables: Variables;
    try {
      variables = parseVariables(value);
    } catch (caught) {
      setError(t.badVariables((caught as Error).message));
      return;
    }
    setError(undefined);
    await onRun(variables);
  };
  return (
    <Space.Compact size="small">
      <Input
        size="small"
        style={{ width: 220 }}
        placeholder={t.variablesPlaceholder}
        aria-label={`${action} ${t.variables}`}
        title={error}
        status={error ? 'error' : undefined}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onPressEnter={() => void act()}
      />
      <Button size="small" type="primary" disabled={disabled} onClick={() => void act()}>
        {action}
      </Button>
    </Space.Compact>
  );
}

function ErrorAction({ disabled, onRun }: { disabled: boolean; onRun(code: string): Promise<unknown> }) {
  const [code, setCode] = useState('');
  return (
    <Space.Compact size="small">
      <Input size="small" style={{ width: 120 }} placeholder={t.errorCode} aria-label={t.errorCode} value={code} onChange={(event) => setCode(event.target.value)} />
      <Button size="small" disabled={disabled || code.trim() === ''} onClick={() => void onRun(code.trim())}>
        {t.throwError}
      </Button>
    </Space.Compact>
  );
}
