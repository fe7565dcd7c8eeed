/**
 * AWS's rest-json protocol (CodeStar Notifications): the operation is the request's method and
 * path (from the model's `http.requestUri`), input members come from the JSON body, the path and
 * the query string. Errors are answered with the model's status, the code in `x-amzn-ErrorType`
 * and `{"message"}` as the body, as AWS does.
 *
 * Request flow, as on the AWS JSON dispatcher: route → authenticate (SigV4, scoped to the
 * service's signing name) → decode → validate against the model → authorize
 * (`<service>:<Operation>` on each resource) → operation → JSON. Every outcome is reported to
 * `onCall` (audit trail, metrics).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging.ts';
import { SluiceError, type ErrorCode } from '../../model/errors.ts';
import { decode, type CallRecord, type IncomingCall } from '../aws-json/dispatcher.ts';
import { clientErrorOf, statusOf } from '../aws-json/errors.ts';
import type { Caller, CallContext } from '../aws-json/operation.ts';
import { maskSensitive } from '../aws-json/sensitive.ts';
import { validateInput, type ServiceModel } from '../aws-json/shape-validator.ts';
import { compileRoutes, inputOf, matchRoute, type RestJsonModel } from './routes.ts';

export interface RestJsonOperation {
  handle(input: never, context: CallContext): Promise<object>;
}

export interface RestJsonService {
  /** IAM action prefix, audit trail service name and SigV4 signing name (`codestar-notifications`). */
  name: string;
  model: RestJsonModel;
  operations: Record<string, RestJsonOperation>;
  /** Every ARN the call is authorized against (all must be allowed). */
  resourceArns(operation: string, input: Record<string, unknown>, scope: { region: string; accountId: string }): string[];
}

export interface RestJsonHandlerOptions {
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string; signingService: string }>;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  onCall?(record: CallRecord): void;
  logger: Logger;
}

function respond(requestId: string, status: number, body: object, errorCode?: string): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...(errorCode !== undefined && { 'x-amzn-errortype': errorCode }) },
  });
}

export function makeRestJsonHandler(service: RestJsonService, options: RestJsonHandlerOptions): (call: IncomingCall) => Promise<Response> {
  const routes = compileRoutes(service.model);
  // The validator reads the same model; rest-json models have no target prefix.
  const shapes = service.model as unknown as ServiceModel;
  const statusOfCode = (code: ErrorCode): number => service.model.shapes[code]?.error?.httpStatusCode ?? statusOf(code);
  return async (call) => {
    const requestId = randomUUID();
    const started = performance.now();
    const url = new URL(call.request.url);
    const route = matchRoute(routes, call.request.method, url.pathname);
    const record: CallRecord = {
      requestId, service: service.name, operation: route?.operation ?? 'unknown', sourceIp: call.sourceIp, status: 200, durationMs: 0,
      ...(call.request.headers.has('user-agent') && { userAgent: call.request.headers.get('user-agent') ?? '' }),
    };
    try {
      const operation = route && Object.hasOwn(service.operations, route.operation) ? service.operations[route.operation] : undefined;
      if (!route || !operation) throw new SluiceError('UnknownOperationException', `No ${service.name} operation at ${call.request.method} ${url.pathname}`);
      const { caller, region, signingService } = await options.authenticate(call);
      if (signingService !== service.name) {
        throw new SluiceError('InvalidSignatureException', `Credential should be scoped to correct service: '${service.name}'.`);
      }
      record.caller = caller;
      record.region = region;
      const input = inputOf(service.model, route.operation, decode(call.body), route.labels, url, call.request.headers);
      record.input = maskSensitive(shapes, route.operation, input);
      validateInput(shapes, route.operation, input);
      record.resources = service.resourceArns(route.operation, input, { region, accountId: caller.accountId });
      for (const resource of record.resources) await options.authorize(caller, `${service.name}:${route.operation}`, resource, call.sourceIp);
      const context: CallContext = { requestId, caller, region, sourceIp: call.sourceIp, endpoint: url.origin };
      const output = await (operation.handle as (input: Record<string, unknown>, context: CallContext) => Promise<object>)(input, context);
      return respond(requestId, service.model.operations[route.operation]?.http.responseCode ?? 200, output);
    } catch (e) {
      const { code, message, cause } = clientErrorOf(e);
      if (cause) options.logger.error({ requestId, operation: `${service.name}:${record.operation}`, err: cause }, 'operation failed');
      Object.assign(record, { errorCode: code, errorMessage: message, status: statusOfCode(code) });
      return respond(requestId, record.status, { message }, code);
    } finally {
      record.durationMs = performance.now() - started;
      options.onCall?.(record);
    }
  };
}
