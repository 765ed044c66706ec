/**
 * The decisions and forms the diagram links, each deployed or not, with the way to open it; and
 * the .dmn and .form files attached to deploy together with the diagram.
 */
import { App, Button, Card, Flex, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { text } from '../../i18n';
import { Link } from '../../router';
import type { LinkedResourcesState } from './useLinkedResources';

const t = text.linkedResources;

const resourcePath = (kind: 'decision' | 'form', id: string) => `/${kind === 'decision' ? 'decisions' : 'forms'}/${encodeURIComponent(id)}`;

export function LinkedResources({ resources, onSelect }: { resources: LinkedResourcesState; onSelect: (elementId: string) => void }) {
  const { message } = App.useApp();
  const { links, attachments, deployed } = resources;
  const attachedIds = new Set(attachments.flatMap((attachment) => attachment.provides.map((provided) => `${provided.kind}:${provided.id}`)));

  const attach = async (file: File) => {
    if (!(await resources.attach(file))) void message.error(t.unreadable(file.name));
    return false;
  };

  return (
    <Card
      size="small"
      title={t.title}
      style={{ marginTop: 12 }}
      data-testid="linked-resources"
      extra={
        <Upload accept=".dmn,.form" multiple showUploadList={false} beforeUpload={attach}>
          <Button size="small" icon={<PaperClipOutlined />} title={t.attachHint}>
            {t.attach}
          </Button>
        </Upload>
      }
    >
      {links.length === 0 ? <Typography.Text type="secondary">{t.none}</Typography.Text> : null}
      {links.map((link) => {
        const version = (link.kind === 'decision' ? deployed.decisions : deployed.forms).get(link.id);
        const attached = attachedIds.has(`${link.kind}:${link.id}`);
        return (
          <Flex key={`${link.kind}:${link.id}`} wrap gap={8} align="center" style={{ padding: '4px 0' }} data-testid="linked-resource">
            <Tag>{link.kind === 'decision' ? t.decision : t.form}</Tag>
            <Link to={resourcePath(link.kind, link.id)}>
              <code>{link.id}</code>
            </Link>
            {attached ? <Tag color="blue">{t.attached}</Tag> : version !== undefined ? <Tag color="green">{t.deployed(version)}</Tag> : <Tag color="orange">{t.notDeployed}</Tag>}
            <Typography.Text type="secondary">
              {t.usedBy}
              {link.elementIds.map((elementId) => (
                <Button key={elementId} type="link" size="small" onClick={() => onSelect(elementId)}>
                  {elementId}
                </Button>
              ))}
            </Typography.Text>
          </Flex>
        );
      })}
      {attachments.length > 0 ? (
        <Flex vertical gap={4} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t.attachHint}</Typography.Text>
          {attachments.map((attachment) => (
            <Flex key={attachment.file.name} gap={8} align="center" data-testid="attachment">
              <PaperClipOutlined />
              <code>{attachment.file.name}</code>
              <Typography.Text type="secondary">{attachment.provides.map((provided) => provided.id).join('、')}</Typography.Text>
              <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={`${t.remove} ${attachment.file.name}`} onClick={() => resources.remove(attachment.file)} />
            </Flex>
          ))}
        </Flex>
      ) : null}
    </Card>
  );
}
