/**
 * Field constraints of the pipeline declaration, copied from the CodePipeline API model
 * (2015-07-09): lengths, patterns and list sizes. Patterns keep AWS's spelling because they appear
 * verbatim in ValidationException messages; they must match the whole value.
 */

export interface StringRule {
  min: number;
  max: number;
  /** AWS's regular expression text, matched against the whole value. */
  pattern?: string;
}

export interface RangeRule { min: number; max: number }

const NAME_PATTERN = '[A-Za-z0-9.@\\-_]+';

export const PIPELINE_NAME: StringRule = { min: 1, max: 100, pattern: NAME_PATTERN };
export const STAGE_NAME: StringRule = PIPELINE_NAME;
export const ACTION_NAME: StringRule = PIPELINE_NAME;
export const RULE_NAME: StringRule = PIPELINE_NAME;
export const ROLE_ARN: StringRule = { min: 1, max: 1024, pattern: 'arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*' };
export const REGION: StringRule = { min: 4, max: 30 };
export const PROVIDER: StringRule = { min: 1, max: 35, pattern: '[0-9A-Za-z_-]+' };
export const VERSION: StringRule = { min: 1, max: 9, pattern: '[0-9A-Za-z_-]+' };
export const ARTIFACT_NAME: StringRule = { min: 1, max: 100, pattern: '[a-zA-Z0-9_\\-]+' };
export const NAMESPACE: StringRule = { min: 1, max: 100, pattern: '[A-Za-z0-9@\\-_]+' };
export const CONFIG_KEY: StringRule = { min: 1, max: 50 };
export const CONFIG_VALUE: StringRule = { min: 1, max: 1000 };
export const RULE_CONFIG_VALUE: StringRule = { min: 1, max: 10000 };
export const COMMAND: StringRule = { min: 1, max: 1000 };
export const OUTPUT_VARIABLE: StringRule = { min: 1, max: 128 };
export const ENV_VAR_NAME: StringRule = { min: 1, max: 128, pattern: '[A-Za-z0-9_]+' };
export const ENV_VAR_VALUE: StringRule = { min: 1, max: 2000 };
export const FILE_PATH: StringRule = { min: 1, max: 128 };
export const STORE_LOCATION: StringRule = { min: 3, max: 63, pattern: '[a-zA-Z0-9\\-\\.]+' };
export const KMS_KEY_ID: StringRule = { min: 1, max: 400 };
export const VARIABLE_NAME: StringRule = { min: 1, max: 128, pattern: '[A-Za-z0-9@\\-_]+' };
export const VARIABLE_VALUE: StringRule = { min: 1, max: 1000 };
export const VARIABLE_DESCRIPTION: StringRule = { min: 0, max: 200 };
export const GIT_PATTERN: StringRule = { min: 1, max: 255 };

export const RUN_ORDER: RangeRule = { min: 1, max: 999 };
export const TIMEOUT_MINUTES: RangeRule = { min: 5, max: 86400 };

/** List sizes (min..max members). */
export const STAGES: RangeRule = { min: 2, max: 50 };
export const ACTIONS_PER_STAGE: RangeRule = { min: 1, max: 50 };
export const ACTIONS_PER_PIPELINE = 500;
export const VARIABLES: RangeRule = { min: 0, max: 50 };
export const TRIGGERS: RangeRule = { min: 0, max: 50 };
export const GIT_FILTERS: RangeRule = { min: 1, max: 3 };
export const GIT_GLOBS: RangeRule = { min: 1, max: 8 };
export const PR_EVENTS: RangeRule = { min: 1, max: 3 };
export const COMMANDS: RangeRule = { min: 1, max: 50 };
export const OUTPUT_VARIABLES: RangeRule = { min: 1, max: 15 };
export const ENV_VARS: RangeRule = { min: 1, max: 10 };
export const OUTPUT_FILES: RangeRule = { min: 1, max: 10 };
export const CONDITIONS: RangeRule = { min: 1, max: 1 };
export const RULES_PER_CONDITION: RangeRule = { min: 1, max: 5 };
export const RULE_CONFIG_ENTRIES: RangeRule = { min: 0, max: 200 };
