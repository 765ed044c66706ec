/**
 * The server's check of what a task's form-js form submits: the rules the form-js Viewer applies in
 * the browser (`validate.required`, min/max, minLength/maxLength, pattern, email), plus the types its
 * fields produce (a number field a number, a checkbox a boolean, a checklist or taglist a list, a date
 * `YYYY-MM-DD`…) and, for choices with static `values`, one of those values. A field hidden by its
 * `conditional.hide` FEEL expression, disabled or read-only is not checked (the Viewer neither checks
 * nor submits it). Pure: no I/O.
 *
 * Not checked: values from `valuesKey`/`valuesExpression` (known only at run time), the phone
 * validation type, file pickers, and a hide expression or FEEL-valued limit that fails to evaluate (the
 * field is then checked as shown, the limit skipped).
 */
import { evaluateFeel } from '../bpmn/feel';
import type { ErrorDetail } from './errors';

/** A form-js component, as far as validation reads it. */
interface Component {
  type?: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  components?: Component[];
  values?: { value: unknown }[];
  valuesKey?: string;
  valuesExpression?: string;
  subtype?: 'date' | 'time' | 'datetime';
  serializeToString?: boolean;
  disabled?: boolean | string;
  readonly?: boolean | string;
  conditional?: { hide?: string };
  validate?: {
    required?: boolean;
    min?: number | string;
    max?: number | string;
    minLength?: number | string;
    maxLength?: number | string;
    pattern?: string;
    validationType?: 'email' | 'phone' | 'custom';
  };
}

/** Fields whose value the Viewer binds to their key (the others show text, images, buttons, or compute it). */
const INPUT_TYPES = new Set(['textfield', 'textarea', 'number', 'checkbox', 'checklist', 'taglist', 'radio', 'select', 'datetime']);
/** Containers whose children bind under the container's `path` (if any). */
const GROUP_TYPES = new Set(['group', 'dynamiclist']);

/** The form-js Viewer's email pattern. */
const EMAIL = /^[\w-.]+@([\w-]+\.)+[\w-]{2,}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Times as form-js serialises them: without zone, in UTC (Z), or with an offset. */
const TIME = /^\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
const pathOf = (...parts: (string | undefined)[]) => parts.flatMap((part) => (part ? part.split('.') : []));

function valueAt(data: unknown, path: string[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A FEEL expression (`=…`) evaluated on the data; undefined when it fails. A literal is itself. */
function resolve(value: unknown, context: Record<string, unknown>): unknown {
  if (typeof value !== 'string' || !value.startsWith('=')) return value;
  try {
    return evaluateFeel(value.slice(1), context);
  } catch {
    return undefined;
  }
}

/** Whether a flag that may be a FEEL expression (`disabled`, `readonly`, `conditional.hide`) holds. */
const holds = (flag: unknown, context: Record<string, unknown>) => resolve(flag, context) === true;

const asNumber = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined);

/** What is wrong with one field's value, or undefined. */
function fieldProblem(field: Component, value: unknown, context: Record<string, unknown>): string | undefined {
  const validate = field.validate ?? {};
  const type = field.type!;
  if (validate.required && (isEmpty(value) || (type === 'checkbox' && value === false))) return 'is required';
  if (isEmpty(value)) return undefined;

  switch (type) {
    case 'number': {
      const number = field.serializeToString && typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return 'must be a number';
      const min = asNumber(resolve(validate.min, context));
      const max = asNumber(resolve(validate.max, context));
      if (min !== undefined && !Number.isNaN(min) && number < min) return `must be at least ${min}`;
      if (max !== undefined && !Number.isNaN(max) && number > max) return `must be at most ${max}`;
      return undefined;
    }
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(value)) return 'must be a list';
      const allowed = staticValues(field);
      const stray = allowed && value.find((item) => !allowed.some((option) => option === item));
      return stray !== undefined && stray !== false ? `has a value not among its options: ${JSON.stringify(stray)}` : undefined;
    }
    case 'radio':
    case 'select': {
      const allowed = staticValues(field);
      return allowed && !allowed.some((option) => option === value) ? `must be one of its options, not ${JSON.stringify(value)}` : undefined;
    }
    case 'datetime': {
      if (typeof value !== 'string') return 'must be a date or time as text';
      const shape = field.subtype === 'time' ? TIME : field.subtype === 'datetime' ? DATETIME : DATE;
      const example = field.subtype === 'time' ? 'HH:mm' : field.subtype === 'datetime' ? 'YYYY-MM-DDTHH:mm' : 'YYYY-MM-DD';
      return shape.test(value) ? undefined : `must be written ${example}`;
    }
    default: {
      if (typeof value !== 'string') return 'must be text';
      const minLength = asNumber(resolve(validate.minLength, context));
      const maxLength = asNumber(resolve(validate.maxLength, context));
      if (minLength !== undefined && value.length < minLength) return `must be at least ${minLength} characters`;
      if (maxLength !== undefined && value.length > maxLength) return `must be at most ${maxLength} characters`;
      if (validate.pattern && !safeRegExp(validate.pattern)?.test(value)) return `must match the pattern ${validate.pattern}`;
      if (validate.validationType === 'email' && !EMAIL.test(value)) return 'must be an email address';
      return undefined;
    }
  }
}

