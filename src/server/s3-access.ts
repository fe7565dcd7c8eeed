/**
 * Authentication and authorization for the S3 endpoint, against the same identity store and
 * policies as the AWS JSON services: SigV4 verification that hands the protocol the raw outcome
 * (`VerifiedCaller`, with the chunk decoder of signed aws-chunked uploads, or an `AuthFailure` it
 * reports with S3's error table), and IAM decisions with S3's condition keys.
 *
 * Temporary credentials (job workers' `ASIA…` keys with a session token) are keys of the store
 * with `sessionToken` and `expiresAt`; the verifier checks both. A caller's permissions are its
 * user's inline policies.
 */
import { verifySigV4 } from '../api/auth/sigv4.ts';
import type { S3Access } from '../api/s3/context.ts';
import { evaluate } from '../model/iam/evaluate.ts';
import type { Store } from '../store/ports.ts';
import { makeIdentityLookup } from './identities.ts';

export interface S3AccessOptions {
  store: Store;
  accountId: string;
  /** @default Date.now */
  now?: () => number;
}

export function makeS3Access(options: S3AccessOptions): S3Access {
  const { store, accountId } = options;
  const now = options.now ?? Date.now;

  const identities = makeIdentityLookup(store, accountId);

  return {
    async verify(request) {
      const verified = await verifySigV4(request, (id) => identities.credential(id), { now: now() });
      const userName = verified.principal.slice(verified.principal.lastIndexOf('/') + 1);
      return { caller: { arn: verified.principal, userName, accessKeyId: verified.accessKeyId, accountId }, verified };
    },

    async decide(caller, action, resource, sourceIp, context = {}) {
      const result = evaluate({
        action, resource,
        context: {
          ...context,
          'aws:username': caller.userName, 'aws:SourceIp': sourceIp, 'aws:CurrentTime': new Date(now()).toISOString(),
          'aws:SecureTransport': 'false', 'aws:PrincipalArn': caller.arn,
        },
      }, await identities.policiesOf(caller.userName));
      return result.decision;
    },
  };
}
