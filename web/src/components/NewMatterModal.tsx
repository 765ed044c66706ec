import { useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { asApiError, requestJson, type ApiError } from '../api/client';
import type { Items, ProcessDefinition } from '../api/types';
import { useApi } from '../api/useApi';
import { text } from '../i18n/zh-CN';
import { navigate } from '../router';
import { useSession } from '../session';
import { ErrorAlert } from './PageState';

interface NewMatterForm {
  title: string;
  processKey: string;
  leadUnit: string;
  coUnits?: string[];
  deadline: Dayjs;
}

/** Registers a matter on a deployed process; the units and deadline become its variables. */
export function NewMatterModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const { units } = useSession();
  const [form] = Form.useForm<NewMatterForm>();
  const definitions = useApi<Items<ProcessDefinition>>(open ? '/api/process-definitions' : null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError>();
  const leadUnit = Form.useWatch('leadUnit', form);

  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));

  const submit = async (values: NewMatterForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const { id } = await requestJson<{ id: string }>('/api/matters', {
        method: 'POST',
        body: {
          processKey: values.processKey,
          title: values.title.trim(),
          variables: {
            leadUnit: values.leadUnit,
            coUnits: (values.coUnits ?? []).filter((unit) => unit !== values.leadUnit),
            deadline: values.deadline.format('YYYY-MM-DD'),
          },
        },
      });
      message.success(text.matter.created);
      onClose();
      navigate(`/matters/${encodeURIComponent(id)}`);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={text.matter.create}
      okText={text.matter.createSubmit}
      onOk={() => form.submit()}
      confirmLoading={submitting}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<NewMatterForm> form={form} layout="vertical" onFinish={submit} disabled={submitting}>
        <Form.Item
          name="title"
          label={text.matter.name}
          rules={[{ required: true, whitespace: true, message: text.matter.nameRequired }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="processKey" label={text.matter.process} rules={[{ required: true, message: text.matter.processRequired }]}>
          <Select
            loading={definitions.loading}
            options={definitions.data?.items.map((definition) => ({
              value: definition.key,
              label: `${definition.name ?? definition.key}（${text.processDefinition.versionLabel(definition.version)}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="leadUnit" label={text.matter.leadUnit} rules={[{ required: true, message: text.matter.leadUnitRequired }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
        <Form.Item name="coUnits" label={text.matter.coUnits}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={unitOptions.filter((option) => option.value !== leadUnit)}
          />
        </Form.Item>
        <Form.Item name="deadline" label={text.matter.deadline} rules={[{ required: true, message: text.matter.deadlineRequired }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {definitions.error ? <ErrorAlert error={definitions.error} onRetry={definitions.reload} /> : null}
        {error ? <ErrorAlert error={error} /> : null}
      </Form>
    </Modal>
  );
}
