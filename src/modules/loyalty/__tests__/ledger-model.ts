/**
 * One loyalty account's ledger in memory: what the module service must do,
 * written out from DESIGN.md §2 (lots, pending and available points, holds,
 * spending order, clawback, restore, expiry, adjustments) and from the
 * service's documented contract where the design leaves a choice open. It
 * shares no code with the service or src/lib on purpose: the model-based test
 * (ledger-model.spec.ts) replays the same operations on both and compares them.
 *
 * The rules, as the model applies them:
 * - Every credit is a lot. An available one pays open debt first, oldest debt
 *   first; what is left stays in the lot. A pending one waits for its
 *   available_at, when the release job makes it available (and it pays debt).
 * - Spending takes the lot that expires first (never-expiring lots last,
 *   older lots first on a tie), and only the parts no cart holds.
 * - Expiry writes one expire row per lot, for what no cart holds of it. It
 *   happens in the expiry job and before anything takes points from lots.
 * - A direct debit (redeem, negative adjustment) never overdraws: balance
 *   minus what carts hold must cover it.
 * - A hold takes its points from the lots no other cart holds, first-expiring
 *   first; a new amount for a cart is allocated afresh, its own parts included.
 *   The held parts are the cart's: expiry and other debits leave them alone.
 * - An order spends its cart's held parts, even past their expiry; what the
 *   order does not take goes back. A hold released while its cart completed
 *   anyway still pays the discount the order got, from what is free, in debt
 *   if need be.
 * - When a hold ends or shrinks, its due parts expire and the rest pays debt.
 * - A reversal takes back at most what the lot has not lost to reversal or
 *   expiry: a pending lot shrinks (void at zero); an available one is debited,
 *   that lot first. What spent points cannot cover is debt when the program
 *   allows negative balances, else only the part carts hold is debt and the
 *   rest is recorded as uncollected.
 * - A restore gives back what an order spent beyond what it keeps, as a lot
 *   that expires no later than the lots the points came from.
 * - Every keyed operation happens once: a repeated key changes nothing. A
 *   refused operation changes nothing at all.
 */

export type CreditType = "earn" | "bonus" | "referral" | "adjust" | "restore"

export type Lot = {
  id: string
  key: string
  type: CreditType
  points: number
  status: "pending" | "available" | "void"
  remaining: number
  available_at: number | null
  /** null: never expires. */
  expires_at: number | null
  order_id: string | null
  /** Taken back by reversals (collected or not) and by expiry: never taken twice. */
  reversed: number
  expired: number
  seq: number
}

export type Part = { lot_id: string; points: number }

export type Debit = {
  key: string
  type: "redeem" | "adjust" | "reversal" | "expire"
  points: number
  /** The part no lot covered: debt that later credits pay. */
  unsettled: number
  /** A reversal's points nobody could collect (no negative balance allowed). */
  shortfall: number
  reference: string | null
  order_id: string | null
  /** The lots it took points from. */
  parts: Part[]
  seq: number
}

export type Hold = {
  id: string
  cart_id: string
  points: number
  parts: Part[]
  status: "active" | "committed" | "released"
  seq: number
}

export type Outcome = "written" | "replayed" | "none" | "refused"

/** A refusal: the operation is rolled back whole. */
class Refused extends Error {}

const EARNING: ReadonlySet<CreditType> = new Set(["earn", "bonus", "referral", "adjust"])

export class LedgerModel {
  lots: Lot[] = []
  debits: Debit[] = []
  holds: Hold[] = []
  /** Idempotency keys written. */
  keys = new Set<string>()
  private seq = 0

  constructor(
    readonly allowNegativeBalance: boolean,
    public now: number
  ) {}

  // ------------------------------------------------------------ figures

  get balance() {
    const unspent = this.lots.filter((l) => l.status === "available").reduce((s, l) => s + l.remaining, 0)
    return unspent - this.debt
  }

  get pending() {
    return this.lots.filter((l) => l.status === "pending").reduce((s, l) => s + l.remaining, 0)
  }

  get reserved() {
    return this.activeHolds().reduce((s, h) => s + h.points, 0)
  }

  get debt() {
    return this.debits.reduce((s, d) => s + d.unsettled, 0)
  }

  get lifetimeEarned() {
    const isEarning = (lotId: string | null) => EARNING.has(this.lots.find((l) => l.id === lotId)?.type as CreditType)
    return (
      this.lots.filter((l) => EARNING.has(l.type)).reduce((s, l) => s + l.points, 0) +
      this.debits.filter((d) => d.type === "reversal" && isEarning(d.reference)).reduce((s, d) => s + d.points, 0)
    )
  }

