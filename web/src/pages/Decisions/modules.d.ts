/** dmn-js ships no type declarations: the parts the decision editor uses. */
declare module 'dmn-js/lib/Modeler' {
  /** One view of a DMN file: its requirements diagram (drd), or one decision's table or literal expression. */
  export interface DmnView {
    id: string;
    name?: string;
    type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression' | string;
    element: unknown;
  }
  /** The editor of the view shown (DRD, decision table, literal expression): its own event bus. */
  export interface DmnViewer {
    on(event: string, callback: (event: unknown) => void): void;
    /** One of the view's services (`modeling`, `eventBus`, …). */
    get<T>(name: string): T;
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; [view: string]: unknown });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    getActiveViewer(): DmnViewer | undefined;
    /** The file's model; its moddle knows every id in use. */
    getDefinitions(): { $model: { ids: { assigned(id: string): unknown } } } | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: 'views.changed', callback: (event: { views: DmnView[]; activeView?: DmnView }) => void): void;
    on(event: 'viewer.created', callback: (event: { type: string; viewer: DmnViewer }) => void): void;
    destroy(): void;
  }
}
