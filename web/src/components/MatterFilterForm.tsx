import { useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, DatePicker, Flex, Form, Input, Select } from 'antd';
import { DownOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { LIGHTS } from '../../../supervision/lights';
import { MATTER_SOURCES, REPORTING_PERIODS } from '../../../supervision/matter-data';
import { text } from '../i18n';
import {
  MATTER_STATUSES,
  filterCount,
  filterQuery,
  filterValuesOf,
  filtersOf,
  filtersOfValues,
  listSearch,
  pageOf,
  type MatterFilterValues,
  type MatterFilters,
} from '../matterFilters';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { useIsPhone } from '../useIsPhone';

/**
 * The filters and the page of a matter list, kept in the address's query string so a filtered list
 * can be shared as a link and the back button returns to the filters before; `show` opens another.
 */
export function useMatterFilters() {
  const location = useLocation();
  return {
    filters: filtersOf(location.searchParams),
    page: pageOf(location.searchParams),
    show: (filters: MatterFilters, page = 1) => navigate(`${location.pathname}${listSearch(filters, page)}`),
  };
}

export type FilterField = 'text' | 'source' | 'type' | 'leadUnit' | 'unit' | 'status' | 'light' | 'reportingPeriod' | 'deadline' | 'overdue';

interface MatterFilterFormProps {
  /** The filters in force, which the form shows. */
  filters: MatterFilters;
  /** The inputs the form has, in this order. */
  fields: readonly FilterField[];
  onApply: (filters: MatterFilters) => void;
  /** More actions beside the query button, such as the ledger of the filtered matters. */
  extra?: ReactNode;
}

/**
 * A matter query's filters. Remounted whenever the filters in force change (a link, the back button),
 * so its inputs always show them rather than what was typed before.
 */
export function MatterFilterForm(props: MatterFilterFormProps) {
  return <FilterCard key={filterQuery(props.filters).toString()} {...props} />;
}

function FilterCard({ filters, fields, onApply, extra }: MatterFilterFormProps) {
  const { units } = useSession();
  const isPhone = useIsPhone();
  // On a phone the inputs would push the list off the screen: they open on request.
  const [open, setOpen] = useState(!isPhone);
  const [form] = Form.useForm<MatterFilterValues>();
  const count = filterCount(filters);

  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));
  const inputs: Record<Exclude<FilterField, 'overdue'>, ReactNode> = {
    text: <Input allowClear maxLength={200} />,
    source: <Select allowClear options={MATTER_SOURCES.map((source) => ({ value: source, label: text.matterData.source[source] }))} />,
    type: <Select allowClear options={text.matterData.typeOptions.map((type) => ({ value: type, label: type }))} />,
    leadUnit: <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />,
    unit: <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />,
    status: <Select allowClear options={MATTER_STATUSES.map((status) => ({ value: status, label: text.matter.status[status] }))} />,
    light: <Select allowClear options={LIGHTS.map((light) => ({ value: light, label: text.light.name[light] }))} />,
    reportingPeriod: (
      <Select allowClear options={REPORTING_PERIODS.map((period) => ({ value: period, label: text.matterData.reportingPeriod[period] }))} />
    ),
    deadline: <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly allowEmpty={[true, true]} />,
  };

  return (
    <Card
      size="small"
      title={count > 0 ? `${text.search.filters}${text.punctuation.paren(`${count}`)}` : text.search.filters}
      extra={
        isPhone ? (
          <Button type="link" size="small" icon={open ? <UpOutlined /> : <DownOutlined />} aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? text.search.collapse : text.search.expand}
          </Button>
        ) : null
      }
      styles={{ body: open ? undefined : { display: 'none' } }}
    >
      <Form<MatterFilterValues> form={form} layout="vertical" initialValues={filterValuesOf(filters)} onFinish={(values) => onApply(filtersOfValues(values))}>
        <div className="filter-grid">
          {fields.map((field) =>
            field === 'overdue' ? null : (
              <Form.Item key={field} name={field} label={text.search[field]}>
                {inputs[field]}
              </Form.Item>
            ),
          )}
        </div>
        <Flex gap={8} wrap align="center">
          {fields.includes('overdue') ? (
            <Form.Item name="overdue" valuePropName="checked" noStyle>
              <Checkbox>{text.search.overdue}</Checkbox>
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {text.search.query}
          </Button>
          <Button
            onClick={() => {
              // With no filters in force the address stays as it is: the inputs are cleared here.
              form.resetFields();
              onApply({});
            }}
          >
            {text.search.reset}
          </Button>
          {extra}
        </Flex>
      </Form>
    </Card>
  );
}
