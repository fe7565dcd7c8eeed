/**
 * SSM's wire shapes of parameters: what GetParameter, GetParameterHistory and DescribeParameters
 * answer for a stored parameter (timestamps as epoch seconds, as AWS JSON sends them).
 */
import type { Tag } from '../../engine/state.ts';
import { parameterArn } from '../../services/parameter-names.ts';
import type { ParameterView } from '../../services/parameters.ts';
import type { ParameterRecord } from '../../store/secret-ports.ts';

export interface Scope { region: string; accountId: string }

const seconds = (ms: number): number => ms / 1000;

export function wireParameter(p: ParameterView, scope: Scope): object {
  return {
    Name: p.name, Type: p.type, Value: p.value, Version: p.version, LastModifiedDate: seconds(p.modifiedAt),
    ARN: parameterArn(scope.region, scope.accountId, p.name), DataType: p.dataType,
    ...(p.selector !== undefined && { Selector: p.selector }),
  };
}

export function wireHistory(p: ParameterView): object {
  return {
    Name: p.name, Type: p.type, ...(p.keyId !== undefined && { KeyId: p.keyId }), LastModifiedDate: seconds(p.modifiedAt),
    LastModifiedUser: p.modifiedBy, ...(p.description !== undefined && { Description: p.description }), Value: p.value,
    ...(p.allowedPattern !== undefined && { AllowedPattern: p.allowedPattern }), Version: p.version, Labels: [], Tier: p.tier,
    Policies: [], DataType: p.dataType,
  };
}

export function wireMetadata(p: ParameterRecord, scope: Scope): object {
  return {
    Name: p.name, ARN: parameterArn(scope.region, scope.accountId, p.name), Type: p.type, ...(p.keyId !== undefined && { KeyId: p.keyId }),
    LastModifiedDate: seconds(p.modifiedAt), LastModifiedUser: p.modifiedBy, ...(p.description !== undefined && { Description: p.description }),
    ...(p.allowedPattern !== undefined && { AllowedPattern: p.allowedPattern }), Version: p.version, Tier: p.tier, Policies: [], DataType: p.dataType,
  };
}

export function tagsOf(tags: { Key: string; Value: string }[] | undefined): Tag[] | undefined {
  return tags?.map((t) => ({ key: t.Key, value: t.Value }));
}
