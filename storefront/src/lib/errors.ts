/** What to show for a failed request: the server's own message as it is. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message
  return String(error)
}
