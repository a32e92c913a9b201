/**
 * The password policy, stated once: the Users page, the own-password form, the server and
 * `npm run create-admin` all check with `passwordProblem`. Length and a list of common
 * passwords follow NIST SP 800-63B (5.1.1.2): no composition rules, a minimum length, and a
 * check against passwords known from breaches and anything tied to the person's own name.
 */
export const PASSWORD_POLICY = {
  /** Clinic default, above NIST's minimum of 8: these accounts open patient records. */
  minLength: 10,
  /** Long pass-phrases are welcome; the cap only keeps hashing cheap. */
  maxLength: 256,
} as const;

export const PASSWORD_POLICY_TEXT = `At least ${PASSWORD_POLICY.minLength} characters; not a common password, not one character repeated or a simple run like 1234567890, and not containing your username or name.`;

/** Letters at the heart of a password, without the digits and signs people add around a word ("Summer2026!" -> "summer"). */
function core(password: string): string {
  return password
    .toLowerCase()
    .replace(/^[^a-z]+/, '')
    .replace(/[^a-z]+$/, '');
}

function isRun(text: string): boolean {
  if (text.length < 2) return false;
  const step = text.charCodeAt(1) - text.charCodeAt(0);
  if (Math.abs(step) > 1) return false;
  for (let i = 2; i < text.length; i += 1) if (text.charCodeAt(i) - text.charCodeAt(i - 1) !== step) return false;
  return true;
}

/**
 * Why a chosen password is refused, or null when it follows the policy. `isCommon` answers
 * from the common-password list (kept as data on the server), given a lowercased candidate.
 */
export function passwordProblem(
  password: string,
  person: { username: string; displayName?: string },
  isCommon: (lowercased: string) => boolean,
): string | null {
  if (password.length < PASSWORD_POLICY.minLength) return `Use at least ${PASSWORD_POLICY.minLength} characters`;
  if (password.length > PASSWORD_POLICY.maxLength) return `Use at most ${PASSWORD_POLICY.maxLength} characters`;
  const lower = password.toLowerCase();
  if (isRun(lower)) return 'Choose something other than one character repeated or a simple run like 1234567890';
  const names = [person.username, ...(person.displayName ?? '').split(/\s+/)]
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n.length >= 3);
  if (names.some((name) => lower.includes(name))) return 'The password must not contain your username or name';
  const heart = core(password);
  if (isCommon(lower) || (heart.length >= 4 && (isCommon(heart) || isRun(heart)))) {
    return 'That password is on the list of commonly used passwords — choose a less predictable one';
  }
  return null;
}
