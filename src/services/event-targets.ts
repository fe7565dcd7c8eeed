/**
 * Target kinds: what a rule's target ARN can name, in one table keyed by the ARN's service (and,
 * for `events`, its resource type). Each kind checks a target when PutTargets stores it and
 * delivers one event's input to it. Adding a kind (notification topics, `sns`) is one entry.
 *
 * A delivery that fails throws DeliveryFailure: `retryable` ones are tried again with backoff,
 * others are dead-lettered at once (the input can never work).
 */
import type { EventTarget } from '../store/event-ports.ts';

export class DeliveryFailure extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'DeliveryFailure';
    this.retryable = retryable;
  }
}

export interface DeliveryRequest {
  target: EventTarget;
  /** The target's input (the event, or what Input/InputPath/InputTransformer made of it), as text. */
  input: string;
  ruleArn: string;
  /** Unique per delivery (kept across its retries), so a receiver can drop a repeat. */
  deliveryId: string;
  eventId: string;
}

export interface TargetKind {
  /** What is wrong with the target, or undefined when it can be stored. */
  check(target: EventTarget): Promise<string | undefined>;
  deliver(request: DeliveryRequest): Promise<void>;
}

/** Kinds by key: `codepipeline`, `events:api-destination`, `sns`. */
export type TargetKinds = Partial<Record<string, TargetKind>>;

/** The table key of a target ARN: its service, plus the resource type for `events`. */
export function targetKindKey(arn: string): string {
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  if (parts[0] !== 'arn' || parts.length < 6) return '';
  return service === 'events' ? `events:${(parts[5] ?? '').split('/')[0]}` : service;
}

export function kindOf(kinds: TargetKinds, arn: string): TargetKind | undefined {
  const key = targetKindKey(arn);
  return Object.hasOwn(kinds, key) ? kinds[key] : undefined;
}

export const UNSUPPORTED_TARGET_MESSAGE = 'is not a target Sluice can deliver to: use a pipeline (arn:aws:codepipeline:<region>:<account>:<name>), ' +
  'an API destination (arn:aws:events:<region>:<account>:api-destination/<name>/<id>) or a topic (arn:aws:sns:<region>:<account>:<name>).';
