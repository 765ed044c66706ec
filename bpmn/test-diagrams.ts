/** Small BPMN documents for the compiler's tests, written the way Camunda Modeler writes them. */

const NAMESPACES = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  'xmlns:duban="http://duban.dev/schema/bpmn"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

export function definitions(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${NAMESPACES} id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">${inner}</bpmn:definitions>`;
}

/** An executable process `p` with the given elements; `rootElements` go beside it (messages, errors). */
export function processXml(body: string, rootElements = ''): string {
  return definitions(`<bpmn:process id="p" isExecutable="true">${body}</bpmn:process>${rootElements}`);
}

export function flow(id: string, source: string, target: string, condition?: string): string {
  if (condition === undefined) return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"/>`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

/** start `s` → the element `id` → end `e`: the frame for testing one element. */
export function around(elementXml: string, id: string, rootElements = ''): string {
  return processXml(
    `<bpmn:startEvent id="s"/>${elementXml}<bpmn:endEvent id="e"/>${flow('f1', 's', id)}${flow('f2', id, 'e')}`,
    rootElements,
  );
}

export function timerDefinition(property: 'timeDuration' | 'timeDate' | 'timeCycle', body: string): string {
  return `<bpmn:timerEventDefinition><bpmn:${property} xsi:type="bpmn:tFormalExpression">${escapeXml(body)}</bpmn:${property}></bpmn:timerEventDefinition>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A straight line of `count` service and user tasks with an exclusive gateway every tenth
 * step, about `count * 2` elements and flows in all: the size test's diagram.
 */
export function largeDiagram(count: number): string {
  const parts = ['<bpmn:startEvent id="s"/>'];
  const isGateway = (i: number) => i % 10 === 9;
  // A gateway's way onward is its default flow; its other flow leaves to an end event.
  const link = (from: number | undefined, to: string) =>
    flow(from !== undefined && isGateway(from) ? `t${from}_default` : `to_${to}`, from === undefined ? 's' : `t${from}`, to);
  for (let i = 0; i < count; i++) {
    const id = `t${i}`;
    if (isGateway(i)) {
      parts.push(
        `<bpmn:exclusiveGateway id="${id}" default="${id}_default"/>`,
        `<bpmn:endEvent id="${id}_end"/>`,
        flow(`${id}_exit`, id, `${id}_end`, `=counter > ${i}`),
      );
    } else if (i % 2 === 0) {
      parts.push(`<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="work"/><zeebe:ioMapping><zeebe:input source="=counter + ${i}" target="n"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>`);
    } else {
      parts.push(`<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="=unit${i}"/></bpmn:extensionElements></bpmn:userTask>`);
    }
    parts.push(link(i === 0 ? undefined : i - 1, id));
  }
  parts.push('<bpmn:endEvent id="e"/>', link(count === 0 ? undefined : count - 1, 'e'));
  return processXml(parts.join('\n'));
}
