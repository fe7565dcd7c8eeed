/**
 * Target types of notification rules. `SNS` is AWS's: the address is a topic ARN, and the topic
 * must exist. AWS's chat types (`AWSChatbotSlack`, `AWSChatbotMicrosoftTeams`) name AWS Chatbot
 * configurations, which Sluice has no equivalent of; Sluice's own type `Webhook` takes an http(s)
 * URL instead (a Slack or Microsoft Teams incoming webhook, or any receiver of `{"text": …}`).
 */
import { SluiceError } from '../model/errors.ts';
import type { NotificationTarget } from '../store/notification-ports.ts';

export const NOTIFICATION_TARGET_TYPES = ['SNS', 'Webhook'] as const;

const TOPIC_ARN = /^arn:aws[^:]*:sns:[^:]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function isHttpUrl(address: string): boolean {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Throws ValidationException unless every target can be delivered to. */
export async function checkTargets(targets: readonly NotificationTarget[], topicExists: (arn: string) => Promise<boolean>): Promise<void> {
  for (const { type, address } of targets) {
    if (type === 'SNS') {
      if (!TOPIC_ARN.test(address)) throw new SluiceError('ValidationException', `Invalid SNS topic ARN: ${address}`);
      if (!await topicExists(address)) throw new SluiceError('ValidationException', `SNS topic ${address} does not exist.`);
    } else if (type === 'Webhook') {
      if (!isHttpUrl(address)) throw new SluiceError('ValidationException', 'Invalid Webhook target address: it must be an http or https URL.');
    } else {
      throw new SluiceError('ValidationException', `Invalid target type: ${type}. Sluice supports the target types ${NOTIFICATION_TARGET_TYPES.join(', ')}.`);
    }
  }
}

/** Targets with one entry per address (a later one wins), as AWS keeps them. */
export function uniqueTargets(targets: readonly NotificationTarget[]): NotificationTarget[] {
  return [...new Map(targets.map((t) => [t.address, t])).values()];
}
