/**
 * Deploying several files at once: BPMN diagrams (.bpmn), DMN decisions (.dmn) and form-js forms
 * (.form). Every file is checked first, then all are stored in one transaction, or none: a
 * diagram's decision or form may come in the same deployment. Each file's owner stores it
 * (definitions, decisions, forms).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { compileProcesses } from '../bpmn/compile';
import { type DecisionRequirements, parseDmn } from '../bpmn/dmn';
import type { GraphElement, ProcessGraph, Scope } from '../bpmn/graph';
import { type DecisionDeployment, storeDecisions } from './decisions';
import { type DeployedProcess, lockKey, storeDefinition } from './definitions';
import { type ErrorDetail, invalidInput } from './errors';
import { type FormDeployment, type FormSchema, latestFormVersions, parseForm, storeForm } from './forms';

export const DEPLOYABLE_EXTENSIONS = ['.bpmn', '.dmn', '.form'] as const;
/** More files than this in one deployment is no model a person drew. */
export const MAX_DEPLOYMENT_FILES = 100;

export interface DeploymentFile {
  name: string;
  content: string;
}

export interface DeploymentResult {
  processes: DeployedProcess[];
  decisions: DecisionDeployment[];
  forms: FormDeployment[];
  /** What deploys but may not run as meant: a user task linking a form that is not deployed, a compiler warning. */
  warnings: ErrorDetail[];
}

type Checked =
  | { kind: 'process'; file: string; xml: string; graph: ProcessGraph }
  | { kind: 'decisions'; file: string; xml: string; requirements: DecisionRequirements }
  | { kind: 'form'; file: string; schema: FormSchema };

/** What checking a deployment found: refusals (nothing would be stored) and remarks (it would deploy, but worth a look). */
export interface DeploymentCheck {
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
}

/**
 * Checks the files as deploying them would (compile, links between them and to what is deployed,
 * warnings), and stores nothing: the modeler's check as the designer draws.
 */
export async function checkFiles(knex: Knex, files: DeploymentFile[]): Promise<DeploymentCheck> {
  const { errors, warnings } = await check(knex, files);
  return { errors, warnings };
}

async function check(knex: Knex, files: DeploymentFile[]): Promise<DeploymentCheck & { checked: Checked[] }> {
  if (files.length === 0) throw invalidInput('the deployment has no file');
  if (files.length > MAX_DEPLOYMENT_FILES) throw invalidInput(`a deployment takes at most ${MAX_DEPLOYMENT_FILES} files, not ${files.length}`);
  const errors: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const checked: Checked[] = [];
  for (const file of files) {
    const at = (problems: Array<{ elementId?: string; message: string }>) => problems.map((problem) => ({ file: file.name, ...problem }));
    const extension = path.extname(file.name).toLowerCase();
    if (extension === '.bpmn') {
      // Every executable process of the file deploys (a collaboration of several pools).
      const result = await compileProcesses(file.content);
      if (!result.ok) errors.push(...at(result.errors));
      else {
        for (const process of result.processes) {
          checked.push({ kind: 'process', file: file.name, xml: file.content, graph: process.graph });
          warnings.push(...at(process.warnings));
        }
      }
    } else if (extension === '.dmn') {
      const result = await parseDmn(file.content);
      if (!result.ok) errors.push(...at(result.errors));
      else {
        checked.push({ kind: 'decisions', file: file.name, xml: file.content, requirements: result.requirements });
        warnings.push(...at(result.warnings));
      }
    } else if (extension === '.form') {
      const result = parseForm(file.content);
      if (!result.ok) errors.push(...at(result.errors));
      else checked.push({ kind: 'form', file: file.name, schema: result.schema });
    } else {
      errors.push({ file: file.name, message: `only ${DEPLOYABLE_EXTENSIONS.join(', ')} files deploy` });
    }
  }
  errors.push(...doubled(checked));
  warnings.push(...(await missingForms(knex, checked)));
  return { errors, warnings, checked };
}

