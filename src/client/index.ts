import type {
  LoyaltyErrorBody,
  PageQuery,
  StoreCartLoyaltyEstimate,
  StoreClaimReferral,
  StoreClaimReferralResponse,
  StoreLoyaltyAccountResponse,
  StoreLoyaltyCartResponse,
  StoreLoyaltyProgramResponse,
  StoreLoyaltyReferralSiteResponse,
  StoreLoyaltyReferralsResponse,
  StoreLoyaltyTelegramLinkResponse,
  StoreLoyaltyTelegramResponse,
  StoreLoyaltyTransactionsQuery,
  StoreLoyaltyTransactionsResponse,
  StoreReferralVisit,
  StoreReferralVisitResponse,
  StoreUpdateLoyaltyAccount,
} from "./types"

export type {
  LoyaltyBonus,
  LoyaltyTier,
  LoyaltyCampaign,
  LoyaltyReferralCoupon,
  LoyaltyProgram,
  StoreLoyaltyProgramResponse,
  LoyaltyAccount,
  StoreLoyaltyAccountResponse,
  StoreUpdateLoyaltyAccount,
  LoyaltyTransactionType,
  LoyaltyTransaction,
  Page,
  PageQuery,
  StoreLoyaltyTransactionsQuery,
  StoreLoyaltyTransactionsResponse,
  LoyaltyCartNotice,
  StoreCartLoyaltyEstimate,
  LoyaltyCart,
  StoreLoyaltyCartResponse,
  LoyaltyReferralStatus,
  LoyaltyReferralSource,
  LoyaltyReferralSite,
  LoyaltyInvitee,
  StoreLoyaltyReferralsResponse,
  StoreClaimReferral,
  StoreClaimReferralResponse,
  StoreReferralVisit,
  StoreReferralVisitResponse,
  StoreLoyaltyReferralSiteResponse,
  StoreLoyaltyTelegramResponse,
  StoreLoyaltyTelegramLinkResponse,
  LoyaltyErrorBody,
} from "./types"

type FetchInit = { method?: string; body?: Record<string, unknown>; query?: Record<string, unknown>; headers?: Record<string, string> }

/** What the client needs of a `@medusajs/js-sdk` instance (`new Medusa({ baseUrl, publishableKey })`). */
export type LoyaltySdk = { client: { fetch<T>(path: string, init?: FetchInit): Promise<T> } }

type HeaderMap = Record<string, string>

export type LoyaltyClientOptions = {
  /**
   * Headers for every request, or a function giving them per request: the shopper's
   * `authorization` where the js-sdk instance has no session of its own, as in server code
   * that reads the token from a cookie (`{ headers: getAuthHeaders }` in Medusa's Next.js starter).
   */
  headers?: HeaderMap | (() => HeaderMap | {} | Promise<HeaderMap | {}>)
}

/**
 * Medusa's error answer `{ type, message }` with the HTTP status. The js-sdk keeps only the
 * message of an error answer, so `type` is read back from the status as Medusa's error handler
 * maps it (400 is `invalid_data`, which Medusa also answers for `not_allowed`; 422 is
 * `duplicate_error`, e.g. a referral code already taken).
 */
export class LoyaltyError extends Error implements LoyaltyErrorBody {
  readonly name = "LoyaltyError"
  constructor(
    readonly status: number,
    readonly type: string,
    message: string
  ) {
    super(message)
  }
}

const TYPE_OF_STATUS: Record<number, string> = {
  400: "invalid_data",
  401: "unauthorized",
  // The plugin answers 403 only to a shopper in the holdout group (not enrolled).
  403: "not_allowed",
  404: "not_found",
  409: "conflict",
  422: "duplicate_error",
}

function asLoyaltyError(error: unknown): unknown {
  const status = (error as { status?: unknown } | null)?.status
  if (typeof status !== "number") {
    return error // not an HTTP answer (a network failure): as it is
  }
  return new LoyaltyError(status, TYPE_OF_STATUS[status] ?? "unknown_error", (error as Error).message)
}

/**
 * Whether an error is the answer to a shopper in the program's holdout group: they are not
 * enrolled, and every loyalty route of theirs answers 403 `not_allowed`. A storefront then
 * shows no points at all (the shopper earns none).
 */
export function isNotEnrolled(error: unknown): boolean {
  return error instanceof LoyaltyError && error.status === 403
}

/** Drops the undefined parts, so the query string carries only what the caller set. */
const defined = (query: Record<string, unknown> | undefined) =>
  query && Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined))

/**
 * The loyalty routes through a js-sdk instance, which brings the publishable key and the
 * shopper's session (`sdk.auth.login("customer", "emailpass", …)`):
 *
 *     const points = loyalty(sdk)
 *     const { account } = await points.account()
 *     await points.cart(cart.id).apply(200)
 */
