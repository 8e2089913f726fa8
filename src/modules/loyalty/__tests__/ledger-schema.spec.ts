import { loyaltyModuleTestRunner } from "./loyalty-module-runner"

jest.setTimeout(120_000)

loyaltyModuleTestRunner(({ MikroOrmWrapper }) => {
  const sql = async (query: string) => (await MikroOrmWrapper.getManager().getKnex().raw(query)).rows

  describe("the ledger's schema", () => {
    // Every index is written twice per expired lot (the expire row, the lot's new version):
    // the ledger keeps the ones its queries read, and none that another one covers (a partial
    // one, such as the reversals', is written only for the rows it holds).
    it("has the indexes the ledger's queries read, without DML's account_id and deleted_at", async () => {
      const rows = await sql(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'loyalty_transaction' ORDER BY indexname`
      )
      expect(rows.map((row: { indexname: string }) => row.indexname)).toEqual([
        "IDX_loyalty_transaction_account_id_created_at",
        "IDX_loyalty_transaction_account_id_expires_at",
        "IDX_loyalty_transaction_available_at",
        // The report's period (points per month, active members): without it, a read of the whole ledger.
        "IDX_loyalty_transaction_created_at",
        "IDX_loyalty_transaction_expires_at",
        "IDX_loyalty_transaction_idempotency_key_unique",
        "IDX_loyalty_transaction_open_debts",
        "IDX_loyalty_transaction_order_id",
        "IDX_loyalty_transaction_reference",
        "IDX_loyalty_transaction_reversals",
        "loyalty_transaction_pkey",
      ])
    })

    it("compares ids and keys byte by byte, the account id and the columns that refer to it alike", async () => {
      const rows = await sql(
        `SELECT table_name || '.' || column_name AS col FROM information_schema.columns
         WHERE table_name LIKE 'loyalty\\_%' AND collation_name = 'C' ORDER BY 1`
      )
      expect(rows.map((row: { col: string }) => row.col)).toEqual([
        "loyalty_account.id",
        "loyalty_reservation.account_id",
        "loyalty_transaction.account_id",
        "loyalty_transaction.id",
        "loyalty_transaction.idempotency_key",
        "loyalty_transaction.order_id",
        "loyalty_transaction.reference",
      ])
    })
  })
})
