/**
 * Small BPMN documents for tests, written as Camunda Modeler 8 writes them (zeebe extensions,
 * FEEL with a leading `=`), minus the diagram interchange the compiler does not read.
 */

/** A definitions document around one executable process. `extra` holds messages and errors. */
export function diagram(processId: string, body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Definitions_${processId}" targetNamespace="http://duban.dev/bpmn">
  ${extra}
  <bpmn:process id="${processId}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Sequence flows from `a -> b`, `a -> b : =condition` lines; flow ids are `a_b`. */
export function flows(spec: string): string {
  return spec
    .trim()
    .split('\n')
    .map((line) => {
      const [path, condition] = line.split(' : ').map((s) => s.trim());
      const [source, target] = path.split('->').map((s) => s.trim());
      const body = condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escape(condition)}</bpmn:conditionExpression>` : '';
      return `    <bpmn:sequenceFlow id="${source}_${target}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`;
    })
    .join('\n');
}

/** A user task for a unit (a literal id or a `=expression`). */
export function userTask(id: string, unit: string, inner = ''): string {
  return `    <bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${escape(unit)}"/></bpmn:extensionElements>${inner}</bpmn:userTask>`;
}

export const start = (id = 'start') => `    <bpmn:startEvent id="${id}"/>`;
export const end = (id = 'end') => `    <bpmn:endEvent id="${id}"/>`;

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
