/**
 * Pipeline-wide structure (spec §1.2 rule 1 and friends): unique stage and action names, the
 * action budget, where Source actions may sit, trigger targets, and artifact stores covering
 * every region an action runs in.
 */
import { ErrorCode } from '../errors.ts';
import { hasGapsUnder, memberPath, type Issues } from './fields.ts';
import * as L from './limits.ts';
import { PIPELINE_PATH, type CheckedPipeline } from './parse-pipeline.ts';
import { allActions, capitalize, describeAction } from './positions.ts';

export interface StructureOptions {
  /** The region the pipeline lives in; actions without `region` run there. Unknown → not checked. */
  homeRegion?: string;
}

export function checkStructure(issues: Issues, pipeline: CheckedPipeline, options: StructureOptions): void {
  checkNames(issues, pipeline);
  checkSourcePlacement(issues, pipeline);
  checkTriggerSources(issues, pipeline);
  checkStoreRegions(issues, pipeline, options.homeRegion);
}

function checkNames(issues: Issues, pipeline: CheckedPipeline): void {
  const stageNames = new Set<string>();
  for (const stage of pipeline.stages) {
    const name = stage.decl.name;
    if (stageNames.has(name)) {
      issues.error(ErrorCode.InvalidStructureException, `${stage.path}.name`,
        `Stage name '${name}' is used more than once; stage names must be unique in the pipeline`);
    }
    stageNames.add(name);
    const actionNames = new Set<string>();
    for (const action of stage.actions) {
      if (actionNames.has(action.decl.name)) {
        issues.error(ErrorCode.InvalidStageDeclarationException, `${action.path}.name`,
          `Action name '${action.decl.name}' is used more than once in stage '${name}'; action names must be unique in a stage`);
      }
      actionNames.add(action.decl.name);
    }
  }
  const total = pipeline.stages.reduce((n, s) => n + s.actions.length, 0);
  if (total > L.ACTIONS_PER_PIPELINE) {
    issues.error(ErrorCode.InvalidStructureException, `${PIPELINE_PATH}.stages`,
      `Pipeline has ${total} actions; a pipeline may have at most ${L.ACTIONS_PER_PIPELINE}`);
  }
}

/** Stage 1 holds only Source actions; no Source anywhere else; something runs after the sources. */
function checkSourcePlacement(issues: Issues, pipeline: CheckedPipeline): void {
  let laterWork = 0;
  let laterTyped = 0;
  for (const { stageIndex, action, position } of allActions(pipeline)) {
    if (!action.typeValid) continue;
    const category = action.decl.actionTypeId.category;
    const path = `${action.path}.actionTypeId.category`;
    if (stageIndex === 0 && category !== 'Source') {
      issues.error(ErrorCode.InvalidStructureException, path, `${capitalize(describeAction(position))} has `
        + `category ${category}; the first stage may contain only Source actions`);
    }
    if (stageIndex > 0) {
      laterTyped++;
      if (category !== 'Source') laterWork++;
      else {
        issues.error(ErrorCode.InvalidStructureException, path, `Source ${describeAction(position)} is not in the `
          + 'first stage; Source actions are allowed only in the first stage');
      }
    }
  }
  if (laterTyped > 0 && laterWork === 0) {
    issues.error(ErrorCode.InvalidStructureException, `${PIPELINE_PATH}.stages`,
      'Pipeline has no action after its source stage; add at least one non-source action to a later stage');
  }
}

/**
 * Providers whose source actions take git triggers: AWS's CodeStarSourceConnection, and (a Sluice
 * extension) CodeCommit, since Sluice hosts CodeCommit-compatible repositories itself.
 */
const TRIGGER_PROVIDERS = new Set(['CodeStarSourceConnection', 'CodeCommit']);

/** Each trigger names a distinct source action of this pipeline that takes git triggers. */
function checkTriggerSources(issues: Issues, pipeline: CheckedPipeline): void {
  const sources = new Map(allActions(pipeline)
    .filter(({ action }) => action.typeValid && action.decl.actionTypeId.category === 'Source')
    .map(({ action }) => [action.decl.name, action.decl.actionTypeId.provider]));
  const used = new Set<string>();
  const complete = !hasGapsUnder(issues, `${PIPELINE_PATH}.stages`);
  pipeline.decl.triggers?.forEach((trigger, i) => {
    const name = trigger.gitConfiguration.sourceActionName;
    const path = `${memberPath(PIPELINE_PATH, 'triggers', i)}.gitConfiguration.sourceActionName`;
    const provider = sources.get(name);
    if (provider === undefined) {
      if (complete) issues.error(ErrorCode.InvalidStructureException, path,
        `Trigger source action '${name}' is not a source action of the pipeline; name a CodeStarSourceConnection source action`);
    } else if (!TRIGGER_PROVIDERS.has(provider)) {
      issues.error(ErrorCode.InvalidStructureException, path, `Trigger source action '${name}' uses provider `
        + `'${provider}'; triggers work only with CodeStarSourceConnection and CodeCommit source actions`);
    }
    if (used.has(name)) {
      issues.error(ErrorCode.InvalidStructureException, path,
        `Source action '${name}' has more than one trigger; declare one trigger per source action`);
    }
    used.add(name);
  });
}

/** Artifacts travel through a store in each region an action runs in. */
function checkStoreRegions(issues: Issues, pipeline: CheckedPipeline, homeRegion: string | undefined): void {
  const { artifactStores, artifactStore } = pipeline.decl;
  if (artifactStores) {
    if (homeRegion !== undefined && !(homeRegion in artifactStores)) {
      issues.error(ErrorCode.InvalidStructureException, `${PIPELINE_PATH}.artifactStores`,
        `artifactStores has no store for the pipeline's region '${homeRegion}'; add one`);
    }
    for (const { action, position } of allActions(pipeline)) {
      const region = action.decl.region;
      if (region === undefined || region in artifactStores) continue;
      issues.error(ErrorCode.InvalidStructureException, `${action.path}.region`, `artifactStores has no store for `
        + `region '${region}' used by ${describeAction(position)}; add an artifact store for '${region}'`);
    }
  } else if (artifactStore && homeRegion !== undefined) {
    for (const { action, position } of allActions(pipeline)) {
      const region = action.decl.region;
      if (region === undefined || region === homeRegion) continue;
      issues.error(ErrorCode.InvalidStructureException, `${action.path}.region`, `${capitalize(describeAction(position))} `
        + `runs in region '${region}'; cross-region actions need artifactStores with a store for each region`);
    }
  }
}
