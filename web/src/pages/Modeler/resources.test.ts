import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { describe, expect, it } from 'vitest';
import { linkedResources } from './resources';

const moddle = new BpmnModdle({ zeebe: zeebeModdle });

const definitions = async (body: string) =>
  (
    await moddle.fromXML(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`)
  ).rootElement;

describe('linkedResources', () => {
  it('finds the decisions and forms linked by id, in sub-processes too, each once with the elements linking it', async () => {
    const found = linkedResources(
      await definitions(`
        <bpmn:userTask id="fill"><bpmn:extensionElements><zeebe:formDefinition formId="report" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:businessRuleTask id="route"><bpmn:extensionElements><zeebe:calledDecision decisionId="routing" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>
        <bpmn:subProcess id="sub">
          <bpmn:businessRuleTask id="routeAgain"><bpmn:extensionElements><zeebe:calledDecision decisionId="routing" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>
          <bpmn:userTask id="check"><bpmn:extensionElements><zeebe:formDefinition formId="report" /></bpmn:extensionElements></bpmn:userTask>
        </bpmn:subProcess>`),
    );
    expect(found).toEqual([
      { kind: 'decision', id: 'routing', elementIds: ['route', 'routeAgain'] },
      { kind: 'form', id: 'report', elementIds: ['fill', 'check'] },
    ]);
  });

  it('leaves out what is no link to a deployed resource: a FEEL-computed decision id, an embedded form, an empty id', async () => {
    const found = linkedResources(
      await definitions(`
        <bpmn:businessRuleTask id="computed"><bpmn:extensionElements><zeebe:calledDecision decisionId="=kind" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>
        <bpmn:userTask id="embedded"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:f" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:businessRuleTask id="empty"><bpmn:extensionElements><zeebe:calledDecision decisionId="" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>`),
    );
    expect(found).toEqual([]);
    expect(linkedResources(undefined)).toEqual([]);
  });
});
