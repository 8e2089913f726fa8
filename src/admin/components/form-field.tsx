import { Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A label, the control and an optional hint, stacked as in Medusa's admin forms. */
export const FormField = ({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) => (
  <div className="flex flex-col gap-1">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
    </Label>
    {children}
    {hint && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
  </div>
)
