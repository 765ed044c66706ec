import { useRef, useState, type ReactNode } from 'react';
import { App, Button, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { asApiError, newIdempotencyKey, type ApiError } from '../../api/client';
import { completeTask } from '../../api/tasks';
import type { Target, TaskWithVariables } from '../../api/types';
import { ErrorAlert } from '../../components/PageState';
import { text } from '../../i18n';
import { formatDataValue } from '../../matterData';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { isDecisionForm, taskFormKind, taskVariables, type DecisionFormKind, type TaskFormKind, type TaskFormValues } from './taskForms';

type Fields = Omit<TaskFormValues, 'unitDeadline'> & { unitDeadline?: Dayjs | null };

const labels = text.task.form;

/** The label of the reason a "no" needs, per decision form. */
const reasonLabels: Record<DecisionFormKind, string> = {
  sign: labels.returnReason,
  review: labels.returnComment,
  extension: labels.refuseComment,
  verify: labels.rectifyComment,
};

const asText = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);

function asTarget(value: unknown): Target | undefined {
  const target = value as Partial<Target> | null | undefined;
  return target && typeof target.value === 'number' && target.indicator ? (target as Target) : undefined;
}

/** What a deciding officer reads first: the unit's report, or the extension asked for. */
function DecisionContext({ kind, variables }: { kind: TaskFormKind; variables: TaskWithVariables['variables'] }) {
  const names = useSession();
  const items: { key: string; label: string; children: ReactNode }[] = [];
  if (kind === 'review') {
    const progress = asText(variables.progress);
    items.push({
      key: 'progress',
      label: labels.latestProgress,
      children: progress ? <span className="wrap-anywhere">{progress}</span> : <Typography.Text type="secondary">{labels.noProgress}</Typography.Text>,
    });
    if (typeof variables.achieved === 'number') {
      const target = asTarget(variables.target);
      items.push({
        key: 'achieved',
        label: labels.achieved,
        children: target ? `${variables.achieved} / ${target.value} ${target.measure}` : String(variables.achieved),
      });
    }
  } else if (kind === 'extension') {
    items.push(
      { key: 'requestedDeadline', label: labels.requestedDeadline, children: formatDataValue('deadline', variables.requestedDeadline, names) },
      { key: 'extensionReason', label: labels.extensionReason, children: <span className="wrap-anywhere">{asText(variables.extensionReason) ?? '—'}</span> },
    );
    if (asText(variables.unitDeadline)) {
      items.push({ key: 'unitDeadline', label: text.variable.unitDeadline, children: formatDataValue('deadline', variables.unitDeadline, names) });
    }
  } else if (kind === 'reassign' && asText(variables.returnReason)) {
    items.push({ key: 'returnReason', label: labels.returnedBecause, children: <span className="wrap-anywhere">{String(variables.returnReason)}</span> });
  }
  if (items.length === 0) return null;
  return <Descriptions bordered size="small" column={1} items={items} style={{ marginBottom: 16 }} />;
}

