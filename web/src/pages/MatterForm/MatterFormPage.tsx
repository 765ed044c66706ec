import { useState } from 'react';
import { App, Button, Card, Flex, Form, Result } from 'antd';
import dayjs from 'dayjs';
import { asApiError, type ApiError } from '../../api/client';
import { editMatter, registerMatter, useMatter } from '../../api/matters';
import { ErrorAlert, PageLoading, PageTitle } from '../../components/PageState';
import { placeFieldErrors } from '../../fieldErrors';
import { text } from '../../i18n';
import { changedData, formFieldOf, formValuesOf, newMatterBody, type MatterFormValues } from '../../matterData';
import { navigate } from '../../router';
import { MatterForm } from './MatterForm';

const matterPath = (id: string) => `/matters/${encodeURIComponent(id)}`;

const newMatterDefaults: Partial<MatterFormValues> = {
  processKey: 'supervision',
  assignedDate: dayjs(),
  reportingPeriod: 'monthly',
  coUnits: [],
  tags: [],
};

/** Registers a matter with its data elements (as a draft, or distributed at once), or edits one. */
export default function MatterFormPage({ params }: { params: Record<string, string> }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MatterFormValues>();
  const editing = params.id !== undefined;
  const matter = useMatter(editing ? params.id : null);
  const [submitting, setSubmitting] = useState<'draft' | 'register' | 'save'>();
  const [error, setError] = useState<ApiError>();

  const back = editing ? matterPath(params.id) : '/matters';
  if (matter.error) {
    return (
      <>
        <PageTitle title={text.matter.editTitle} back={back} />
        <ErrorAlert error={matter.error} onRetry={matter.reload} />
      </>
    );
  }
  if (editing && !matter.data) return <PageLoading />;
  const data = matter.data?.data;
  if (editing && !data) return <Result status="info" title={text.matter.noData} />;

  const run = async (action: 'draft' | 'register' | 'save') => {
    let values: MatterFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows what is missing on the fields
    }
    setSubmitting(action);
    setError(undefined);
    try {
      if (action === 'save') {
        const changes = changedData(data!, values);
        if (Object.keys(changes).length === 0) {
          message.info(text.matter.noChanges);
        } else {
          await editMatter(params.id, changes);
          message.success(text.matter.saved(Object.keys(changes).length));
        }
        navigate(back);
      } else {
        const { id } = await registerMatter(newMatterBody(values, action === 'draft'));
        message.success(action === 'draft' ? text.matter.draftSaved : text.matter.registered);
        navigate(matterPath(id));
      }
    } catch (caught) {
      setError(placeFieldErrors(asApiError(caught), form, formFieldOf));
      setSubmitting(undefined);
    }
  };

  return (
    <>
      <PageTitle title={editing ? text.matter.editTitle : text.matter.create} back={back} />
      <Card size="small" style={{ maxWidth: 960 }}>
        <MatterForm
          form={form}
          initialValues={data ? formValuesOf(data, matter.data!.processKey) : newMatterDefaults}
          disabled={submitting !== undefined}
          chooseProcess={!editing}
        />
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Flex gap={8} wrap justify="flex-end">
          <Button onClick={() => navigate(back)} disabled={submitting !== undefined}>
            {text.matter.cancel}
          </Button>
          {editing ? (
            <Button type="primary" loading={submitting === 'save'} disabled={submitting !== undefined} onClick={() => run('save')}>
              {text.matter.save}
            </Button>
          ) : (
            <>
              <Button loading={submitting === 'draft'} disabled={submitting !== undefined} onClick={() => run('draft')}>
                {text.matter.saveDraft}
              </Button>
              <Button
                type="primary"
                loading={submitting === 'register'}
                disabled={submitting !== undefined}
                onClick={() => run('register')}
              >
                {text.matter.register}
              </Button>
            </>
          )}
        </Flex>
      </Card>
    </>
  );
}
