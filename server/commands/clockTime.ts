/** "09:41:05 UTC": when something happened, in words for a refusal message. */
export function clockTime(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)} UTC`;
}
