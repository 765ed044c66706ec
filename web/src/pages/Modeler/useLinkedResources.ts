/** The modeler's linked resources: what the diagram links, the files attached to deploy with it, and what is deployed already. */
import { useCallback, useState } from 'react';
import { useApi } from '../../api/useApi';
import type { Items } from '../../api/types';
import type { Decision } from '../../../../contract/decisions';
import type { Form } from '../../../../contract/forms';
import { decisionIds, formId } from '../Decisions/dmnFile';
import { type LinkedResource, linkedResources } from './resources';

/** A .dmn or .form file to deploy with the diagram, and the decisions or form it provides. */
export interface Attachment {
  file: File;
  provides: Array<Pick<LinkedResource, 'kind' | 'id'>>;
}

export interface LinkedResourcesState {
  links: LinkedResource[];
  attachments: Attachment[];
  /** The latest deployed version of each decision and form, by id. */
  deployed: { decisions: Map<string, number>; forms: Map<string, number> };
  /** Reads the links again from the diagram's definitions (after an import or an edit). */
  refresh(definitions: unknown): void;
  /** Attaches a .dmn or .form file; false when it is neither (nothing attached). */
  attach(file: File): Promise<boolean>;
  remove(file: File): void;
  /** After a deployment: the attachments are deployed, and what is deployed is read again. */
  deployedTogether(): void;
}

const latest = (items: Array<Pick<Decision | Form, 'key' | 'version'>> | undefined) => new Map((items ?? []).map((item) => [item.key, item.version]));

export function useLinkedResources(): LinkedResourcesState {
  const [links, setLinks] = useState<LinkedResource[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const decisions = useApi<Items<Decision>>('/api/decisions');
  const forms = useApi<Items<Form>>('/api/forms');

  const refresh = useCallback((definitions: unknown) => setLinks(linkedResources(definitions)), []);

  const attach = useCallback(async (file: File) => {
    const content = await file.text();
    const name = file.name.toLowerCase();
    const form = name.endsWith('.form') ? formId(content) : undefined;
    const provides = name.endsWith('.dmn')
      ? decisionIds(content).map((id) => ({ kind: 'decision' as const, id }))
      : form
        ? [{ kind: 'form' as const, id: form }]
        : [];
    if (provides.length === 0) return false;
    // A file of the same name replaces the one attached before.
    setAttachments((attached) => [...attached.filter((attachment) => attachment.file.name !== file.name), { file, provides }]);
    return true;
  }, []);

  const remove = useCallback((file: File) => setAttachments((attached) => attached.filter((attachment) => attachment.file !== file)), []);

  const { reload: reloadDecisions } = decisions;
  const { reload: reloadForms } = forms;
  const deployedTogether = useCallback(() => {
    setAttachments([]);
    reloadDecisions();
    reloadForms();
  }, [reloadDecisions, reloadForms]);

  return {
    links,
    attachments,
    deployed: { decisions: latest(decisions.data?.items), forms: latest(forms.data?.items) },
    refresh,
    attach,
    remove,
    deployedTogether,
  };
}
