/** Money and dates in the shopper's language. Money is in major units, as Medusa v2 keeps it. */
export function formatMoney(amount: number | null | undefined, currencyCode: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode.toUpperCase() }).format(amount ?? 0)
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return ""
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(new Date(iso))
}

export function formatPoints(points: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(points)
}
