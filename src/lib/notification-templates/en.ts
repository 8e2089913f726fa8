import type { TemplateText } from "./types"

/** The plugin's English messages: a subject and lines of plain text per event. */
export const en: TemplateText = {
  greeting: (d) => (d.first_name ? `Hello ${d.first_name},` : "Hello,"),
  balance: (d) => `Your balance: ${d.balance} points${d.balance_value ? ` (${d.balance_value})` : ""}.`,
  events: {
    points_earned: {
      subject: (d) => `You earned ${d.points} points`,
      lines: (d, f) => [
        `You earned ${d.points} points${d.order_display_id !== null ? ` on order #${d.order_display_id}` : ""}.`,
        d.status === "pending" && d.available_at ? `They can be spent from ${f.date(d.available_at)}.` : null,
      ],
    },
    points_available: {
      subject: (d) => `${d.points} points are ready to spend`,
      lines: (d) => [`${d.points} points${d.points_value ? ` (${d.points_value})` : ""} can now be spent.`],
    },
    points_expiring: {
      subject: (d) => `${d.points} points expire soon`,
      lines: (d, f) => [
        `${d.points} points${d.points_value ? ` (${d.points_value})` : ""} expire on ${f.date(d.expires_at)}.`,
        d.reason === "inactivity" ? "Earn or spend points before then to keep them." : "Spend them before then.",
      ],
    },
    points_expired: {
      subject: (d) => `${d.points} points have expired`,
      lines: (d) => [`${d.points} points have expired.`],
    },
    bonus_granted: {
      subject: (d) => `A bonus of ${d.points} points`,
      lines: (d, f) => [
        `You got a bonus of ${d.points} points${d.points_value ? ` (${d.points_value})` : ""}.`,
        d.expires_at ? `It expires on ${f.date(d.expires_at)}.` : null,
      ],
    },
    tier_changed: {
      subject: (d) => (d.tier ? `Your tier is now ${d.tier}` : "Your tier has changed"),
      lines: (d) => [
        d.tier ? `Your tier is now ${d.tier}.` : "You have no tier for now.",
        d.next_tier && d.points_to_next_tier !== null ? `${d.points_to_next_tier} more points to reach ${d.next_tier}.` : null,
      ],
    },
    referral_rewarded: {
      subject: (d) => `${d.points} points for a referral`,
      lines: (d, f) => [
        d.party === "referee" ? `You earned ${d.points} points for joining through a friend.` : `You earned ${d.points} points for inviting a friend.`,
        d.status === "pending" && d.available_at ? `They can be spent from ${f.date(d.available_at)}.` : null,
      ],
    },
    winback: {
      subject: () => "We miss you",
      lines: (d, f) => [
        `You have ${d.balance} points${d.balance_value ? ` (${d.balance_value})` : ""} waiting for you.`,
        d.bonus_points ? `We added a bonus of ${d.bonus_points} points.` : null,
        d.expires_at ? `Your next points expire on ${f.date(d.expires_at)}.` : null,
      ],
    },
  },
}
