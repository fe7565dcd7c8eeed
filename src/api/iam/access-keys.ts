/**
 * Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. Without a
 * UserName each acts on the caller's own user, as IAM does. The secret is returned by
 * CreateAccessKey only, and never recorded in the audit trail (responses are not recorded).
 */
import { SluiceError } from '../../model/errors.ts';
import type { AccessKeyRecord } from '../../store/ports.ts';
import { userOrCaller, userResource, type IamOperation } from './operation.ts';

interface KeyInput { userName?: string; accessKeyId: string }

const metadata = (key: AccessKeyRecord): object =>
  ({ userName: key.userName, accessKeyId: key.accessKeyId, status: key.status, createDate: key.createdAt });

export const accessKeyOperations = {
  CreateAccessKey: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      const key = await context.identity.createAccessKey(userOrCaller(input.userName, context));
      return { accessKey: { ...metadata(key), secretAccessKey: key.secretAccessKey } };
    },
  } satisfies IamOperation<{ userName?: string }>,

  ListAccessKeys: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      const page = await context.identity.listAccessKeys(userOrCaller(input.userName, context), input);
      return { accessKeyMetadata: page.items.map(metadata), isTruncated: page.marker !== undefined, ...(page.marker !== undefined && { marker: page.marker }) };
    },
  } satisfies IamOperation<{ userName?: string; marker?: string; maxItems?: number }>,

  UpdateAccessKey: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      if (input.status !== 'Active' && input.status !== 'Inactive') {
        throw new SluiceError('ValidationException', `Status ${input.status} cannot be set; use Active or Inactive`);
      }
      await context.identity.updateAccessKey(userOrCaller(input.userName, context), input.accessKeyId, input.status);
      return undefined;
    },
  } satisfies IamOperation<KeyInput & { status: string }>,

  DeleteAccessKey: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      await context.identity.deleteAccessKey(userOrCaller(input.userName, context), input.accessKeyId);
      return undefined;
    },
  } satisfies IamOperation<KeyInput>,
};
