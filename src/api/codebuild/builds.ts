/**
 * Build operations: StartBuild, StopBuild, RetryBuild, BatchGetBuilds, ListBuilds,
 * ListBuildsForProject and BatchDeleteBuilds. StartBuild records a QUEUED build (the queue of
 * record is the store); a build worker claims it from there. Builds are named by id
 * (`<project>:<uuid>`) or ARN wherever AWS takes either.
 */
import { SluiceError } from '../../model/errors.ts';
import type { BuildProjectRecord, BuildRecord, SortOrder } from '../../store/build-ports.ts';
import { queueBuild, resolveStartRequest } from '../../services/builds.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { buildWire } from './build-wire.ts';
import { compact, invalidInput, resourceIdOf, type CodeBuildApi } from './context.ts';
import { checkOverrides, checkProject } from './project-validation.ts';

type Input = Record<string, unknown>;

async function requireProject(api: CodeBuildApi, name: string): Promise<BuildProjectRecord> {
  const project = await api.store.buildProjects.get(name);
  if (!project) throw new SluiceError('ResourceNotFoundException', `Project cannot be found: ${name}`);
  return project;
}

async function requireBuild(api: CodeBuildApi, idOrArn: string): Promise<BuildRecord> {
  const id = resourceIdOf(idOrArn, 'build');
  const build = await api.store.builds.get(id);
  if (!build) throw new SluiceError('ResourceNotFoundException', `Build cannot be found: ${id}`);
  return build;
}

/** CODEPIPELINE sources have their input from a pipeline action; only a pipeline can start them. */
function checkInitiator(request: Input, initiator: string): void {
  const source = request.source as Input;
  if (source.type === 'CODEPIPELINE' && !initiator.startsWith('codepipeline/')) {
    throw invalidInput('A project with source type CODEPIPELINE can only be built by CodePipeline; use sourceTypeOverride to build it directly');
  }
}

export function buildOperations(api: CodeBuildApi): Record<string, Operation<Input, object>> {
  const { store } = api;
  const deps = (context: CallContext) => ({ store, region: context.region, accountId: api.accountId, now: () => api.now(), uuid: () => api.uuid() });
  const wire = (context: CallContext) => (build: BuildRecord) => buildWire(build, context.region);
  return {
    StartBuild: {
      async handle(input, context) {
        const project = await requireProject(api, resourceIdOf(input.projectName as string, 'project'));
        checkOverrides(input);
        const request = resolveStartRequest(project, input);
        checkProject(request);
        checkInitiator(request, context.caller.userName);
        const build = await queueBuild(deps(context), project, request, {
          initiator: context.caller.userName, idempotencyToken: input.idempotencyToken as string | undefined,
        });
        if (!build) throw new SluiceError('ResourceNotFoundException', `Project cannot be found: ${project.name}`);
        api.buildsChanged?.();
        return { build: wire(context)(build) };
      },
    },
    StopBuild: {
      async handle(input, context) {
        const build = await requireBuild(api, input.id as string);
        // A complete build is answered as it is, unchanged ([guess]: AWS's behaviour is not documented).
        const stopped = await store.builds.requestStop(build.id, api.now());
        api.buildsChanged?.();
        return { build: wire(context)(stopped ?? build) };
      },
    },
    RetryBuild: {
      async handle(input, context) {
        if (typeof input.id !== 'string') throw invalidInput('id is required');
        const previous = await requireBuild(api, input.id);
        if (previous.queueState !== 'Finished') throw invalidInput(`Build ${previous.id} is still in progress; only a complete build can be retried`);
        const project = await requireProject(api, previous.projectName);
        const build = await queueBuild(deps(context), project, previous.request, {
          initiator: context.caller.userName, idempotencyToken: input.idempotencyToken as string | undefined,
        });
        if (!build) throw new SluiceError('ResourceNotFoundException', `Project cannot be found: ${project.name}`);
        api.buildsChanged?.();
        return { build: wire(context)(build) };
      },
    },
    BatchGetBuilds: {
      async handle(input, context) {
        const asked = input.ids as string[];
        const found = await store.builds.batchGet(asked.map((id) => resourceIdOf(id, 'build')));
        const ids = new Set(found.map((b) => b.id));
        return { builds: found.map(wire(context)), buildsNotFound: asked.filter((id) => !ids.has(resourceIdOf(id, 'build'))) };
      },
    },
    ListBuilds: {
      async handle(input) {
        const page = await store.builds.list(compact({ sortOrder: input.sortOrder as SortOrder | undefined, nextToken: input.nextToken as string | undefined }));
        return compact({ ids: page.items, nextToken: page.nextToken });
      },
    },
    ListBuildsForProject: {
      async handle(input) {
        const project = await requireProject(api, resourceIdOf(input.projectName as string, 'project'));
        const page = await store.builds.list(compact({
          projectName: project.name, sortOrder: input.sortOrder as SortOrder | undefined, nextToken: input.nextToken as string | undefined,
        }));
        return compact({ ids: page.items, nextToken: page.nextToken });
      },
    },
    BatchDeleteBuilds: {
      async handle(input) {
        const { deleted, notDeleted } = await store.builds.delete((input.ids as string[]).map((id) => resourceIdOf(id, 'build')));
        return { buildsDeleted: deleted, buildsNotDeleted: notDeleted };
      },
    },
  };
}
