/**
 * Service-specific credentials (IAM's `CreateServiceSpecificCredential`): per-user logins for one
 * service, such as git over HTTPS. The store holds the password's hash only.
 */

export interface ServiceCredentialRecord {
  /** `ACCA…`, as IAM's ids look. */
  credentialId: string;
  userName: string;
  /** e.g. `codecommit.amazonaws.com`. */
  serviceName: string;
  /** The login: `<userName>-at-<accountId>`. */
  serviceUserName: string;
  /** `scrypt$<salt base64>$<hash base64>` (see services/service-credentials.ts). */
  passwordHash: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
  /** Epoch ms after which the credential no longer signs in (CredentialAgeDays). @default never */
  expiresAt?: number;
}

export interface ServiceCredentialStore {
  /** Adds the credential unless the user already has `maxPerService` for its service (checked in the same transaction). */
  create(record: ServiceCredentialRecord, maxPerService: number): Promise<'created' | 'limitExceeded'>;
  get(credentialId: string): Promise<ServiceCredentialRecord | undefined>;
  /** A user's credentials (for one service when given), oldest first. */
  listByUser(userName: string, serviceName?: string): Promise<ServiceCredentialRecord[]>;
  /** Every user's credentials (for one service when given), by user then age. */
  listAll(serviceName?: string): Promise<ServiceCredentialRecord[]>;
  /** The credentials whose login is `serviceUserName` (a user has at most two per service). */
  findByLogin(serviceUserName: string): Promise<ServiceCredentialRecord[]>;
  /** False when there was no such credential. */
  setPassword(credentialId: string, passwordHash: string): Promise<boolean>;
  setStatus(credentialId: string, status: 'Active' | 'Inactive'): Promise<boolean>;
  delete(credentialId: string): Promise<boolean>;
}
