/**
 * The modeler: a designer draws a BPMN diagram with Camunda 8's properties, sees Camunda 8's lint
 * rules and the server compiler's refusals in one problems panel, and deploys it.
 * bpmn-js's Modeler and the properties panel load with this page only (routes.tsx makes it lazy).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Flex, Select, Space, Tooltip, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileAddOutlined, ImportOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import camundaCloudBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { Linter, type LintReport } from '@camunda/linting';
import lintingModule from '@camunda/linting/modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import '@camunda/linting/assets/linting.css';
import './ModelerPage.css';
import { asApiError, saveAs } from '../../api/client';
import { useProcessDefinitions } from '../../api/processes';
import { PageTitle } from '../../components/PageState';
import { text } from '../../i18n';
import { navigate, useVersionParam } from '../../router';
import { fetchDiagram, type Deployment } from './api';
import { deployTogether } from './deployTogether';
import { LinkedResources } from './LinkedResources';
import { translationModules } from './translations';
import { useLinkedResources } from './useLinkedResources';
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION, newDiagramXml, newProcessKey, shippedFlows, withProcessKey } from './diagrams';
import { ProblemsPanel, type Problem } from './ProblemsPanel';
import { usePlay } from './play/usePlay';
import { dubanModdle, elementTemplates, supervisionModules } from './supervisionTemplates';
import { useServerCheck } from './useServerCheck';
import { VersionPicker } from './VersionPicker';

const t = text.modeler;

/** Camunda 8's rules, for the execution platform version the diagram names. */
const linter = new Linter({ modeler: 'web', type: 'cloud' });

interface Linting {
  setErrors(reports: LintReport[]): void;
  activate(): void;
}

/** The definitions' execution platform, set to Camunda 8.8 when the diagram names none, so the linter knows its rules. */
function ensurePlatform(modeler: Modeler) {
  const definitions = modeler.getDefinitions() as { get(name: string): unknown; set(name: string, value: unknown): void } | undefined;
  if (!definitions) return;
  if (!definitions.get('modeler:executionPlatform')) definitions.set('modeler:executionPlatform', EXECUTION_PLATFORM);
  if (!definitions.get('modeler:executionPlatformVersion')) definitions.set('modeler:executionPlatformVersion', EXECUTION_PLATFORM_VERSION);
}

/** The first process's id, for the file name. */
function processId(modeler: Modeler): string {
  const definitions = modeler.getDefinitions() as { rootElements?: { $type: string; id: string }[] } | undefined;
  return definitions?.rootElements?.find((element) => element.$type === 'bpmn:Process')?.id ?? 'diagram';
}

