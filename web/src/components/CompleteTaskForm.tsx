import { useRef, useState } from 'react';
import { App, Button, Flex, Form, Input, Radio } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { asApiError, newIdempotencyKey, requestJson, type ApiError } from '../api/client';
import type { CompleteTaskResult, Task } from '../api/types';
import { text } from '../i18n/zh-CN';
import { navigate } from '../router';
import { completionVariables, isReviewTask, type CompletionForm } from '../taskCompletion';
import { ErrorAlert } from './PageState';

/** Completes a task: approve or return for a review, free variables otherwise, with an optional comment. */
export function CompleteTaskForm({ task }: { task: Task }) {
  const { message } = App.useApp();
  const review = isReviewTask(task);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError>();
  // One key per intended completion: a retry after a lost response reuses it, so the server completes once.
  const idempotencyKey = useRef(newIdempotencyKey());

  const submit = async (form: CompletionForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const result = await requestJson<CompleteTaskResult>(`/api/tasks/${encodeURIComponent(task.id)}/complete`, {
        method: 'POST',
        body: { variables: completionVariables(form, review) },
        headers: { 'Idempotency-Key': idempotencyKey.current },
      });
      const outcome: string[] = [text.task.completedMessage];
      if (result.matterStatus) outcome.push(text.task.matterStatusAfter(text.matter.status[result.matterStatus]));
      if (result.openedTasks.length) outcome.push(text.task.openedTasks(result.openedTasks.length));
      message.success(outcome.join('；'), 5);
      navigate('/inbox');
    } catch (caught) {
      const apiError = asApiError(caught);
      // The server answered, so this attempt is settled; a corrected resubmission is a new one.
      if (apiError.status !== 0) idempotencyKey.current = newIdempotencyKey();
      setError(apiError);
      setSubmitting(false);
    }
  };

  return (
    <Form<CompletionForm> layout="vertical" onFinish={submit} disabled={submitting}>
      {review ? (
        <Form.Item
          name="decision"
          label={text.task.decision}
          rules={[{ required: true, message: text.task.decisionRequired }]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'approve', label: text.task.approve },
              { value: 'return', label: text.task.return },
            ]}
          />
        </Form.Item>
      ) : (
        <Form.Item label={text.task.variablesEditor} extra={text.task.variablesHint}>
          <Form.List name="entries">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="flex-start">
                    <Form.Item
                      name={[field.name, 'key']}
                      rules={[{ required: true, whitespace: true, message: text.task.variableKeyRequired }]}
                      style={{ flex: 2, marginBottom: 0 }}
                    >
                      <Input placeholder={text.task.variableKey} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'value']} style={{ flex: 3, marginBottom: 0 }}>
                      <Input placeholder={text.task.variableValue} />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={text.task.removeVariable}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
                  {text.task.addVariable}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      )}
      <Form.Item name="comment" label={text.task.comment}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={text.task.commentPlaceholder} />
      </Form.Item>
      {error ? (
        <Form.Item>
          <ErrorAlert error={error} />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" loading={submitting}>
        {text.task.submit}
      </Button>
    </Form>
  );
}
