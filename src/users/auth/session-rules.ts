/**
 * Whether an access token was issued before its user's sessions were ended (new password, disabled
 * user, revoked sessions). `iat` counts whole seconds, so the end is compared in whole seconds too:
 * a token issued in the same second as the end, after it (the login that follows a password change),
 * must keep working, and it cannot be told apart from one issued earlier in that second, so both are
 * kept. Everything issued in an earlier second is refused.
 */
export function issuedBeforeSessionsEnded(iatSeconds: number, tokensValidAfter: Date | undefined): boolean {
  if (!tokensValidAfter) return false;
  return iatSeconds < Math.floor(tokensValidAfter.getTime() / 1000);
}
