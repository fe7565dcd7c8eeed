/**
 * The responses the router itself gives when it cannot get one from a target, shaped as ALB's:
 * an HTML page naming the status, `Server: awselb/2.0`.
 *
 * - 502 Bad Gateway: the target refused the connection, reset it, or sent no valid response.
 * - 503 Service Temporarily Unavailable: the chosen target group has no registered targets.
 * - 504 Gateway Time-out: the target sent nothing within the idle timeout.
 */
import type { ServerResponse } from 'node:http';

const TITLES = { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' } as const;
export type RouterErrorStatus = keyof typeof TITLES;

export function errorPage(status: RouterErrorStatus): string {
  const title = TITLES[status];
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/** Answers with the error page, or cuts the connection when the response had already begun. */
export function sendRouterError(res: ServerResponse, status: RouterErrorStatus): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorPage(status);
  res.writeHead(status, { server: 'awselb/2.0', 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
