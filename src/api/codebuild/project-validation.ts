/**
 * The checks CreateProject, UpdateProject and StartBuild make beyond the API model: how a source,
 * an artifacts block and environment variables must be filled in for their type. Every problem
 * found is reported at once, in one InvalidInputException, as AWS words them where known.
 *
 * Sources Sluice accepts: NO_SOURCE (needs an inline buildspec), CODEPIPELINE (the input artifacts
 * of a CodePipeline action; its artifacts must be CODEPIPELINE too; a location is ignored, as on AWS), S3 (`bucket/key` of a zip in
 * Sluice's artifact store) and the git types (CODECOMMIT, GITHUB, GITHUB_ENTERPRISE, GITLAB,
 * GITLAB_SELF_MANAGED, BITBUCKET: `location` is a repository URL cloned with git).
 */
import { invalidInput } from './context.ts';

type Json = Record<string, unknown>;

const GIT_TYPES = new Set(['CODECOMMIT', 'GITHUB', 'GITHUB_ENTERPRISE', 'GITLAB', 'GITLAB_SELF_MANAGED', 'BITBUCKET']);
/** Letters, digits and underscores, fewer than 128 (AWS's words). */
const SOURCE_IDENTIFIER = /^[A-Za-z0-9_]{1,127}$/;

function checkSource(source: Json, where: string, issues: string[], secondary: boolean): void {
  const type = source.type as string;
  const location = source.location as string | undefined;
  if (type === 'NO_SOURCE') {
    if (secondary) issues.push(`${where}: NO_SOURCE cannot be a secondary source`);
    if (location) issues.push(`${where}: location is not allowed for source type NO_SOURCE`);
  } else if (type === 'S3') {
    if (!location || !/^[^/]+\/.+/.test(location)) issues.push(`${where}: source type S3 needs a location of the form <bucket>/<key>`);
  } else if (GIT_TYPES.has(type)) {
    if (!location) issues.push(`${where}: source type ${type} needs the repository URL as location`);
  }
  if (secondary) {
    const id = source.sourceIdentifier;
    if (typeof id !== 'string' || !SOURCE_IDENTIFIER.test(id)) {
      issues.push(`${where}: a secondary source needs a sourceIdentifier of letters, digits and underscores, fewer than 128`);
    }
  }
}

function checkArtifacts(artifacts: Json, where: string, issues: string[]): void {
  const type = artifacts.type as string;
  // A location of CODEPIPELINE or NO_ARTIFACTS artifacts is ignored, as AWS documents.
  if (type === 'S3' && !artifacts.location) issues.push(`${where}: artifacts of type S3 need a location (the bucket)`);
}

function checkVariables(variables: unknown, where: string, issues: string[]): void {
  if (!Array.isArray(variables)) return;
  const seen = new Set<string>();
  for (const [i, variable] of (variables as Json[]).entries()) {
    const name = variable.name as string;
    if (name.startsWith('CODEBUILD_')) issues.push(`${where}[${i}]: environment variable names starting with CODEBUILD_ are reserved (${name})`);
    if (seen.has(name)) issues.push(`${where}[${i}]: environment variable ${name} is given twice`);
    seen.add(name);
  }
}

function identifiersOf(list: Json[], key: string, where: string, issues: string[]): void {
  const ids = list.map((item) => item[key]).filter((id) => typeof id === 'string');
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) issues.push(`${where}: ${key} ${String(twice[0])} is used twice`);
}

/** Checks a whole project as it will be stored (after an update is applied). */
export function checkProject(project: Json): void {
  const issues: string[] = [];
  const source = project.source as Json;
  const artifacts = project.artifacts as Json;
  checkSource(source, 'source', issues, false);
  if (source.type === 'NO_SOURCE' && !source.buildspec) issues.push('source: a NO_SOURCE project needs an inline buildspec');
  checkArtifacts(artifacts, 'artifacts', issues);
  if ((source.type === 'CODEPIPELINE') !== (artifacts.type === 'CODEPIPELINE')) {
    issues.push('Project source and artifacts must both be CODEPIPELINE, or neither');
  }
  const secondarySources = (project.secondarySources ?? []) as Json[];
  secondarySources.forEach((s, i) => checkSource(s, `secondarySources[${i}]`, issues, true));
  identifiersOf(secondarySources, 'sourceIdentifier', 'secondarySources', issues);
  const secondaryArtifacts = (project.secondaryArtifacts ?? []) as Json[];
  secondaryArtifacts.forEach((a, i) => {
    checkArtifacts(a, `secondaryArtifacts[${i}]`, issues);
    if (typeof a.artifactIdentifier !== 'string') issues.push(`secondaryArtifacts[${i}]: a secondary artifact needs an artifactIdentifier`);
  });
  identifiersOf(secondaryArtifacts, 'artifactIdentifier', 'secondaryArtifacts', issues);
  checkVariables((project.environment as Json).environmentVariables, 'environment.environmentVariables', issues);
  if (issues.length > 0) throw invalidInput(issues.join('; '));
}

/** Checks StartBuild's overrides that have rules of their own. */
export function checkOverrides(input: Json): void {
  const issues: string[] = [];
  checkVariables(input.environmentVariablesOverride, 'environmentVariablesOverride', issues);
  if (input.artifactsOverride) checkArtifacts(input.artifactsOverride as Json, 'artifactsOverride', issues);
  const secondary = (input.secondarySourcesOverride ?? []) as Json[];
  secondary.forEach((s, i) => checkSource(s, `secondarySourcesOverride[${i}]`, issues, true));
  if (issues.length > 0) throw invalidInput(issues.join('; '));
}
