import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { partyName, type ReferralParty } from "../lib/referral-queue"

/** A shopper of a referral: their name linking to the customer's page, their e-mail below. */
export const ReferralPartyCell = ({ party }: { party: ReferralParty | null }) =>
  party ? (
    <div className="flex flex-col whitespace-nowrap">
      <Link to={`/customers/${party.customer_id}`} className="text-ui-fg-interactive">
        {partyName(party)}
      </Link>
      {party.email && partyName(party) !== party.email && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {party.email}
        </Text>
      )}
    </div>
  ) : (
    <>–</>
  )
