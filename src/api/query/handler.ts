/**
 * AWS's query protocol (IAM, SNS): `Action=CreateUser&Version=2010-05-08&UserName=bob`,
 * form-encoded in a POST body (or in the query string of a GET), answered in XML:
 *
 *   <CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <CreateUserResult><User>…</User></CreateUserResult>
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </CreateUserResponse>
 *
 * Request flow, as on the AWS JSON dispatcher: action → authenticate (SigV4) → decode by the
 * model → validate → authorize (`<service>:<Action>` on each resource) → operation → XML. Every
 * outcome is reported to `onCall` (audit trail, metrics) with the parameters under their
 * lower-camel names, as CloudTrail records query-protocol calls. A service may serve some
 * actions unsigned (SNS's ConfirmSubscription link); those run with no caller and no policy.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging.ts';
import { SluiceError, type ErrorCode } from '../../model/errors.ts';
import type { CallRecord, IncomingCall } from '../aws-json/dispatcher.ts';
import { clientErrorOf } from '../aws-json/errors.ts';
import type { Caller } from '../aws-json/operation.ts';
import { validateInput } from '../aws-json/shape-validator.ts';
import { errorXml } from '../iam/errors.ts';
import { decodeQueryInput, encodeXml, type QueryModel } from '../iam/query-model.ts';

export interface QueryOperation<C> {
  /** Every ARN the call is authorized against (`<service>:<Action>` must be allowed on each). */
  resources(input: never, context: C): Promise<string[]>;
  /** The output's members; undefined for operations that answer only the request id. */
  handle(input: never, context: C): Promise<object | undefined>;
}

export interface QueryService<C> {
  /** The IAM action prefix and the audit trail's service name (`iam`, `sns`). */
  name: string;
  /** The camel-cased model (`camelModel`). */
  model: QueryModel;
  operations: Record<string, QueryOperation<C>>;
  /** The context operations get; `caller` is undefined only for `unsigned` actions. */
  context(requestId: string, caller: Caller | undefined): C;
  /** The service's wire code and status for a Sluice error code. */
  errorOf(code: ErrorCode, message: string): { code: string; status: number; message: string };
  /** Actions served without a signature. */
  unsigned?: ReadonlySet<string>;
}

export interface QueryHandlerOptions {
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string }>;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
  onCall?(record: CallRecord): void;
  logger: Logger;
}

/** The query parameters of a request: the URL's, then a form-encoded body's. */
function paramsOf(call: IncomingCall): URLSearchParams {
  const params = new URLSearchParams(new URL(call.request.url).search);
  const type = call.request.headers.get('content-type') ?? '';
  if (call.request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    new URLSearchParams(new TextDecoder().decode(call.body)).forEach((value, key) => params.set(key, value));
  }
  return params;
}

function xmlResponse(requestId: string, status: number, body: string): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId } });
}

export function makeQueryHandler<C>(service: QueryService<C>, options: QueryHandlerOptions): (call: IncomingCall) => Promise<Response> {
  const { model } = service;
  const namespace = model.metadata.xmlNamespace ?? '';
  const version = model.metadata.apiVersion ?? '';
  const served = Object.keys(service.operations).sort();

  function successXml(action: string, requestId: string, output: object | undefined): string {
    const wrapper = model.operations[action]?.output;
    const result = output && wrapper?.resultWrapper
      ? `<${wrapper.resultWrapper}>${encodeXml(model, wrapper.shape, output)}</${wrapper.resultWrapper}>` : '';
    return `<${action}Response xmlns="${namespace}">${result}`
      + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  }

  return async (call) => {
    const requestId = randomUUID();
    const started = performance.now();
    const params = paramsOf(call);
    const action = params.get('Action') ?? '';
    const operation = Object.hasOwn(service.operations, action) ? service.operations[action] : undefined;
    const record: CallRecord = {
      requestId, service: service.name, operation: operation ? action : 'unknown', sourceIp: call.sourceIp, status: 200, durationMs: 0,
      ...(call.request.headers.has('user-agent') && { userAgent: call.request.headers.get('user-agent') ?? '' }),
    };
    try {
      if (!operation) {
        throw new SluiceError('UnknownOperationException', action
          ? `Could not find operation ${action} for version ${version} (Sluice serves ${served.join(', ')})`
          : 'Missing Action parameter');
      }
      const unsigned = service.unsigned?.has(action) === true && !call.request.headers.has('authorization');
      const caller = unsigned ? undefined : await options.authenticate(call).then(({ caller: who, region }) => {
        record.caller = who;
        record.region = region;
        return who;
      });
      const input = decodeQueryInput(model, action, params);
      record.input = input;
      validateInput(model, action, input);
      const context = service.context(requestId, caller);
      record.resources = await operation.resources(input as never, context);
      if (caller) {
        for (const resource of record.resources) await options.authorize(caller, `${service.name}:${action}`, resource, call.sourceIp);
      }
      return xmlResponse(requestId, 200, successXml(action, requestId, await operation.handle(input as never, context)));
    } catch (e) {
      const { code, message, cause } = clientErrorOf(e);
      if (cause) options.logger.error({ requestId, operation: `${service.name}:${action}`, err: cause }, 'operation failed');
      const error = service.errorOf(code, message);
      Object.assign(record, { errorCode: code, errorMessage: error.message, status: error.status });
      return xmlResponse(requestId, error.status, errorXml(namespace, requestId, error));
    } finally {
      record.durationMs = performance.now() - started;
      options.onCall?.(record);
    }
  };
}