export default function ModelerPage({ params }: { params: Record<string, string> }) {
  const { message } = App.useApp();
  const key = params.key;
  const version = useVersionParam();

  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | undefined>(undefined);
  const [lintProblems, setLintProblems] = useState<Problem[]>([]);
  // The server compiler's check as the designer draws (and a refused deploy's problems).
  const { problems: serverProblems, schedule: scheduleCheck, show: setServerProblems } = useServerCheck(modelerRef);
  const [loadError, setLoadError] = useState<string>();
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<Deployment>();
  const definitions = useProcessDefinitions();
  const resources = useLinkedResources();
  const { refresh: refreshResources } = resources;
  const play = usePlay(modelerRef);

  // Lints run one per change and may finish out of order: only the latest one's findings are shown.
  const lintRun = useRef(0);
  const lint = useCallback(async () => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const run = ++lintRun.current;
    let reports: LintReport[];
    try {
      reports = await linter.lint(modeler.getDefinitions());
    } catch (error) {
      reports = [{ id: '', message: `${t.lintFailed}：${error instanceof Error ? error.message : String(error)}`, category: 'rule-error', rule: '' }];
    }
    if (modelerRef.current !== modeler || run !== lintRun.current) return;
    modeler.get<Linting>('linting').setErrors(reports);
    setLintProblems(
      reports.map((report) => ({ elementId: report.id || undefined, message: report.message, severity: report.category === 'warn' || report.category === 'info' ? 'warning' : 'error', source: 'lint' })),
    );
  }, []);

  useEffect(() => {
    const modeler = new Modeler({
      container: canvasRef.current!,
      propertiesPanel: { parent: panelRef.current! },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        camundaCloudBehaviors,
        lintingModule,
        ...supervisionModules,
        ...translationModules,
      ],
      moddleExtensions: { zeebe: zeebeModdle, duban: dubanModdle },
      elementTemplates,
    });
    modelerRef.current = modeler;
    modeler.get<Linting>('linting').activate();
    const commandStack = modeler.get<CommandStack>('commandStack');
    modeler.on('commandStack.changed', () => {
      setHistory({ canUndo: commandStack.canUndo(), canRedo: commandStack.canRedo() });
      refreshResources(modeler.getDefinitions());
      scheduleCheck();
      void lint();
    });
    return () => {
      modelerRef.current = undefined;
      modeler.destroy();
    };
  }, [lint, refreshResources, scheduleCheck]);

  const open = useCallback(
    async (xml: string) => {
      const modeler = modelerRef.current;
      if (!modeler) return;
      setLoadError(undefined);
      setServerProblems([]);
      setDeployed(undefined);
      try {
        await modeler.importXML(xml);
      } catch (error) {
        // A modeler torn down meanwhile (the page left, or React's strict mode remounting) is no error.
        if (modelerRef.current !== modeler) return;
        setLoadError(`${t.importFailed}：${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (modelerRef.current !== modeler) return;
      ensurePlatform(modeler);
      refreshResources(modeler.getDefinitions());

      modeler.get<Canvas>('canvas').zoom('fit-viewport');
      setHistory({ canUndo: false, canRedo: false });
      scheduleCheck();
      await lint();
    },
    [lint, refreshResources, scheduleCheck, setServerProblems],
  );

  // The page's diagram: a deployed version, or a new one.
  useEffect(() => {
    let stale = false;
    if (!key) {
      void open(newDiagramXml());
      return;
    }
    fetchDiagram(key, version)
      .then((xml) => (stale ? undefined : open(xml)))
      .catch((error: unknown) => {
        if (!stale) setLoadError(`${t.loadFailed}：${asApiError(error).message}`);
      });
    return () => {
      stale = true;
    };
  }, [key, version, open]);

  const importFile = async (file: File) => {
    await open(await file.text());
    return false;
  };

  const exportFile = async () => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const { xml } = await modeler.saveXML({ format: true });
    saveAs(new Blob([xml ?? ''], { type: 'application/xml' }), `${processId(modeler)}.bpmn`);
  };

  const deploy = async () => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setDeploying(true);
    setDeployed(undefined);
    try {
      const { xml } = await modeler.saveXML({ format: true });
      // The .dmn and .form files attached in the linked resources deploy with the diagram, all or nothing.
      const deployment = await deployTogether(xml ?? '', `${processId(modeler)}.bpmn`, resources.attachments.map((attachment) => attachment.file));
      resources.deployedTogether();
      setDeployed(deployment);
      definitions.reload();
      void message.success(deployment.created ? t.deployed(deployment.key, deployment.version) : t.unchanged(deployment.key, deployment.version));
    } catch (caught) {
      const error = asApiError(caught);
      const errors = error.body?.errors;
      setServerProblems(
        errors && errors.length > 0
          ? errors.map((problem) => ({ elementId: problem.elementId, message: problem.message, severity: 'error', source: 'server' }))
          : [{ message: error.body?.message ?? error.message, severity: 'error', source: 'server' }],
      );
      void message.error(t.deployFailed);
    } finally {
      setDeploying(false);
    }
  };

  const select = (elementId: string) => {
    const modeler = modelerRef.current;
    const element = modeler?.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!modeler || !element) return;
    modeler.get<Selection>('selection').select(element);
    modeler.get<Canvas>('canvas').scrollToElement(element);
  };

  const problems = [...serverProblems, ...lintProblems];
  const lintErrors = problems.filter((problem) => problem.severity === 'error').length;
  const commandStack = () => modelerRef.current?.get<CommandStack>('commandStack');

  return (
    <>
      <PageTitle title={key ? `${t.title} · ${key}${version ? ` · ${text.processDefinition.versionLabel(version)}` : ''}` : t.titleNew} back="/process-definitions" />
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="toolbar" aria-label={t.toolbar}>
        <Button icon={<FileAddOutlined />} onClick={() => (key ? navigate('/modeler') : void open(newDiagramXml()))}>
          {t.new}
        </Button>
        <Select
          style={{ minWidth: 200 }}
          placeholder={t.newFromFlow}
          aria-label={t.newFromFlow}
          value={null}
          options={shippedFlows.map((flow) => ({ value: flow.id, label: t.shippedFlow(flow.id) }))}
          onChange={(value: string) => {
            const flow = shippedFlows.find((candidate) => candidate.id === value);
            if (flow) void open(withProcessKey(flow.xml, flow.id, newProcessKey()));
          }}
        />
        <Select
          style={{ minWidth: 200 }}
          placeholder={t.openDeployed}
          aria-label={t.openDeployed}
          loading={definitions.loading}
          value={null}
          options={(definitions.data?.items ?? []).map((definition) => ({ value: definition.key, label: definition.name ?? definition.key }))}
          onChange={(value: string) => navigate(`/modeler/${encodeURIComponent(value)}`)}
        />
        <Upload accept=".bpmn,.xml" showUploadList={false} beforeUpload={importFile}>
          <Button icon={<ImportOutlined />}>{t.import}</Button>
        </Upload>
        <Button icon={<DownloadOutlined />} onClick={() => void exportFile()}>
          {t.export}
        </Button>
        {key ? <VersionPicker processKey={key} version={version} refresh={deployed} /> : null}
        <Space.Compact>
          <Tooltip title="Ctrl+Z">
            <Button icon={<UndoOutlined />} aria-label={t.undo} disabled={!history.canUndo} onClick={() => commandStack()?.undo()} />
          </Tooltip>
          <Tooltip title="Ctrl+Y">
            <Button icon={<RedoOutlined />} aria-label={t.redo} disabled={!history.canRedo} onClick={() => commandStack()?.redo()} />
          </Tooltip>
        </Space.Compact>
        <Tooltip title={lintErrors > 0 ? t.fixFirst(lintErrors) : undefined}>
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={lintErrors > 0 || Boolean(loadError) || play.playing} loading={deploying} onClick={() => void deploy()}>
            {t.deploy}
          </Button>
        </Tooltip>
        {play.button}
      </Flex>
      {loadError ? <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} /> : null}
      {deployed ? (
        <Alert
          type={deployed.warnings.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          style={{ marginBottom: 12 }}
          title={deployed.created ? t.deployed(deployed.key, deployed.version) : t.unchanged(deployed.key, deployed.version)}
          description={
            deployed.warnings.length > 0 ? (
              <ul className="modeler-warnings">
                {deployed.warnings.map((warning, index) => (
                  <li key={index}>
                    {warning.elementId ? (
                      <Button type="link" size="small" onClick={() => select(warning.elementId!)}>
                        {warning.elementId}
                      </Button>
                    ) : null}
                    {warning.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      <div className="modeler-workbench">
        <div className="modeler-canvas" ref={canvasRef} />
        <div className="modeler-properties" ref={panelRef} />
      </div>
      {play.panel}
      <ProblemsPanel problems={problems} onSelect={select} />
      <LinkedResources resources={resources} onSelect={select} />
    </>
  );
}
