/**
 * The password policy (docs/users.md): 12 to 128 characters, at least three of lower case, upper
 * case, digits and symbols, not built around the e-mail's name, not a well-known weak password.
 * Returns the reasons a password is refused; empty when it is accepted.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const WEAK_FRAGMENTS = ['password', 'senha', '123456', 'qwerty', 'abc123', 'letmein', 'admin', 'welcome'];

export function passwordProblems(password: string, context: { email?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`password must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) problems.push('password must mix at least three of: lower case, upper case, digits, symbols');
  const lower = password.toLowerCase();
  const localPart = context.email?.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) problems.push('password must not contain the e-mail name');
  if (WEAK_FRAGMENTS.some((fragment) => lower.includes(fragment))) problems.push('password must not contain a common password');
  if (/^(.{1,3})\1+$/.test(password)) problems.push('password must not be a repeated pattern');
  return problems;
}
