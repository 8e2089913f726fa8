import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Readable } from "stream"
import v8 from "v8"
import vm from "vm"
import { createAdmin } from "../integration-tests/helpers/auth"
import { roundRatio, writeReport } from "./lib/report"
import { median } from "./lib/timing"

/**
 * Issue 20 point 4: the members export of a store with 100 000 members, streamed as CSV
 * (`GET /admin/loyalty/exports/members`), against Medusa's own admin list of the same
 * customers read page by page (`GET /admin/customers?limit=1000`, every page), in the same
 * run. Both sides in turn, BENCH_SAMPLES times (3). The server runs in this process, so its
 * memory is this process's: one more export, untimed, collects the garbage every 100 ms and
 * records what the heap still holds above its level before (what the export keeps, not what it
 * has let go and V8 has not yet collected).
 *
 *   members_export_ms      the export, first byte to last (median)
 *   customers_list_ms      the same customers through Medusa's list, 100 pages (median)
 *   export_ratio           the medians' ratio: the export ÷ Medusa's list of the same rows
 *   retained_mb            the largest rise of the collected heap over its level before the export
 *   peak_rss_mb            the process's largest RSS while the exports ran
 */
const MEMBERS = Number(process.env.BENCH_MEMBERS || 100_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES || 3)
const PAGE = 1000

jest.setTimeout(60 * 60 * 1000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it(`times the members export of ${MEMBERS} members against Medusa's customer list of them`, async () => {
      const container = getContainer()
      const admin = { headers: (await createAdmin(container)).headers }
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await knex.raw(
        `INSERT INTO customer (id, email, first_name, last_name, has_account)
         SELECT 'cus_bench' || lpad(i::text, 7, '0'), 'member' || i || '@bench.example', 'Member', 'Number ' || i, true
         FROM generate_series(1, :members) AS i`,
        { members: MEMBERS }
      )
      await knex.raw(
        `INSERT INTO loyalty_account (id, customer_id, balance, lifetime_earned)
         SELECT 'lyacc_bench' || lpad(i::text, 7, '0'), 'cus_bench' || lpad(i::text, 7, '0'), i % 5000, i % 5000
         FROM generate_series(1, :members) AS i`,
        { members: MEMBERS }
      )
      await knex.raw("VACUUM ANALYZE customer")
      await knex.raw("VACUUM ANALYZE loyalty_account")

      /** The export, streamed: lines counted as they arrive. */
      const exportOnce = async () => {
        const response = await api.get("/admin/loyalty/exports/members", { ...admin, responseType: "stream" })
        let lines = 0
        for await (const chunk of response.data as Readable) {
          for (const byte of chunk as Buffer) if (byte === 10) lines++
        }
        expect(lines).toBe(MEMBERS + 1)
      }
      const exportTimes: number[] = []
      const listTimes: number[] = []
      let peakRss = 0
      const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
      for (let sample = 0; sample < SAMPLES; sample++) {
        let started = process.hrtime.bigint()
        await exportOnce()
        exportTimes.push(Number(process.hrtime.bigint() - started) / 1e6)

        // Medusa's own list of the same customers, every page.
        started = process.hrtime.bigint()
        let listed = 0
        for (let offset = 0; offset < MEMBERS; offset += PAGE) {
          const { data } = await api.get(`/admin/customers?limit=${PAGE}&offset=${offset}&fields=id,email,first_name,last_name&order=id`, admin)
          listed += data.customers.length
        }
        listTimes.push(Number(process.hrtime.bigint() - started) / 1e6)
        expect(listed).toBe(MEMBERS)
      }
      clearInterval(rssSampler)

      v8.setFlagsFromString("--expose-gc")
      const gc = vm.runInNewContext("gc") as () => void
      gc()
      const baseline = process.memoryUsage().heapUsed
      let retained = 0
      const heapSampler = setInterval(() => {
        gc()
        retained = Math.max(retained, process.memoryUsage().heapUsed - baseline)
      }, 100)
      await exportOnce()
      clearInterval(heapSampler)
      const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)
      writeReport({
        figures: {
          members: MEMBERS,
          members_export_ms: Math.round(median(exportTimes)),
          customers_list_ms: Math.round(median(listTimes)),
          export_ratio: roundRatio(median(exportTimes) / median(listTimes)),
          retained_mb: mb(retained),
          peak_rss_mb: mb(peakRss),
          samples: SAMPLES,
        },
        comparisons: {},
      })
    })
  },
})
