/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile.
 * Without a UserName each acts on the caller's own user, as IAM does. The password is never
 * answered, and the audit trail hides it (its member name says password).
 */
import { SluiceError } from '../../model/errors.ts';
import type { LoginProfileService, LoginProfileView } from '../../services/login-profiles.ts';
import { userOrCaller, userResource, type IamContext, type IamOperation } from './operation.ts';

function serviceOf(context: IamContext): LoginProfileService {
  if (!context.loginProfiles) throw new SluiceError('ValidationException', 'Console passwords are not enabled on this server');
  return context.loginProfiles;
}

/** IAM's `LoginProfile` shape (dates epoch ms until encoded). */
function wireProfile(profile: LoginProfileView): object {
  return { userName: profile.userName, createDate: profile.createDate, passwordResetRequired: profile.passwordResetRequired };
}

const onUser = {
  async resources(input: { userName?: string }, context: IamContext): Promise<string[]> {
    return [await userResource(context, input.userName)];
  },
};

export const loginProfileOperations = {
  CreateLoginProfile: {
    ...onUser,
    async handle(input, context) {
      if (input.password === undefined) throw new SluiceError('ValidationException', 'Password is required: Sluice signs IAM users in with it');
      const created = await serviceOf(context).create(userOrCaller(input.userName, context), input.password, input.passwordResetRequired ?? false);
      return { loginProfile: wireProfile(created) };
    },
  } satisfies IamOperation<{ userName?: string; password?: string; passwordResetRequired?: boolean }>,

  GetLoginProfile: {
    ...onUser,
    async handle(input, context) {
      return { loginProfile: wireProfile(await serviceOf(context).get(userOrCaller(input.userName, context))) };
    },
  } satisfies IamOperation<{ userName?: string }>,

  UpdateLoginProfile: {
    ...onUser,
    async handle(input, context) {
      await serviceOf(context).update(userOrCaller(input.userName, context), {
        ...(input.password !== undefined && { password: input.password }),
        ...(input.passwordResetRequired !== undefined && { passwordResetRequired: input.passwordResetRequired }),
      });
      return undefined;
    },
  } satisfies IamOperation<{ userName?: string; password?: string; passwordResetRequired?: boolean }>,

  DeleteLoginProfile: {
    ...onUser,
    async handle(input, context) {
      await serviceOf(context).delete(userOrCaller(input.userName, context));
      return undefined;
    },
  } satisfies IamOperation<{ userName?: string }>,
};
