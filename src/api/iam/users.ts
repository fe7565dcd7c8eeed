/**
 * IAM users: CreateUser, GetUser, ListUsers, DeleteUser. Tags are accepted and not stored (Sluice
 * has no use for them yet); a permissions boundary is refused rather than silently not enforced.
 */
import { SluiceError } from '../../model/errors.ts';
import { userArn, type IamUser } from '../../services/identity.ts';
import { userResource, type IamOperation } from './operation.ts';

interface UserName { userName: string }

/** A user as IAM's `User` shape has it (dates are epoch ms until encoded). */
export function wireUser(user: IamUser): object {
  return { path: user.path, userName: user.userName, userId: user.userId, arn: user.arn, createDate: user.createdAt };
}

export const userOperations = {
  CreateUser: {
    async resources(input, context) {
      return [userArn(context.accountId, input.path ?? '/', input.userName)];
    },
    async handle(input, context) {
      if (input.permissionsBoundary !== undefined) {
        throw new SluiceError('ValidationException', 'Sluice does not support permissions boundaries; leave PermissionsBoundary out');
      }
      return { user: wireUser(await context.identity.createUser(input.userName, input.path)) };
    },
  } satisfies IamOperation<UserName & { path?: string; permissionsBoundary?: string }>,

  GetUser: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      return { user: wireUser(await context.identity.getUser(input.userName ?? context.caller.userName)) };
    },
  } satisfies IamOperation<{ userName?: string }>,

  ListUsers: {
    // IAM authorizes ListUsers against the path prefix: `arn:aws:iam::<account>:user/` for all.
    async resources(input, context) {
      return [`arn:aws:iam::${context.accountId}:user${input.pathPrefix ?? '/'}`];
    },
    async handle(input, context) {
      const page = await context.identity.listUsers(input.pathPrefix, { ...input });
      return { users: page.items.map(wireUser), isTruncated: page.marker !== undefined, ...(page.marker !== undefined && { marker: page.marker }) };
    },
  } satisfies IamOperation<{ pathPrefix?: string; marker?: string; maxItems?: number }>,

  DeleteUser: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      await context.identity.deleteUser(input.userName);
      return undefined;
    },
  } satisfies IamOperation<UserName>,
};
