/** Deployments: several files at once — BPMN diagrams, DMN decisions and form-js forms — all or nothing. */
import { type Static, Type } from 'typebox';
import { Errors, ProblemDetail, routes } from './common';

/** What deploying did to one process, decision or form: its version; `created` is false when it was deployed unchanged already. */
const Deployed = Type.Object({ id: Type.Integer(), key: Type.String(), version: Type.Integer(), name: Type.Optional(Type.String()), created: Type.Boolean() });

/** What a deployment did, per kind (the compiler's remarks are among the warnings). */
export const DeploymentResult = Type.Object({
  processes: Type.Array(Deployed),
  decisions: Type.Array(Deployed),
  forms: Type.Array(Deployed),
  /** Deployed, but worth a look: a user task linking a form not deployed yet, a compiler warning. */
  warnings: Type.Array(ProblemDetail),
});

/** What deploying the files would find, with nothing stored: refusals by file and element, and remarks. */
export const DeploymentCheck = Type.Object({
  /** What would refuse the deployment (a 400 on deploy); empty when it would deploy. */
  errors: Type.Array(ProblemDetail),
  /** What would deploy but is worth a look: a compiler warning, a user task linking a form not deployed. */
  warnings: Type.Array(ProblemDetail),
});

export const DeploymentRoutes = routes('deployments', {
  /**
   * A multipart form with one or more files: `.bpmn`, `.dmn`, `.form`. Every file is checked first;
   * a 400 lists each problem with its `file` and `elementId`, and then nothing is deployed.
   */
  deploy: { response: { 200: DeploymentResult, 201: DeploymentResult, ...Errors } },
  /**
   * A dry run of `deploy`, the same multipart form: every check, nothing stored. A 200 whether the
   * files would deploy or not (`errors` says); a 400 only for a request that is no deployment.
   */
  check: { response: { 200: DeploymentCheck, ...Errors } },
});

export type DeploymentResult = Static<typeof DeploymentResult>;
export type DeploymentCheck = Static<typeof DeploymentCheck>;
