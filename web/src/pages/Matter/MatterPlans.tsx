import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Popconfirm, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { may } from '../../../../supervision/access';
import { asApiError } from '../../api/client';
import { addPlanItem, changePlanItem, completePlanItem, removePlanItem, useMatterPlans, type PlanItemInput } from '../../api/plans';
import type { Matter, PlanItem, PlanKind } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { FormModal } from '../../components/FormModal';
import { ErrorAlert } from '../../components/PageState';
import { fieldPathOf, type FieldOf } from '../../fieldErrors';
import { formatDate, formatDateTime } from '../../format';
import { text } from '../../i18n';
import { matterUnits } from '../../matterData';
import { useSession } from '../../session';

const plans: readonly PlanKind[] = ['year', 'month', 'week'];

/** A plan item as its form holds it; the fields are named as the API names them. */
interface PlanItemValues {
  unitId: string;
  plan: PlanKind;
  title: string;
  dueDate: Dayjs;
  quantity?: number | null;
}

const planFields = ['unitId', 'plan', 'title', 'dueDate', 'quantity'];
const planFieldOf: FieldOf = (path) => fieldPathOf(path, planFields);

/** The form's values as the API takes them; a quantity left blank is absent. */
const planItemBody = ({ unitId, plan, title, dueDate, quantity }: PlanItemValues): PlanItemInput => ({
  unitId,
  plan,
  title: title.trim(),
  dueDate: dueDate.format('YYYY-MM-DD'),
  quantity: quantity ?? undefined,
});

