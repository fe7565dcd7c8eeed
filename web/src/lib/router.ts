/** The current route as a store that follows `hashchange`; parsing and printing live in routes.ts. */
import { parseRoute, hrefOf, type Route } from './routes.ts';
import { makeStore } from './store.ts';

export { hrefOf, parseRoute, type Route };

/** The current route; follows `hashchange`. */
export const currentRoute = makeStore<Route>(parseRoute(location.hash));
addEventListener('hashchange', () => currentRoute.set(parseRoute(location.hash)));
