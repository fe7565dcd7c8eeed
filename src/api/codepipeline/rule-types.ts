/**
 * ListRuleTypes: the condition rule types pipeline validation accepts (owner AWS, category Rule,
 * version 1), with the configuration properties of AWS's rule reference. Sluice evaluates none of
 * them yet (see docs/compatibility.md); listing them lets tools that build conditions discover
 * the keys. Artifact bounds are [guess] where AWS's reference gives none.
 */
import type { Operation } from '../aws-json/operation.ts';

interface RuleRow {
  provider: string;
  required?: string[];
  optional?: string[];
  inputs: [min: number, max: number];
}

const ROWS: readonly RuleRow[] = [
  { provider: 'CloudWatchAlarm', required: ['AlarmName'], optional: ['AlarmStates', 'WaitTime'], inputs: [0, 0] },
  { provider: 'CodeBuild', required: ['ProjectName'], optional: ['PrimarySource', 'BatchEnabled', 'CombineArtifacts', 'EnvironmentVariables'], inputs: [0, 5] },
  // Commands takes its shell lines from the rule's `commands` member, not from configuration.
  { provider: 'Commands', inputs: [0, 1] },
  { provider: 'DeploymentWindow', required: ['Cron'], optional: ['TimeZone'], inputs: [0, 0] },
  { provider: 'LambdaInvoke', required: ['FunctionName'], optional: ['UserParameters'], inputs: [0, 1] },
  { provider: 'VariableCheck', required: ['Variable', 'Value', 'Operator'], inputs: [0, 0] },
];

function ruleType(row: RuleRow): object {
  const property = (name: string, required: boolean) => ({ name, required, key: required, secret: false, queryable: false, type: 'String' });
  return {
    id: { category: 'Rule', owner: 'AWS', provider: row.provider, version: '1' },
    ruleConfigurationProperties: [
      ...(row.required ?? []).map((n) => property(n, true)),
      ...(row.optional ?? []).map((n) => property(n, false)),
    ],
    inputArtifactDetails: { minimumCount: row.inputs[0], maximumCount: row.inputs[1] },
  };
}

/** Every rule type is AWS's and available in every region, so the filters only ever narrow to all or none. */
export const listRuleTypes: Operation<{ ruleOwnerFilter?: string; regionFilter?: string }, object> = {
  async handle(input) {
    const owned = input.ruleOwnerFilter === undefined || input.ruleOwnerFilter === 'AWS';
    return { ruleTypes: owned ? ROWS.map(ruleType) : [] };
  },
};
