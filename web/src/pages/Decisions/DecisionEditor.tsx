/**
 * The DMN editor: dmn-js's Modeler (the requirements diagram, decision tables, literal expressions)
 * around one DMN file. It imports `xml` when it changes from outside and reports every edit as the
 * file's new XML through `onChange`. dmn-js loads with the decision pages only (routes.tsx makes them lazy).
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Flex, Input, Segmented } from 'antd';
import DmnModeler, { type DmnView } from 'dmn-js/lib/Modeler';
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './Decisions.css';
import { text } from '../../i18n';

const t = text.decisions;

export interface DecisionEditorProps {
  /** The DMN file to show; a change from outside (a file opened, a version loaded) is imported. */
  xml: string;
  /** The file as edited, after every change. */
  onChange?: (xml: string) => void;
}

/** An id a decision may take: an XML name, as DMN ids are, that a FEEL-free business rule task can name. */
const DECISION_ID = /^[A-Za-z_][\w.-]*$/;

interface DecisionModeling {
  editDecisionTableId?(id: string): void;
  editDecisionId?(id: string): void;
}

const viewLabel = (view: DmnView) => {
  const name = view.name ?? view.id;
  if (view.type === 'drd') return t.viewDrd;
  if (view.type === 'decisionTable') return t.viewTable(name);
  if (view.type === 'literalExpression') return t.viewLiteral(name);
  return name;
};

export default function DecisionEditor({ xml, onChange }: DecisionEditorProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<DmnModeler | undefined>(undefined);
  // The XML last reported or imported: an `xml` prop equal to it is the editor's own, not to import again.
  const currentXml = useRef<string | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  const [views, setViews] = useState<{ views: DmnView[]; active?: DmnView }>({ views: [] });
  const [importError, setImportError] = useState<string>();
  const [idError, setIdError] = useState<string>();

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const modeler = new DmnModeler({ container: containerRef.current! });
    modelerRef.current = modeler;
    modeler.on('views.changed', ({ views: all, activeView }) => setViews({ views: all, active: activeView }));
    // Every view (DRD, table, literal expression) has its own editor, created when first opened.
    modeler.on('viewer.created', ({ viewer }) =>
      viewer.on('elements.changed', () => {
        void modeler.saveXML({ format: true }).then(({ xml: saved }) => {
          if (modelerRef.current !== modeler) return;
          currentXml.current = saved;
          onChangeRef.current?.(saved);
        });
      }),
    );
    return () => {
      modelerRef.current = undefined;
      currentXml.current = undefined;
      modeler.destroy();
    };
  }, []);

  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler || xml === currentXml.current) return;
    currentXml.current = xml;
    setImportError(undefined);
    modeler
      .importXML(xml)
      .then(() => {
        // A file of one decision opens on its table (or literal expression) rather than on the diagram of one box.
        const decisions = modeler.getViews().filter((view) => view.type !== 'drd');
        if (modelerRef.current === modeler && decisions.length === 1 && modeler.getActiveView()?.type === 'drd') return modeler.open(decisions[0]!);
      })
      .catch((error: unknown) => {
        // A modeler torn down meanwhile (the page left, or React's strict mode remounting) is no error.
        if (modelerRef.current !== modeler) return;
        setImportError(`${t.importFailed}：${error instanceof Error ? error.message : String(error)}`);
      });
  }, [xml]);

  // The id a business rule task calls the decision by (zeebe:calledDecision decisionId): dmn-js edits
  // the name in the table's header, the id here.
  const active = views.active;
  const editsId = active?.type === 'decisionTable' || active?.type === 'literalExpression';
  const renameDecision = (id: string) => {
    const modeler = modelerRef.current;
    if (!modeler || !active || id === active.id) return setIdError(undefined);
    if (!DECISION_ID.test(id)) return setIdError(t.idInvalid);
    if (modeler.getDefinitions()?.$model.ids.assigned(id)) return setIdError(t.idTaken(id));
    setIdError(undefined);
    const modeling = modeler.getActiveViewer()?.get<DecisionModeling>('modeling');
    if (active.type === 'decisionTable') modeling?.editDecisionTableId?.(id);
    else modeling?.editDecisionId?.(id);
  };

  return (
    <div className="decision-editor">
      {importError ? <Alert type="error" showIcon title={importError} style={{ marginBottom: 8 }} /> : null}
      {editsId ? (
        <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
          <label htmlFor="decision-id">{t.decisionId}</label>
          <Input
            id="decision-id"
            key={`${active.type}:${active.id}`}
            defaultValue={active.id}
            status={idError ? 'error' : undefined}
            style={{ maxWidth: 320 }}
            onBlur={(event) => renameDecision(event.target.value.trim())}
            onPressEnter={(event) => renameDecision(event.currentTarget.value.trim())}
          />
          {idError ? <span className="decision-id-error">{idError}</span> : null}
        </Flex>
      ) : null}
      {views.views.length > 1 ? (
        // The views' names may be long: on a phone they scroll in their own strip, not the page.
        <div style={{ overflowX: 'auto', maxWidth: '100%', marginBottom: 8 }}>
          <Segmented
            aria-label={t.views}
            value={views.active ? `${views.active.type}:${views.active.id}` : undefined}
            options={views.views.map((view) => ({ value: `${view.type}:${view.id}`, label: viewLabel(view) }))}
            onChange={(value) => {
              const view = views.views.find((candidate) => `${candidate.type}:${candidate.id}` === value);
              if (view) void modelerRef.current?.open(view);
            }}
          />
        </div>
      ) : null}
      <div className="decision-editor-canvas" ref={containerRef} />
    </div>
  );
}
