import fs from "fs"
import path from "path"
import ts from "typescript"

/** Where a translation key is rendered: file (relative to the admin's folder) and line. */
export type KeySite = { file: string; line: number; code: string }

export type RenderedKeys = {
  /** Every key a component can pass to `t`, with the places that pass it. */
  keys: Map<string, KeySite[]>
  /** Keys built from values the types do not pin down (`string`): the test must name their values. */
  unresolved: (KeySite & { key: string })[]
}

/**
 * The translation keys the admin's components render, read from their source with the
 * TypeScript compiler (no component runs): every `t(key)` call, and every call of a local
 * helper that forwards its argument into the key (`const field = (name) => t(\`….${name}\`)`).
 * A key is resolved to its possible values from the code: string literals, template literals,
 * `a ? b : c`, and anything whose type is a string literal or a union of them (a `.map` over a
 * list declared `as const`, a prop typed as a union). What cannot be resolved so is returned as
 * `unresolved`, shown with `${…}` in place of the unknown parts.
 */
export function renderedTranslationKeys(adminDir: string): RenderedKeys {
  const configPath = path.join(adminDir, "tsconfig.json")
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, adminDir)
  const sources = parsed.fileNames.filter(
    (file) => /\.tsx?$/.test(file) && !file.endsWith(".d.ts") && !file.split(path.sep).includes("__tests__")
  )
  // The admin's own files only: packages' types (@medusajs/ui, React) are left out, which makes
  // the program ten times faster to build and only turns their types into `any` (unresolved).
  const program = ts.createProgram(sources, { ...parsed.options, noEmit: true, types: [], noResolve: true })
  const checker = program.getTypeChecker()

  const keys = new Map<string, KeySite[]>()
  const unresolved: RenderedKeys["unresolved"] = []

  for (const file of sources) {
    const source = program.getSourceFile(file)!
    const site = (node: ts.Node): KeySite => ({
      file: path.relative(adminDir, file),
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      code: node.getText(source),
    })
    const helpers = keyHelpersOf(source, checker)
    const helperParameters = new Set([...helpers.values()].flatMap((helper) => helper.parameters))

    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        let key: (string | null)[][] | undefined
        if (isTranslateCall(node) && node.arguments.length) {
          // A t() call inside a helper is resolved at the helper's call sites.
          if (!referencesAny(node.arguments[0], helperParameters, checker)) {
            key = valuesOf(node.arguments[0], checker, new Map())
          }
        } else {
          const helper = helperOf(node, helpers, checker)
          if (helper && node.arguments.length) {
            const env = new Map([[helper.parameters[0], valuesOf(node.arguments[0], checker, new Map())]])
            key = valuesOf(helper.key, checker, env)
          }
        }
        if (key) {
          for (const parts of key) {
            if (parts.every((part) => part !== null)) {
              const name = parts.join("")
              keys.set(name, [...(keys.get(name) ?? []), site(node)])
            } else {
              unresolved.push({ ...site(node), key: parts.map((part) => part ?? "${…}").join("") })
            }
          }
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { keys, unresolved }
}

type Helper = { parameters: ts.Symbol[]; key: ts.Expression }

/** `t(…)` or `i18n.t(…)`. */
function isTranslateCall(call: ts.CallExpression) {
  const callee = call.expression
  return (
    (ts.isIdentifier(callee) && callee.text === "t") ||
    (ts.isPropertyAccessExpression(callee) && callee.name.text === "t")
  )
}

/** Local functions whose first parameter goes into the key of a t() call in their body. */
function keyHelpersOf(source: ts.SourceFile, checker: ts.TypeChecker) {
  const helpers = new Map<ts.Symbol, Helper>()
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)) &&
      node.initializer.parameters.length
    ) {
      const fn = node.initializer
      const parameter = checker.getSymbolAtLocation(fn.parameters[0].name)
      const call = parameter && findTranslateCall(fn.body, (key) => referencesAny(key, new Set([parameter]), checker))
      const symbol = checker.getSymbolAtLocation(node.name)
      if (call && symbol && parameter) {
        helpers.set(symbol, { parameters: [parameter], key: call.arguments[0] })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return helpers
}

function findTranslateCall(node: ts.Node, keyMatches: (key: ts.Expression) => boolean): ts.CallExpression | undefined {
  if (ts.isCallExpression(node) && isTranslateCall(node) && node.arguments.length && keyMatches(node.arguments[0])) {
    return node
  }
  return ts.forEachChild(node, (child) => findTranslateCall(child, keyMatches))
}

function helperOf(call: ts.CallExpression, helpers: Map<ts.Symbol, Helper>, checker: ts.TypeChecker) {
  if (!ts.isIdentifier(call.expression)) return undefined
  const symbol = checker.getSymbolAtLocation(call.expression)
  return symbol ? helpers.get(symbol) : undefined
}

function referencesAny(node: ts.Node, symbols: Set<ts.Symbol>, checker: ts.TypeChecker): boolean {
  if (ts.isIdentifier(node)) {
    const symbol = checker.getSymbolAtLocation(node)
    if (symbol && symbols.has(symbol)) return true
  }
  return ts.forEachChild(node, (child) => referencesAny(child, symbols, checker) || undefined) ?? false
}

/**
 * The strings an expression can be, each as its parts: a string, or null for a part the code
 * does not pin down. `env` gives a helper's parameter the values of its call's argument.
 */
function valuesOf(
  expression: ts.Expression,
  checker: ts.TypeChecker,
  env: Map<ts.Symbol, (string | null)[][]>
): (string | null)[][] {
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) {
    return valuesOf(expression.expression, checker, env)
  }
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
    return [[expression.text]]
  }
  if (ts.isTemplateExpression(expression)) {
    let results: (string | null)[][] = [[expression.head.text]]
    for (const span of expression.templateSpans) {
      const values = valuesOf(span.expression, checker, env)
      results = results.flatMap((prefix) => values.map((value) => [...prefix, ...value, span.literal.text]))
    }
    return results
  }
  if (ts.isConditionalExpression(expression)) {
    return [...valuesOf(expression.whenTrue, checker, env), ...valuesOf(expression.whenFalse, checker, env)]
  }
  if (ts.isIdentifier(expression)) {
    const symbol = checker.getSymbolAtLocation(expression)
    const bound = symbol && env.get(symbol)
    if (bound) return bound
  }
  const type = checker.getTypeAtLocation(expression)
  const members = type.isUnion() ? type.types : [type]
  if (members.every((member) => member.isStringLiteral())) {
    return members.map((member) => [(member as ts.StringLiteralType).value])
  }
  return [[null]]
}

/** Every key of a translation file whose value is text, as `a.b.c`. */
export function leafKeys(json: unknown, prefix = ""): Map<string, unknown> {
  const keys = new Map<string, unknown>()
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, leaf] of leafKeys(value, `${prefix}${name}.`)) keys.set(key, leaf)
    } else {
      keys.set(`${prefix}${name}`, value)
    }
  }
  return keys
}

export const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"))
