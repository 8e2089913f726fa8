/**
 * What the plugin's store routes take and answer, for storefronts. Dates are ISO strings
 * (JSON); points are integers. The HTTP contract test validates every answer the client gets
 * against these types, so a route and its type cannot drift apart.
 */

/** A bonus the program grants: its points and how long they last (null: the program's expiry_days, 0: never). */
export type LoyaltyBonus = { points: number; expiry_days: number | null }

export type LoyaltyTier = { id: string; name: string; min_points: number; multiplier: number }

export type LoyaltyCampaign = {
  id: string
  name: string
  starts_at: string
  ends_at: string | null
  customer_group_ids: string[]
  kind: "extra_percent" | "multiplier"
  extra_percent: number | null
  multiplier: number | null
}

/** The newcomer's first-order discount through a referrer's coupon. */
export type LoyaltyReferralCoupon = { type: "percentage"; value: number } | { type: "fixed"; value: Record<string, number> }

/** The public part of the program: how points are earned and spent. */
export type LoyaltyProgram = {
  enabled: boolean
  /** 5 = 5 % of the eligible amount, in points at the currency's point value. */
  earn_percent: number
  /** Money value of one point per currency code; a currency not listed cannot earn or redeem. */
  point_values: Record<string, number>
  max_redeem_percent: number
  min_redeem_points: number
  pending_days: number
  /** 0: points never expire. */
  expiry_days: number
  /** Days without activity after which points lapse; 0: off. */
  inactivity_days: number
  welcome_bonus: LoyaltyBonus | null
  birthday_bonus: LoyaltyBonus | null
  newsletter_bonus: LoyaltyBonus | null
  order_bonus: LoyaltyBonus | null
  achievements: { currency_code: string; spend: number; points: number }[]
  max_points_per_order: number | null
  tier_window_days: number
  referrals: {
    enabled: boolean
    referrer_points: number
    referrer_percent: number
    referee_points: number
    /** 0: the first order only; N: every order during N days after the binding. */
    every_order_days: number
    /** The least a friend's order must be paid in money, per currency. */
    min_order_amount: Record<string, number>
    coupon: LoyaltyReferralCoupon | null
  }
  tiers: LoyaltyTier[]
  campaigns: LoyaltyCampaign[]
}

export type StoreLoyaltyProgramResponse = { program: LoyaltyProgram }

export type LoyaltyAccount = {
  /** null until the shopper's first points. */
  id: string | null
  customer_id: string
  balance: number
  pending: number
  /** Held for carts. */
  reserved: number
  /** What the shopper can spend now: balance less points held for carts. */
  spendable: number
  lifetime_earned: number
  lifetime_spent: number
  tier: LoyaltyTier | null
  next_tier: LoyaltyTier | null
  /** Order points still missing to reach next_tier; null at the top. */
  points_to_next_tier: number | null
  /** Points earned from orders in the tier window. */
  tier_points: number
  referral_code: string | null
  /** `<storefront_url>?ref=CODE`; null while the program has no storefront_url. */
  referral_link: string | null
  /** YYYY-MM-DD. */
  birthday: string | null
  newsletter_opt_in: boolean
  notifications_opt_out: boolean
  /** The next expiries, soonest first. */
  expiring: { points: number; expires_at: string }[]
}

export type StoreLoyaltyAccountResponse = { account: LoyaltyAccount }

/** A shopper may set their birthday once; a first newsletter opt-in may earn newsletter_bonus. */
export type StoreUpdateLoyaltyAccount = { birthday?: string; newsletter_opt_in?: boolean; notifications_opt_out?: boolean }

export type LoyaltyTransactionType = "earn" | "bonus" | "referral" | "adjust" | "redeem" | "reversal" | "restore" | "expire"

export type LoyaltyTransaction = {
  id: string
  type: LoyaltyTransactionType
  /** Positive for credits, negative for debits. */
  points: number
  status: "pending" | "available" | "void"
  /** What is left of a credit lot; null for debits. */
  remaining: number | null
  available_at: string | null
  expires_at: string | null
  order_id: string | null
  /** The shopper's own order the row is of, with its number; null without one. */
  order: { id: string; display_id: number | null } | null
  created_at: string
  /** The row in plain words, e.g. "Earned on order #12". */
  description: string
}

