import { describe, expect, it } from 'vitest';
import { diffDiagrams } from './diff';

/** start → `work` → end, laid out; `task` replaces the task, `extra` adds to the process and `startX` moves the start event. */
function version({ task = '<bpmn:userTask id="work" name="办理" />', extra = '', extraDi = '', startX = 152 } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    ${task}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    ${extra}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="p">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="${startX}" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="work_di" bpmnElement="work"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
      ${extraDi}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

const note = '<bpmn:task id="review" name="复核" />';
const noteDi = '<bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="240" y="200" width="100" height="80" /></bpmndi:BPMNShape>';

describe('the diff of two versions', () => {
  it('finds nothing between a version and itself', async () => {
    expect(await diffDiagrams(version(), version())).toEqual([]);
  });

  it('names an added element with its type and name, and the same element as removed the other way', async () => {
    const added = await diffDiagrams(version(), version({ extra: note, extraDi: noteDi }));
    expect(added).toEqual([{ id: 'review', kind: 'added', type: 'Task', name: '复核', properties: [], moved: false }]);
    const removed = await diffDiagrams(version({ extra: note, extraDi: noteDi }), version());
    expect(removed).toEqual([{ id: 'review', kind: 'removed', type: 'Task', name: '复核', properties: [], moved: false }]);
  });

  it('gives a changed property with its value before and after', async () => {
    const changes = await diffDiagrams(version(), version({ task: '<bpmn:userTask id="work" name="审核" />' }));
    expect(changes).toEqual([{ id: 'work', kind: 'changed', type: 'UserTask', name: '审核', properties: [{ name: 'name', from: '办理', to: '审核' }], moved: false }]);
  });

  it('counts a change of a zeebe extension as a change of its element', async () => {
    const assigned = '<bpmn:userTask id="work" name="办理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="office" /></bpmn:extensionElements></bpmn:userTask>';
    const changes = await diffDiagrams(version({ task: assigned }), version({ task: assigned.replace('office', 'fagai') }));
    expect(changes.map((change) => [change.id, change.kind])).toEqual([['work', 'changed']]);
  });

  it('tells an element that only moved from one that changed', async () => {
    const changes = await diffDiagrams(version(), version({ startX: 100 }));
    expect(changes).toEqual([{ id: 'start', kind: 'layoutChanged', type: 'StartEvent', name: undefined, properties: [], moved: true }]);
  });

  it('lists added, removed, changed and moved elements in that order', async () => {
    const changes = await diffDiagrams(
      version({ extra: note, extraDi: noteDi }),
      version({ task: '<bpmn:userTask id="work" name="审核" />', startX: 100, extra: '<bpmn:task id="archive" />', extraDi: noteDi.replace(/review/g, 'archive') }),
    );
    expect(changes.map((change) => [change.kind, change.id])).toEqual([
      ['added', 'archive'],
      ['removed', 'review'],
      ['changed', 'work'],
      ['layoutChanged', 'start'],
    ]);
  });
});