export function loyalty(sdk: LoyaltySdk, options: LoyaltyClientOptions = {}) {
  const headersOf = async (): Promise<HeaderMap> =>
    (typeof options.headers === "function" ? await options.headers() : options.headers) ?? {}
  const call = async <T>(path: string, init?: FetchInit): Promise<T> => {
    try {
      const headers = await headersOf()
      return await sdk.client.fetch<T>(path, { ...init, query: defined(init?.query), ...(Object.keys(headers).length ? { headers } : {}) })
    } catch (error) {
      throw asLoyaltyError(error)
    }
  }
  const id = (value: string) => encodeURIComponent(value)

  return {
    /**
     * The public program: earning, redeeming, bonuses, tiers, running campaigns, the referral promise.
     * Every call here throws a LoyaltyError for which isNotEnrolled is true when the signed-in
     * shopper is in the holdout group.
     */
    program: () => call<StoreLoyaltyProgramResponse>("/store/loyalty/program"),
    /** The logged-in shopper's account: balance, spendable, pending, held, tier, next expiries, referral code. */
    account: () => call<StoreLoyaltyAccountResponse>("/store/loyalty/account"),
    /** Sets the birthday (once) and the newsletter choice. */
    updateAccount: (body: StoreUpdateLoyaltyAccount) =>
      call<StoreLoyaltyAccountResponse>("/store/loyalty/account", { method: "POST", body }),
    /** The shopper's points history, newest first. */
    transactions: (query: StoreLoyaltyTransactionsQuery = {}) =>
      call<StoreLoyaltyTransactionsResponse>("/store/loyalty/account/transactions", { query }),
    /** Points on one cart (the shopper's own). */
    cart: (cartId: string) => ({
      /** Balance, the most this cart takes, what it earns, what is applied, and why the store changed it. */
      estimate: () => call<StoreCartLoyaltyEstimate>(`/store/carts/${id(cartId)}/loyalty-points`),
      /** Pays part of the cart with points; a second call replaces the amount. */
      apply: (points: number) =>
        call<StoreLoyaltyCartResponse>(`/store/carts/${id(cartId)}/loyalty-points`, { method: "POST", body: { points } }),
      /** Takes the points off the cart and gives them back. */
      remove: () => call<StoreLoyaltyCartResponse>(`/store/carts/${id(cartId)}/loyalty-points`, { method: "DELETE" }),
    }),
    referrals: {
      /** The shopper's network: code, link, coupon code, sites and a page of the friends they brought. */
      network: (query: PageQuery = {}) => call<StoreLoyaltyReferralsResponse>("/store/loyalty/referrals", { query }),
      /** Binds a new shopper (no order yet) to a code's owner, or to the referring site of their visit. */
      claim: (body: StoreClaimReferral) =>
        call<StoreClaimReferralResponse>("/store/loyalty/referrals/claim", { method: "POST", body }),
      /** Replaces the shopper's code with one of their own, once. */
      changeCode: (code: string) =>
        call<StoreLoyaltyAccountResponse>("/store/loyalty/referrals/code", { method: "POST", body: { code } }),
      /** Reports an arrival (no login needed); keep the visit id for the claim or the order. */
      visit: (body: StoreReferralVisit) =>
        call<StoreReferralVisitResponse>("/store/loyalty/referrals/visit", { method: "POST", body }),
      /** Registers a site of the shopper's: its token and where to publish it. */
      registerSite: (origin: string) =>
        call<StoreLoyaltyReferralSiteResponse>("/store/loyalty/referrals/sites", { method: "POST", body: { origin } }),
      /** Asks for the check of a site's token. */
      verifySite: (siteId: string) =>
        call<StoreLoyaltyReferralSiteResponse>(`/store/loyalty/referrals/sites/${id(siteId)}/verify`, { method: "POST" }),
    },
    /** The shopper's Telegram chat, for loyalty messages and the bot's /balance. */
    telegram: {
      /** Whether the store has a bot, and whether a chat is linked. */
      status: () => call<StoreLoyaltyTelegramResponse>("/store/loyalty/telegram"),
      /** A new one-time deep link to the bot (an hour; earlier unused links stop working). */
      link: () => call<StoreLoyaltyTelegramLinkResponse>("/store/loyalty/telegram/link", { method: "POST" }),
      /** Unlinks the chat: no more Telegram messages. */
      unlink: () => call<StoreLoyaltyTelegramResponse>("/store/loyalty/telegram", { method: "DELETE" }),
    },
  }
}

export type LoyaltyClient = ReturnType<typeof loyalty>
