/**
 * How the protocols find a caller's access key and policies in the identity store. Shared by the
 * AWS JSON, query (IAM) and S3 access checks so they cannot disagree.
 */
import type { Credential } from '../api/auth/sigv4.ts';
import { parsePolicyDocument } from '../model/iam/parse-policy.ts';
import type { PolicyDocument } from '../model/iam/policy.ts';
import type { Store } from '../store/ports.ts';

/** Parsed policies by document text: the same few documents are read on every request. */
const PARSED_LIMIT = 512;

export interface IdentityLookup {
  credential(accessKeyId: string): Promise<Credential | undefined>;
  policiesOf(userName: string): Promise<PolicyDocument[]>;
}

export function makeIdentityLookup(store: Store, accountId: string): IdentityLookup {
  const parsed = new Map<string, PolicyDocument | undefined>();

  function parse(document: string, userName: string): PolicyDocument | undefined {
    if (parsed.has(document)) return parsed.get(document);
    // Parsed as what they are, inline policies, which may omit Version (IAM reads 2008-10-17 then).
    // The size quota was enforced when each was stored (system policies, such as the artifact
    // user's, are not bound by it), so it must not drop a stored policy here.
    const holder = { kind: 'inline', entity: 'user', name: userName, otherInlineSize: Number.NEGATIVE_INFINITY } as const;
    const policy = parsePolicyDocument(document, holder).policy;
    if (parsed.size >= PARSED_LIMIT) parsed.delete(parsed.keys().next().value ?? '');
    parsed.set(document, policy);
    return policy;
  }

  return {
    async credential(accessKeyId) {
      const key = await store.identity.getAccessKey(accessKeyId);
      if (!key) return undefined;
      // The user's own ARN carries its path (`user/ci/deployer`), as AWS's principal ARNs do.
      const user = await store.identity.getUser(key.userName);
      return {
        accessKeyId, secretAccessKey: key.secretAccessKey, principal: user?.arn ?? `arn:aws:iam::${accountId}:user/${key.userName}`,
        disabled: key.status !== 'Active',
        ...(key.sessionToken !== undefined && { sessionToken: key.sessionToken }),
        ...(key.expiresAt !== undefined && { expiresAt: key.expiresAt }),
      };
    },
    async policiesOf(userName) {
      const stored = await store.identity.listUserPolicies(userName);
      return stored.flatMap((p) => parse(p.document, userName) ?? []);
    },
  };
}
