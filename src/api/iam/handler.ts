/**
 * The IAM API on AWS's query protocol: `Action=CreateUser&Version=2010-05-08&UserName=bob`,
 * form-encoded in a POST body (or in the query string of a GET), answered in XML:
 *
 *   <CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
 *     <CreateUserResult><User>…</User></CreateUserResult>
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </CreateUserResponse>
 *
 * The HTTP app routes here the requests signed for the `iam` service. Request flow, as on the
 * AWS JSON dispatcher: action → authenticate (SigV4) → decode by the model → validate → authorize
 * (`iam:<Action>` on each resource) → operation → XML. Every outcome is reported to `onCall`
 * (audit trail, metrics) with the parameters under their lower-camel names, as CloudTrail
 * records IAM calls. Errors are answered through one table (`errors.ts`).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from '../../logging.ts';
import { SluiceError } from '../../model/errors.ts';
import type { IdentityService } from '../../services/identity.ts';
import type { CallRecord, IncomingCall } from '../aws-json/dispatcher.ts';
import { clientErrorOf } from '../aws-json/errors.ts';
import type { Caller } from '../aws-json/operation.ts';
import { validateInput } from '../aws-json/shape-validator.ts';
import { accessKeyOperations } from './access-keys.ts';
import { errorXml, queryErrorOf } from './errors.ts';
import type { IamContext, IamOperation } from './operation.ts';
import { camelModel, decodeQueryInput, encodeXml, type QueryModel } from './query-model.ts';
import { userPolicyOperations } from './user-policies.ts';
import { serviceCredentialOperations } from './service-credentials.ts';
import type { ServiceCredentialService } from '../../services/service-credentials.ts';
import { userOperations } from './users.ts';

/** IAM's API model (the operations Sluice serves, documentation stripped), API version 2010-05-08. */
export const IAM_MODEL = camelModel(JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as QueryModel);
const NAMESPACE = IAM_MODEL.metadata.xmlNamespace ?? 'https://iam.amazonaws.com/doc/2010-05-08/';

const OPERATIONS: Record<string, IamOperation<Record<string, unknown>>> = {
  ...userOperations, ...accessKeyOperations, ...userPolicyOperations, ...serviceCredentialOperations,
} as unknown as Record<string, IamOperation<Record<string, unknown>>>;

/** The IAM operations Sluice serves, by name. */
export const IAM_OPERATIONS: readonly string[] = Object.keys(OPERATIONS).sort();

export interface IamHandlerOptions {
  identity: IdentityService;
  /** Serves the ServiceSpecificCredential operations. @default none (they are refused) */
  serviceCredentials?: ServiceCredentialService;
  accountId: string;
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

function successXml(action: string, requestId: string, output: object | undefined): string {
  const wrapper = IAM_MODEL.operations[action]?.output;
  const result = output && wrapper?.resultWrapper
    ? `<${wrapper.resultWrapper}>${encodeXml(IAM_MODEL, wrapper.shape, output)}</${wrapper.resultWrapper}>` : '';
  return `<${action}Response xmlns="${NAMESPACE}">${result}`
    + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function makeIamHandler(options: IamHandlerOptions): (call: IncomingCall) => Promise<Response> {
  return async (call) => {
    const requestId = randomUUID();
    const started = performance.now();
    const params = paramsOf(call);
    const action = params.get('Action') ?? '';
    const operation = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
    const record: CallRecord = {
      requestId, service: 'iam', operation: operation ? action : 'unknown', sourceIp: call.sourceIp, status: 200, durationMs: 0,
      ...(call.request.headers.has('user-agent') && { userAgent: call.request.headers.get('user-agent') ?? '' }),
    };
    try {
      if (!operation) {
        throw new SluiceError('UnknownOperationException', action
          ? `Could not find operation ${action} for version 2010-05-08 (Sluice serves ${IAM_OPERATIONS.join(', ')})`
          : 'Missing Action parameter');
      }
      const { caller, region } = await options.authenticate(call);
      record.caller = caller;
      record.region = region;
      const input = decodeQueryInput(IAM_MODEL, action, params);
      record.input = input;
      validateInput(IAM_MODEL, action, input);
      const context: IamContext = { requestId, caller, accountId: options.accountId, identity: options.identity,
        ...(options.serviceCredentials && { serviceCredentials: options.serviceCredentials }) };
      record.resources = await operation.resources(input, context);
      for (const resource of record.resources) await options.authorize(caller, `iam:${action}`, resource, call.sourceIp);
      return xmlResponse(requestId, 200, successXml(action, requestId, await operation.handle(input, context)));
    } catch (e) {
      const { code, message, cause } = clientErrorOf(e);
      if (cause) options.logger.error({ requestId, operation: `iam:${action}`, err: cause }, 'operation failed');
      const error = queryErrorOf(code, message);
      Object.assign(record, { errorCode: code, errorMessage: error.message, status: error.status });
      return xmlResponse(requestId, error.status, errorXml(NAMESPACE, requestId, error));
    } finally {
      record.durationMs = performance.now() - started;
      options.onCall?.(record);
    }
  };
}