/** Deploys the files together; a 400 names every file and element at fault, and nothing is stored. */
export async function deployFiles(knex: Knex, files: DeploymentFile[], deployedBy?: string): Promise<DeploymentResult> {
  const { errors, warnings, checked } = await check(knex, files);
  if (errors.length > 0) throw invalidInput('the deployment cannot be deployed', errors);

  return knex.transaction(async (trx) => {
    const result: DeploymentResult = { processes: [], decisions: [], forms: [], warnings };
    // Forms and decisions first: what the diagrams of this deployment refer to is there before them.
    for (const item of checked) if (item.kind === 'form') result.forms.push(await storeForm(trx, item.schema, deployedBy));
    for (const item of checked) if (item.kind === 'decisions') result.decisions.push(...(await storeDecisions(trx, item.requirements, item.xml, deployedBy)));
    const processes = checked.filter((item) => item.kind === 'process');
    // In one order, so two deployments of several processes cannot deadlock on their keys.
    for (const key of processes.map((item) => item.graph.key).sort()) await lockKey(trx, key);
    for (const item of processes) result.processes.push(await storeDefinition(trx, item.graph, item.xml, deployedBy));
    return result;
  });
}

/** Deploys every .bpmn, .dmn and .form file of a directory together (the shipped models, on start). */
export async function deployDirectory(knex: Knex, dir: string): Promise<DeploymentResult> {
  const names = (await readdir(dir)).filter((name) => (DEPLOYABLE_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase())).sort();
  const files = await Promise.all(names.map(async (name) => ({ name, content: await readFile(path.join(dir, name), 'utf8') })));
  try {
    return await deployFiles(knex, files, 'system');
  } catch (err) {
    throw new Error(`${dir}: ${(err as Error).message} ${JSON.stringify((err as { errors?: unknown }).errors ?? '')}`, { cause: err });
  }
}

/** Two files of one deployment that define the same process, decision or form. */
function doubled(checked: Checked[]): ErrorDetail[] {
  const seen = new Map<string, string>();
  const errors: ErrorDetail[] = [];
  const claim = (what: string, id: string, file: string) => {
    const earlier = seen.get(`${what}:${id}`);
    if (earlier !== undefined) errors.push({ file, elementId: id, message: `${what} "${id}" is also defined by ${earlier} in this deployment` });
    else seen.set(`${what}:${id}`, file);
  };
  for (const item of checked) {
    if (item.kind === 'process') claim('process', item.graph.key, item.file);
    else if (item.kind === 'form') claim('form', item.schema.id, item.file);
    else for (const id of Object.keys(item.requirements.decisions)) claim('decision', id, item.file);
  }
  return errors;
}

/** User tasks linking a form that is neither in this deployment nor deployed before: Camunda resolves it when the task opens, so a warning. */
async function missingForms(knex: Knex, checked: Checked[]): Promise<ErrorDetail[]> {
  const links = checked.flatMap((item) => (item.kind === 'process' ? formLinks(item.graph).map((link) => ({ ...link, file: item.file })) : []));
  const inDeployment = new Set(checked.flatMap((item) => (item.kind === 'form' ? [item.schema.id] : [])));
  const elsewhere = links.filter((link) => !inDeployment.has(link.formId));
  const deployed = await latestFormVersions(knex, [...new Set(elsewhere.map((link) => link.formId))]);
  return elsewhere
    .filter((link) => !deployed.has(link.formId))
    .map((link) => ({ file: link.file, elementId: link.elementId, message: `form "${link.formId}" is not deployed yet: deploy it for the task to show it` }));
}

function formLinks(scope: Pick<Scope, 'elements'>): Array<{ elementId: string; formId: string }> {
  return Object.values(scope.elements).flatMap((element: GraphElement) => {
    if (element.type === 'subProcess' || element.type === 'eventSubProcess') return formLinks(element.scope);
    if (element.type === 'userTask' && element.form && 'formId' in element.form) return [{ elementId: element.id, formId: element.form.formId }];
    return [];
  });
}