export type Page = { count: number; limit: number; offset: number }
export type PageQuery = { limit?: number; offset?: number }

export type StoreLoyaltyTransactionsQuery = PageQuery & { type?: LoyaltyTransactionType; order_id?: string }
export type StoreLoyaltyTransactionsResponse = Page & { transactions: LoyaltyTransaction[] }

/** Why the store changed the points on a cart without the shopper asking. */
export type LoyaltyCartNotice = {
  code: "capped" | "currency_changed" | "removed_currency" | "removed_limit" | "removed_owner" | "removed_expired"
  message: string
}

/** What the points control at checkout draws. */
export type StoreCartLoyaltyEstimate = {
  applied_points: number
  /** The most this cart takes now (0 once completed); the least is the program's min_redeem_points. */
  max_redeemable_points: number
  earnable_points: number
  balance: number
  notice: LoyaltyCartNotice | null
}

/** The cart's totals after points were applied or removed (money in the cart's currency). */
export type LoyaltyCart = {
  id: string
  currency_code: string
  customer_id: string | null
  total: number
  subtotal: number
  tax_total: number
  discount_total: number
  discount_tax_total: number
  item_total: number
  item_subtotal: number
  original_item_total: number
  shipping_total: number
  promotions: { id: string; code: string | null }[]
  items: {
    id: string
    variant_id: string | null
    quantity: number
    unit_price: number
    total: number
    adjustments: { code: string | null; promotion_id: string | null; amount: number }[]
  }[]
}

export type StoreLoyaltyCartResponse = { cart: LoyaltyCart }

/** A referral as the shopper sees it: a flagged one is `in_review`, never why. */
export type LoyaltyReferralStatus = "bound" | "in_review" | "rejected" | "unbound"
export type LoyaltyReferralSource = "code" | "coupon" | "site"

export type LoyaltyReferralSite = {
  id: string
  origin: string
  status: "pending" | "verified" | "approved" | "rejected"
  /** Until the store decides: the token to publish and where. */
  token?: string
  instructions?: {
    file: { url: string; content: string }
    meta: { url: string; tag: string }
    text: string
  }
  verified_at: string | null
  approved_at: string | null
  rejected_at?: string | null
  reason?: string | null
}

export type LoyaltyInvitee = {
  id: string
  /** Initials only. */
  name: string
  status: LoyaltyReferralStatus
  source: LoyaltyReferralSource
  bound_at: string
  orders: number
  points_pending: number
  points_earned: number
}

export type StoreLoyaltyReferralsResponse = Page & {
  referral_code: string | null
  referral_link: string | null
  /** The shopper's referral coupon; null while referral coupons are off. */
  coupon_code: string | null
  sites: LoyaltyReferralSite[]
  invitees: LoyaltyInvitee[]
  totals: { invitees: number; points_pending: number; points_earned: number }
}

export type StoreClaimReferral = { code?: string; visit_id?: string }
export type StoreClaimReferralResponse = {
  referral: { code: string | null; source: LoyaltyReferralSource; status: LoyaltyReferralStatus; bound_at: string } | null
  /** An external source's bonus the visit brought, once. */
  bonus: { points: number; expires_at: string | null } | null
}

/** What a storefront reports of an arrival: document.referrer and the URL's UTM. */
export type StoreReferralVisit = { referrer?: string | null; utm_source?: string | null; utm_medium?: string | null; utm_campaign?: string | null }
/** null for ordinary traffic: only a visit from an approved referring site or an external source is kept. */
export type StoreReferralVisitResponse = { visit_id: string | null }

export type StoreLoyaltyReferralSiteResponse = { site: LoyaltyReferralSite }

/** The shopper's Telegram chat: whether the store has a bot, and whether (since when) a chat is linked. */
export type StoreLoyaltyTelegramResponse = {
  /** false: the store has no bot, and linking is refused. */
  available: boolean
  linked: boolean
  /** ISO date; null while not linked. */
  linked_at: string | null
}

/** A deep link to the store's bot with a one-time token: opening it and pressing Start links the chat. */
export type StoreLoyaltyTelegramLinkResponse = {
  /** `https://t.me/<bot>?start=<token>`. */
  url: string
  /** ISO date: after it the link binds nothing (an hour after it was made). */
  expires_at: string
}

/** Medusa's error answer, as the client throws it. */
export type LoyaltyErrorBody = { type: string; message: string }
