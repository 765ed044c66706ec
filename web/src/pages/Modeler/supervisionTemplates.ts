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
import { dubanModdle, supervisionPropertiesModule } from './supervisionProperties';

/** In the order a supervision flow uses them: the chooser and the menus list them so. */
export const elementTemplates: readonly unknown[] = [distribute, sign, reassign, report, review, extension, closeOut, finalReview, warning, escalation, deadlineMove, deadlineNear, overdue, periodOpens];

/** The modules to add to the Modeler, and its options: the templates and the `duban` namespace. */
export const supervisionModules = [
  CloudElementTemplatesPropertiesProviderModule,
  ElementTemplateChooserModule,
  CreateAppendAnythingModule,
  CreateAppendElementTemplatesModule,
  supervisionPropertiesModule,
];

export { dubanModdle };
