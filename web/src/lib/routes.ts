/**
 * Hash routes: the server needs to serve only `/`, and a bookmarked or reloaded URL opens the
 * same page. Each route has one parser and one printer here, so links never hand-build paths.
 */
export type Route =
  | { page: 'pipelines' }
  | { page: 'pipeline'; name: string }
  | { page: 'executions'; name: string }
  | { page: 'execution'; name: string; id: string }
  | { page: 'edit'; name: string }
  | { page: 'build'; id: string }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const [first, name, third, id] = parts;
  if (parts.length === 0 || (first === 'pipelines' && parts.length === 1)) return { page: 'pipelines' };
  if (first === 'pipelines' && name !== undefined) {
    if (parts.length === 2) return { page: 'pipeline', name };
    if (third === 'executions' && parts.length === 3) return { page: 'executions', name };
    if (third === 'executions' && id !== undefined && parts.length === 4) return { page: 'execution', name, id };
    if (third === 'edit' && parts.length === 3) return { page: 'edit', name };
  }
  if (first === 'builds' && name !== undefined && parts.length === 2) return { page: 'build', id: name };
  return { page: 'not-found', path };
}

const seg = encodeURIComponent;

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'pipelines': return '#/pipelines';
    case 'pipeline': return `#/pipelines/${seg(route.name)}`;
    case 'executions': return `#/pipelines/${seg(route.name)}/executions`;
    case 'execution': return `#/pipelines/${seg(route.name)}/executions/${seg(route.id)}`;
    case 'edit': return `#/pipelines/${seg(route.name)}/edit`;
    case 'build': return `#/builds/${seg(route.id)}`;
    case 'not-found': return `#${route.path}`;
  }
}
