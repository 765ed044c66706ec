/** dmn-moddle 12 ships no types for its entry point. */
declare module 'dmn-moddle' {
  export interface ParseWarning {
    message: string;
    element?: { id?: string; $type?: string };
    property?: string;
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: ParseWarning[] }>;
  }
}
