import { countNewlines, exportFileName, ledgerExportPath, progressPercent, readExport } from "../csv-download"

const streamOf = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
      controller.close()
    },
  })

describe("the admin's export download", () => {
  it("reports the rows received after the header as they arrive, then the announced total, and returns the whole file", async () => {
    const parts = ["\uFEFFcustomer_id,balance\ncus_1,", "10\ncus_2,20\n", "cus_3,30\n"]
    const response = new Response(streamOf(parts), {
      headers: { "x-loyalty-export-rows": "3", "content-disposition": 'attachment; filename="loyalty-members-2026-12-03.csv"' },
    })
    const seen: { rows: number; total: number | null }[] = []
    const file = await readExport(response, (progress) => seen.push(progress))
    expect(seen).toEqual([
      { rows: 0, total: 3 },
      { rows: 2, total: 3 },
      { rows: 3, total: 3 },
    ])
    // Byte for byte, the byte order mark included (Blob.text() would drop it).
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new TextEncoder().encode(parts.join("")))
    expect(exportFileName(response, "export.csv")).toBe("loyalty-members-2026-12-03.csv")
  })

  it("shows no share while the total is unknown, 100 % for an empty export, and never more than 100 %", () => {
    expect(progressPercent({ rows: 5, total: null })).toBeNull()
    expect(progressPercent({ rows: 0, total: 0 })).toBe(100)
    expect(progressPercent({ rows: 1, total: 3 })).toBe(33)
    expect(progressPercent({ rows: 9, total: 3 })).toBe(100)
    expect(countNewlines(new TextEncoder().encode("a\nb\n\n"))).toBe(3)
    expect(exportFileName(new Response(""), "export.csv")).toBe("export.csv")
  })

  it("asks for the ledger from the first day's local midnight to the local midnight after the last day", () => {
    // Jest's process.env is a copy, so the zone cannot be switched here: the local calendar is the machine's.
    const params = new URL(ledgerExportPath("2026-03-01", "2026-03-31"), "http://admin").searchParams
    expect(new Date(params.get("from")!)).toEqual(new Date(2026, 2, 1))
    expect(new Date(params.get("to")!)).toEqual(new Date(2026, 3, 1))
    expect(ledgerExportPath("", "")).toBe("/admin/loyalty/exports/ledger")
  })
})
