/**
 * One error type for everything a caller can get wrong. `code` is the AWS `__type`
 * (e.g. `PipelineNotFoundException`); the protocol layer maps codes to HTTP statuses in one table.
 * The class is branded with a global symbol so `isSluiceError` survives duplicate module copies.
 */
import { CodeCommitErrorCode } from './codecommit-errors.ts';
import { ConsoleErrorCode } from './console-errors.ts';

/** Every error code Sluice raises; each is the AWS `__type` of the same name. */
export const ErrorCode = {
  ValidationException: 'ValidationException',
  InvalidStructureException: 'InvalidStructureException',
  InvalidStageDeclarationException: 'InvalidStageDeclarationException',
  InvalidActionDeclarationException: 'InvalidActionDeclarationException',
  InvalidBlockerDeclarationException: 'InvalidBlockerDeclarationException',
  PipelineNameInUseException: 'PipelineNameInUseException',
  PipelineNotFoundException: 'PipelineNotFoundException',
  PipelineVersionNotFoundException: 'PipelineVersionNotFoundException',
  PipelineExecutionNotFoundException: 'PipelineExecutionNotFoundException',
  PipelineExecutionNotStoppableException: 'PipelineExecutionNotStoppableException',
  PipelineExecutionOutdatedException: 'PipelineExecutionOutdatedException',
  DuplicatedStopRequestException: 'DuplicatedStopRequestException',
  StageNotFoundException: 'StageNotFoundException',
  ActionNotFoundException: 'ActionNotFoundException',
  ActionTypeNotFoundException: 'ActionTypeNotFoundException',
  StageNotRetryableException: 'StageNotRetryableException',
  NotLatestPipelineExecutionException: 'NotLatestPipelineExecutionException',
  UnableToRollbackStageException: 'UnableToRollbackStageException',
  ConflictException: 'ConflictException',
  ConcurrentModificationException: 'ConcurrentModificationException',
  ConcurrentPipelineExecutionsLimitExceededException: 'ConcurrentPipelineExecutionsLimitExceededException',
  LimitExceededException: 'LimitExceededException',
  InvalidApprovalTokenException: 'InvalidApprovalTokenException',
  ApprovalAlreadyCompletedException: 'ApprovalAlreadyCompletedException',
  JobNotFoundException: 'JobNotFoundException',
  InvalidJobStateException: 'InvalidJobStateException',
  InvalidNonceException: 'InvalidNonceException',
  InvalidNextTokenException: 'InvalidNextTokenException',
  ConditionNotOverridableException: 'ConditionNotOverridableException',
  ActionExecutionNotFoundException: 'ActionExecutionNotFoundException',
  ActionTypeAlreadyExistsException: 'ActionTypeAlreadyExistsException',
  InvalidArnException: 'InvalidArnException',
  InvalidClientTokenException: 'InvalidClientTokenException',
  InvalidJobException: 'InvalidJobException',
  InvalidTagsException: 'InvalidTagsException',
  InvalidWebhookAuthenticationParametersException: 'InvalidWebhookAuthenticationParametersException',
  InvalidWebhookFilterPatternException: 'InvalidWebhookFilterPatternException',
  OutputVariablesSizeExceededException: 'OutputVariablesSizeExceededException',
  RequestFailedException: 'RequestFailedException',
  ResourceNotFoundException: 'ResourceNotFoundException',
  TooManyTagsException: 'TooManyTagsException',
  WebhookNotFoundException: 'WebhookNotFoundException',
  // CodeBuild, CloudWatch Logs and Secrets Manager.
  InvalidInputException: 'InvalidInputException',
  ResourceAlreadyExistsException: 'ResourceAlreadyExistsException',
  AccountLimitExceededException: 'AccountLimitExceededException',
  InvalidParameterException: 'InvalidParameterException',
  // SNS.
  NotFoundException: 'NotFoundException',
  // Protocol, authentication and authorization errors shared by every AWS JSON service.
  SerializationException: 'SerializationException',
  UnknownOperationException: 'UnknownOperationException',
  RequestEntityTooLargeException: 'RequestEntityTooLargeException',
  MissingAuthenticationTokenException: 'MissingAuthenticationTokenException',
  IncompleteSignatureException: 'IncompleteSignatureException',
  UnrecognizedClientException: 'UnrecognizedClientException',
  InvalidSignatureException: 'InvalidSignatureException',
  AccessDeniedException: 'AccessDeniedException',
  ThrottlingException: 'ThrottlingException',
  MalformedPolicyDocumentException: 'MalformedPolicyDocumentException',
  NoSuchEntityException: 'NoSuchEntityException',
  EntityAlreadyExistsException: 'EntityAlreadyExistsException',
  // IAM (users, keys, inline policies) and CloudTrail (LookupEvents).
  DeleteConflictException: 'DeleteConflictException',
  InvalidLookupAttributesException: 'InvalidLookupAttributesException',
  InvalidTimeRangeException: 'InvalidTimeRangeException',
  InvalidMaxResultsException: 'InvalidMaxResultsException',
  InvalidEventCategoryException: 'InvalidEventCategoryException',
  // SSM Parameter Store.
  ParameterNotFound: 'ParameterNotFound',
  ParameterAlreadyExists: 'ParameterAlreadyExists',
  ParameterVersionNotFound: 'ParameterVersionNotFound',
  ParameterLimitExceeded: 'ParameterLimitExceeded',
  ParameterPatternMismatchException: 'ParameterPatternMismatchException',
  InvalidAllowedPatternException: 'InvalidAllowedPatternException',
  HierarchyLevelLimitExceededException: 'HierarchyLevelLimitExceededException',
  HierarchyTypeMismatchException: 'HierarchyTypeMismatchException',
  UnsupportedParameterType: 'UnsupportedParameterType',
  InvalidKeyId: 'InvalidKeyId',
  InvalidFilterKey: 'InvalidFilterKey',
  InvalidFilterOption: 'InvalidFilterOption',
  InvalidFilterValue: 'InvalidFilterValue',
  InvalidNextToken: 'InvalidNextToken',
  // Secrets Manager.
  ResourceExistsException: 'ResourceExistsException',
  InvalidRequestException: 'InvalidRequestException',
  DecryptionFailure: 'DecryptionFailure',
  // EventBridge.
  InvalidEventPatternException: 'InvalidEventPatternException',
  ManagedRuleException: 'ManagedRuleException',
  // CodeStar Connections.
  ResourceUnavailableException: 'ResourceUnavailableException',
  InternalFailure: 'InternalFailure',
  // IAM service-specific credentials.
  ServiceNotSupportedException: 'ServiceNotSupportedException',
  ...CodeCommitErrorCode,
  ...ConsoleErrorCode,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const BRAND = Symbol.for('sluice:error');

export class SluiceError extends Error {
  readonly code: ErrorCode;
  /** True when the same request may succeed if repeated later (e.g. a lock was busy). */
  readonly retryable: boolean;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function isSluiceError(e: unknown): e is SluiceError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** Turns anything thrown into an Error, so `catch` blocks never deal with strings or undefined. */
export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : `Non-error thrown: ${JSON.stringify(e)}`);
}

/** Shorthand for `new SluiceError(code, message)`, for throw expressions. */
export function fail(code: ErrorCode, message: string): never {
  throw new SluiceError(code, message);
}
