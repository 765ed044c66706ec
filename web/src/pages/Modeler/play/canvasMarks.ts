/**
 * The play's marks on the bpmn-js canvas: tokens (green, with their count), elements passed and
 * sequence flows taken (blue), incidents (red, with their message as the overlay's title). Markers
 * and overlays only: the diagram itself is not touched, and clear() leaves the canvas as it was.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type { PlayMarks } from './session';

const OVERLAY = 'play';

export class CanvasMarks {
  private marked: [string, string][] = [];

  constructor(private readonly modeler: Modeler) {}

  show(marks: PlayMarks): void {
    this.clear();
    const registry = this.modeler.get<ElementRegistry>('elementRegistry');
    const canvas = this.modeler.get<Canvas>('canvas');
    const overlays = this.modeler.get<Overlays>('overlays');
    const mark = (id: string, marker: string) => {
      if (!registry.get(id)) return false;
      canvas.addMarker(id, marker);
      this.marked.push([id, marker]);
      return true;
    };
    for (const id of marks.done) mark(id, 'play-done');
    for (const id of marks.flows) mark(id, 'play-taken');
    for (const [id, count] of marks.active) {
      if (marks.incidents.has(id) || !mark(id, 'play-active')) continue;
      overlays.add(id, OVERLAY, { position: { bottom: 4, left: -8 }, html: badge('play-tokens', String(count), 'play-tokens') });
    }
    for (const [id, message] of marks.incidents) {
      if (!mark(id, 'play-incident')) continue;
      const html = badge('play-incident-badge', '!', 'play-incident');
      html.title = message;
      overlays.add(id, OVERLAY, { position: { top: -8, right: 8 }, html });
    }
  }

  clear(): void {
    const canvas = this.modeler.get<Canvas>('canvas');
    for (const [id, marker] of this.marked) canvas.removeMarker(id, marker);
    this.marked = [];
    this.modeler.get<Overlays>('overlays').remove({ type: OVERLAY });
  }
}

function badge(className: string, content: string, testId: string): HTMLElement {
  const element = document.createElement('div');
  element.className = className;
  element.textContent = content;
  element.dataset.testid = testId;
  return element;
}
