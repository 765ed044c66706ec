import supervisionBasic from '../../../../bpmn-models/supervision-basic.bpmn?raw';
import supervision from '../../../../bpmn-models/supervision.bpmn?raw';

/** The diagram a new drawing starts from: a Camunda 8.8 process with one start event. */
export const EXECUTION_PLATFORM = 'Camunda Cloud';
export const EXECUTION_PLATFORM_VERSION = '8.8.0';

/** A fresh process id, so a new diagram deploys as a process of its own. */
export const newProcessKey = () => `Process_${Math.random().toString(36).slice(2, 9)}`;

/** The shipped supervision flows a new diagram may start from (they get a fresh process id when opened). */
export const shippedFlows: readonly { id: string; xml: string }[] = [
  { id: 'supervision-basic', xml: supervisionBasic },
  { id: 'supervision', xml: supervision },
];

export function newDiagramXml(processKey = newProcessKey()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" exporter="duban" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${processKey}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processKey}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** The diagram with its process renamed (the process's id and the plane showing it), so a shipped flow drawn on deploys as a process of its own. */
export function withProcessKey(xml: string, key: string, newKey: string): string {
  return xml.replace(`<bpmn:process id="${key}"`, `<bpmn:process id="${newKey}"`).replace(`bpmnElement="${key}"`, `bpmnElement="${newKey}"`);
}
