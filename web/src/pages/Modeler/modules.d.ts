/** The modeler's packages ship no type declarations: the parts this page uses. */
declare module 'bpmn-js-properties-panel' {
  type DidiModule = Record<string, unknown>;
  export const BpmnPropertiesPanelModule: DidiModule;
  export const BpmnPropertiesProviderModule: DidiModule;
  export const ZeebePropertiesProviderModule: DidiModule;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const behaviors: Record<string, unknown>;
  export default behaviors;
}

declare module '@camunda/linting' {
  /** One rule's finding on an element. */
  export interface LintReport {
    id: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    rule: string;
  }
  export class Linter {
    constructor(options?: { modeler?: 'desktop' | 'web'; type?: 'cloud' | 'platform' });
    lint(contents: unknown): Promise<LintReport[]>;
  }
}

declare module '@camunda/linting/modeler' {
  const lintingModule: Record<string, unknown>;
  export default lintingModule;
}

/** A shipped diagram as text (Vite's `?raw`). */
declare module '*.bpmn?raw' {
  const xml: string;
  export default xml;
}
