/**
 * The supervision office's element templates (bpmn-models/element-templates/) are valid Camunda 8
 * templates, and every one of them, applied to a diagram with its default values, deploys: the
 * compiler reads its bindings as the engine needs them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { validateAllZeebe } from '@bpmn-io/element-templates-validator';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from './compile';
import type { GraphElement, ProcessGraph } from './graph';
import { escapeXml, flow, processXml, timerDefinition } from './test-diagrams';

interface Binding {
  type: string;
  name?: string;
  property?: string;
}

interface Template {
  id: string;
  name: string;
  appliesTo: string[];
  elementType: { value: string; eventDefinition?: string };
  properties: { type: string; value?: string | boolean; binding: Binding }[];
}

const folder = new URL('../bpmn-models/element-templates/', import.meta.url);
const templates: Template[] = readdirSync(folder)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as Template);

const tag = (type: string) => `bpmn:${type.slice('bpmn:'.length, 'bpmn:'.length + 1).toLowerCase()}${type.slice('bpmn:'.length + 1)}`;
const attributes = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');

/** The element a template makes, its properties set to their defaults as the modeler applies them. */
function applied(template: Template, id: string, extra: Record<string, string> = {}): string {
  const own: Record<string, string> = { ...extra };
  const zeebe = new Map<string, Record<string, string>>();
  const inputs: [string, string][] = [];
  let timer: [string, string] | undefined;
  for (const { value = '', binding } of template.properties) {
    const text = String(value);
    switch (binding.type) {
      case 'property':
        own[binding.name!] = text;
        break;
      case 'zeebe:userTask':
        zeebe.set('userTask', {});
        break;
      case 'zeebe:input':
        inputs.push([binding.name!, text]);
        break;
      case 'bpmn:TimerEventDefinition#property':
        timer = [binding.name!, text];
        break;
      default:
        zeebe.set(binding.type.slice('zeebe:'.length), { ...zeebe.get(binding.type.slice('zeebe:'.length)), [binding.property!]: text });
    }
  }
  const extensions = [
    ...[...zeebe].map(([name, values]) => `<zeebe:${name}${attributes(values)}/>`),
    inputs.length ? `<zeebe:ioMapping>${inputs.map(([target, source]) => `<zeebe:input source="${escapeXml(source)}" target="${target}"/>`).join('')}</zeebe:ioMapping>` : '',
  ].join('');
  const element = tag(template.elementType.value);
  const body = `${extensions ? `<bpmn:extensionElements>${extensions}</bpmn:extensionElements>` : ''}${timer ? timerDefinition(timer[0] as 'timeDate', timer[1]) : ''}`;
  return `<${element} id="${id}"${attributes(own)}>${body}</${element}>`;
}

/** start → the templated element → end; a boundary event's template goes on a plain user task it leads away from. */
function diagramOf(template: Template): string {
  if (template.elementType.value === 'bpmn:BoundaryEvent') {
    return processXml(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="host"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="office"/></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e"/>` +
        `${applied(template, 't', { attachedToRef: 'host' })}<bpmn:endEvent id="fired"/>` +
        `${flow('f1', 's', 'host')}${flow('f2', 'host', 'e')}${flow('f3', 't', 'fired')}`,
    );
  }
  return processXml(`<bpmn:startEvent id="s"/>${applied(template, 't')}<bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`);
}

async function compiled(template: Template): Promise<{ graph: ProcessGraph; element: GraphElement }> {
  const result = await compileBpmn(diagramOf(template));
  if (!result.ok) throw new Error(`template "${template.id}" does not compile: ${JSON.stringify(result.errors, null, 2)}`);
  expect(result.warnings).toEqual([]);
  return { graph: result.graph, element: result.graph.elements.t };
}

const byId = (id: string) => templates.find((template) => template.id === id)!;

describe('the element templates', () => {
  it('are valid Camunda 8 element templates, each with a Chinese name and an id of its own', () => {
    const validation = validateAllZeebe(templates);
    expect(validation.results.filter((result) => !result.valid).map((result) => [result.object, result.errors])).toEqual([]);
    expect(new Set(templates.map((template) => template.id)).size).toBe(templates.length);
    for (const template of templates) expect(template.name).toMatch(/\p{Script=Han}/u);
  });

  it('name the blocks of a supervision flow', () => {
    expect(templates.map((template) => template.id).sort()).toEqual(
      ['close-out', 'deadline-move', 'deadline-near', 'distribute', 'escalation', 'extension', 'final-review', 'overdue', 'period-opens', 'reassign', 'report', 'review', 'sign', 'warning']
        .map((name) => `duban.${name}`)
        .sort(),
    );
  });

  it.each(templates.map((template) => [template.id, template] as const))('%s, applied with its defaults, deploys', async (_id, template) => {
    const { element } = await compiled(template);
    expect(element.type).toBe(template.elementType.value === 'bpmn:BoundaryEvent' ? 'boundaryEvent' : template.elementType.value === 'bpmn:UserTask' ? 'userTask' : 'serviceTask');
    // The element is named after the block (the template's name binding), as the palette and menus create it.
    expect(element.name).toBe(template.properties.find((property) => property.binding.name === 'name')?.value);
  });

  it('give user tasks the hand-written form, the unit, the node kind and a due date the engine computes', async () => {
    const forms = Object.fromEntries(
      await Promise.all(
        templates
          .filter((template) => template.elementType.value === 'bpmn:UserTask')
          .map(async (template) => {
            const { element } = await compiled(template);
            if (element.type !== 'userTask') throw new Error('not a user task');
            expect(element.candidateGroups).toBeDefined();
            expect(element.attributes?.node).toBeDefined();
            return [template.id, element.formKey];
          }),
      ),
    );
    expect(forms).toEqual({
      'duban.distribute': 'distribute',
      'duban.sign': 'sign',
      'duban.reassign': 'reassign',
      'duban.report': 'report',
      'duban.review': 'review',
      'duban.extension': 'extension',
      'duban.close-out': 'final-report',
      'duban.final-review': 'verify',
    });

    const report = (await compiled(byId('duban.report'))).element;
    expect(report).toMatchObject({
      candidateGroups: { expression: 'leadUnit' },
      dueDate: { expression: 'add working days(today(), 5)' },
      attributes: { node: 'report', exception: '=approved = false', dueInWorkingDays: '5' },
    });
    expect((await compiled(byId('duban.close-out'))).element).toMatchObject({ dueDate: { expression: 'deadline' }, formKey: 'final-report' });
  });

  it('give notifications, deadline moves and timers what the worker and the engine read', async () => {
    expect((await compiled(byId('duban.warning'))).element).toMatchObject({
      type: 'serviceTask',
      taskType: 'notify',
      inputs: expect.arrayContaining([{ target: 'notifyKind', source: '"warning"' }]),
    });
    expect((await compiled(byId('duban.escalation'))).element).toMatchObject({
      taskType: 'notify',
      inputs: expect.arrayContaining([{ target: 'notifyKind', source: '"overdue"' }, { target: 'notifyUnits', source: '[leadUnit, "office"]' }]),
    });
    expect((await compiled(byId('duban.deadline-move'))).element).toMatchObject({ taskType: 'deadline-timers' });
    expect((await compiled(byId('duban.deadline-near'))).element).toMatchObject({
      type: 'boundaryEvent',
      attachedTo: 'host',
      cancelActivity: false,
      trigger: { kind: 'timer', timer: { kind: 'date', value: { expression: 'warnAt' } } },
    });
    expect((await compiled(byId('duban.period-opens'))).element).toMatchObject({ trigger: { kind: 'timer', timer: { kind: 'cycle' } } });
  });
});
