import type { ReactNode } from 'react';
import { Card, Empty, Flex, Pagination, Table, type TableColumnsType } from 'antd';
import type { ApiError } from '../api/client';
import { useIsPhone } from '../useIsPhone';
import { ErrorAlert } from './PageState';

interface ResponsiveListProps<T> {
  items: T[];
  loading: boolean;
  error?: ApiError;
  onRetry: () => void;
  rowKey: keyof T & string;
  /** The desktop table's columns. */
  columns: TableColumnsType<T>;
  /** What one item shows as a card on a phone. */
  card: (item: T) => ReactNode;
  empty: string;
  onOpen: (item: T) => void;
  /** Page the table past this many rows. */
  pageSize?: number;
  /** The items are one page the server sent: which, of how many, and how to ask for another. */
  pages?: ServerPages;
}

interface ServerPages {
  current: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
}

/** A list that is a table on a desktop and a column of cards on a phone; each item opens on click. */
export function ResponsiveList<T extends object>({ items, loading, error, onRetry, rowKey, columns, card, empty, onOpen, pageSize, pages }: ResponsiveListProps<T>) {
  const isPhone = useIsPhone();
  const clientPages = pageSize !== undefined && items.length > pageSize ? { pageSize, showSizeChanger: false } : false;
  if (error) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (isPhone) {
    if (loading) return <Card loading />;
    if (items.length === 0) return <Empty description={empty} />;
    return (
      <Flex vertical gap={8}>
        {items.map((item) => (
          <Card key={String(item[rowKey])} size="small" hoverable onClick={() => onOpen(item)}>
            <Flex vertical gap={4}>
              {card(item)}
            </Flex>
          </Card>
        ))}
        {pages && pages.total > pages.pageSize ? <Pagination simple align="center" {...pages} /> : null}
      </Flex>
    );
  }
  return (
    <Table<T>
      rowKey={rowKey}
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={pages ? { ...pages, showSizeChanger: false, hideOnSinglePage: true } : clientPages}
      locale={{ emptyText: <Empty description={empty} /> }}
      onRow={(item) => ({ onClick: () => onOpen(item), className: 'clickable' })}
    />
  );
}
