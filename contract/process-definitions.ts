/** Process definitions: BPMN diagrams deployed as numbered versions of their process key. */
import { type Static, Type } from 'typebox';
import { Errors, Instant, IntId, Items, Key, NoQuery, Query, routes } from './common';

/** A compiler's remark on a diagram it accepted, by element (a user task nobody is assigned to…). */
export const DeployWarning = Type.Object({ elementId: Type.Optional(Type.String()), message: Type.String() });

const deployedProcess = {
  id: Type.Integer(),
  key: Type.String(),
  version: Type.Integer(),
  name: Type.Optional(Type.String()),
  created: Type.Boolean(),
  warnings: Type.Array(DeployWarning),
};

/** What deploying did to one process; `created` is false when the same XML was already deployed. */
export const DeployedProcess = Type.Object(deployedProcess);

/** What a deployment did: to the file's first executable process, and (`processes`) to every one, that one first. */
export const Deployment = Type.Object({ ...deployedProcess, processes: Type.Array(DeployedProcess) });

/** The latest version of a process. */
export const ProcessDefinition = Type.Object({ id: Type.Integer(), key: Type.String(), version: Type.Integer(), name: Type.Optional(Type.String()), deployedAt: Instant });

/** One deployed version of a process: who deployed it (a user name, `system` for the shipped models) and when. */
export const ProcessVersion = Type.Object({ ...ProcessDefinition.properties, deployedBy: Type.Optional(Type.String()) });

export const ProcessDefinitionRoutes = routes('process definitions', {
  /** The XML as the body (application/xml, text/xml, application/bpmn+xml, text/plain) or a .bpmn file in a multipart upload. */
  deploy: { response: { 200: Deployment, 201: Deployment, ...Errors } },
  list: { querystring: NoQuery, response: { 200: Items(ProcessDefinition), ...Errors } },
  /** Every version of a process, newest first. */
  versions: { params: Type.Object({ key: Key() }), querystring: NoQuery, response: { 200: Items(ProcessVersion), ...Errors } },
  /** The diagram as deployed: the latest version, or `version`. */
  xml: {
    params: Type.Object({ key: Key() }),
    querystring: Query({ version: Type.Optional(IntId) }),
    response: { 200: { description: 'the BPMN XML', content: { 'application/xml': { schema: Type.String() } } }, ...Errors },
  },
});

export type Deployment = Static<typeof Deployment>;
export type DeployedProcess = Static<typeof DeployedProcess>;
export type ProcessDefinition = Static<typeof ProcessDefinition>;
export type ProcessVersion = Static<typeof ProcessVersion>;
