/** Forms: form-js schemas deployed as numbered versions of their id, linked from user tasks. */
import { type Static, Type } from 'typebox';
import { Errors, Instant, IntId, Items, Key, NoQuery, Query, routes } from './common';

/** The latest version of a form. */
export const Form = Type.Object({
  id: Type.Integer(),
  /** The form-js schema's id, as a user task links it (zeebe:formDefinition formId). */
  key: Type.String(),
  version: Type.Integer(),
  name: Type.Optional(Type.String()),
  deployedAt: Instant,
  /** Who deployed it (absent for the forms shipped in bpmn-models/, deployed on start). */
  deployedBy: Type.Optional(Type.String()),
});

/** A form-js schema, as deployed. */
export const FormSchema = Type.Object({ id: Type.String(), components: Type.Array(Type.Unknown()) }, { additionalProperties: true });

export const FormRoutes = routes('forms', {
  list: { querystring: NoQuery, response: { 200: Items(Form), ...Errors } },
  /** The form-js schema: the latest version, or `version`. */
  get: { params: Type.Object({ key: Key() }), querystring: Query({ version: Type.Optional(IntId) }), response: { 200: FormSchema, ...Errors } },
});

export type Form = Static<typeof Form>;
export type FormSchema = Static<typeof FormSchema>;
