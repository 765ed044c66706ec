/**
 * The decisions and forms a diagram links: business rule tasks calling a decision
 * (zeebe:calledDecision decisionId) and user tasks showing a form (zeebe:formDefinition formId).
 * Read from bpmn-js's model of the diagram (its moddle definitions), without the modeler itself.
 */
export interface LinkedResource {
  kind: 'decision' | 'form';
  /** The decision id or form id linked. */
  id: string;
  /** The elements linking it, in document order. */
  elementIds: string[];
}

/** What the walk reads of a moddle element: its type, id, extension elements and children. */
interface ModdleElement {
  $type: string;
  id?: string;
  decisionId?: string;
  formId?: string;
  extensionElements?: { values?: ModdleElement[] };
  rootElements?: ModdleElement[];
  flowElements?: ModdleElement[];
}

/** Every decision and form the definitions link by id, decisions first, each once with the elements linking it. */
export function linkedResources(definitions: unknown): LinkedResource[] {
  const found = new Map<string, LinkedResource>();
  const link = (kind: LinkedResource['kind'], id: string | undefined, elementId: string | undefined) => {
    // An id computed by a FEEL expression (`=…`) is known only when the task runs.
    if (!id || id.startsWith('=')) return;
    const resource = found.get(`${kind}:${id}`) ?? { kind, id, elementIds: [] };
    if (elementId && !resource.elementIds.includes(elementId)) resource.elementIds.push(elementId);
    found.set(`${kind}:${id}`, resource);
  };
  const visit = (element: ModdleElement) => {
    for (const extension of element.extensionElements?.values ?? []) {
      if (extension.$type === 'zeebe:CalledDecision') link('decision', extension.decisionId, element.id);
      if (extension.$type === 'zeebe:FormDefinition') link('form', extension.formId, element.id);
    }
    for (const child of [...(element.rootElements ?? []), ...(element.flowElements ?? [])]) visit(child);
  };
  if (definitions) visit(definitions as ModdleElement);
  return [...found.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'decision' ? -1 : 1));
}
