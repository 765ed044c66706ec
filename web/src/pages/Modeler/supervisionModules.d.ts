/** Declarations for the packages supervisionTemplates.ts and supervisionProperties.ts use (they ship none). */
declare module 'bpmn-js-properties-panel' {
  /** A service of the modeler, inside a properties panel component. */
  export function useService<T = unknown>(name: string): T;
}

declare module '@bpmn-io/properties-panel' {
  import type { FunctionComponent } from '@bpmn-io/properties-panel/preact';
  type Props = Record<string, unknown>;
  export const Group: FunctionComponent<Props>;
  export const SelectEntry: FunctionComponent<Props>;
  export const TextFieldEntry: FunctionComponent<Props>;
  export const FeelEntry: FunctionComponent<Props>;
  export function isSelectEntryEdited(node: HTMLElement): boolean;
  export function isTextFieldEntryEdited(node: HTMLElement): boolean;
  export function isFeelEntryEdited(node: HTMLElement): boolean;
}

declare module 'bpmn-js-element-templates' {
  export const CloudElementTemplatesPropertiesProviderModule: Record<string, unknown>;
}

declare module '@bpmn-io/element-template-chooser' {
  const ElementTemplateChooserModule: Record<string, unknown>;
  export default ElementTemplateChooserModule;
}

declare module 'bpmn-js-create-append-anything' {
  export const CreateAppendAnythingModule: Record<string, unknown>;
  export const CreateAppendElementTemplatesModule: Record<string, unknown>;
}
