import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { LOYALTY_MODULE } from "../../modules/loyalty"
import type { RecordKind } from "../../modules/loyalty/program/records"
import type { ILoyaltyModuleService } from "../../types/loyalty"
import { deleteProgramRecordWorkflow, saveProgramRecordWorkflow } from "../../workflows"

const PLURAL: Record<RecordKind, string> = { tier: "tiers", campaign: "campaigns", rule: "rules" }

/**
 * The admin routes of tiers, campaigns and rules are the same but for the
 * kind: `GET|POST /admin/loyalty/<kinds>` and `GET|POST|DELETE …/:id`.
 */
export function recordCollectionRoutes(kind: RecordKind) {
  return {
    GET: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
      const records = await loyalty.listRecords(kind)
      res.json({ [PLURAL[kind]]: records, count: records.length })
    },
    POST: async (req: AuthenticatedMedusaRequest<Record<string, unknown>>, res: MedusaResponse) => {
      const { result } = await saveProgramRecordWorkflow(req.scope).run({ input: { kind, data: req.validatedBody } })
      res.status(201).json({ [kind]: result })
    },
  }
}

export function recordItemRoutes(kind: RecordKind) {
  return {
    GET: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      const loyalty: ILoyaltyModuleService = req.scope.resolve(LOYALTY_MODULE)
      res.json({ [kind]: await loyalty.retrieveRecord(kind, req.params.id) })
    },
    POST: async (req: AuthenticatedMedusaRequest<Record<string, unknown>>, res: MedusaResponse) => {
      const { result } = await saveProgramRecordWorkflow(req.scope).run({
        input: { kind, id: req.params.id, data: req.validatedBody },
      })
      res.json({ [kind]: result })
    },
    DELETE: async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
      await deleteProgramRecordWorkflow(req.scope).run({ input: { kind, id: req.params.id } })
      res.json({ id: req.params.id, object: `loyalty_${kind}`, deleted: true })
    },
  }
}