  get lifetimeSpent() {
    return (
      this.debits.filter((d) => d.type === "redeem").reduce((s, d) => s - d.points, 0) -
      this.lots.filter((l) => l.type === "restore").reduce((s, l) => s + l.points, 0)
    )
  }

  figures() {
    const balance = this.balance
    const reserved = this.reserved
    return {
      balance,
      pending: this.pending,
      reserved,
      spendable: balance - reserved,
      lifetime_earned: this.lifetimeEarned,
      lifetime_spent: this.lifetimeSpent,
    }
  }

  // ------------------------------------------------------------ operations

  credit(input: {
    id: string
    key: string
    type: CreditType
    points: number
    status: "pending" | "available"
    available_at: number | null
    expires_at: number | null
    order_id?: string | null
  }): Outcome {
    if (this.keys.has(input.key)) {
      return "replayed"
    }
    const lot: Lot = {
      id: input.id,
      key: input.key,
      type: input.type,
      points: input.points,
      status: input.status,
      remaining: input.points,
      available_at: input.available_at,
      expires_at: input.expires_at,
      order_id: input.order_id ?? null,
      reversed: 0,
      expired: 0,
      seq: this.nextSeq(),
    }
    if (lot.status === "available") {
      lot.remaining = this.payDebts(lot.points)
    }
    this.lots.push(lot)
    this.keys.add(input.key)
    return "written"
  }

  /** The pending-release job at `now`: due pending lots become available, oldest first. */
  releaseDue(): Outcome {
    for (const lot of this.lots) {
      if (lot.status === "pending" && lot.available_at !== null && lot.available_at <= this.now) {
        lot.status = "available"
        lot.remaining = this.payDebts(lot.remaining)
      }
    }
    return "none"
  }

  /** The expiry job at `now` (and the first thing every spend does). */
  expireDue(): Outcome {
    const held = this.heldByLot()
    for (const lot of this.spendingOrder(this.lots)) {
      if (lot.status !== "available" || lot.remaining <= 0 || lot.expires_at === null || lot.expires_at > this.now) {
        continue
      }
      const points = lot.remaining - (held.get(lot.id) ?? 0)
      if (points <= 0) {
        continue
      }
      this.writeDebit({
        key: `expire:${lot.id}:${lot.remaining}`,
        type: "expire",
        points: -points,
        reference: lot.id,
        order_id: lot.order_id,
        parts: [{ lot_id: lot.id, points }],
      })
      lot.remaining -= points
      lot.expired += points
    }
    return "none"
  }

  debit(input: { key: string; type: "redeem" | "adjust"; points: number }): Outcome {
    if (this.keys.has(input.key)) {
      return "replayed"
    }
    return this.atomically(() => {
      this.expireDue()
      if (this.balance - this.reserved < input.points) {
        throw new Refused()
      }
      const { parts, shortfall } = this.takeFree(input.points)
      if (shortfall) {
        throw new Error(`model: a covered debit of ${input.points} fell ${shortfall} short`)
      }
      this.writeDebit({ key: input.key, type: input.type, points: -input.points, parts })
      this.keys.add(input.key)
      return "written"
    })
  }

  /** A signed manual correction: a lot, or a debit that never overdraws. */
  adjust(input: { id: string; key: string; points: number; expires_at: number | null }): Outcome {
    if (input.points > 0) {
      return this.credit({ ...input, type: "adjust", status: "available", available_at: null })
    }
    return this.debit({ key: input.key, type: "adjust", points: -input.points })
  }

  reverse(input: { key: string; lot_id: string; points?: number; keep_points?: number; order_id?: string }): Outcome {
    if (this.keys.has(input.key)) {
      return "replayed"
    }
    const lot = this.lots.find((l) => l.id === input.lot_id)
    if (!lot) {
      throw new Error(`model: no lot ${input.lot_id}`)
    }
    if (lot.status === "void") {
      return "none"
    }
    if (lot.status === "available") {
      // What the lot loses to expiry now is gone already, not to be taken back again.
      this.expireDue()
    }
    const wanted = input.keep_points === undefined ? input.points! : lot.points - lot.reversed - input.keep_points
    const points = Math.min(wanted, lot.points - lot.reversed - lot.expired)
    if (points <= 0) {
      return "none"
    }
    lot.reversed += points
    const row = { key: input.key, type: "reversal" as const, reference: lot.id, order_id: input.order_id ?? lot.order_id }
    if (lot.status === "pending") {
      lot.remaining -= points
      if (lot.remaining === 0) {
        lot.status = "void"
      }
      this.writeDebit({ ...row, points: -points, parts: [] })
    } else {
      const { parts, shortfall } = this.takeFree(points, lot.id)
      const debt = this.allowNegativeBalance ? shortfall : Math.min(shortfall, this.heldPoints())
      const taken = points - shortfall
      // Nothing taken is a zero row that records the shortfall (written as 0, not -0).
      this.writeDebit({ ...row, points: 0 - (taken + debt) || 0, parts, unsettled: debt, shortfall: shortfall - debt })
    }
    this.keys.add(input.key)
    return "written"
  }

