import fs from "fs"
import path from "path"
import en from "../../locales/en.json"
import ru from "../../locales/ru.json"

type Tree = { [key: string]: string | Tree }

/** Every key of a translation tree, plural forms (_one, _few, …) counted as their base key. */
function keys(tree: Tree, prefix = ""): Set<string> {
  const out = new Set<string>()
  for (const [name, value] of Object.entries(tree)) {
    const key = `${prefix}${name.replace(/_(zero|one|two|few|many|other)$/, "")}`
    if (typeof value === "string") out.add(key)
    else for (const inner of keys(value, `${key}.`)) out.add(inner)
  }
  return out
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" ? [] : sources(full)
    return /\.tsx?$/.test(entry.name) ? [fs.readFileSync(full, "utf8")] : []
  })
}

describe("the storefront's texts", () => {
  const english = keys(en as Tree)
  const russian = keys(ru as Tree)

  it("has the same keys in English and Russian", () => {
    expect([...russian].sort()).toEqual([...english].sort())
  })

  it("has every key the code uses", () => {
    const used = new Set<string>()
    for (const source of sources(path.join(__dirname, "..", ".."))) {
      for (const match of source.matchAll(/\bt\(\s*"([a-z_.]+)"/g)) used.add(match[1])
    }
    expect(used.size).toBeGreaterThan(50)
    expect([...used].filter((key) => !english.has(key))).toEqual([])
  })

  it("has every ledger line the points helper names", () => {
    const helper = fs.readFileSync(path.join(__dirname, "..", "points.ts"), "utf8")
    const named = [...helper.matchAll(/"(ledger\.[a-z_]+)"/g)].map((m) => m[1])
    expect(named.filter((key) => !english.has(key))).toEqual([])
  })

  it("is Russian in Russian", () => {
    expect(ru.checkout.place_order).not.toBe(en.checkout.place_order)
    expect(ru.points.title).toMatch(/[а-яё]/i)
  })
})
