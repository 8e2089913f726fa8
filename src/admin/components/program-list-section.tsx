import { EllipsisHorizontal, PencilSquare, Trash } from "@medusajs/icons"
import { Button, Container, Drawer, DropdownMenu, Heading, IconButton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { type ReactNode, useState } from "react"
import { useTranslation } from "react-i18next"
import {
  type ResourceBody,
  type ResourcePath,
  useDeleteProgramRow,
  useProgramList,
  useSaveProgramRow,
} from "../hooks/program-rules"

export type Column<Row> = { label: string; render: (row: Row) => ReactNode; align?: "right" }

type Props<P extends ResourcePath, Row extends { id: string }, Form> = {
  path: P
  /** i18n prefix of the section's texts: title, description, empty, create, edit, saved, deleted, delete_title. */
  texts: "loyalty.tiers" | "loyalty.campaigns" | "loyalty.rules"
  columns: Column<Row>[]
  rowName: (row: Row) => string
  emptyForm: Form
  toFormValues: (row: Row) => Form
  toBody: (form: Form) => ResourceBody<P>
  renderForm: (form: Form, set: (changes: Partial<Form>) => void) => ReactNode
}

/**
 * One editable list of the program (tiers, campaigns, rules): a table with a
 * menu per row, a drawer to create or edit, a prompt before deleting. The
 * server validates; its message shows as a toast and the drawer stays open.
 */
export function ProgramListSection<P extends ResourcePath, Row extends { id: string }, Form>(props: Props<P, Row, Form>) {
  const { t } = useTranslation()
  const prompt = usePrompt()
  const list = useProgramList(props.path)
  const save = useSaveProgramRow(props.path)
  const remove = useDeleteProgramRow(props.path)
  const [editing, setEditing] = useState<{ id?: string; form: Form } | null>(null)
  const text = (key: string, values?: Record<string, unknown>) => t(`${props.texts}.${key}`, values)
  const rows = (list.data?.rows ?? []) as unknown as Row[]

  const submit = () => {
    if (!editing) return
    save.mutate(
      { id: editing.id, body: props.toBody(editing.form) },
      {
        onSuccess: () => {
          toast.success(text("saved"))
          setEditing(null)
        },
        onError: (error) => toast.error(error.message),
      }
    )
  }

  const confirmDelete = async (row: Row) => {
    const confirmed = await prompt({
      title: text("delete_title", { name: props.rowName(row) }),
      description: t("loyalty.program_lists.delete_text"),
      confirmText: t("loyalty.program_lists.delete"),
      cancelText: t("loyalty.program_lists.cancel"),
    })
    if (!confirmed) return
    remove.mutate(row.id, {
      onSuccess: () => toast.success(text("deleted", { name: props.rowName(row) })),
      onError: (error) => toast.error(error.message),
    })
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">{text("title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{text("description")}</Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setEditing({ form: props.emptyForm })}>
          {text("create")}
        </Button>
      </div>
      {list.error ? (
        <Text size="small" className="text-ui-fg-error px-6 py-4">{list.error.message}</Text>
      ) : rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">{list.isLoading ? "…" : text("empty")}</Text>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                {props.columns.map((column) => (
                  <Table.HeaderCell key={column.label} className={column.align === "right" ? "text-right" : undefined}>
                    {column.label}
                  </Table.HeaderCell>
                ))}
                <Table.HeaderCell className="w-12" />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((row) => (
                <Table.Row key={row.id}>
                  {props.columns.map((column) => (
                    <Table.Cell key={column.label} className={column.align === "right" ? "text-right" : undefined}>
                      {column.render(row)}
                    </Table.Cell>
                  ))}
                  <Table.Cell>
                    <DropdownMenu>
                      <DropdownMenu.Trigger asChild>
                        <IconButton size="small" variant="transparent" aria-label={t("loyalty.program_lists.actions", { name: props.rowName(row) })}>
                          <EllipsisHorizontal />
                        </IconButton>
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Content align="end">
                        <DropdownMenu.Item className="gap-x-2" onClick={() => setEditing({ id: row.id, form: props.toFormValues(row) })}>
                          <PencilSquare className="text-ui-fg-subtle" />
                          {t("loyalty.program_lists.edit")}
                        </DropdownMenu.Item>
                        <DropdownMenu.Separator />
                        <DropdownMenu.Item className="gap-x-2" onClick={() => confirmDelete(row)}>
                          <Trash className="text-ui-fg-subtle" />
                          {t("loyalty.program_lists.delete")}
                        </DropdownMenu.Item>
                      </DropdownMenu.Content>
                    </DropdownMenu>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <Drawer open={!!editing} onOpenChange={(open) => !open && setEditing(null)}>
        <Drawer.Content>
          <Drawer.Header>
            <Drawer.Title>{editing?.id ? text("edit") : text("create")}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-4 overflow-y-auto">
            {editing &&
              props.renderForm(editing.form, (changes) =>
                setEditing((current) => (current ? { ...current, form: { ...current.form, ...changes } } : current))
              )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary">{t("loyalty.program_lists.cancel")}</Button>
            </Drawer.Close>
            <Button size="small" onClick={submit} isLoading={save.isPending}>
              {t("loyalty.program_lists.save")}
            </Button>
          </Drawer.Footer>
        </Drawer.Content>
      </Drawer>
    </Container>
  )
}
