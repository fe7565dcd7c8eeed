/**
 * What Sluice accepts as a revision before it reaches a git command line: each check admits only
 * text git reads as a revision, never as an option or a range.
 */

/** A full or abbreviated commit id (SHA-1 or SHA-256), in either letter case. */
export function isCommitIdPrefix(text: string): boolean {
  return /^[0-9a-fA-F]{4,64}$/.test(text);
}

/** A whole commit id as git prints it: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits. */
export function isFullCommitId(text: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(text);
}

/** A branch name git accepts and no command line can mistake for an option. */
export function isBranchName(text: string): boolean {
  return /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[\w./@{}+=,!#$%&'()<>|;`"-]+(?<![./])$/u.test(text);
}

/** A revision from a webhook payload (an object id or a ref name), never an option or a range. */
export function isPlainRevision(text: string): boolean {
  return /^[\w./-]+$/.test(text) && !text.startsWith('-') && !text.includes('..');
}
