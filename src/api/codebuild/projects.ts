/**
 * Build project operations: CreateProject, UpdateProject, DeleteProject, BatchGetProjects and
 * ListProjects. A project is stored as the CodeBuild `Project` members it was given, with AWS's
 * defaults filled in at creation (timeouts, cache, logs, badge, image pull credentials), so every
 * read answers the same document AWS would.
 */
import { SluiceError } from '../../model/errors.ts';
import type { BuildProjectRecord, ProjectSortBy, SortOrder } from '../../store/build-ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import { compact, epochSeconds, invalidInput, projectArn, resourceIdOf, type CodeBuildApi } from './context.ts';
import { checkProject } from './project-validation.ts';

type Input = Record<string, unknown>;

/** The members of CreateProject / UpdateProject that make up the stored project. */
const PROJECT_MEMBERS = [
  'description', 'source', 'secondarySources', 'sourceVersion', 'secondarySourceVersions', 'artifacts', 'secondaryArtifacts',
  'cache', 'environment', 'serviceRole', 'timeoutInMinutes', 'queuedTimeoutInMinutes', 'encryptionKey', 'tags', 'vpcConfig',
  'logsConfig', 'fileSystemLocations', 'buildBatchConfig', 'concurrentBuildLimit', 'autoRetryLimit',
] as const;

/** AWS's defaults for what CreateProject leaves out. */
function withDefaults(given: Input, region: string, accountId: string): Input {
  const environment = given.environment as Input;
  return compact({
    ...given,
    secondarySources: given.secondarySources ?? [],
    secondarySourceVersions: given.secondarySourceVersions ?? [],
    secondaryArtifacts: given.secondaryArtifacts ?? [],
    cache: given.cache ?? { type: 'NO_CACHE' },
    environment: { privilegedMode: false, imagePullCredentialsType: 'CODEBUILD', environmentVariables: [], ...environment },
    timeoutInMinutes: given.timeoutInMinutes ?? 60,
    queuedTimeoutInMinutes: given.queuedTimeoutInMinutes ?? 480,
    encryptionKey: given.encryptionKey ?? `arn:aws:kms:${region}:${accountId}:alias/aws/s3`,
    tags: given.tags ?? [],
    logsConfig: given.logsConfig ?? { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED', encryptionDisabled: false } },
    badge: { badgeEnabled: given.badgeEnabled === true },
    projectVisibility: 'PRIVATE',
  });
}

function pickProject(input: Input): Input {
  return compact(Object.fromEntries(PROJECT_MEMBERS.map((m) => [m, input[m]])));
}

/** The CodeBuild `Project` shape of a stored project. */
export function projectWire(record: BuildProjectRecord): object {
  return { name: record.name, arn: record.arn, ...record.project, created: epochSeconds(record.created), lastModified: epochSeconds(record.lastModified) };
}

function checkTags(tags: unknown): void {
  if (!Array.isArray(tags)) return;
  if (tags.length > 50) throw invalidInput('A project may have at most 50 tags');
  const keys = (tags as Input[]).map((t) => t.key);
  if (new Set(keys).size !== keys.length) throw invalidInput('Tag keys must be unique');
}

export function projectOperations(api: CodeBuildApi): Record<string, Operation<Input, object>> {
  const { store } = api;
  return {
    CreateProject: {
      async handle(input, context) {
        const name = input.name as string;
        checkTags(input.tags);
        const project = withDefaults({ ...pickProject(input), badgeEnabled: input.badgeEnabled }, context.region, api.accountId);
        checkProject(project);
        const now = api.now();
        const record = { name, arn: projectArn(context.region, api.accountId, name), project, created: now, lastModified: now };
        if (!await store.buildProjects.create(record)) {
          throw new SluiceError('ResourceAlreadyExistsException', `Project already exists: ${name}`);
        }
        return { project: projectWire(record) };
      },
    },
    UpdateProject: {
      async handle(input) {
        const name = resourceIdOf(input.name as string, 'project');
        checkTags(input.tags);
        const updated = await store.buildProjects.update(name, (current) => {
          const project = { ...current.project, ...pickProject(input) };
          if (input.badgeEnabled !== undefined) project.badge = { badgeEnabled: input.badgeEnabled === true };
          checkProject(project);
          return project;
        }, api.now());
        if (!updated) throw new SluiceError('ResourceNotFoundException', `Project cannot be found: ${name}`);
        return { project: projectWire(updated) };
      },
    },
    DeleteProject: {
      async handle(input) {
        // AWS answers success for a project that does not exist; its builds are kept.
        await store.buildProjects.delete(resourceIdOf(input.name as string, 'project'));
        return {};
      },
    },
    BatchGetProjects: {
      async handle(input) {
        const asked = input.names as string[];
        const found = await store.buildProjects.batchGet(asked.map((n) => resourceIdOf(n, 'project')));
        const names = new Set(found.map((p) => p.name));
        return { projects: found.map(projectWire), projectsNotFound: asked.filter((n) => !names.has(resourceIdOf(n, 'project'))) };
      },
    },
    ListProjects: {
      async handle(input) {
        const page = await store.buildProjects.list(compact({
          sortBy: input.sortBy as ProjectSortBy | undefined, sortOrder: input.sortOrder as SortOrder | undefined,
          nextToken: input.nextToken as string | undefined,
        }));
        return compact({ projects: page.items, nextToken: page.nextToken });
      },
    },
  };
}
