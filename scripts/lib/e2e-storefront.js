"use strict"

/**
 * The demo storefront's browser steps for `npm run test:e2e` (scripts/e2e.js spreads them into
 * its steps): a shopper registers, earns on a first order (spendable at once: the demo program's
 * pending_days is 0), pays part of a second order with points within the limits after a refusal
 * above them (the server's message shown as it is), completes it after the payment session the
 * points change removed is made again, and finds on the points account page the API's numbers.
 * Every figure the page shows is compared with what the store API answers for the same shopper.
 *
 * The storefront is the one `npm run demo` serves on STOREFRONT_PORT (default 8000). Screens:
 * 1280 px and 390 px (a phone); screenshots storefront-checkout-*.png, storefront-account-*.png.
 */

const { expectEqual, until, sleep } = require("./http")

const STOREFRONT = `http://localhost:${Number(process.env.STOREFRONT_PORT || 8000)}`
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 390, height: 844 }

const points = (n) => new Intl.NumberFormat("en").format(n)
const money = (amount, currency) => new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).format(amount)

/**
 * @param {object} helpers from scripts/e2e.js: `call(method, route, body, headers)` against the
 *   store, `shot(page, name)`, `programSettings(page, undo, names)` (the admin's program and an
 *   undo), `adminSend(page, method, route, body)`, and the demo's `credentials`.
 */
