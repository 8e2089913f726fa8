import { Button, Prompt, Textarea } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { FormField } from "./form-field"

export type DecisionRequest = {
  title: string
  description: string
  confirmText: string
  /** Whether the decision needs a reason (rejecting, unbinding), may have one (approving a referral) or takes none. */
  reason: "required" | "optional" | "none"
  reasonHint?: string
}

/**
 * Asks for the reason of a decision (required or optional) and confirms it.
 * It stays open while the server works and after a refusal (the caller shows
 * the server's message); the caller closes it once the decision is made.
 */
export const ReferralDecisionPrompt = ({
  request,
  isPending,
  onConfirm,
  onClose,
}: {
  request: DecisionRequest | null
  isPending: boolean
  onConfirm: (reason: string) => void
  onClose: () => void
}) => {
  const { t } = useTranslation()
  const [reason, setReason] = useState("")
  const open = !!request
  // Each decision starts with an empty reason.
  useEffect(() => {
    if (open) setReason("")
  }, [open])
  const missing = request?.reason === "required" && !reason.trim()
  return (
    <Prompt open={open} onOpenChange={(open) => !open && !isPending && onClose()} variant="confirmation">
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>{request?.title}</Prompt.Title>
          <Prompt.Description>{request?.description}</Prompt.Description>
        </Prompt.Header>
        {request && request.reason !== "none" && (
          <div className="px-6 pb-4">
            <FormField
              id="referral-decision-reason"
              label={request.reason === "required" ? t("loyalty.referrals.prompt.reason") : t("loyalty.referrals.prompt.reason_optional")}
              hint={request.reasonHint}
            >
              <Textarea id="referral-decision-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
            </FormField>
          </div>
        )}
        <Prompt.Footer>
          <Button size="small" variant="secondary" onClick={onClose} disabled={isPending}>
            {t("loyalty.referrals.prompt.cancel")}
          </Button>
          <Button size="small" onClick={() => onConfirm(reason.trim())} disabled={missing} isLoading={isPending}>
            {request?.confirmText}
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
