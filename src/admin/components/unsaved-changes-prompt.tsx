import { Prompt } from "@medusajs/ui"
import { useEffect } from "react"
import { useTranslation } from "react-i18next"
import { useBlocker } from "react-router-dom"

/**
 * While `when` holds, leaving the page asks first, as Medusa's own forms do (its RouteModalForm:
 * react-router's blocker and a Prompt): a link or the browser's back stops at "Leave without
 * saving?", and a reload or closed tab gets the browser's own question.
 */
export const UnsavedChangesPrompt = ({ when }: { when: boolean }) => {
  const { t } = useTranslation()
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname)

  useEffect(() => {
    if (!when) {
      return
    }
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older browsers ask only when returnValue is set.
      event.returnValue = ""
    }
    window.addEventListener("beforeunload", warn)
    return () => window.removeEventListener("beforeunload", warn)
  }, [when])

  return (
    <Prompt open={blocker.state === "blocked"} variant="confirmation">
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>{t("loyalty.unsaved.title")}</Prompt.Title>
          <Prompt.Description>{t("loyalty.unsaved.description")}</Prompt.Description>
        </Prompt.Header>
        <Prompt.Footer>
          <Prompt.Cancel type="button" onClick={() => blocker.reset?.()}>
            {t("loyalty.unsaved.stay")}
          </Prompt.Cancel>
          <Prompt.Action type="button" onClick={() => blocker.proceed?.()}>
            {t("loyalty.unsaved.leave")}
          </Prompt.Action>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
