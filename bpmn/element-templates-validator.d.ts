/** The part of @bpmn-io/element-templates-validator (it ships no types) that the element templates' test uses. */
declare module '@bpmn-io/element-templates-validator' {
  interface Result {
    valid: boolean;
    object: { id?: string };
    errors?: { message: string; dataPointer?: string }[];
  }
  /** Validates Camunda 8 element templates against their JSON schema. */
  export function validateAllZeebe(templates: unknown[]): { valid: boolean; results: Result[] };
}
