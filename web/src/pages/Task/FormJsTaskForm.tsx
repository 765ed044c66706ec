/**
 * A task's form-js form (GET /api/tasks/:id/form) in form-js's Viewer, filled with the matter's
 * variables; submitting it checks the form's own rules in the browser (form-js marks each field),
 * then completes the task with the form's data (the server checks them again). A linked form that is
 * not deployed falls back to the hand-written form. form-js loads with this component only
 * (TaskPage makes it lazy), never with the inbox.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Flex } from 'antd';
import { Form as FormJsViewer } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import { asApiError, newIdempotencyKey, type ApiError } from '../../api/client';
import { completeTask } from '../../api/tasks';
import type { TaskWithVariables } from '../../api/types';
import { useApi } from '../../api/useApi';
import { ErrorAlert, PageLoading } from '../../components/PageState';
import { text } from '../../i18n';
import { navigate } from '../../router';
import type { FormSchema } from '../Forms/api';
import { TaskForm } from './TaskForm';

export default function FormJsTaskForm({ task }: { task: TaskWithVariables }) {
  const { message } = App.useApp();
  const schema = useApi<FormSchema>(`/api/tasks/${encodeURIComponent(task.id)}/form`);
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<FormJsViewer | undefined>(undefined);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [invalid, setInvalid] = useState(false);
  // One key per intended completion: a retry after a lost response reuses it, so the server completes once.
  const idempotencyKey = useRef(newIdempotencyKey());
  const submittingRef = useRef(false);

  const loaded = schema.data;
  const variables = task.variables;
  const taskId = task.id;

  useEffect(() => {
    if (!loaded || !containerRef.current) return;
    const viewer = new FormJsViewer({ container: containerRef.current });
    viewerRef.current = viewer;
    viewer.importSchema(loaded, variables).catch((caught: unknown) => {
      if (viewerRef.current === viewer) setError(asApiError(caught));
    });
    viewer.on('submit', (event: { data: Record<string, unknown>; errors: Record<string, unknown[]> }) => {
      if (submittingRef.current) return;
      const hasErrors = Object.keys(event.errors).length > 0;
      setInvalid(hasErrors);
      if (hasErrors) return;
      submittingRef.current = true;
      setSubmitting(true);
      setError(undefined);
      completeTask(taskId, event.data, idempotencyKey.current).then(
        (result) => {
          const outcome: string[] = [text.task.completedMessage];
          if (result.matterStatus) outcome.push(text.task.matterStatusAfter(text.matter.status[result.matterStatus]));
          if (result.openedTasks.length) outcome.push(text.task.openedTasks(result.openedTasks.length));
          message.success(outcome.join('；'), 5);
          navigate('/inbox');
        },
        (caught: unknown) => {
          const apiError = asApiError(caught);
          // The server answered, so this attempt is settled; a corrected resubmission is a new one.
          if (apiError.status !== 0) idempotencyKey.current = newIdempotencyKey();
          setError(apiError);
          submittingRef.current = false;
          setSubmitting(false);
        },
      );
    });
    return () => {
      viewerRef.current = undefined;
      viewer.destroy();
    };
  }, [loaded, variables, taskId, message]);

  if (schema.error?.status === 404) return <TaskForm task={task} />;
  if (schema.error) return <ErrorAlert error={schema.error} onRetry={schema.reload} />;
  if (!loaded) return <PageLoading />;

  return (
    <Flex vertical gap={12}>
      <div ref={containerRef} className="task-form-js" data-testid="task-form-js" />
      {invalid ? <Alert type="error" showIcon title={text.forms.fixErrors} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <div>
        <Button type="primary" loading={submitting} onClick={() => viewerRef.current?.submit()}>
          {text.task.submit}
        </Button>
      </div>
    </Flex>
  );
}
