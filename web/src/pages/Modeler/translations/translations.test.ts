import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translateWith } from './index';
import { zhCN } from './zh-CN';

/** Every source file of the libraries that translate the modeler's texts. */
function sources(): string {
  const files: string[] = ['node_modules/bpmn-js-properties-panel/dist/index.esm.js', 'node_modules/@bpmn-io/properties-panel/dist/index.esm.js'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.js')) files.push(join(dir, entry.name));
    }
  };
  walk('node_modules/bpmn-js/lib');
  walk('node_modules/diagram-js/lib');
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

describe("the modeler's Chinese", () => {
  it('translates only texts the libraries use (a renamed text shows up here)', () => {
    const all = sources();
    // Texts the libraries build: `translate('Align elements ' + alignment)`, `List contains {numOfItems} item${…}`, `Click to ${…} dynamic value…`.
    const built = /^(Align elements (left|center|right|top|middle|bottom)|List contains \{numOfItems\} items?|Click to (set a|remove) dynamic value with FEEL expression)$/;
    const unknown = Object.keys(zhCN).filter((key) => !built.test(key) && !all.includes(`'${key}'`) && !all.includes(`"${key}"`));
    expect(unknown).toEqual([]);
  });

  it('has no empty text and keeps every placeholder', () => {
    for (const [english, chinese] of Object.entries(zhCN)) {
      expect(chinese.trim(), english).not.toBe('');
      expect(chinese.match(/{[^}]+}/g)?.sort() ?? [], english).toEqual(english.match(/{[^}]+}/g)?.sort() ?? []);
    }
  });

  it('fills placeholders as diagram-js does, and leaves unknown texts in English', () => {
    const translate = translateWith(zhCN);
    expect(translate('Open {element}', { element: '子流程' })).toBe('打开 子流程');
    expect(translate('Create task')).toBe('创建任务');
    expect(translate('Something new {x}', {})).toBe('Something new {x}');
  });
});
