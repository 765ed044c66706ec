/**
 * The server compiler's verdict as the designer draws: ~600 ms after the last change the diagram is
 * sent to the dry-run deployment check (POST /api/deployments/check), and its errors and warnings
 * are listed in the problems panel (source "server") and marked on their elements on the canvas,
 * a badge at the top right (lint's are at the bottom left) and a dashed outline. As with the lint,
 * only the latest run's findings are shown.
 */
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { asApiError } from '../../api/client';
import { text } from '../../i18n';
import type { Problem } from './ProblemsPanel';
import { checkDiagram } from './versionsApi';
import './serverCheck.css';

const t = text.modelerVersions;

/** How long the diagram stays unchanged before the server checks it. */
export const CHECK_DELAY_MS = 600;

const OVERLAY_TYPE = 'server-problem';
const MARKERS = { error: 'server-problem-error', warning: 'server-problem-warning' } as const;

/** The first process's id, for the file name. */
function fileName(modeler: Modeler): string {
  const definitions = modeler.getDefinitions() as { rootElements?: { $type: string; id: string }[] } | undefined;
  return `${definitions?.rootElements?.find((element) => element.$type === 'bpmn:Process')?.id ?? 'diagram'}.bpmn`;
}

/** Clears the server's marks from the canvas and draws `problems`' on their elements. */
function mark(modeler: Modeler, problems: Problem[], marked: Set<string>) {
  const overlays = modeler.get<Overlays>('overlays');
  const canvas = modeler.get<Canvas>('canvas');
  const registry = modeler.get<ElementRegistry>('elementRegistry');
  overlays.remove({ type: OVERLAY_TYPE });
  for (const id of marked) {
    if (!registry.get(id)) continue;
    canvas.removeMarker(id, MARKERS.error);
    canvas.removeMarker(id, MARKERS.warning);
  }
  marked.clear();
  const byElement = new Map<string, Problem[]>();
  for (const problem of problems) if (problem.elementId && registry.get(problem.elementId)) byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem]);
  for (const [id, found] of byElement) {
    const severity = found.some((problem) => problem.severity === 'error') ? 'error' : 'warning';
    canvas.addMarker(id, MARKERS[severity]);
    marked.add(id);
    const badge = document.createElement('div');
    badge.className = `server-problem-badge server-problem-badge-${severity}`;
    badge.textContent = String(found.length);
    badge.title = found.map((problem) => `${t.serverBadge}：${problem.message}`).join('\n');
    badge.setAttribute('role', 'button');
    badge.setAttribute('aria-label', `${t.serverBadge} ${id}`);
    badge.addEventListener('click', () => {
      const element = registry.get(id);
      if (element) modeler.get<Selection>('selection').select(element);
    });
    overlays.add(id, OVERLAY_TYPE, { position: { top: -10, right: 10 }, html: badge });
  }
}

export interface ServerCheck {
  /** The latest check's findings (or a refused deploy's). */
  problems: Problem[];
  /** Checks the diagram once it has stayed unchanged for CHECK_DELAY_MS; a later call replaces an earlier one. */
  schedule(): void;
  /** Shows these findings instead (a refused deploy's 400), and marks them. */
  show(problems: Problem[]): void;
}

export function useServerCheck(modelerRef: RefObject<Modeler | undefined>): ServerCheck {
  const [problems, setProblems] = useState<Problem[]>([]);
  const run = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef<AbortController>(undefined);
  const marked = useRef(new Set<string>());

  const show = useCallback(
    (found: Problem[]) => {
      const modeler = modelerRef.current;
      setProblems(found);
      if (modeler) mark(modeler, found, marked.current);
    },
    [modelerRef],
  );

  const check = useCallback(
    async (modeler: Modeler, current: number) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      let found: Problem[];
      try {
        const { xml } = await modeler.saveXML();
        const result = await checkDiagram(xml ?? '', fileName(modeler), controller.signal);
        found = [
          ...result.errors.map((problem) => ({ elementId: problem.elementId, message: problem.message, severity: 'error' as const, source: 'server' as const })),
          ...result.warnings.map((problem) => ({ elementId: problem.elementId, message: problem.message, severity: 'warning' as const, source: 'server' as const })),
        ];
      } catch (error) {
        if (controller.signal.aborted) return;
        // The check could not run (the server is away): said, but it does not hold deploying back.
        found = [{ message: `${t.checkFailed}：${asApiError(error).message}`, severity: 'warning', source: 'server' }];
      }
      if (modelerRef.current !== modeler || current !== run.current) return;
      show(found);
    },
    [modelerRef, show],
  );

  const schedule = useCallback(() => {
    const modeler = modelerRef.current;
    const current = ++run.current;
    clearTimeout(timer.current);
    if (!modeler) return;
    timer.current = setTimeout(() => void check(modeler, current), CHECK_DELAY_MS);
  }, [modelerRef, check]);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );

  return { problems, schedule, show };
}
