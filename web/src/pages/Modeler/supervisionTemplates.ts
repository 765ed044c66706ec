/**
 * The supervision office's building blocks on the modeler: Camunda 8 element templates
 * (bpmn-models/element-templates/, one JSON file each) offered in the palette, the append menu and the
 * "change element" menu (bpmn-js-create-append-anything), chosen and edited in the properties panel
 * (bpmn-js-element-templates, @bpmn-io/element-template-chooser), and the "督办属性" group.
 */
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import { CreateAppendAnythingModule, CreateAppendElementTemplatesModule } from 'bpmn-js-create-append-anything';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@bpmn-io/element-template-chooser/dist/element-template-chooser.css';
import distribute from '../../../../bpmn-models/element-templates/distribute.json';
import sign from '../../../../bpmn-models/element-templates/sign.json';
import reassign from '../../../../bpmn-models/element-templates/reassign.json';
import report from '../../../../bpmn-models/element-templates/report.json';
import review from '../../../../bpmn-models/element-templates/review.json';
import extension from '../../../../bpmn-models/element-templates/extension.json';
import closeOut from '../../../../bpmn-models/element-templates/close-out.json';
import finalReview from '../../../../bpmn-models/element-templates/final-review.json';
import warning from '../../../../bpmn-models/element-templates/warning.json';
import escalation from '../../../../bpmn-models/element-templates/escalation.json';
import deadlineMove from '../../../../bpmn-models/element-templates/deadline-move.json';
import deadlineNear from '../../../../bpmn-models/element-templates/deadline-near.json';
import overdue from '../../../../bpmn-models/element-templates/overdue.json';
import periodOpens from '../../../../bpmn-models/element-templates/period-opens.json';
import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type { Element } from 'bpmn-js/lib/model/Types';
import { dubanModdle, supervisionPropertiesModule } from './supervisionProperties';

/** In the order a supervision flow uses them: the chooser and the menus list them so. */
export const elementTemplates: readonly unknown[] = [distribute, sign, reassign, report, review, extension, closeOut, finalReview, warning, escalation, deadlineMove, deadlineNear, overdue, periodOpens];

/**
 * A block created from the palette or a menu gets its `property` bindings as plain fields of the new
 * element (bpmn-js-element-templates' PropertyBindingProvider), which moddle writes out only for the
 * properties it knows: the `duban:` ones are moved to the element's attributes before it is drawn.
 */
class DubanAttributesOnCreate extends CommandInterceptor {
  static $inject = ['eventBus'];

  constructor(eventBus: EventBus) {
    super(eventBus);
    this.preExecute('shape.create', ({ context }) => {
      const businessObject = (context as { shape: Element }).shape.businessObject as Record<string, unknown> & { set(name: string, value: unknown): void };
      for (const name of Object.keys(businessObject).filter((key) => key.startsWith('duban:'))) {
        const value = businessObject[name];
        delete businessObject[name];
        businessObject.set(name, value);
      }
    });
  }
}

/** The modules to add to the Modeler, and its options: the templates and the `duban` namespace. */
export const supervisionModules = [
  CloudElementTemplatesPropertiesProviderModule,
  ElementTemplateChooserModule,
  CreateAppendAnythingModule,
  CreateAppendElementTemplatesModule,
  supervisionPropertiesModule,
  { __init__: ['dubanAttributesOnCreate'], dubanAttributesOnCreate: ['type', DubanAttributesOnCreate] },
];

export { dubanModdle };
