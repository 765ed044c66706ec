import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Popconfirm, Switch, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { changeCalendarSettings, clearCalendarDay, setCalendarDay, useCalendarDays, useCalendarSettings } from '../../api/calendar';
import { asApiError } from '../../api/client';
import type { CalendarDay } from '../../api/types';
import { CompactTable } from '../../components/CompactTable';
import { FormModal } from '../../components/FormModal';
import { ErrorAlert } from '../../components/PageState';
import { text } from '../../i18n';

const t = text.workCalendar;

interface DayForm {
  date: { format: (pattern: string) => string };
  working: boolean;
  note: string;
}

/**
 * The working-day calendar (工作日历) for the administrator: a year's statutory holidays and make-up
 * working days, the office's own days on top, and whether deadlines move off days off.
 */
export function WorkCalendarTab() {
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const days = useCalendarDays(year);
  const settings = useCalendarSettings();
  const [adding, setAdding] = useState(false);

  const act = async (what: Promise<unknown>, reload: () => void) => {
    try {
      await what;
      message.success(text.organisation.saved);
    } catch (caught) {
      message.error(asApiError(caught).message);
    }
    reload();
  };

  const columns: TableColumnsType<CalendarDay> = [
    { key: 'date', title: t.date, render: (_, day) => day.date },
    { key: 'working', title: t.kind, render: (_, day) => (day.working ? <Tag color="processing">{t.working}</Tag> : <Tag color="default">{t.off}</Tag>) },
    { key: 'note', title: t.note, render: (_, day) => day.note },
    { key: 'source', title: t.source, render: (_, day) => (day.source === 'local' ? <Tag color="gold">{t.local}</Tag> : t.national) },
    {
      key: 'actions',
      title: '',
      render: (_, day) =>
        day.source === 'local' && (
          <Popconfirm title={t.clearConfirm} onConfirm={() => act(clearCalendarDay(day.date), days.reload)}>
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t.clear} />
          </Popconfirm>
        ),
    },
  ];

  if (days.error) return <ErrorAlert error={days.error} onRetry={days.reload} />;
  return (
    <Flex vertical gap={8}>
      <Flex gap={16} wrap align="center">
        <span>
          {t.year} <InputNumber min={1900} max={2199} value={year} onChange={(value) => value && setYear(value)} />
        </span>
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t.add}
        </Button>
        <span>
          <Switch
            checked={settings.data?.dueOnWorkingDays ?? false}
            loading={settings.loading}
            onChange={(on) => act(changeCalendarSettings({ dueOnWorkingDays: on }), settings.reload)}
          />{' '}
          {t.moveDueDates}
        </span>
      </Flex>
      <Typography.Text type="secondary">{t.hint}</Typography.Text>
      <CompactTable<CalendarDay> rowKey="date" columns={columns} dataSource={days.data?.items} loading={days.loading} emptyText={t.empty} />
      <FormModal<DayForm>
        open={adding}
        title={t.add}
        onClose={() => setAdding(false)}
        onSubmit={async ({ date, working, note }) => {
          await setCalendarDay(date.format('YYYY-MM-DD'), { working: working ?? false, note: note ?? '' });
          days.reload();
        }}
      >
        <Form.Item name="date" label={t.date} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="working" label={t.working} valuePropName="checked" initialValue={false}>
          <Switch />
        </Form.Item>
        <Form.Item name="note" label={t.note} initialValue="">
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>
    </Flex>
  );
}
