/** Deployments: several files at once — BPMN diagrams, DMN decisions and form-js forms — all or nothing. */
import { type Static, Type } from 'typebox';
import { Errors, ProblemDetail, routes } from './common';
import { Deployment } from './process-definitions';

/** What a deployment did, per kind; `created` is false for a file already deployed unchanged. */
export const DeploymentResult = Type.Object({
  processes: Type.Array(Deployment),
  decisions: Type.Array(Deployment),
  forms: Type.Array(Deployment),
  /** Deployed, but worth a look: a user task linking a form not deployed yet, a compiler warning. */
  warnings: Type.Array(ProblemDetail),
});

export const DeploymentRoutes = routes('deployments', {
  /**
   * A multipart form with one or more files: `.bpmn`, `.dmn`, `.form`. Every file is checked first;
   * a 400 lists each problem with its `file` and `elementId`, and then nothing is deployed.
   */
  deploy: { response: { 200: DeploymentResult, 201: DeploymentResult, ...Errors } },
});

export type DeploymentResult = Static<typeof DeploymentResult>;
