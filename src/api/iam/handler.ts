/**
 * The IAM API on AWS's query protocol (see `api/query/handler.ts`). The HTTP app routes here the
 * requests signed for the `iam` service. Errors are answered through one table (`errors.ts`).
 */
import { readFileSync } from 'node:fs';
import type { IdentityService } from '../../services/identity.ts';
import { makeQueryHandler, type QueryHandlerOptions, type QueryOperation } from '../query/handler.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { accessKeyOperations } from './access-keys.ts';
import { queryErrorOf } from './errors.ts';
import type { IamContext } from './operation.ts';
import { camelModel, type QueryModel } from './query-model.ts';
import { userPolicyOperations } from './user-policies.ts';
import { serviceCredentialOperations } from './service-credentials.ts';
import type { ServiceCredentialService } from '../../services/service-credentials.ts';
import { userOperations } from './users.ts';
import { loginProfileOperations } from './login-profiles.ts';
import type { LoginProfileService } from '../../services/login-profiles.ts';

/** IAM's API model (the operations Sluice serves, documentation stripped), API version 2010-05-08. */
export const IAM_MODEL = camelModel(JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as QueryModel);

const OPERATIONS: Record<string, QueryOperation<IamContext>> = {
  ...userOperations, ...accessKeyOperations, ...userPolicyOperations, ...serviceCredentialOperations,
  ...loginProfileOperations,
};

/** The IAM operations Sluice serves, by name. */
export const IAM_OPERATIONS: readonly string[] = Object.keys(OPERATIONS).sort();

export interface IamHandlerOptions extends QueryHandlerOptions {
  identity: IdentityService;
  serviceCredentials?: ServiceCredentialService;
  /** Console passwords (login profiles); their operations are refused without it. */
  loginProfiles?: LoginProfileService;
  accountId: string;
}

export function makeIamHandler(options: IamHandlerOptions): (call: IncomingCall) => Promise<Response> {
  return makeQueryHandler<IamContext>({
    name: 'iam', model: IAM_MODEL, operations: OPERATIONS, errorOf: queryErrorOf,
    // IAM serves no unsigned action, so the handler always passes a caller.
    context: (requestId, caller) => ({
      requestId, caller: caller!, accountId: options.accountId, identity: options.identity,
      ...(options.serviceCredentials && { serviceCredentials: options.serviceCredentials }),
      ...(options.loginProfiles && { loginProfiles: options.loginProfiles }),
    }),
  }, options);
}