/** A choice's options when the form lists them (not when they come from a variable or an expression). */
function staticValues(field: Component): unknown[] | undefined {
  if (field.valuesKey || field.valuesExpression || !Array.isArray(field.values)) return undefined;
  return field.values.map((option) => option.value);
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with the data submitted through a form-js form: one problem per field, `field` its
 * key (a dotted path inside groups, `list[0].item` inside dynamic lists). `variables` are the
 * matter's, which the form's expressions see beneath the submitted data.
 */
export function validateFormData(schema: { components?: unknown }, data: Record<string, unknown>, variables: Record<string, unknown> = {}): ErrorDetail[] {
  const context = { ...variables, ...data };
  const problems: ErrorDetail[] = [];

  const visit = (components: unknown, prefix: string[], scope: Record<string, unknown>, names: string[]) => {
    if (!Array.isArray(components)) return;
    for (const component of components as Component[]) {
      if (!component || typeof component !== 'object' || typeof component.type !== 'string') continue;
      if (component.conditional?.hide && holds(component.conditional.hide, scope)) continue;
      if (GROUP_TYPES.has(component.type)) {
        const path = [...prefix, ...pathOf(component.path)];
        if (component.type === 'dynamiclist' && component.path) {
          const items = valueAt(data, path);
          if (!Array.isArray(items)) continue;
          items.forEach((item, index) => {
            const itemScope = { ...scope, ...(item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {}) };
            visitItem(component.components, item, itemScope, [...names, `${component.path}[${index}]`]);
          });
        } else {
          visit(component.components, path, scope, [...names, ...pathOf(component.path)]);
        }
        continue;
      }
      if (!INPUT_TYPES.has(component.type) || !component.key) continue;
      if (holds(component.disabled, scope) || holds(component.readonly, scope)) continue;
      const problem = fieldProblem(component, valueAt(data, [...prefix, ...pathOf(component.key)]), scope);
      if (problem) problems.push({ field: [...names, ...pathOf(component.key)].join('.'), message: `${component.label || component.key} ${problem}` });
    }
  };

  /** The fields of one item of a dynamic list, whose keys are the item's own. */
  const visitItem = (components: unknown, item: unknown, scope: Record<string, unknown>, names: string[]) => {
    const itemData = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    for (const problem of validateFormData({ components }, itemData, scope)) problems.push({ ...problem, field: [...names, problem.field].join('.') });
  };

  visit(schema.components, [], context, []);
  return problems;
}
