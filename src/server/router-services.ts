/**
 * The traffic router of a server: its data plane (listeners opened on `routerHost`, health
 * checks, draining), the ELBv2 API on the query protocol, and the `TrafficRouter` port the
 * deployment orchestrator calls. `start()` opens every stored listener; `close()` closes them.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';
import { makeElbv2Handler } from '../api/elbv2/service.ts';
import type { QueryHandlerOptions } from '../api/query/handler.ts';
import type { Logger } from '../logging.ts';
import { DataPlane } from '../router/data-plane.ts';
import { compileRouterOptions, type RouterOptions } from '../router/options.ts';
import { makeRouterArns } from '../services/router/arns.ts';
import type { RouterContext } from '../services/router/context.ts';
import { makeTrafficRouter, type TrafficRouter } from '../services/router/traffic-router.ts';
import type { RouterStore } from '../store/router-ports.ts';

export interface RouterServicesOptions {
  store: RouterStore;
  accountId: string;
  region: string;
  logger: Logger;
  router?: RouterOptions;
}

export interface RouterServices {
  trafficRouter: TrafficRouter;
  handler(options: QueryHandlerOptions): (call: IncomingCall) => Promise<Response>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function makeRouterServices(options: RouterServicesOptions): RouterServices {
  const compiled = compileRouterOptions(options.router);
  const now = (): number => Date.now();
  const plane = new DataPlane({ store: options.store, options: compiled, logger: options.logger, now });
  const context: RouterContext = {
    store: options.store, plane, now, secondMs: compiled.secondMs, host: compiled.host,
    arns: makeRouterArns(options, () => randomBytes(8).toString('hex')),
  };
  return {
    trafficRouter: makeTrafficRouter(context),
    handler: (handlerOptions) => makeElbv2Handler({ ...handlerOptions, router: context }),
    start: () => plane.start(),
    close: () => plane.close(),
  };
}
