/** What a DMN or form file provides, read in the browser without dmn-js: its decision ids, its form id. */

/** The ids of the decisions a DMN file defines, in document order; none when it does not read as XML. */
export function decisionIds(xml: string): string[] {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  if (document.getElementsByTagName('parsererror').length > 0) return [];
  return Array.from(document.getElementsByTagNameNS('*', 'decision'))
    .map((decision) => decision.getAttribute('id'))
    .filter((id): id is string => Boolean(id));
}

/** The id of a form-js schema; undefined when the file is no such schema. */
export function formId(json: string): string | undefined {
  try {
    const schema = JSON.parse(json) as { id?: unknown };
    return typeof schema.id === 'string' ? schema.id : undefined;
  } catch {
    return undefined;
  }
}

/** The file name a DMN file deploys and downloads under: its first decision's id. */
export const dmnFileName = (xml: string) => `${decisionIds(xml)[0] ?? 'decision'}.dmn`;
