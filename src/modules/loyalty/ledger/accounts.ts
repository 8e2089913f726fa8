import { birthdayChangeError } from "../../../lib/rules"
import { invalid } from "./errors"
import type { LedgerStore } from "./ledger-store"
import type { AccountProfile, AccountRow } from "./types"

/**
 * Saves what the shopper sets on their account: the birthday (once; the
 * same value again is fine) and the newsletter choice. Returns the profile
 * before and after, under the account's lock, so two requests at once cannot
 * both set a different birthday or both see a first opt-in.
 */
export async function updateAccountProfile(
  store: LedgerStore,
  customerId: string,
  changes: Partial<AccountProfile>
): Promise<{ account_id: string; before: AccountProfile; after: AccountProfile }> {
  const account = (await store.lockAccountOfCustomer(customerId)) as AccountRow & AccountProfile
  const before: AccountProfile = {
    birthday: account.birthday ?? null,
    newsletter_opt_in: account.newsletter_opt_in ?? null,
    notifications_opt_out: account.notifications_opt_out ?? false,
  }
  if (changes.birthday !== undefined) {
    const error = birthdayChangeError(before.birthday, changes.birthday)
    if (error) {
      throw invalid(error)
    }
  }
  const after: AccountProfile = {
    birthday: changes.birthday ?? before.birthday,
    newsletter_opt_in: changes.newsletter_opt_in ?? before.newsletter_opt_in,
    notifications_opt_out: changes.notifications_opt_out ?? before.notifications_opt_out,
  }
  await store.setProfile(account.id, after)
  return { account_id: account.id, before, after }
}

/** Puts a profile back as it was (compensation of updateAccountProfile). */
export async function restoreAccountProfile(store: LedgerStore, accountId: string, profile: AccountProfile) {
  await store.lockAccount(accountId)
  await store.setProfile(accountId, profile)
}
