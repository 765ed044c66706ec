import { AutoComplete, Col, DatePicker, Form, Input, InputNumber, Row, Select, type FormInstance, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { MATTER_SOURCES, REPORTING_PERIODS } from '../../../../supervision/matter-data';
import { useLeaderUsers } from '../../api/organisation';
import { useProcessDefinitions } from '../../api/processes';
import { text } from '../../i18n';
import { fieldLabel, type MatterFormValues } from '../../matterData';
import { useSession } from '../../session';

const labels = text.matterData;
const required = (field: string): FormRule => ({ required: true, whitespace: true, message: labels.required(fieldLabel(field)) });
const chosen = (field: string): FormRule => ({ required: true, message: labels.chooseRequired(fieldLabel(field)) });

/** A quantified target is all or nothing: once any part is filled in, every part is needed. */
const targetPart =
  (form: FormInstance<MatterFormValues>): FormRule =>
  () => ({
    validator: async (_rule, value: unknown) => {
      const target = form.getFieldValue('target') as MatterFormValues['target'];
      const filled = [target?.indicator?.trim(), target?.measure?.trim(), target?.value ?? undefined].some((part) => part !== undefined && part !== '');
      if (filled && (value === undefined || value === null || (typeof value === 'string' && !value.trim()))) {
        throw new Error(labels.targetIncomplete);
      }
    },
  });

const positive: FormRule = {
  validator: async (_rule, value: unknown) => {
    if (typeof value === 'number' && value <= 0) throw new Error(labels.targetValuePositive);
  },
};

const notInFuture = (date: Dayjs) => date.isAfter(dayjs(), 'day');

interface MatterFormProps {
  form: FormInstance<MatterFormValues>;
  initialValues: Partial<MatterFormValues>;
  disabled: boolean;
  /** Only a new matter chooses its process; an edit keeps the one it was registered with. */
  chooseProcess: boolean;
}

/** The standard data elements of a matter (督办事项要素), for registering one and for editing it. */
export function MatterForm({ form, initialValues, disabled, chooseProcess }: MatterFormProps) {
  const { units } = useSession();
  const definitions = useProcessDefinitions(chooseProcess);
  // The leader register may not be served to everyone (or at all): a username typed in then does.
  const leaders = useLeaderUsers();
  const leadUnit = Form.useWatch('leadUnit', form);
  const assignedDate = Form.useWatch('assignedDate', form);

  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));
  const half = { xs: 24, md: 12 };
  const third = { xs: 24, md: 8 };

  return (
    <Form<MatterFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      disabled={disabled}
      scrollToFirstError={{ block: 'center' }}
    >
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="title" label={fieldLabel('title')} rules={[required('title'), { min: 2, max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="source" label={fieldLabel('source')} rules={[chosen('source')]}>
            <Select options={MATTER_SOURCES.map((source) => ({ value: source, label: labels.source[source] }))} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="type" label={fieldLabel('type')} rules={[required('type'), { max: 50 }]}>
            <AutoComplete
              options={labels.typeOptions.map((type) => ({ value: type }))}
              placeholder={labels.typePlaceholder}
              maxLength={50}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="assigner" label={fieldLabel('assigner')} rules={[required('assigner'), { max: 100 }]}>
            <Input placeholder={labels.assignerPlaceholder} maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="area" label={fieldLabel('area')} rules={[{ max: 100 }]}>
            <Input placeholder={labels.areaPlaceholder} maxLength={100} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="assignedDate" label={fieldLabel('assignedDate')} rules={[chosen('assignedDate')]}>
            <DatePicker style={{ width: '100%' }} disabledDate={notInFuture} inputReadOnly />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="deadline" label={fieldLabel('deadline')} rules={[chosen('deadline')]}>
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(date) => (assignedDate ? date.isBefore(assignedDate, 'day') : false)}
              inputReadOnly
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="leadUnit" label={fieldLabel('leadUnit')} rules={[chosen('leadUnit')]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="coUnits" label={fieldLabel('coUnits')}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={unitOptions.filter((option) => option.value !== leadUnit)}
            />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="leader" label={fieldLabel('leader')}>
            {leaders.error ? (
              <Input placeholder={labels.leaderPlaceholder} maxLength={100} />
            ) : (
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={leaders.loading}
                options={leaders.data?.items.map((leader) => ({
                  value: leader.username,
                  label: leader.unitName ? `${leader.displayName}${text.punctuation.paren(`${leader.unitName}`)}` : leader.displayName,
                }))}
              />
            )}
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="reportingPeriod" label={fieldLabel('reportingPeriod')} rules={[chosen('reportingPeriod')]}>
            <Select options={REPORTING_PERIODS.map((period) => ({ value: period, label: labels.reportingPeriod[period] }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label={fieldLabel('target')} style={{ marginBottom: 0 }}>
            <Row gutter={8}>
              <Col {...third}>
                <Form.Item
                  name={['target', 'indicator']}
                  rules={[targetPart(form)]}
                  dependencies={[['target', 'measure'], ['target', 'value']]}
                >
                  <Input placeholder={labels.targetIndicator} aria-label={labels.targetIndicator} maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item
                  name={['target', 'value']}
                  rules={[targetPart(form), positive]}
                  dependencies={[['target', 'indicator'], ['target', 'measure']]}
                >
                  <InputNumber placeholder={labels.targetValue} aria-label={labels.targetValue} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item
                  name={['target', 'measure']}
                  rules={[targetPart(form)]}
                  dependencies={[['target', 'indicator'], ['target', 'value']]}
                >
                  <Input placeholder={labels.targetMeasure} aria-label={labels.targetMeasure} maxLength={20} />
                </Form.Item>
              </Col>
            </Row>
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="tags" label={fieldLabel('tags')}>
            <Select mode="tags" placeholder={labels.tagsPlaceholder} open={false} suffixIcon={null} maxCount={10} />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="processKey" label={text.matter.process} rules={[{ required: true, message: text.matter.processRequired }]}>
            {chooseProcess ? (
              <Select
                loading={definitions.loading}
                options={definitions.data?.items.map((definition) => ({
                  value: definition.key,
                  label: `${definition.name ?? definition.key}${text.punctuation.paren(`${text.processDefinition.versionLabel(definition.version)}`)}`,
                }))}
              />
            ) : (
              <Input disabled />
            )}
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
