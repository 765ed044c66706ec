import { useState } from 'react';
import { App, Button, Empty, Flex, Input, List, Select, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { may } from '../../../../supervision/access';
import { asApiError, type ApiError } from '../../api/client';
import { useInstructions, writeInstruction } from '../../api/instructions';
import type { Instruction, Matter } from '../../api/types';
import { ErrorAlert } from '../../components/PageState';
import { elementLabel, formatDateTime } from '../../format';
import { text } from '../../i18n';
import { useSession } from '../../session';

/** The leaders' instructions (批示) on the matter, oldest first, and a box to write one for those who instruct. */
export function MatterInstructions({ matter }: { matter: Matter }) {
  const { user, userName } = useSession();
  const { message } = App.useApp();
  const instructions = useInstructions(matter.id);
  const [draft, setDraft] = useState('');
  const [elementId, setElementId] = useState<string>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError>();

  // An instruction may be about a node still in hand or one already passed.
  const elements = [...matter.activeElements, ...matter.completedElements].filter(
    (element, i, all) => all.findIndex((other) => other.elementId === element.elementId) === i,
  );
  const names = new Map(elements.map((element) => [element.elementId, elementLabel(element)]));

  const send = async () => {
    setSending(true);
    setError(undefined);
    try {
      await writeInstruction(matter.id, { text: draft.trim(), elementId });
      setDraft('');
      setElementId(undefined);
      message.success(text.instruction.sent);
      instructions.reload();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      {instructions.error ? (
        <ErrorAlert error={instructions.error} onRetry={instructions.reload} />
      ) : (
        <List<Instruction>
          size="small"
          loading={instructions.loading}
          dataSource={instructions.data?.items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.instruction.empty} /> }}
          renderItem={(instruction) => (
            <List.Item>
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {userName(instruction.by)} · {formatDateTime(instruction.createdAt)}
                  {instruction.elementId ? ` · ${names.get(instruction.elementId) ?? instruction.elementId}` : ''}
                </Typography.Text>
                <Typography.Text className="wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                  {instruction.text}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {may(user.role, 'matters.instruct') && matter.status !== 'draft' ? (
        <Flex vertical gap={8}>
          <Input.TextArea
            rows={3}
            maxLength={5000}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder={text.instruction.placeholder}
            aria-label={text.instruction.write}
          />
          <Flex gap={8} wrap justify="space-between">
            <Select
              allowClear
              value={elementId}
              onChange={setElementId}
              placeholder={text.instruction.element}
              options={elements.map((element) => ({ value: element.elementId, label: elementLabel(element) }))}
              style={{ minWidth: 200, flex: '1 1 200px', maxWidth: 360 }}
            />
            <Button type="primary" icon={<SendOutlined />} loading={sending} disabled={!draft.trim()} onClick={send}>
              {text.instruction.write}
            </Button>
          </Flex>
          {error ? <ErrorAlert error={error} /> : null}
        </Flex>
      ) : null}
    </Flex>
  );
}
