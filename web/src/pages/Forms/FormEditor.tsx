/**
 * form-js's FormEditor (palette, canvas, properties panel) as a React component: it shows `schema`
 * and reports each edit through `onChange`. A schema passed back unchanged from `onChange` is not
 * imported again (that would reset the editor's selection and undo history).
 */
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import { FormEditor as FormJsEditor } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/properties-panel.css';
import type { FormSchema } from './api';

export interface FormEditorProps {
  schema: FormSchema;
  onChange(schema: FormSchema): void;
}

export function FormEditor({ schema, onChange }: FormEditorProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<FormJsEditor | undefined>(undefined);
  /** The schema the editor holds: the last one imported or reported. */
  const shown = useRef<FormSchema | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  const [importError, setImportError] = useState<string>();

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const editor = new FormJsEditor({ container: containerRef.current! });
    editorRef.current = editor;
    editor.on('changed', () => {
      const saved = editor.saveSchema() as FormSchema;
      shown.current = saved;
      onChangeRef.current(saved);
    });
    return () => {
      editorRef.current = undefined;
      shown.current = undefined;
      editor.destroy();
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || schema === shown.current) return;
    shown.current = schema;
    setImportError(undefined);
    editor.importSchema(schema).catch((error: unknown) => {
      if (editorRef.current === editor) setImportError(error instanceof Error ? error.message : String(error));
    });
  }, [schema]);

  return (
    <>
      {importError ? <Alert type="error" showIcon title={importError} style={{ marginBottom: 8 }} /> : null}
      {/* Palette, form and properties panel need ~900 px: on a narrower screen the editor scrolls in its own box, not the page. */}
      <div style={{ overflowX: 'auto', border: '1px solid #f0f0f0' }}>
        <div ref={containerRef} className="form-editor" data-testid="form-editor" style={{ height: 'calc(100vh - 220px)', minHeight: 480, minWidth: 900 }} />
      </div>
    </>
  );
}