module.exports = function storefrontSteps({ call, shot, programSettings, adminSend, credentials }) {
  const key = { "x-publishable-api-key": credentials.publishable_key }
  const stamp = Date.now()
  // The shopper the steps make: registered in the first step, reused by the next ones.
  const shopper = { email: `e2e-shopper-${stamp}@example.com`, password: "e2e-secret-123", registered: false }

  /** The store API as `who` (a bearer token from their login). */
  const as = async (who) => {
    const { token } = await call("POST", "/auth/customer/emailpass", { email: who.email, password: who.password })
    const headers = { ...key, authorization: `Bearer ${token}` }
    return (method, route, body) => call(method, route, body, headers)
  }
  const needShopper = () => {
    if (!shopper.registered) throw new Error("the shopper of the first storefront step was not registered")
  }

  const open = async (page, route) => {
    await page.setViewportSize(DESKTOP)
    await page.goto(`${STOREFRONT}${route}`)
  }
  const signIn = async (page, who) => {
    await open(page, "/sign-in?next=/")
    const form = page.locator("form").first()
    await form.locator('input[name="email"]').fill(who.email)
    await form.locator('input[name="password"]').fill(who.password)
    await form.getByRole("button", { name: "Sign in" }).click()
    await page.getByRole("link", { name: "My points" }).waitFor()
  }
  const register = async (page, who, route = "/sign-in") => {
    await open(page, route)
    if (!route.startsWith("/sign-in")) await page.getByRole("link", { name: "Sign in" }).click()
    const form = page.getByTestId("register-form")
    await form.locator('input[name="first_name"]').fill(who.first_name ?? "Erika")
    await form.locator('input[name="last_name"]').fill(who.last_name ?? "Mustermann")
    await form.locator('input[name="email"]').fill(who.email)
    await form.locator('input[name="password"]').fill(who.password)
    await form.getByRole("button", { name: "Create account" }).click()
    await page.getByRole("heading", { name: "My points" }).waitFor()
  }
  /** Adds a product from the shop page `times` times; waits for the cart's count in the header. */
  const addToCart = async (page, handle, times = 1) => {
    await page.getByRole("link", { name: "Shop" }).click()
    const card = page.getByTestId(`product-${handle}`)
    for (let i = 0; i < times; i++) {
      const before = await cartCount(page)
      await card.getByRole("button", { name: /Add to cart|Added/ }).click()
      await until(async () => (await cartCount(page)) === before + 1, `the cart to count ${before + 1}`, 30_000)
    }
  }
  const cartCount = async (page) => Number((/\((\d+)\)/.exec(await page.getByTestId("nav-cart").innerText()) ?? [])[1] ?? 0)
  /** From the cart to the review step: address, the first shipping option, the system payment. */
  const checkoutToReview = async (page) => {
    await page.getByTestId("nav-cart").click()
    await page.getByRole("link", { name: "Go to checkout" }).click()
    await page.getByRole("heading", { name: "Checkout" }).waitFor()
    await page.locator('input[name="address_1"]').fill("Hauptstr. 1")
    await page.locator('input[name="city"]').fill("Berlin")
    await page.locator('input[name="postal_code"]').fill("10115")
    await page.locator('select[name="country_code"]').selectOption("de")
    await page.getByRole("button", { name: "Continue" }).click()
    await page.locator('input[name="shipping"]').first().waitFor()
    await page.getByRole("button", { name: "Continue" }).click()
    await page.getByText("Pay on delivery (demo payment)").waitFor()
    await page.getByRole("button", { name: "Continue" }).click()
    await page.getByTestId("points-control").waitFor()
    await page.getByTestId("points-balance").waitFor()
  }
  const cartId = (page) => page.evaluate(() => localStorage.getItem("storefront_cart_id"))
  const text = async (page, testId) => (await page.getByTestId(testId).innerText()).trim()
  const figure = async (page, name) => (await page.getByTestId(`figure-${name}`).locator(".value").innerText()).trim()
  /** Places the order on the review step and waits for the confirmation's points. */
  const placeOrder = async (page) => {
    await page.getByRole("button", { name: "Place order" }).click()
    await page.waitForURL(/\/order\/order_/, { timeout: 120_000 })
    await page.getByTestId("order-earned").waitFor({ timeout: 120_000 })
    return new URL(page.url()).pathname.split("/").pop()
  }
  /** What the ledger says an order spent and earned. */
  const orderPoints = async (api, orderId) => {
    const { transactions } = await api("GET", `/store/loyalty/account/transactions?order_id=${orderId}&limit=50`)
    const live = transactions.filter((row) => row.status !== "void")
    const sum = (types) => live.filter((row) => types.includes(row.type)).reduce((total, row) => total + row.points, 0)
    return { spent: -sum(["redeem"]) - sum(["restore"]), earned: sum(["earn", "bonus"]), rows: live }
  }
  /** Fails when the page scrolls sideways (something wider than the phone's screen). */
  const fitsWidth = async (page, what) => {
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
    if (scroll > client + 1) throw new Error(`${what} scrolls sideways: ${scroll} px in ${client} px`)
  }

  return [
    ["storefront: a new shopper registers, orders, and earns points spendable at once (pending 0 in the demo)", async (page) => {
      const { program } = await call("GET", "/store/loyalty/program", null, key)
      await expectEqual(program.pending_days, 0, "the demo program's pending_days")
      await register(page, shopper)
      shopper.registered = true
      const api = await as(shopper)
      await expectEqual(await figure(page, "balance"), points(0), "a new shopper's balance on the account page")

      await addToCart(page, "rewards-hoodie", 2)
      await checkoutToReview(page)
      const estimate = await api("GET", `/store/carts/${await cartId(page)}/loyalty-points`)
      await expectEqual(await text(page, "points-earnable"), points(estimate.earnable_points), "what the cart earns, shown at checkout")
      if (!(estimate.earnable_points > 0)) throw new Error(`the first order earns ${estimate.earnable_points} points`)
      await expectEqual(await text(page, "points-balance"), points(0), "the balance at checkout")
      await page.getByTestId("points-unusable").waitFor() // nothing to spend yet

      const orderId = await placeOrder(page)
      await until(async () => (await orderPoints(api, orderId)).earned > 0, `the points of order ${orderId}`)
      const { earned } = await orderPoints(api, orderId)
      await page.getByText("Working out this order's points…").waitFor({ state: "detached" })
      await expectEqual(await text(page, "order-earned"), points(earned), "points earned on the confirmation")
      await expectEqual(await text(page, "order-spent"), points(0), "points spent on the confirmation")
      await expectEqual(await text(page, "order-available"), "now", "when the earned points are spendable")
      const { account } = await api("GET", "/store/loyalty/account")
      await expectEqual([account.spendable, account.pending], [earned, 0], "spendable and pending after the first order")
      shopper.earned = earned
    }],

    ["storefront: is refused above the limit with the server's message, applies, removes and changes points within it, sees the totals, and completes", async (page) => {
      needShopper()
      const api = await as(shopper)
      const { program } = await call("GET", "/store/loyalty/program", null, key)
      await signIn(page, shopper)
      await addToCart(page, "member-tote-bag")
      await checkoutToReview(page)
      const id = await cartId(page)
      const estimate = await api("GET", `/store/carts/${id}/loyalty-points`)
      const max = estimate.max_redeemable_points
      if (!(max > program.min_redeem_points)) throw new Error(`the cart takes at most ${max} points, under min_redeem_points ${program.min_redeem_points}`)
      await expectEqual(await text(page, "points-balance"), points(estimate.balance), "the balance at checkout")
      await page.getByText(`Points to use (${points(program.min_redeem_points)} to ${points(max)})`).waitFor()
      const range = page.locator("#points-range")
      await expectEqual([await range.getAttribute("min"), await range.getAttribute("max")], [String(program.min_redeem_points), String(max)], "the slider's bounds")

      // Above the limit: the server's refusal, word for word (asking the API the same gets the same 400).
      const refusal = await api("POST", `/store/carts/${id}/loyalty-points`, { points: max + 1 }).then(
        () => null,
        (error) => error.message.replace(/^POST \S+: 400 /, "")
      )
      if (!refusal) throw new Error(`the store took ${max + 1} points, over the cart's maximum ${max}`)
      await page.getByTestId("points-input").fill(String(max + 1))
      await page.getByRole("button", { name: "Apply points" }).click()
      await expectEqual(await text(page, "points-error"), refusal, "the refusal shown above the limit")
      await expectEqual((await api("GET", `/store/carts/${id}/loyalty-points`)).applied_points, 0, "points on the cart after the refusal")

      // Within the limits: applied, removed, applied again and changed; each time on the server.
      const chosen = Math.max(program.min_redeem_points, Math.floor(max / 2))
      const applied = async () => (await api("GET", `/store/carts/${id}/loyalty-points`)).applied_points
      await page.getByTestId("points-input").fill(String(chosen + 10))
      await page.getByRole("button", { name: "Apply points" }).click()
      await page.getByRole("button", { name: "Change points" }).waitFor()
      await expectEqual(await applied(), chosen + 10, "points on the cart after Apply")
      await page.getByRole("button", { name: "Remove points" }).click()
      await page.getByRole("button", { name: "Apply points" }).waitFor()
      await expectEqual(await applied(), 0, "points on the cart after Remove")
      await page.getByTestId("totals-discount").waitFor({ state: "detached" })
      await page.getByTestId("points-input").fill(String(chosen + 10))
      await page.getByRole("button", { name: "Apply points" }).click()
      await page.getByRole("button", { name: "Change points" }).waitFor()
      await page.getByTestId("points-input").fill(String(chosen))
      const value = Math.round(chosen * program.point_values.eur * 100) / 100
      await expectEqual(await text(page, "points-money"), `takes ${money(value, "eur")} off`, "the money the points take off")
      await page.getByRole("button", { name: "Change points" }).click()
      const shown = `${points(chosen)} (−${money(value, "eur")})`
      await until(async () => (await text(page, "points-applied")) === shown, `the points applied to show ${shown}`, 30_000)
      const { cart } = await api("GET", `/store/carts/${id}`)
      await expectEqual(await applied(), chosen, "points on the cart after Change")
      await expectEqual(await text(page, "totals-total"), money(cart.total, cart.currency_code), "the total after the points")
      await expectEqual(await text(page, "totals-discount"), `−${money(cart.discount_total, cart.currency_code)}`, "the discount after the points")
      // The points change removed the payment session made for the old total; the page says so.
      await expectEqual(cart.payment_collection?.payment_sessions?.length ?? 0, 0, "payment sessions after the points change")
      await page.getByTestId("payment-refresh").waitFor()
      await shot(page, "storefront-checkout-1280")
      await page.setViewportSize(PHONE)
      await sleep(300)
      await fitsWidth(page, "the checkout at 390 px")
      await shot(page, "storefront-checkout-390")
      await page.setViewportSize(DESKTOP)

      const orderId = await placeOrder(page)
      await until(async () => (await orderPoints(api, orderId)).spent > 0 && (await orderPoints(api, orderId)).earned > 0, `the points of order ${orderId}`)
      const placed = await orderPoints(api, orderId)
      await expectEqual(placed.spent, chosen, "points the order spent in the ledger")
      await page.getByText("Working out this order's points…").waitFor({ state: "detached" })
      await expectEqual(await text(page, "order-spent"), points(chosen), "points spent on the confirmation")
      await expectEqual(await text(page, "order-earned"), points(placed.earned), "points earned on the confirmation")
    }],

    ["storefront: the points account shows the API's numbers, pages the ledger, saves birthday and newsletter, and claims a friend's code, at 1280 and 390 px", async (page, undo) => {
      needShopper()
      const api = await as(shopper)
      // Referrals on (the demo seeds them on; put back whatever the store had).
      await programSettings(page, undo, ["referrals"])
      await adminSend(page, "POST", "/admin/loyalty/program", { referrals: { enabled: true } })

      // A tier above the shopper, for the progress bar (deleted after the step).
      const before = (await api("GET", "/store/loyalty/account")).account
      const { tier } = await adminSend(page, "POST", "/admin/loyalty/tiers", { name: "Silver", min_points: before.tier_points + 500, multiplier: 1.25 })
      undo((page) => adminSend(page, "DELETE", `/admin/loyalty/tiers/${tier.id}`))

      await signIn(page, shopper)
      await page.getByRole("link", { name: "My points" }).click()
      await page.getByRole("heading", { name: "My points" }).waitFor()
      const { account } = await api("GET", "/store/loyalty/account")
      for (const name of ["balance", "spendable", "pending", "reserved"]) {
        await expectEqual(await figure(page, name), points(account[name]), `${name} on the account page`)
      }
      await expectEqual(await text(page, "tier-name"), account.tier?.name ?? "No tier yet", "the tier")
      await expectEqual(account.next_tier?.id, tier.id, "the next tier in the API")
      await expectEqual(
        await text(page, "tier-next"),
        `${points(account.points_to_next_tier)} more points from orders to reach ${tier.name}`,
        "the way to the next tier"
      )
      const progress = Math.floor((account.tier_points / tier.min_points) * 100)
      await expectEqual(await page.getByRole("progressbar").getAttribute("aria-valuenow"), String(progress), "the progress bar")
      if (account.expiring.length) {
        await page.getByTestId("expiring").getByText(points(account.expiring[0].points), { exact: true }).first().waitFor()
      }
      const history = await api("GET", "/store/loyalty/account/transactions?limit=10&offset=0")
      const rows = page.getByTestId("ledger-row")
      await until(async () => (await rows.count()) === history.transactions.length, "the ledger's first page", 30_000)
      const shown = await page.getByTestId("ledger-points").allInnerTexts()
      await expectEqual(shown, history.transactions.map((row) => `${row.points > 0 ? "+" : ""}${points(row.points)}`), "the ledger's points, row by row")
      await expectEqual((await rows.first().innerText()).split(" · ")[0], history.transactions[0].description, "the newest ledger row in plain words")
      await expectEqual(await text(page, "ledger-range"), `1–${history.transactions.length} of ${history.count}`, "the ledger's range")

      // Birthday and newsletter, saved through the account route.
      await page.getByTestId("birthday").fill("1990-05-17")
      await page.getByTestId("newsletter").check()
      await page.getByTestId("account-settings").getByRole("button", { name: "Save" }).click()
      await page.getByText("Saved.").waitFor()
      const saved = (await api("GET", "/store/loyalty/account")).account
      await expectEqual([saved.birthday, saved.newsletter_opt_in], ["1990-05-17", true], "birthday and newsletter in the API")
      await expectEqual(await page.getByTestId("birthday").isDisabled(), true, "the birthday field once set")

      // The referral block: the code and link the API gives.
      const network = await api("GET", "/store/loyalty/referrals")
      await expectEqual(await text(page, "referral-code"), network.referral_code, "the referral code")
      if (network.referral_link) await expectEqual(await text(page, "referral-link"), network.referral_link, "the referral link")
      // A friend registers and claims the shopper's code on their own account page.
      const friend = { email: `e2e-friend-${stamp}@example.com`, password: "e2e-secret-123", first_name: "Nina", last_name: "Schulz" }
      const friendContext = await page.context().browser().newContext({ viewport: DESKTOP })
      undo(() => friendContext.close())
      const other = await friendContext.newPage()
      await register(other, friend)
      await other.getByPlaceholder("A friend's code").fill(network.referral_code)
      await other.getByRole("button", { name: "Use code" }).click()
      await expectEqual(await text(other, "claim-message"), `You joined through ${network.referral_code}.`, "the claim's answer")
      // Another comes through the shopper's link (…/?ref=CODE): the storefront claims it at sign-up.
      const linked = { email: `e2e-linked-${stamp}@example.com`, password: "e2e-secret-123", first_name: "Jonas", last_name: "Weber" }
      const linkedContext = await page.context().browser().newContext({ viewport: DESKTOP })
      undo(() => linkedContext.close())
      await register(await linkedContext.newPage(), linked, `/?ref=${encodeURIComponent(network.referral_code)}`)
      const after = await api("GET", "/store/loyalty/referrals")
      await expectEqual(after.totals.invitees, network.totals.invitees + 2, "the shopper's invitees after a claim and a link")
      await page.reload()
      await page.getByTestId("referral-invitees").getByText(String(after.totals.invitees), { exact: true }).waitFor()
      await page.getByTestId("invitees").getByText(after.invitees[0].name).waitFor()

      await shot(page, "storefront-account-1280")
      await page.setViewportSize(PHONE)
      await sleep(300)
      await fitsWidth(page, "the account page at 390 px")
      await shot(page, "storefront-account-390")

      // More rows than a page holds (goodwill adjustments of 1 to 9 points): the pages are the API's.
      const { customer } = await api("GET", "/store/customers/me")
      for (let i = 1; i <= 9; i++) {
        await adminSend(page, "POST", `/admin/customers/${customer.id}/loyalty/adjustments`, { points: i, reason: `E2E goodwill ${i}` })
      }
      await page.setViewportSize(DESKTOP)
      await page.reload()
      const first = await api("GET", "/store/loyalty/account/transactions?limit=10&offset=0")
      await page.getByText(`1–10 of ${first.count}`).waitFor()
      await expectEqual(
        await page.getByTestId("ledger-points").allInnerTexts(),
        first.transactions.map((row) => `${row.points > 0 ? "+" : ""}${points(row.points)}`),
        "the ledger's first page, row by row"
      )
      const next = await api("GET", "/store/loyalty/account/transactions?limit=10&offset=10")
      await page.getByTestId("ledger").getByRole("button", { name: "Next" }).click()
      await page.getByText(`11–${10 + next.transactions.length} of ${next.count}`).waitFor()
      await expectEqual(
        await page.getByTestId("ledger-points").allInnerTexts(),
        next.transactions.map((row) => `${row.points > 0 ? "+" : ""}${points(row.points)}`),
        "the ledger's second page, row by row"
      )
      await page.getByTestId("ledger").getByRole("button", { name: "Previous" }).click()
      await page.getByText(`1–10 of ${first.count}`).waitFor()

      // In Russian.
      await page.getByRole("combobox", { name: "Language" }).selectOption("ru")
      await page.getByRole("heading", { name: "Мои баллы" }).waitFor()
      await page.getByTestId("figure-balance").getByText("Баланс").waitFor()
      await expectEqual(await figure(page, "balance"), new Intl.NumberFormat("ru").format((await api("GET", "/store/loyalty/account")).account.balance), "the balance in Russian")
      await page.getByTestId("referral-invitees").getByText(String(after.totals.invitees), { exact: true }).waitFor()
      const lines = (await page.getByTestId("ledger-row").allInnerTexts()).map((row) => row.split(" · ")[0].replace(/#\d+/, "#N"))
      await expectEqual(lines[0], "Корректировка", "the newest ledger row (an adjustment) in Russian")
      await expectEqual(lines.includes("Начислено за заказ #N"), true, `an order's earning among the rows in Russian (${lines.join("; ")})`)
    }],
  ]
}
