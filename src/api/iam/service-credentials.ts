/**
 * Service-specific credentials: CreateServiceSpecificCredential, ListServiceSpecificCredentials,
 * ResetServiceSpecificCredential, UpdateServiceSpecificCredential, DeleteServiceSpecificCredential.
 * Without a UserName (except Create, where IAM requires one) each acts on the caller's own user.
 * The password is answered by Create and Reset only, and never recorded in the audit trail
 * (responses are not recorded).
 */
import { SluiceError } from '../../model/errors.ts';
import type { ServiceCredentialService, ServiceCredentialView } from '../../services/service-credentials.ts';
import { userOrCaller, userResource, type IamContext, type IamOperation } from './operation.ts';

interface CredentialInput { userName?: string; serviceSpecificCredentialId: string }

function serviceOf(context: IamContext): ServiceCredentialService {
  if (!context.serviceCredentials) throw new SluiceError('ValidationException', 'Service-specific credentials are not enabled on this server');
  return context.serviceCredentials;
}

/** IAM's `ServiceSpecificCredentialMetadata` (dates are epoch ms until encoded). */
function metadata(c: ServiceCredentialView): object {
  return {
    userName: c.userName, status: c.status, serviceUserName: c.serviceUserName, createDate: c.createdAt,
    serviceSpecificCredentialId: c.credentialId, serviceName: c.serviceName,
    ...(c.expiresAt !== undefined && { expirationDate: c.expiresAt }),
  };
}

/** IAM's `ServiceSpecificCredential`: the metadata and the password. */
function withPassword(c: ServiceCredentialView & { servicePassword: string }): object {
  return { ...metadata(c), servicePassword: c.servicePassword };
}

const onUser = {
  async resources(input: { userName?: string }, context: IamContext): Promise<string[]> {
    return [await userResource(context, input.userName)];
  },
};

export const serviceCredentialOperations = {
  CreateServiceSpecificCredential: {
    ...onUser,
    async handle(input, context) {
      const created = await serviceOf(context).create(input.userName, input.serviceName, input.credentialAgeDays);
      return { serviceSpecificCredential: withPassword(created) };
    },
  } satisfies IamOperation<{ userName: string; serviceName: string; credentialAgeDays?: number }>,

  ListServiceSpecificCredentials: {
    // Every user's credentials are authorized against every user, as ListUsers is against a path.
    async resources(input, context) {
      return input.allUsers === true ? [`arn:aws:iam::${context.accountId}:user/*`] : onUser.resources(input, context);
    },
    async handle(input, context) {
      const scope = input.allUsers === true ? { allUsers: true as const } : { userName: userOrCaller(input.userName, context) };
      const page = await serviceOf(context).list(scope, input.serviceName, input);
      return {
        serviceSpecificCredentials: page.items.map(metadata),
        isTruncated: page.marker !== undefined, ...(page.marker !== undefined && { marker: page.marker }),
      };
    },
  } satisfies IamOperation<{ userName?: string; serviceName?: string; allUsers?: boolean; marker?: string; maxItems?: number }>,

  ResetServiceSpecificCredential: {
    ...onUser,
    async handle(input, context) {
      const reset = await serviceOf(context).reset(userOrCaller(input.userName, context), input.serviceSpecificCredentialId);
      return { serviceSpecificCredential: withPassword(reset) };
    },
  } satisfies IamOperation<CredentialInput>,

  UpdateServiceSpecificCredential: {
    ...onUser,
    async handle(input, context) {
      await serviceOf(context).update(userOrCaller(input.userName, context), input.serviceSpecificCredentialId, input.status);
      return undefined;
    },
  } satisfies IamOperation<CredentialInput & { status: string }>,

  DeleteServiceSpecificCredential: {
    ...onUser,
    async handle(input, context) {
      await serviceOf(context).delete(userOrCaller(input.userName, context), input.serviceSpecificCredentialId);
      return undefined;
    },
  } satisfies IamOperation<CredentialInput>,
};
