/**
 * What an AWS JSON operation is to the dispatcher: a handler from the decoded, model-validated
 * input to the output, plus the IAM action and resource it is authorized against.
 */
import type { ServiceModel } from './shape-validator.ts';

/** Who is calling, established by authentication before the operation runs. */
export interface Caller {
  /** The caller's ARN, e.g. `arn:aws:iam::000000000000:user/admin`. */
  arn: string;
  userName: string;
  accessKeyId: string;
  accountId: string;
}

export interface CallContext {
  requestId: string;
  caller: Caller;
  /** Region of the request's credential scope. */
  region: string;
  sourceIp: string;
  /** Base URL the request reached the server on, e.g. `http://127.0.0.1:8090` (webhook URLs). */
  endpoint: string;
}

export interface Operation<I = Record<string, unknown>, O = object> {
  /** Top-level input members validated by the operation itself instead of the model. */
  skipModelValidation?: readonly string[];
  handle(input: I, context: CallContext): Promise<O>;
}

export interface AwsJsonService {
  /** `X-Amz-Target` prefix, e.g. `CodePipeline_20150709`. */
  targetPrefix: string;
  /** Other prefixes clients send for the same service (the AWS SDK for JavaScript sends the bare `CodeStar_connections_20191201`). */
  targetPrefixAliases?: readonly string[];
  /** IAM service prefix, e.g. `codepipeline`. */
  iamPrefix: string;
  /** The service name requests must be signed for (SigV4 credential scope), e.g. `codepipeline`. */
  signingName: string;
  model: ServiceModel;
  operations: Record<string, Operation<never, object>>;
  /**
   * Every ARN the operation is authorized against (all must be allowed), from its input; may look
   * the resource up (a Secrets Manager secret's ARN ends with a random suffix).
   */
  resourceArns(operation: string, input: Record<string, unknown>, context: { region: string; accountId: string }): string[] | Promise<string[]>;
}
