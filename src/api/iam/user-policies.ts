/**
 * Inline user policies: PutUserPolicy, GetUserPolicy, ListUserPolicies, DeleteUserPolicy.
 * GetUserPolicy returns the document URL-encoded (RFC 3986), exactly as IAM does; the AWS CLI
 * decodes it for display, the SDKs leave that to the caller.
 */
import { userResource, type IamOperation } from './operation.ts';

interface PolicyInput { userName: string; policyName: string }

export const userPolicyOperations = {
  PutUserPolicy: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      await context.identity.putUserPolicy(input.userName, input.policyName, input.policyDocument);
      return undefined;
    },
  } satisfies IamOperation<PolicyInput & { policyDocument: string }>,

  GetUserPolicy: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      const policy = await context.identity.getUserPolicy(input.userName, input.policyName);
      return { userName: policy.userName, policyName: policy.policyName, policyDocument: encodeURIComponent(policy.document) };
    },
  } satisfies IamOperation<PolicyInput>,

  ListUserPolicies: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      const page = await context.identity.listUserPolicies(input.userName, input);
      return { policyNames: page.items, isTruncated: page.marker !== undefined, ...(page.marker !== undefined && { marker: page.marker }) };
    },
  } satisfies IamOperation<{ userName: string; marker?: string; maxItems?: number }>,

  DeleteUserPolicy: {
    async resources(input, context) {
      return [await userResource(context, input.userName)];
    },
    async handle(input, context) {
      await context.identity.deleteUserPolicy(input.userName, input.policyName);
      return undefined;
    },
  } satisfies IamOperation<PolicyInput>,
};
