/**
 * The parts git serving and service-specific credentials need from a server: the credential
 * service (IAM's ServiceSpecificCredential operations use it too) and the smart HTTP handler,
 * which signs callers in against the identity store and authorizes them with the server's policies.
 */
import type { GitRoute } from '../api/git/routes.ts';
import { makeGitHandler, type GitHandlerOptions } from '../api/git/handler.ts';
import type { IncomingCall } from '../api/aws-json/dispatcher.ts';
import type { Logger } from '../logging.ts';
import type { FindRepository } from '../services/hosted-repository.ts';
import { ServiceCredentialService } from '../services/service-credentials.ts';
import type { Store } from '../store/ports.ts';
import type { Access } from './access.ts';
import { makeIdentityLookup } from './identities.ts';

/** The service git credentials are issued for. */
const GIT_CREDENTIAL_SERVICE = 'codecommit.amazonaws.com';

export function makeServiceCredentials(store: Store, accountId: string): ServiceCredentialService {
  return new ServiceCredentialService({ credentials: store.serviceCredentials, identity: store.identity, accountId });
}

export interface GitServingOptions {
  store: Store;
  access: Access;
  serviceCredentials: ServiceCredentialService;
  accountId: string;
  region: string;
  findRepository: FindRepository;
  onRefsChanged?: GitHandlerOptions['onRefsChanged'];
  /** The server's call reporting (audit trail, metrics). */
  onCall?: GitHandlerOptions['onCall'];
  maxPushBytes?: number;
  /** The repositories' ref lock, shared with the CodeCommit API. */
  lock?: GitHandlerOptions['lock'];
  logger: Logger;
}

export function makeGitServing(options: GitServingOptions): (call: IncomingCall, route: GitRoute) => Promise<Response> {
  const { store, serviceCredentials } = options;
  const identities = makeIdentityLookup(store, options.accountId);
  return makeGitHandler({
    findRepository: options.findRepository,
    auth: {
      accountId: options.accountId, region: options.region,
      async verifyPassword(login, password) {
        const userName = await serviceCredentials.verify(login, password, GIT_CREDENTIAL_SERVICE);
        const user = userName === undefined ? undefined : await store.identity.getUser(userName);
        return user && { arn: user.arn, userName: user.userName };
      },
      accessKey: (accessKeyId) => identities.credential(accessKeyId),
    },
    authorize: (caller, action, resource, sourceIp) => options.access.authorize(caller, action, resource, sourceIp),
    ...(options.onRefsChanged && { onRefsChanged: options.onRefsChanged }),
    ...(options.onCall && { onCall: options.onCall }),
    ...(options.maxPushBytes !== undefined && { maxPushBytes: options.maxPushBytes }),
    ...(options.lock && { lock: options.lock }),
    logger: options.logger,
  });
}
