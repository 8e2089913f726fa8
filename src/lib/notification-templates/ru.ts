import type { TemplateText } from "./types"

/** Сообщения плагина по-русски: тема и строки текста для каждого события. */
export const ru: TemplateText = {
  greeting: (d) => (d.first_name ? `Здравствуйте, ${d.first_name}!` : "Здравствуйте!"),
  balance: (d) => `Ваш баланс: ${d.balance} ${points(d.balance)}${d.balance_value ? ` (${d.balance_value})` : ""}.`,
  events: {
    points_earned: {
      subject: (d) => `Вам начислено ${d.points} ${points(d.points)}`,
      lines: (d, f) => [
        `Вам начислено ${d.points} ${points(d.points)}${d.order_display_id !== null ? ` за заказ №${d.order_display_id}` : ""}.`,
        d.status === "pending" && d.available_at ? `Их можно будет потратить с ${f.date(d.available_at)}.` : null,
      ],
    },
    points_available: {
      subject: (d) => `${d.points} ${points(d.points)} можно потратить`,
      lines: (d) => [`${d.points} ${points(d.points)}${d.points_value ? ` (${d.points_value})` : ""} теперь можно потратить.`],
    },
    points_expiring: {
      subject: (d) => `Скоро сгорят ${d.points} ${points(d.points)}`,
      lines: (d, f) => [
        `${d.points} ${points(d.points)}${d.points_value ? ` (${d.points_value})` : ""} сгорят ${f.date(d.expires_at)}.`,
        d.reason === "inactivity" ? "Начислите или потратьте баллы до этого дня, чтобы их сохранить." : "Потратьте их до этого дня.",
      ],
    },
    points_expired: {
      subject: (d) => `Сгорели ${d.points} ${points(d.points)}`,
      lines: (d) => [`Сгорели ${d.points} ${points(d.points)}.`],
    },
    bonus_granted: {
      subject: (d) => `Бонус: ${d.points} ${points(d.points)}`,
      lines: (d, f) => [
        `Вам начислен бонус: ${d.points} ${points(d.points)}${d.points_value ? ` (${d.points_value})` : ""}.`,
        d.expires_at ? `Он действует до ${f.date(d.expires_at)}.` : null,
      ],
    },
    tier_changed: {
      subject: (d) => (d.tier ? `Ваш уровень теперь ${d.tier}` : "Ваш уровень изменился"),
      lines: (d) => [
        d.tier ? `Ваш уровень теперь ${d.tier}.` : "Сейчас у вас нет уровня.",
        d.next_tier && d.points_to_next_tier !== null
          ? `До уровня ${d.next_tier} осталось ${d.points_to_next_tier} ${points(d.points_to_next_tier)}.`
          : null,
      ],
    },
    referral_rewarded: {
      subject: (d) => `${d.points} ${points(d.points)} за приглашение`,
      lines: (d, f) => [
        d.party === "referee"
          ? `Вам начислено ${d.points} ${points(d.points)} за регистрацию по приглашению друга.`
          : `Вам начислено ${d.points} ${points(d.points)} за приглашённого друга.`,
        d.status === "pending" && d.available_at ? `Их можно будет потратить с ${f.date(d.available_at)}.` : null,
      ],
    },
    winback: {
      subject: () => "Мы скучаем по вам",
      lines: (d, f) => [
        `Вас ждут ${d.balance} ${points(d.balance)}${d.balance_value ? ` (${d.balance_value})` : ""}.`,
        d.bonus_points ? `Мы добавили бонус: ${d.bonus_points} ${points(d.bonus_points)}.` : null,
        d.expires_at ? `Ближайшие баллы сгорят ${f.date(d.expires_at)}.` : null,
      ],
    },
  },
}

/** «балл», «балла», «баллов» for a number, as Russian counts them. */
function points(n: number): string {
  const forms = { one: "балл", few: "балла", many: "баллов", other: "балла" } as const
  return forms[new Intl.PluralRules("ru").select(Math.abs(n)) as keyof typeof forms] ?? "баллов"
}