/** The free-variables editor of a task the UI has no form for. */
function GenericFields() {
  return (
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
                <Button type="text" icon={<DeleteOutlined />} aria-label={text.task.removeVariable} onClick={() => remove(field.name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
              {text.task.addVariable}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** Yes or no, with what the yes needs (an extension's new deadline) and the reason the no needs. */
function DecisionFields({ kind }: { kind: DecisionFormKind }) {
  const decision = Form.useWatch<Fields['decision']>('decision');
  const words = labels[kind];
  return (
    <>
      <Form.Item name="decision" label={words.decision} rules={[{ required: true, message: labels.decisionRequired }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'approve', label: words.approve },
            { value: 'return', label: words.return },
          ]}
        />
      </Form.Item>
      {kind === 'extension' && decision === 'approve' ? (
        <Form.Item name="unitDeadline" label={labels.unitDeadline} rules={[{ required: true, message: labels.unitDeadlineRequired }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
      ) : null}
      {decision === 'return' ? (
        <Form.Item
          name="comment"
          label={reasonLabels[kind]}
          rules={[{ required: true, whitespace: true, message: kind === 'sign' ? labels.returnReasonRequired : labels.commentRequired }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      ) : null}
    </>
  );
}

function ReportFields({ kind, target }: { kind: 'report' | 'final-report'; target?: Target }) {
  const final = kind === 'final-report';
  return (
    <>
      <Form.Item
        name="progress"
        label={final ? labels.summary : labels.progress}
        rules={[{ required: true, whitespace: true, message: final ? labels.summaryRequired : labels.progressRequired }]}
      >
        <Input.TextArea rows={4} maxLength={4000} showCount placeholder={final ? labels.summaryPlaceholder : labels.progressPlaceholder} />
      </Form.Item>
      <Form.Item
        name="achieved"
        label={labels.achieved}
        extra={target ? labels.achievedExtra(text.matterData.target(target.indicator, target.value, target.measure)) : undefined}
      >
        <InputNumber min={0} style={{ width: '100%', maxWidth: 240 }} suffix={target?.measure} />
      </Form.Item>
    </>
  );
}

function ReassignFields() {
  const { units } = useSession();
  return (
    <>
      <Form.Item name="unit" label={labels.newUnit} rules={[{ required: true, message: labels.newUnitRequired }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={units.map((unit) => ({ value: unit.id, label: unit.name }))} />
      </Form.Item>
      <Form.Item name="comment" label={text.task.comment}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={text.task.commentPlaceholder} />
      </Form.Item>
    </>
  );
}

/** Completes a task with the form its form key calls for; the answer names what happened next. */
export function TaskForm({ task }: { task: TaskWithVariables }) {
  const { message } = App.useApp();
  const kind = taskFormKind(task);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ApiError>();
  // One key per intended completion: a retry after a lost response reuses it, so the server completes once.
  const idempotencyKey = useRef(newIdempotencyKey());

  const requested = asText(task.variables.requestedDeadline);
  const initialValues: Fields = kind === 'extension' && requested && dayjs(requested).isValid() ? { unitDeadline: dayjs(requested) } : {};

  const submit = async ({ unitDeadline, ...fields }: Fields) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const variables = taskVariables(kind, { ...fields, unitDeadline: unitDeadline?.format('YYYY-MM-DD') });
      const result = await completeTask(task.id, variables, idempotencyKey.current);
      const outcome: string[] = [text.task.completedMessage];
      if (result.matterStatus) outcome.push(text.task.matterStatusAfter(text.matter.status[result.matterStatus]));
      if (result.openedTasks.length) outcome.push(text.task.openedTasks(result.openedTasks.length));
      message.success(outcome.join(text.punctuation.clauses), 5);
      navigate('/inbox');
    } catch (caught) {
      const apiError = asApiError(caught);
      // The server answered, so this attempt is settled; a corrected resubmission is a new one.
      if (apiError.status !== 0) idempotencyKey.current = newIdempotencyKey();
      setError(apiError);
      setSubmitting(false);
    }
  };

  let fields: ReactNode;
  if (isDecisionForm(kind)) fields = <DecisionFields kind={kind} />;
  else if (kind === 'report' || kind === 'final-report') fields = <ReportFields kind={kind} target={asTarget(task.variables.target)} />;
  else if (kind === 'reassign') fields = <ReassignFields />;
  else {
    fields = (
      <>
        <GenericFields />
        <Form.Item name="comment" label={text.task.comment}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={text.task.commentPlaceholder} />
        </Form.Item>
      </>
    );
  }

  return (
    <>
      <DecisionContext kind={kind} variables={task.variables} />
      <Form<Fields> layout="vertical" onFinish={submit} disabled={submitting} initialValues={initialValues}>
        {fields}
        {error ? (
          <Form.Item>
            <ErrorAlert error={error} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={submitting}>
          {text.task.submit}
        </Button>
      </Form>
    </>
  );
}
