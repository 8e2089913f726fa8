import { MedusaError } from "@medusajs/framework/utils"
import type { ILoyaltyModuleService } from "../../../types/loyalty"
import { CLOSED_WRITES } from "../closed-writes"
import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(60_000)

const refusal = (method: string) =>
  expect.objectContaining({ type: MedusaError.Types.NOT_ALLOWED, message: expect.stringContaining(`${method} is not available`) })

/**
 * The ledger is append-only by construction (DESIGN §2): the generated writes
 * of accounts, ledger rows and holds refuse when called from outside the
 * module, as a workflow or a host app would call them, and the typed
 * interface does not offer them.
 */
loyaltyModuleTestRunner(({ service }) => {
  describe("the module's generated writes", () => {
    afterEach(async () => {
      expect(await service.verifyAccounts()).toEqual([])
    })

    it("refuse to change a ledger row or an account's figures, naming what to call instead, and change nothing", async () => {
      const lot = await service.credit({
        customer_id: "cus_closed",
        type: "earn",
        status: "available",
        points: 100,
        idempotency_key: "closed:earn",
      })
      const account = await service.getOrCreateAccount("cus_closed")
      await service.reserve({ customer_id: "cus_closed", cart_id: "cart_closed", points: 40, expires_at: new Date(Date.now() + 60_000) })
      const typed: ILoyaltyModuleService = service

      // @ts-expect-error the typed interface has no generated writes of the ledger
      await expect(typed.updateLoyaltyTransactions({ id: lot.id, points: 1_000, remaining: 1_000 })).rejects.toEqual(
        refusal("updateLoyaltyTransactions")
      )
      await expect(service.updateLoyaltyTransactions({ id: lot.id, points: 1_000 })).rejects.toThrow(
        "updateLoyaltyTransactions is not available: the ledger is append-only"
      )
      await expect(service.deleteLoyaltyTransactions([lot.id])).rejects.toEqual(refusal("deleteLoyaltyTransactions"))
      await expect(service.softDeleteLoyaltyTransactions([lot.id])).rejects.toEqual(refusal("softDeleteLoyaltyTransactions"))
      await expect(service.restoreLoyaltyTransactions([lot.id])).rejects.toEqual(refusal("restoreLoyaltyTransactions"))
      await expect(
        service.createLoyaltyTransactions({ account_id: account.id, type: "earn", points: 5, idempotency_key: "closed:forged" } as any)
      ).rejects.toEqual(refusal("createLoyaltyTransactions"))
      await expect(service.updateLoyaltyAccounts({ id: account.id, balance: 1_000 })).rejects.toThrow(
        "updateLoyaltyAccounts is not available: an account's figures follow its ledger"
      )
      await expect(service.softDeleteLoyaltyAccounts([account.id])).rejects.toEqual(refusal("softDeleteLoyaltyAccounts"))
      await expect(service.deleteLoyaltyAccounts([account.id])).rejects.toEqual(refusal("deleteLoyaltyAccounts"))
      const [hold] = await service.listLoyaltyReservations({ cart_id: "cart_closed" })
      await expect(service.updateLoyaltyReservations({ id: hold.id, status: "released" })).rejects.toEqual(
        refusal("updateLoyaltyReservations")
      )

      expect(await service.getOrCreateAccount("cus_closed")).toMatchObject({ balance: 100, reserved: 40, lifetime_earned: 100 })
      expect(await service.listLoyaltyTransactions({ account_id: account.id })).toEqual([
        expect.objectContaining({ id: lot.id, points: 100, remaining: 100 }),
      ])
      expect(await service.listLoyaltyReservations({ cart_id: "cart_closed" })).toEqual([
        expect.objectContaining({ status: "active", points: 40 }),
      ])
    })

    it("close create, update, delete, softDelete and restore of every record the ledger owns", async () => {
      expect(CLOSED_WRITES.map(({ method }) => method).sort()).toEqual(
        ["Accounts", "Transactions", "Reservations", "OutboxEvents", "LedgerChecks", "JobRuns", "ReferralCodes", "Referrals", "ReferralRefusals", "ReferralAttempts", "ReferralSites", "ReferralVisits", "TelegramLinks", "TelegramLinkTokens"]
          .flatMap((records) => ["create", "update", "delete", "softDelete", "restore"].map((verb) => `${verb}Loyalty${records}`))
          .sort()
      )
      for (const { method } of CLOSED_WRITES) {
        await expect((service as any)[method]({})).rejects.toEqual(refusal(method))
      }
    })

    it("leave the reads, the shopper's profile and the store owner's records working", async () => {
      await service.updateAccountProfile("cus_profile", { birthday: "1990-05-17", newsletter_opt_in: true })
      const [account] = await service.listLoyaltyAccounts({ customer_id: "cus_profile" })
      expect(account).toMatchObject({ birthday: "1990-05-17", newsletter_opt_in: true, balance: 0 })

      const tier = await service.saveRecord("tier", { data: { name: "Gold", min_points: 1000, multiplier: 2 } })
      expect(await service.saveRecord("tier", { id: tier.id, data: { multiplier: 3 } })).toMatchObject({ multiplier: 3 })
      await service.deleteRecord("tier", tier.id)
      expect(await service.listRecords("tier")).toEqual([])
      expect(await service.updateProgramSettings({ earn_percent: 7 })).toMatchObject({ earn_percent: 7 })
    })
  })
})
