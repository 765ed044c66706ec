import { Descriptions, Flex, Tag } from 'antd';
import type { MatterData } from '../../api/types';
import { fieldLabel, formatDataValue, MATTER_FIELDS } from '../../matterData';
import { useSession } from '../../session';

/** A matter's standard data elements (事项要素), read-only; the title is the page's heading. */
export function MatterDataView({ data }: { data: MatterData }) {
  const names = useSession();
  const items = MATTER_FIELDS.filter((field) => field !== 'title').map((field) => ({
    key: field,
    label: fieldLabel(field),
    children:
      field === 'tags' && data.tags.length > 0 ? (
        <Flex gap={4} wrap>
          {data.tags.map((tag) => (
            <Tag key={tag} style={{ marginInlineEnd: 0 }}>
              {tag}
            </Tag>
          ))}
        </Flex>
      ) : (
        <span className="wrap-anywhere">{formatDataValue(field, data[field], names)}</span>
      ),
  }));
  return <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} items={items} />;
}
