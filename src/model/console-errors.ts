/**
 * Error `__type`s of the web console's own routes (sign-in, sessions, CSRF) and of IAM login
 * profiles. The console's calls to AWS APIs answer those APIs' own types.
 */
export const ConsoleErrorCode = {
  /** Wrong or missing credentials, or no session (401). */
  NotAuthorizedException: 'NotAuthorizedException',
  /** The session cookie names a session past its idle or absolute expiry (401). */
  SessionExpiredException: 'SessionExpiredException',
  /** A mutating console request without the session's CSRF token or from a foreign Origin (403). */
  InvalidCsrfTokenException: 'InvalidCsrfTokenException',
  /** IAM: a console password outside the password policy (`PasswordPolicyViolation` on the wire). */
  PasswordPolicyViolationException: 'PasswordPolicyViolationException',
} as const;
