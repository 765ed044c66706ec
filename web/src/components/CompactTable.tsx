import { Empty, Table, type TableProps } from 'antd';

/**
 * The app's table: small rows, scrolling sideways rather than squeezing columns, one page unless
 * told otherwise, and a plain "nothing here" line when given one.
 */
export function CompactTable<T extends object>({ emptyText, ...props }: TableProps<T> & { emptyText?: string }) {
  return (
    <Table<T>
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      {...(emptyText !== undefined && { locale: { emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> } })}
      {...props}
    />
  );
}
