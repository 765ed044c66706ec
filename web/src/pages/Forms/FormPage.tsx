/**
 * One form in form-js's editor: a deployed form (its latest version, or `?version=`) or a new one;
 * import and export it as a `.form` file, and deploy it through POST /api/deployments. The form's id
 * is what user tasks link (zeebe:formDefinition formId): chosen for a new form, fixed for a deployed one.
 * form-js loads with this page only (routes.tsx makes it lazy).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Input, Select, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, ImportOutlined } from '@ant-design/icons';
import { asApiError, saveAs, type ApiError } from '../../api/client';
import { ErrorAlert, PageTitle } from '../../components/PageState';
import { text } from '../../i18n';
import { navigate, useVersionParam } from '../../router';
import { deployForm, fetchForm, useForms, type FormSchema } from './api';
import { FormEditor } from './FormEditor';

const t = text.forms;

/** A new form: an id of its own (`form-` and a few random letters), nothing on it yet. */
function newSchema(): FormSchema {
  const suffix = Math.random().toString(36).slice(2, 8);
  return { id: `form-${suffix}`, name: t.newFormName, type: 'default', components: [] };
}

export default function FormPage({ params }: { params: Record<string, string> }) {
  const { message } = App.useApp();
  const key = params.key;
  const version = useVersionParam();
  const forms = useForms();
  const latest = forms.data?.items.find((form) => form.key === key)?.version;

  const [schema, setSchema] = useState<FormSchema | undefined>(key ? undefined : newSchema);
  const [loadError, setLoadError] = useState<ApiError>();
  const [deployError, setDeployError] = useState<ApiError>();
  const [deploying, setDeploying] = useState(false);

  useEffect(() => {
    let stale = false;
    setLoadError(undefined);
    setDeployError(undefined);
    if (!key) {
      setSchema(newSchema());
      return;
    }
    setSchema(undefined);
    fetchForm(key, version).then(
      (loaded) => !stale && setSchema(loaded),
      (error: unknown) => !stale && setLoadError(asApiError(error)),
    );
    return () => {
      stale = true;
    };
  }, [key, version]);

  const onChange = useCallback((changed: FormSchema) => {
    setSchema(changed);
    setDeployError(undefined);
  }, []);

  const importFile = async (file: File) => {
    try {
      const imported = JSON.parse(await file.text()) as FormSchema;
      if (typeof imported !== 'object' || imported === null || !Array.isArray(imported.components)) throw new Error('components');
      // A deployed form keeps its id: an imported file becomes its next version.
      setSchema(key ? { ...imported, id: key } : imported);
      setDeployError(undefined);
    } catch {
      void message.error(t.importFailed);
    }
    return false;
  };

  const exportFile = () => {
    if (!schema) return;
    saveAs(new Blob([JSON.stringify(schema, null, 2)], { type: 'application/json' }), `${schema.id}.form`);
  };

  const deploy = async () => {
    if (!schema) return;
    setDeploying(true);
    setDeployError(undefined);
    try {
      const result = await deployForm(schema);
      const [deployed] = result.forms;
      void message.success(deployed.created ? t.deployed(deployed.key, deployed.version) : t.unchanged(deployed.key, deployed.version));
      forms.reload();
      if (deployed.key !== key || version !== undefined) navigate(`/forms/${encodeURIComponent(deployed.key)}`, { replace: !key });
    } catch (caught) {
      setDeployError(asApiError(caught));
    } finally {
      setDeploying(false);
    }
  };

  const title = key ? `${t.title} · ${key}${version ? ` · ${t.versionLabel(version)}` : ''}` : t.titleNew;
  const idMissing = schema !== undefined && schema.id.trim() === '';

  return (
    <>
      <PageTitle title={title} back="/forms" />
      <Flex wrap gap={8} style={{ marginBottom: 12 }} role="toolbar" aria-label={t.title}>
        <Input
          style={{ width: 220 }}
          prefix={`${t.key}：`}
          aria-label={t.key}
          value={schema?.id ?? ''}
          disabled={Boolean(key) || !schema}
          onChange={(event) => schema && setSchema({ ...schema, id: event.target.value.trim() })}
        />
        <Input
          style={{ width: 260 }}
          prefix={`${t.name}：`}
          aria-label={t.name}
          value={typeof schema?.name === 'string' ? schema.name : ''}
          disabled={!schema}
          onChange={(event) => schema && setSchema({ ...schema, name: event.target.value })}
        />
        {key && latest ? (
          <Select
            style={{ minWidth: 120 }}
            aria-label={t.openVersion}
            value={version ?? latest}
            options={Array.from({ length: latest }, (_, index) => latest - index).map((v) => ({ value: v, label: t.versionLabel(v) }))}
            onChange={(v: number) => navigate(`/forms/${encodeURIComponent(key)}${v === latest ? '' : `?version=${v}`}`)}
          />
        ) : null}
        <Upload accept=".form,.json" showUploadList={false} beforeUpload={importFile}>
          <Button icon={<ImportOutlined />}>{t.import}</Button>
        </Upload>
        <Button icon={<DownloadOutlined />} disabled={!schema} onClick={exportFile}>
          {t.export}
        </Button>
        <Button type="primary" icon={<CloudUploadOutlined />} disabled={!schema || idMissing} loading={deploying} onClick={() => void deploy()}>
          {t.deploy}
        </Button>
      </Flex>
      {idMissing ? <Alert type="warning" showIcon title={t.noId} style={{ marginBottom: 12 }} /> : null}
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {deployError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={deployError} />
        </div>
      ) : null}
      {schema ? <FormEditor schema={schema} onChange={onChange} /> : null}
    </>
  );
}
