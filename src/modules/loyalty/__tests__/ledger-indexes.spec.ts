import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ MikroOrmWrapper }) => {
  describe("the ledger's indexes", () => {
    // Every index is written twice per expired lot (the expire row, the lot's new version):
    // the ledger keeps the ones its queries read, and none that another one covers.
    it("are the ones the ledger's queries read, without DML's account_id and deleted_at", async () => {
      const { rows } = await MikroOrmWrapper.getManager()
        .getKnex()
        .raw(`SELECT indexname FROM pg_indexes WHERE tablename = 'loyalty_transaction' ORDER BY indexname`)
      expect(rows.map((row: { indexname: string }) => row.indexname)).toEqual([
        "IDX_loyalty_transaction_account_id_created_at",
        "IDX_loyalty_transaction_account_id_expires_at",
        "IDX_loyalty_transaction_available_at",
        "IDX_loyalty_transaction_expires_at",
        "IDX_loyalty_transaction_idempotency_key_unique",
        "IDX_loyalty_transaction_open_debts",
        "IDX_loyalty_transaction_order_id",
        "IDX_loyalty_transaction_reference",
        "loyalty_transaction_pkey",
      ])
    })
  })
})
