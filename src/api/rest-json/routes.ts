/**
 * Routes of a rest-json API from its model: each operation's `http.method` and `http.requestUri`
 * (`/untagResource/{resourceArn}`, with `{name+}` for a greedy label), and where its input members
 * travel (`location`: `uri`, `querystring`, `header`; the rest is the JSON body).
 */
export interface RestJsonModel {
  metadata: { signingName?: string; endpointPrefix?: string };
  operations: Record<string, { name: string; http: { method: string; requestUri: string; responseCode?: number }; input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, { type: string; members?: Record<string, { shape: string; location?: string; locationName?: string }>; error?: { httpStatusCode?: number } }>;
}

export interface RestJsonRoute {
  operation: string;
  method: string;
  /** Matches the path; named groups are the uri labels. */
  path: RegExp;
  labels: string[];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileRoutes(model: RestJsonModel): RestJsonRoute[] {
  return Object.entries(model.operations).map(([operation, { http }]) => {
    const [template = ''] = http.requestUri.split('?');
    const labels: string[] = [];
    const pattern = template.split(/(\{[^}]+\})/).map((part) => {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
      if (!label) return escape(part);
      labels.push(label[1] ?? '');
      return label[2] ? '(.+)' : '([^/]+)';
    }).join('');
    return { operation, method: http.method, path: new RegExp(`^${pattern}$`), labels };
  });
}

/** The operation and uri labels of a request; undefined when no route matches. */
export function matchRoute(routes: readonly RestJsonRoute[], method: string, pathname: string): { operation: string; labels: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(pathname);
    if (!match) continue;
    const labels: Record<string, string> = {};
    route.labels.forEach((name, i) => {
      labels[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { operation: route.operation, labels };
  }
  return undefined;
}

/** The input: the JSON body's members, then those the model places in the uri, query string or headers. */
export function inputOf(model: RestJsonModel, operation: string, body: Record<string, unknown>, labels: Record<string, string>, url: URL, headers: Headers): Record<string, unknown> {
  const shape = model.shapes[model.operations[operation]?.input?.shape ?? ''];
  const input: Record<string, unknown> = { ...body };
  for (const [member, { shape: memberShape, location, locationName = member }] of Object.entries(shape?.members ?? {})) {
    if (location === undefined) continue;
    delete input[member];
    if (location === 'uri' && Object.hasOwn(labels, locationName)) input[member] = labels[locationName];
    if (location === 'header' && headers.has(locationName)) input[member] = headers.get(locationName);
    if (location === 'querystring') {
      const values = url.searchParams.getAll(locationName);
      if (values.length === 0) continue;
      input[member] = model.shapes[memberShape]?.type === 'list' ? values : values[0];
    }
  }
  return input;
}
