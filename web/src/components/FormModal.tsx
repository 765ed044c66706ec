import { useState, type ReactNode } from 'react';
import { Alert, Form, Modal } from 'antd';
import { asApiError, type ApiError } from '../api/client';
import { placeFieldErrors, type FieldOf } from '../fieldErrors';
import { text } from '../i18n';
import { ErrorAlert } from './PageState';

export interface FormModalProps<T> {
  open: boolean;
  title: string;
  onClose: () => void;
  /** Sends the form; a thrown error shows in the modal. */
  onSubmit: (values: T) => Promise<void>;
  /** What a 409 means here: the flow has nothing waiting for this message. */
  conflictText?: string;
  /** Where the server's field problems (400) go: those it places show on their fields, not in the alert. */
  fieldOf?: FieldOf;
  danger?: boolean;
  children: ReactNode;
}

/** A modal holding a small form whose answer (or failure) stays in the modal until it succeeds. */
export function FormModal<T extends object>({ open, title, onClose, onSubmit, conflictText, fieldOf, danger, children }: FormModalProps<T>) {
  const [form] = Form.useForm<T>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError>();

  const submit = async (values: T) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit(values);
      onClose();
    } catch (caught) {
      const refused = asApiError(caught);
      setError(fieldOf ? placeFieldErrors(refused, form, fieldOf) : refused);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={text.matter.submit}
      cancelText={text.matter.cancel}
      okButtonProps={{ danger }}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => setError(undefined)}
      destroyOnHidden
    >
      <Form<T> form={form} layout="vertical" onFinish={submit} disabled={submitting} preserve={false}>
        {children}
      </Form>
      {error && error.status === 409 && conflictText ? <Alert type="warning" showIcon title={conflictText} /> : null}
      {error && !(error.status === 409 && conflictText) ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
