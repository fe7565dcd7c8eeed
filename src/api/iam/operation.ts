/**
 * What an IAM operation is to the query handler: the ARNs it is authorized against and the
 * handler from the decoded, model-validated input (lower-camel member names) to the output
 * (likewise; `query-model.ts` writes the XML).
 */
import type { IdentityService } from '../../services/identity.ts';
import type { ServiceCredentialService } from '../../services/service-credentials.ts';
import type { Caller } from '../aws-json/operation.ts';
import type { LoginProfileService } from '../../services/login-profiles.ts';

export interface IamContext {
  requestId: string;
  caller: Caller;
  accountId: string;
  identity: IdentityService;
  /** Service-specific credentials (git over HTTPS); their operations are refused without it. */
  serviceCredentials?: ServiceCredentialService;
  /** Console passwords; their operations are refused without it. */
  loginProfiles?: LoginProfileService;
}

export interface IamOperation<I = never> {
  /** Every ARN the call is authorized against (`iam:<Operation>` must be allowed on each). */
  resources(input: I, context: IamContext): Promise<string[]>;
  /** The output's members; undefined for operations that answer only the request id. */
  handle(input: I, context: IamContext): Promise<object | undefined>;
}

/** The ARN of a user as IAM authorizes it: with the user's path when the user exists. */
export async function userResource(context: IamContext, userName: string | undefined): Promise<string> {
  if (userName === undefined) return context.caller.arn;
  const user = await context.identity.findUser(userName);
  return user?.arn ?? `arn:aws:iam::${context.accountId}:user/${userName}`;
}

/** The user an operation is about: the named one, or (as IAM does) the caller. */
export function userOrCaller(userName: string | undefined, context: IamContext): string {
  return userName ?? context.caller.userName;
}