  reserve(input: { id: string; cart_id: string; points: number }): Outcome {
    return this.atomically(() => {
      this.expireDue()
      const own = this.activeHolds().find((h) => h.cart_id === input.cart_id)
      if (this.balance - this.reserved + (own?.points ?? 0) < input.points) {
        throw new Refused()
      }
      const heldByOthers = this.heldByLot(own)
      const open = this.lots
        .filter((l) => l.status === "available")
        .map((l) => ({ lot: l, free: l.remaining - (heldByOthers.get(l.id) ?? 0) }))
      const { parts, shortfall } = this.allocate(open, input.points)
      if (shortfall) {
        throw new Refused()
      }
      if (own) {
        own.points = input.points
        own.parts = parts
        this.afterHoldShrank()
      } else {
        this.holds.push({ id: input.id, cart_id: input.cart_id, points: input.points, parts, status: "active", seq: this.nextSeq() })
      }
      return "written"
    })
  }

  commit(input: { cart_id: string; order_id: string; points?: number }): Outcome {
    const hold = this.latestHold(input.cart_id)
    if (!hold) {
      return "none"
    }
    const key = `redeem:${hold.id}`
    if (this.keys.has(key) || hold.status === "committed") {
      return "replayed"
    }
    const points = Math.min(input.points ?? (hold.status === "active" ? hold.points : 0), hold.points)
    const redeem = { key, type: "redeem" as const, reference: input.cart_id, order_id: input.order_id }
    if (hold.status === "active") {
      // The held parts are the order's, expired or not.
      const open = hold.parts.flatMap((part) => {
        const lot = this.lots.find((l) => l.id === part.lot_id && l.status === "available")
        return lot ? [{ lot, free: Math.min(part.points, lot.remaining) }] : []
      })
      const { parts, shortfall } = points > 0 ? this.allocate(open, points) : { parts: [], shortfall: 0 }
      this.take(parts)
      if (points > 0) {
        this.writeDebit({ ...redeem, points: -points, parts, unsettled: shortfall })
        this.keys.add(key)
      }
      hold.status = points > 0 ? "committed" : "released"
      this.afterHoldShrank()
      return points > 0 ? "written" : "none"
    }
    if (points <= 0) {
      return "none"
    }
    // Released meanwhile: the order still pays for the discount it got.
    this.expireDue()
    const { parts, shortfall } = this.takeFree(points)
    this.writeDebit({ ...redeem, points: -points, parts, unsettled: shortfall })
    this.keys.add(key)
    hold.status = "committed"
    return "written"
  }

  release(input: { cart_id: string }): Outcome {
    const hold = this.activeHolds().find((h) => h.cart_id === input.cart_id)
    if (!hold) {
      return "none"
    }
    hold.status = "released"
    this.afterHoldShrank()
    return "written"
  }

  /** Gives back the points an order spent beyond `keep_spent_points`. */
  restore(input: { id: string; key: string; order_id: string; keep_spent_points: number }): Outcome {
    const redeems = this.debits.filter((d) => d.type === "redeem" && d.order_id === input.order_id)
    if (!redeems.length) {
      return "none"
    }
    if (this.keys.has(input.key)) {
      return "replayed"
    }
    const redeemed = -redeems.reduce((s, d) => s + d.points, 0)
    const restored = this.lots.filter((l) => l.type === "restore" && l.order_id === input.order_id).reduce((s, l) => s + l.points, 0)
    const points = redeemed - restored - input.keep_spent_points
    if (points <= 0) {
      return "none"
    }
    const sources = redeems.flatMap((d) => d.parts).map((part) => this.lots.find((l) => l.id === part.lot_id)!)
    const expires_at =
      sources.length === 0 || sources.some((l) => l.expires_at === null)
        ? null
        : Math.max(...sources.map((l) => l.expires_at!))
    return this.credit({
      id: input.id,
      key: input.key,
      type: "restore",
      points,
      status: "available",
      available_at: null,
      expires_at,
      order_id: input.order_id,
    })
  }

  // ------------------------------------------------------------ reads for the test

  activeHolds() {
    return this.holds.filter((h) => h.status === "active")
  }

  latestHold(cartId: string) {
    return this.holds.filter((h) => h.cart_id === cartId).sort((a, b) => b.seq - a.seq)[0]
  }

