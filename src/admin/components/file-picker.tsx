import { ArrowDownTray, DocumentText, XMarkMini } from "@medusajs/icons"
import { clx, IconButton, Text } from "@medusajs/ui"
import { type DragEvent, useRef, useState } from "react"
import { useTranslation } from "react-i18next"

/**
 * A file picked by click or drop, styled as the admin's own upload fields (a dashed drop zone);
 * the native input stays in the page, hidden, under `id`. Once a file is chosen it shows its
 * name, with a button to clear it.
 */
export const FilePicker = ({
  id,
  accept,
  label,
  hint,
  fileName,
  onFile,
}: {
  id: string
  accept: string
  label: string
  hint?: string
  fileName: string | null
  onFile: (file: File | null) => void
}) => {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const [dragOver, setDragOver] = useState(false)
  const drop = (event: DragEvent) => {
    event.preventDefault()
    setDragOver(false)
    onFile(event.dataTransfer.files?.[0] ?? null)
  }
  return (
    <div className="flex flex-col gap-2">
      <button
        type="button"
        data-testid="loyalty-file-picker"
        onClick={() => input.current?.click()}
        onDragOver={(event) => {
          event.preventDefault()
          setDragOver(true)
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={drop}
        className={clx(
          "bg-ui-bg-component border-ui-border-strong transition-fg group flex w-full flex-col items-center gap-y-2 rounded-lg border border-dashed p-8",
          "hover:border-ui-border-interactive focus:border-ui-border-interactive focus:shadow-borders-focus outline-none focus:border-solid",
          { "!border-ui-border-interactive": dragOver }
        )}
      >
        <div className="text-ui-fg-subtle flex items-center gap-x-2">
          <ArrowDownTray />
          <Text>{label}</Text>
        </div>
        {hint && (
          <Text size="small" leading="compact" className="text-ui-fg-muted">
            {hint}
          </Text>
        )}
      </button>
      {fileName && (
        <div className="shadow-elevation-card-rest bg-ui-bg-component flex items-center gap-x-3 rounded-lg px-3 py-2">
          <DocumentText className="text-ui-fg-subtle" />
          <Text size="small" leading="compact" className="flex-1 truncate" data-testid="loyalty-file-name">
            {fileName}
          </Text>
          <IconButton
            size="small"
            variant="transparent"
            aria-label={t("loyalty.bulk.remove_file")}
            onClick={() => {
              if (input.current) input.current.value = ""
              onFile(null)
            }}
          >
            <XMarkMini />
          </IconButton>
        </div>
      )}
      <input
        ref={input}
        id={id}
        type="file"
        hidden
        accept={accept}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
      />
    </div>
  )
}
