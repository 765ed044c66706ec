/**
 * What each page of the built UI loads: a vite plugin writes `bundle-report.json` beside the build
 * (every chunk with its size, static imports and the npm packages inside it), and
 * `pageLoad` answers which chunks and packages one page's first load fetches. The designer's
 * editors (bpmn-js, form-js, dmn-js) must load only on the designer pages: `npm run bundle-report`
 * prints the table and fails when any other page carries them, and a browser test checks it on
 * every build it makes.
 *
 * Hand-written because the check needs the chunk graph, not a picture of it: rollup's
 * `generateBundle` hook already hands it over, and a visualiser's treemap cannot be asserted on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export const REPORT_FILE = 'bundle-report.json';

export interface ChunkReport {
  file: string;
  bytes: number;
  /** The source module the chunk stands for (a page for a lazy route), relative to the repository. */
  facade?: string;
  isEntry: boolean;
  /** Chunks loaded with this one. */
  imports: string[];
  /** npm packages with code in this chunk. */
  packages: string[];
}

export interface BundleReport {
  chunks: ChunkReport[];
}

/** The editors that only designer pages may load. (bpmn-js's viewer and form-js's viewer are lazy chunks of the pages that show a diagram or a task's form.) */
export const DESIGNER_PACKAGES = [
  'bpmn-js',
  'diagram-js',
  'bpmn-js-properties-panel',
  '@bpmn-io/properties-panel',
  '@bpmn-io/form-js-editor',
  'dmn-js',
  'dmn-js-decision-table',
  'dmn-js-drd',
  '@camunda/linting',
];

/** `node_modules/@scope/name/...` or `node_modules/name/...` → the package's name. */
function packageOf(moduleId: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(moduleId.replaceAll('\\', '/').split('?')[0]);
  return match?.[1];
}

/** The vite plugin that writes the report into the build's output directory. */
export function bundleReport(root: string): Plugin {
  return {
    name: 'duban-bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: ChunkReport[] = [];
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const packages = new Set<string>();
        for (const id of Object.keys(output.modules)) {
          const name = packageOf(id);
          if (name && output.modules[id].renderedLength > 0) packages.add(name);
        }
        chunks.push({
          file: output.fileName,
          bytes: Buffer.byteLength(output.code),
          ...(output.facadeModuleId && !output.facadeModuleId.includes('node_modules') && { facade: path.relative(root, output.facadeModuleId).replaceAll('\\', '/') }),
          isEntry: output.isEntry,
          imports: output.imports,
          packages: [...packages].sort(),
        });
      }
      this.emitFile({ type: 'asset', fileName: REPORT_FILE, source: JSON.stringify({ chunks }, null, 1) });
    },
  };
}

export function readReport(outDir: string): BundleReport {
  return JSON.parse(readFileSync(path.join(outDir, REPORT_FILE), 'utf8')) as BundleReport;
}

/** The chunks a page's first load fetches: the app's entry and the page's own chunk, with what each imports. */
export function pageLoad(report: BundleReport, pageModule: string): { files: string[]; bytes: number; packages: string[] } {
  const byFile = new Map(report.chunks.map((chunk) => [chunk.file, chunk]));
  const entry = report.chunks.find((chunk) => chunk.isEntry);
  const page = report.chunks.find((chunk) => chunk.facade === pageModule);
  if (!entry || !page) throw new Error(`no ${entry ? `chunk for ${pageModule}` : 'entry chunk'} in the bundle report`);
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const imported of byFile.get(file)?.imports ?? []) visit(imported);
  };
  visit(entry.file);
  visit(page.file);
  const chunks = [...files].map((file) => byFile.get(file)!);
  return {
    files: [...files],
    bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
    packages: [...new Set(chunks.flatMap((chunk) => chunk.packages))].sort(),
  };
}

/** Every page chunk (web/src/pages/**) and the designer packages its first load carries. */
export function designerPackagesByPage(report: BundleReport): Array<{ page: string; bytes: number; designer: string[] }> {
  return report.chunks
    .filter((chunk) => chunk.facade?.startsWith('web/src/pages/'))
    .map((chunk) => {
      const load = pageLoad(report, chunk.facade!);
      return { page: chunk.facade!, bytes: load.bytes, designer: load.packages.filter((name) => DESIGNER_PACKAGES.includes(name)) };
    })
    .sort((a, b) => a.page.localeCompare(b.page));
}

/** The pages that may load the designer's editors. */
export const isDesignerPage = (page: string): boolean => /^web\/src\/pages\/(Modeler|Forms|Decisions)\//.test(page);
