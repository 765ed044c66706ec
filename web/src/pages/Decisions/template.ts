/** A new decision's starting point: a small decision table, one input, one output, one rule. */

/** A fresh decision id, like bpmn-js's element ids (`Decision_` and a few random characters). */
export function newDecisionId(): string {
  return `Decision_${Math.random().toString(36).slice(2, 9)}`;
}

export function newDecisionXml(decisionId: string = newDecisionId()): string {
  const suffix = decisionId.replace(/^Decision_/, '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${suffix}" name="DRD" namespace="http://camunda.org/schema/1.0/dmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <decision id="${decisionId}" name="Decision 1">
    <decisionTable id="DecisionTable_${suffix}" hitPolicy="FIRST">
      <input id="Input_${suffix}" label="Input 1">
        <inputExpression id="InputExpression_${suffix}" typeRef="string">
          <text>input1</text>
        </inputExpression>
      </input>
      <output id="Output_${suffix}" label="Output 1" name="output1" typeRef="string" />
      <rule id="Rule_${suffix}">
        <inputEntry id="InputEntry_${suffix}">
          <text>-</text>
        </inputEntry>
        <outputEntry id="OutputEntry_${suffix}">
          <text>""</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_${suffix}">
      <dmndi:DMNShape id="DMNShape_${suffix}" dmnElementRef="${decisionId}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}