  /** Orders that spent points, in the order they did. */
  ordersWithRedeems() {
    return [...new Set(this.debits.filter((d) => d.type === "redeem" && d.order_id).map((d) => d.order_id!))]
  }

  // ------------------------------------------------------------ internals

  /** Runs `operation`; a refusal puts everything back as it was. */
  private atomically(operation: () => Outcome): Outcome {
    const saved = this.snapshot()
    try {
      return operation()
    } catch (error) {
      if (error instanceof Refused) {
        this.restoreSnapshot(saved)
        return "refused"
      }
      throw error
    }
  }

  private snapshot() {
    return {
      lots: this.lots.map((l) => ({ ...l })),
      debits: this.debits.map((d) => ({ ...d, parts: d.parts.map((p) => ({ ...p })) })),
      holds: this.holds.map((h) => ({ ...h, parts: h.parts.map((p) => ({ ...p })) })),
      keys: new Set(this.keys),
      seq: this.seq,
    }
  }

  private restoreSnapshot(saved: ReturnType<LedgerModel["snapshot"]>) {
    this.lots = saved.lots
    this.debits = saved.debits
    this.holds = saved.holds
    this.keys = saved.keys
    this.seq = saved.seq
  }

  /** Spending order: soonest expiry first, never-expiring last, older first on a tie. */
  private spendingOrder(lots: Lot[]) {
    const expiry = (l: Lot) => l.expires_at ?? Number.POSITIVE_INFINITY
    return [...lots].sort((a, b) => expiry(a) - expiry(b) || a.seq - b.seq)
  }

  /** What active holds (but `except`) keep of each lot. */
  private heldByLot(except?: Hold) {
    const held = new Map<string, number>()
    for (const hold of this.activeHolds()) {
      if (hold === except) continue
      for (const part of hold.parts) {
        held.set(part.lot_id, (held.get(part.lot_id) ?? 0) + part.points)
      }
    }
    return held
  }

  /** Points carts hold that are still in their lots. */
  private heldPoints() {
    let points = 0
    for (const [lotId, held] of this.heldByLot()) {
      const lot = this.lots.find((l) => l.id === lotId)
      if (lot?.status === "available") points += Math.min(held, lot.remaining)
    }
    return points
  }

  /** `points` from `open` (lots with what may be taken of each) in spending order, `preferLotId` first. */
  private allocate(open: { lot: Lot; free: number }[], points: number, preferLotId?: string) {
    const ordered = this.spendingOrder(open.map((o) => o.lot))
    const preferred = ordered.filter((l) => l.id === preferLotId)
    const free = new Map(open.map((o) => [o.lot.id, o.free]))
    const parts: Part[] = []
    let left = points
    for (const lot of [...preferred, ...ordered.filter((l) => l.id !== preferLotId)]) {
      if (left === 0) break
      const taken = Math.min(free.get(lot.id)!, left)
      if (taken > 0) {
        parts.push({ lot_id: lot.id, points: taken })
        left -= taken
      }
    }
    return { parts, shortfall: left }
  }

  /** Takes up to `points` of what no cart holds; the shortfall is what was not there. */
  private takeFree(points: number, preferLotId?: string) {
    const held = this.heldByLot()
    const open = this.lots
      .filter((l) => l.status === "available")
      .map((l) => ({ lot: l, free: l.remaining - (held.get(l.id) ?? 0) }))
    const result = this.allocate(open, points, preferLotId)
    this.take(result.parts)
    return result
  }

  private take(parts: Part[]) {
    for (const part of parts) {
      this.lots.find((l) => l.id === part.lot_id)!.remaining -= part.points
    }
  }

  /** What a hold no longer keeps is the account's again: due parts expire, the rest pays debt. */
  private afterHoldShrank() {
    this.expireDue()
    const owed = this.debt
    if (owed > 0) {
      const { shortfall } = this.takeFree(owed)
      const left = this.payDebts(owed - shortfall)
      if (left) throw new Error(`model: ${left} points paid no debt`)
    }
  }

  /** Pays open debts with `points`, oldest first; returns what is left. */
  private payDebts(points: number) {
    let left = points
    for (const debt of [...this.debits].sort((a, b) => a.seq - b.seq)) {
      if (left === 0) break
      const paid = Math.min(debt.unsettled, left)
      debt.unsettled -= paid
      left -= paid
    }
    return left
  }

  private writeDebit(row: Omit<Debit, "seq" | "unsettled" | "shortfall" | "reference" | "order_id"> & Partial<Debit>) {
    this.debits.push({ unsettled: 0, shortfall: 0, reference: null, order_id: null, ...row, seq: this.nextSeq() })
  }

  private nextSeq() {
    return ++this.seq
  }
}
