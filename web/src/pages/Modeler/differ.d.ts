/** bpmn-js-differ ships no type declarations: the part the version diff uses. */
declare module 'bpmn-js-differ' {
  interface ModdleElement {
    $type: string;
    id?: string;
  }
  /** Per element id: what was added, removed, changed (with its changed properties) or only moved. */
  export interface DiffResult {
    _added: Record<string, ModdleElement>;
    _removed: Record<string, ModdleElement>;
    _changed: Record<string, { model: ModdleElement; attrs: Record<string, unknown> }>;
    _layoutChanged: Record<string, ModdleElement>;
  }
  export function diff(oldDefinitions: object, newDefinitions: object): DiffResult;
}
