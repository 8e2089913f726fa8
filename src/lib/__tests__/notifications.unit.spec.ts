import { defaultTemplateName, renderTemplate } from "../notification-templates"
import { type NotificationFacts, notificationData, notificationKey, NOTIFIED_EVENTS } from "../notifications"

const facts: NotificationFacts = {
  first_name: "Anna",
  balance: 1234,
  point_values: { eur: 0.01, usd: 0.02 },
  order: null,
  default_currency_code: "usd",
  locale: "en",
}

describe("notification data", () => {
  it("gives the event's points and balance, and their money in the order's currency, else the store's default", () => {
    const withOrder = notificationData(
      "points_earned",
      { points: 500, status: "pending", available_at: "2027-01-10T00:00:00.000Z", event_id: "lyevt_1" },
      { ...facts, order: { currency_code: "eur", display_id: 12 } }
    )
    expect(withOrder).toMatchObject({
      event: "points_earned",
      first_name: "Anna",
      points: 500,
      balance: 1234,
      currency_code: "eur",
      point_value: "€0.01",
      points_value: "€5.00",
      balance_value: "€12.34",
      order_display_id: 12,
      status: "pending",
      available_at: "2027-01-10T00:00:00.000Z",
    })
    // No order: the store's default currency; the event's own balance wins over the account's.
    expect(notificationData("points_expired", { points: 50, balance: 950 }, facts)).toMatchObject({
      currency_code: "usd",
      points_value: "$1.00",
      balance: 950,
      balance_value: "$19.00",
    })
  })

  it("has no money values when no currency has a point value", () => {
    expect(notificationData("winback", { points: 10 }, { ...facts, point_values: {} })).toMatchObject({
      currency_code: null,
      point_value: null,
      points_value: null,
      balance_value: null,
    })
  })

  it("formats money in the template's locale", () => {
    expect(notificationData("points_available", { points: 300 }, { ...facts, default_currency_code: "eur", locale: "ru" }).points_value).toBe(
      "3,00\u00a0€"
    )
  })

  it("keys a notification by its event's id", () => {
    expect(notificationKey("points_expiring", "lyevt_9")).toBe("loyalty-points-expiring:lyevt_9")
  })
})

describe("default templates", () => {
  const data = notificationData(
    "points_expiring",
    { points: 40, expires_at: "2027-01-15T00:00:00.000Z", reason: "expiry" },
    { ...facts, default_currency_code: "eur" }
  )

  it("renders subject, text and HTML in English", () => {
    expect(renderTemplate("loyalty-points-expiring", data)).toEqual({
      subject: "40 points expire soon",
      text: "Hello Anna,\n\n40 points (€0.40) expire on January 15, 2027.\n\nSpend them before then.\n\nYour balance: 1234 points (€12.34).\n",
      html:
        '<!doctype html><html lang="en"><body><p>Hello Anna,</p><p>40 points (€0.40) expire on January 15, 2027.</p>' +
        "<p>Spend them before then.</p><p>Your balance: 1234 points (€12.34).</p></body></html>",
    })
  })

  it("renders in Russian with the right plural of «балл»", () => {
    const rendered = renderTemplate("loyalty-points-expiring", { ...data, points: 41 }, { locale: "ru" })!
    expect(rendered.subject).toBe("Скоро сгорят 41 балл")
    expect(rendered.text).toContain("Здравствуйте, Anna!")
    expect(rendered.text).toContain("15 января 2027")
    expect(rendered.text).toContain("Ваш баланс: 1234 балла")
  })

  it("escapes the shopper's name in HTML", () => {
    expect(renderTemplate("loyalty-winback", { ...data, event: "winback", first_name: "<b>Eve</b>" })!.html).toContain(
      "Hello &lt;b&gt;Eve&lt;/b&gt;,"
    )
  })

  it("has a template for every notified event, and none for a provider's own template name", () => {
    for (const event of NOTIFIED_EVENTS) {
      expect(renderTemplate(defaultTemplateName(event), { ...data, event })?.subject).toEqual(expect.any(String))
    }
    expect(renderTemplate("d-0123456789abcdef", data)).toBeNull()
  })
})
