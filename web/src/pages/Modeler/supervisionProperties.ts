/**
 * The properties panel's "督办属性" group on user tasks: the `duban:` attributes the server compiler
 * reads (bpmn/compile.ts) — the node kind, the exception condition that turns the task's light
 * yellow, and the due date in working days. They are free attributes of the `duban` namespace (kept in
 * the element's $attrs, as the compiler reads them), so the modeler only needs the namespace declared.
 * The panel renders with preact: entries are built with its `h`, not JSX (which is React's here).
 */
import { h } from '@bpmn-io/properties-panel/preact';
import { FeelEntry, Group, SelectEntry, TextFieldEntry, isFeelEntryEdited, isSelectEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { getBusinessObject, is } from 'bpmn-js/lib/util/ModelUtil';
import type { Element } from 'bpmn-js/lib/model/Types';
import type Modeling from 'bpmn-js/lib/features/modeling/Modeling';
import { text } from '../../i18n';

const t = text.supervisionProperties;

/** The `duban` namespace as the server's bpmn/duban-moddle.json declares it: no types, attributes are free. */
export const dubanModdle = { name: 'Duban', prefix: 'duban', uri: 'http://duban.dev/schema/bpmn', xml: { tagAlias: 'lowerCase' }, types: [], enumerations: [], associations: [] };

/** The node kinds of the supervision office's element templates (bpmn-models/element-templates/). */
export const NODE_KINDS = ['distribute', 'sign', 'reassign', 'report', 'review', 'extension', 'close-out', 'final-review'] as const;

/** The same rule the compiler applies: a whole number of working days, or an expression. */
const WORKING_DAYS = /^(\d{1,4}|=.+)$/;

/** After the element templates' provider (300), which keeps only its own groups on a templated element. */
const PRIORITY = 200;

interface EntryProps {
  id: string;
  element: Element;
}

interface ModdleObject {
  get(name: string): unknown;
  extensionElements?: { values?: { $type: string; dueDate?: string }[] };
}

const attribute = (element: Element, name: string) => {
  const value = (getBusinessObject(element) as ModdleObject).get(`duban:${name}`);
  return typeof value === 'string' ? value : '';
};

/** Sets the attribute; an empty value removes it. */
function useSetter(element: Element, name: string) {
  const modeling = useService<Modeling>('modeling');
  return (value: string | undefined) => modeling.updateProperties(element, { [`duban:${name}`]: value?.trim() ? value.trim() : undefined });
}

function NodeKind({ id, element }: EntryProps) {
  return h(SelectEntry, {
    id,
    element,
    label: t.node,
    description: t.nodeDescription,
    getValue: () => attribute(element, 'node'),
    setValue: useSetter(element, 'node'),
    getOptions: () => [{ value: '', label: t.nodeKind.none }, ...NODE_KINDS.map((kind) => ({ value: kind, label: t.nodeKind[kind] }))],
  });
}

function Exception({ id, element }: EntryProps) {
  return h(FeelEntry, {
    id,
    element,
    label: t.exception,
    description: t.exceptionDescription,
    feel: 'required',
    debounce: useService('debounceInput'),
    getValue: () => attribute(element, 'exception'),
    setValue: useSetter(element, 'exception'),
  });
}

function DueInWorkingDays({ id, element }: EntryProps) {
  const hasDueDate = (getBusinessObject(element) as ModdleObject).extensionElements?.values?.some((value) => value.$type === 'zeebe:TaskSchedule' && value.dueDate);
  return h(TextFieldEntry, {
    id,
    element,
    label: t.dueInWorkingDays,
    description: t.dueInWorkingDaysDescription,
    debounce: useService('debounceInput'),
    getValue: () => attribute(element, 'dueInWorkingDays'),
    setValue: useSetter(element, 'dueInWorkingDays'),
    validate: (value: string | undefined) => {
      if (!value?.trim()) return undefined;
      if (!WORKING_DAYS.test(value.trim())) return t.dueInWorkingDaysInvalid;
      return hasDueDate ? t.dueInWorkingDaysWithDueDate : undefined;
    },
  });
}

function supervisionGroup(element: Element) {
  return {
    id: 'duban-supervision',
    label: t.group,
    component: Group,
    entries: [
      { id: 'duban-node', element, component: NodeKind, isEdited: isSelectEntryEdited },
      { id: 'duban-dueInWorkingDays', element, component: DueInWorkingDays, isEdited: isTextFieldEntryEdited },
      { id: 'duban-exception', element, component: Exception, isEdited: isFeelEntryEdited },
    ],
  };
}

interface PanelGroup {
  id: string;
}

class SupervisionPropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: { registerProvider(priority: number, provider: SupervisionPropertiesProvider): void }) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: Element) {
    return (groups: PanelGroup[]) => {
      if (!is(element, 'bpmn:UserTask')) return groups;
      // Right after the general group and the template's own groups: a designer's first stop.
      const after = groups.reduce((last, group, index) => (group.id === 'general' || group.id.startsWith('ElementTemplates__') ? index : last), -1);
      return [...groups.slice(0, after + 1), supervisionGroup(element), ...groups.slice(after + 1)];
    };
  }
}

/** The bpmn-js module adding the group. */
export const supervisionPropertiesModule = {
  __init__: ['supervisionPropertiesProvider'],
  supervisionPropertiesProvider: ['type', SupervisionPropertiesProvider],
};
