import { Table, Text } from "@medusajs/ui"

/** A list's footer: the empty-list message when there is nothing, and the pager. */
export const TableFooter = ({
  count,
  pageSize,
  page,
  setPage,
  isLoading,
  emptyText,
}: {
  count: number
  pageSize: number
  page: number
  setPage: (update: (page: number) => number) => void
  isLoading: boolean
  emptyText: string
}) => (
  <>
    {count === 0 && !isLoading && (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        {emptyText}
      </Text>
    )}
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={page}
      pageCount={Math.max(1, Math.ceil(count / pageSize))}
      canPreviousPage={page > 0}
      canNextPage={(page + 1) * pageSize < count}
      previousPage={() => setPage((p) => p - 1)}
      nextPage={() => setPage((p) => p + 1)}
    />
  </>
)