/** The inputs of a plan item, filled with `item` when one is being changed. */
function PlanItemInputs({ matter, item }: { matter: Matter; item?: PlanItem }) {
  const { unitName } = useSession();
  return (
    <>
      <Form.Item name="unitId" label={text.plan.unit} initialValue={item?.unitId} rules={[{ required: true, message: text.plan.required }]}>
        <Select options={matterUnits(matter).map((id) => ({ value: id, label: unitName(id) }))} />
      </Form.Item>
      <Form.Item name="plan" label={text.plan.kindLabel} initialValue={item?.plan ?? 'month'} rules={[{ required: true, message: text.plan.required }]}>
        <Select options={plans.map((plan) => ({ value: plan, label: text.plan.kind[plan] }))} />
      </Form.Item>
      <Form.Item name="title" label={text.plan.item} initialValue={item?.title} rules={[{ required: true, whitespace: true, message: text.plan.required }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item
        name="dueDate"
        label={text.plan.dueDate}
        initialValue={item ? dayjs(item.dueDate) : undefined}
        rules={[{ required: true, message: text.plan.required }]}
      >
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item
        name="quantity"
        label={matter.data?.target ? `${text.plan.quantity}${text.punctuation.paren(`${matter.data.target.measure}`)}` : text.plan.quantity}
        initialValue={item?.quantity}
      >
        <InputNumber style={{ width: '100%' }} min={0} />
      </Form.Item>
    </>
  );
}

/** The matter's annual, monthly and weekly plan items: supervisors add them, each unit completes its own. */
export function MatterPlans({ matter }: { matter: Matter }) {
  const { user, unitName } = useSession();
  const { message } = App.useApp();
  const items = useMatterPlans(matter.id);
  const manages = may(user.role, 'matters.manage');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<PlanItem>();
  const [completing, setCompleting] = useState<PlanItem>();

  const remove = async (item: PlanItem) => {
    try {
      await removePlanItem(item.id);
      message.success(text.plan.deleted);
      items.reload();
    } catch (caught) {
      const error = asApiError(caught);
      message.error(error.body?.message ?? error.message);
    }
  };

  const quantified = (item: PlanItem) => item.quantity !== undefined;
  const columns: TableColumnsType<PlanItem> = [
    { key: 'plan', title: text.plan.kindLabel, render: (_, item) => text.plan.kind[item.plan] },
    { key: 'unit', title: text.plan.unit, render: (_, item) => unitName(item.unitId) },
    { key: 'title', title: text.plan.item, render: (_, item) => <span className="wrap-anywhere">{item.title}</span> },
    { key: 'dueDate', title: text.plan.dueDate, render: (_, item) => formatDate(item.dueDate) },
    {
      key: 'quantity',
      title: `${text.plan.achieved} / ${text.plan.quantity}`,
      align: 'right',
      render: (_, item) => (quantified(item) ? `${item.achieved ?? '—'} / ${item.quantity}` : '—'),
    },
    {
      key: 'state',
      title: text.plan.evidence,
      render: (_, item) =>
        item.completedAt ? (
          <Flex vertical gap={2}>
            <span>
              <Tag color="success">{text.plan.done}</Tag>
              <Typography.Text type="secondary">{formatDateTime(item.completedAt)}</Typography.Text>
            </span>
            <span className="wrap-anywhere">{item.evidence}</span>
          </Flex>
        ) : (
          <Tag>{text.plan.pending}</Tag>
        ),
    },
    {
      key: 'action',
      render: (_, item) => {
        // Once the unit has completed an item it stays as it was reported.
        if (item.completedAt) return null;
        // A unit's people complete their own unit's items.
        if (may(user.role, 'plans.complete') && item.unitId === user.unitId) {
          return (
            <Button size="small" icon={<CheckOutlined />} onClick={() => setCompleting(item)}>
              {text.plan.complete}
            </Button>
          );
        }
        if (!manages) return null;
        return (
          <Flex gap={4}>
            <Button size="small" icon={<EditOutlined />} aria-label={text.plan.edit} title={text.plan.edit} onClick={() => setEditing(item)} />
            <Popconfirm title={text.plan.deleteConfirm} okButtonProps={{ danger: true }} onConfirm={() => remove(item)}>
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={text.plan.delete} title={text.plan.delete} />
            </Popconfirm>
          </Flex>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={8}>
      {manages ? (
        <div>
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {text.plan.add}
          </Button>
        </div>
      ) : null}
      {items.error ? (
        <ErrorAlert error={items.error} onRetry={items.reload} />
      ) : (
        <CompactTable<PlanItem>
          rowKey="id"
          columns={columns}
          dataSource={items.data?.items}
          loading={items.loading}
          emptyText={text.plan.empty}
        />
      )}
      <FormModal<PlanItemValues>
        open={adding}
        title={text.plan.add}
        fieldOf={planFieldOf}
        onClose={() => setAdding(false)}
        onSubmit={async (values) => {
          await addPlanItem(matter.id, planItemBody(values));
          message.success(text.plan.added);
          items.reload();
        }}
      >
        <PlanItemInputs matter={matter} />
      </FormModal>
      <FormModal<PlanItemValues>
        open={editing !== undefined}
        title={text.plan.edit}
        fieldOf={planFieldOf}
        onClose={() => setEditing(undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          // A quantity cleared is sent as null: the item then has none.
          await changePlanItem(editing.id, { ...planItemBody(values), quantity: values.quantity ?? null });
          message.success(text.plan.edited);
          items.reload();
        }}
      >
        <PlanItemInputs matter={matter} item={editing} />
      </FormModal>
      <FormModal<{ evidence: string; achieved?: number }>
        open={completing !== undefined}
        title={text.plan.completeTitle}
        onClose={() => setCompleting(undefined)}
        onSubmit={async ({ evidence, achieved }) => {
          if (!completing) return;
          await completePlanItem(completing.id, { evidence: evidence.trim(), achieved: achieved ?? undefined });
          message.success(text.plan.completed);
          items.reload();
        }}
      >
        <Typography.Paragraph className="wrap-anywhere">{completing?.title}</Typography.Paragraph>
        <Form.Item name="evidence" label={text.plan.evidence} rules={[{ required: true, whitespace: true, message: text.plan.required }]}>
          <Input.TextArea rows={3} maxLength={5000} showCount />
        </Form.Item>
        {completing && quantified(completing) ? (
          <Form.Item name="achieved" label={text.plan.achieved}>
            <InputNumber style={{ width: '100%' }} min={0} />
          </Form.Item>
        ) : null}
      </FormModal>
    </Flex>
  );
}
