/**
 * Names and ARNs of the event bus's resources, and the bus-name rule: Sluice has one bus per
 * account and region, `default` [guess: custom buses are not served]; a call naming any other bus
 * (by name or ARN) gets AWS's ResourceNotFoundException for a missing bus.
 */
import { SluiceError } from '../model/errors.ts';

export interface EventScope { region: string; accountId: string }

export const DEFAULT_BUS = 'default';

export const ruleArn = (s: EventScope, name: string): string => `arn:aws:events:${s.region}:${s.accountId}:rule/${name}`;
export const busArn = (s: EventScope): string => `arn:aws:events:${s.region}:${s.accountId}:event-bus/${DEFAULT_BUS}`;
export const connectionArn = (s: EventScope, name: string, uuid: string): string => `arn:aws:events:${s.region}:${s.accountId}:connection/${name}/${uuid}`;
export const apiDestinationArn = (s: EventScope, name: string, uuid: string): string =>
  `arn:aws:events:${s.region}:${s.accountId}:api-destination/${name}/${uuid}`;

/** Refuses every bus but the default one. */
export function checkBus(scope: EventScope, busName: string | undefined): void {
  if (busName === undefined || busName === DEFAULT_BUS || busName === busArn(scope)) return;
  const name = busName.replace(/^arn:[^:]*:events:[^:]*:[^:]*:event-bus\//, '');
  throw new SluiceError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
}

/** The rule name of a rule ARN of this account and region, or undefined. */
export function ruleNameOfArn(scope: EventScope, arn: string): string | undefined {
  const prefix = `arn:aws:events:${scope.region}:${scope.accountId}:rule/`;
  if (!arn.startsWith(prefix)) return undefined;
  const rest = arn.slice(prefix.length);
  // `rule/<bus>/<name>` names a rule on a custom bus, which Sluice does not have.
  return rest.includes('/') ? undefined : rest;
}

/** `{ name, uuid }` of a connection or API destination ARN (`…:connection/<name>/<uuid>`), or undefined. */
export function parseResourceArn(arn: string, kind: 'connection' | 'api-destination'): { name: string; uuid: string } | undefined {
  const m = new RegExp(`^arn:aws[a-z-]*:events:[^:]*:[0-9]*:${kind}/([.\\-_A-Za-z0-9]+)/([-A-Za-z0-9]+)$`).exec(arn);
  return m ? { name: m[1] as string, uuid: m[2] as string } : undefined;
}
