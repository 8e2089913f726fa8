import domains from "disposable-email-domains"
import wildcards from "disposable-email-domains/wildcard.json"

/**
 * Disposable e-mail domains from the maintained disposable-email-domains
 * list (npm): a domain on the list, or under one of its wildcard entries
 * (any subdomain of them is a throwaway inbox too). Loaded on first use.
 */
let listed: Set<string> | null = null
let wildcarded: Set<string> | null = null

/** The domain and every parent domain of it: a.b.example.com → a.b.example.com, b.example.com, example.com. */
function domainAndParents(domain: string): string[] {
  const labels = domain.split(".")
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."))
}

/** Whether the address is at a disposable e-mail domain. */
export function isDisposableEmail(email: string | null | undefined): boolean {
  const domain = email?.trim().toLowerCase().split("@").pop()
  if (!domain || !email?.includes("@")) {
    return false
  }
  listed ??= new Set(domains as string[])
  wildcarded ??= new Set(wildcards as string[])
  if (listed.has(domain)) {
    return true
  }
  return domainAndParents(domain).some((candidate) => wildcarded!.has(candidate))
}
