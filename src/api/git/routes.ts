/**
 * Which requests are git's smart HTTP protocol, and what each asks for. A hosted repository's
 * URL is `<endpoint>/v1/repos/<name>`, as CodeCommit's HTTPS clone URLs are; git adds
 * `/info/refs?service=…` (ref advertisement) and `/git-upload-pack` or `/git-receive-pack`
 * (the exchange). The dumb protocol (plain file GETs) is not served.
 */

/** Every hosted repository URL starts here. */
export const GIT_PATH_PREFIX = '/v1/repos/';

/** CodeCommit's repository name rule: 1–100 letters, digits, `.`, `_` or `-`. */
const ROUTE = /^\/v1\/repos\/([\w.-]{1,100})(\/info\/refs|\/git-upload-pack|\/git-receive-pack)$/;

export type GitAccess = 'pull' | 'push';

export interface GitRoute {
  repositoryName: string;
  /** `/v1/repos/<name>`: the path the credential helper signs. */
  repositoryPath: string;
  /** What follows the repository path: `/info/refs`, `/git-upload-pack` or `/git-receive-pack`. */
  pathInfo: string;
  /** Pushes are receive-pack requests, both the advertisement and the exchange. */
  access: GitAccess;
  /** True for the push exchange itself, the request that changes refs. */
  receivesPack: boolean;
}

/** Cheap test for the HTTP server: git requests have bodies the handler streams itself. */
export function isGitRequest(url: URL): boolean {
  return url.pathname.startsWith(GIT_PATH_PREFIX);
}

export function matchGitRoute(method: string, url: URL): GitRoute | undefined {
  const match = ROUTE.exec(url.pathname);
  if (!match) return undefined;
  const [, repositoryName = '', pathInfo = ''] = match;
  const service = url.searchParams.get('service');
  if (pathInfo === '/info/refs') {
    if (method !== 'GET' || (service !== 'git-upload-pack' && service !== 'git-receive-pack')) return undefined;
  } else if (method !== 'POST') {
    return undefined;
  }
  const receivesPack = pathInfo === '/git-receive-pack';
  const access: GitAccess = receivesPack || service === 'git-receive-pack' ? 'push' : 'pull';
  return { repositoryName, repositoryPath: `${GIT_PATH_PREFIX}${repositoryName}`, pathInfo, access, receivesPack };
}
