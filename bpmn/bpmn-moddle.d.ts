/** bpmn-moddle 10 ships types for its model but none for its entry point. */
declare module 'bpmn-moddle' {
  export interface ParseWarning {
    message: string;
    /** The element holding an unresolved reference or an unknown attribute. */
    element?: { id?: string; $type?: string };
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: unknown;
    warnings: ParseWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string): Promise<ParseResult>;
  }
}
