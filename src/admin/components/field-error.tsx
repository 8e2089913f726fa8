import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { ReferralError } from "../lib/referral-form"

/** Why a referral setting cannot be saved as typed, under its field; nothing when it can. */
export const FieldError = ({ id, error }: { id: string; error: ReferralError | undefined }) => {
  const { t } = useTranslation()
  if (!error) {
    return null
  }
  return (
    <Text id={id} size="xsmall" className="text-ui-fg-error" role="alert">
      {t(`loyalty.settings.referrals.errors.${error}`)}
    </Text>
  )
}
