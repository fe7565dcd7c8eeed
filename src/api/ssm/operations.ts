/**
 * The Parameter Store operations of SSM: PutParameter, GetParameter, GetParameters,
 * GetParametersByPath, DeleteParameter, DeleteParameters, DescribeParameters and
 * GetParameterHistory, over `services/parameters.ts`.
 */
import { SluiceError } from '../../model/errors.ts';
import { checkParameterPath } from '../../services/parameter-names.ts';
import type { ParameterService } from '../../services/parameters.ts';
import type { ParameterType } from '../../store/secret-ports.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { compileFilters, fromLegacyFilters, type ParametersFilter, type ParameterStringFilter } from './filters.ts';
import { tagsOf, wireHistory, wireMetadata, wireParameter, type Scope } from './wire.ts';

type Input = Record<string, unknown>;
const scopeOf = (context: CallContext): Scope => ({ region: context.region, accountId: context.caller.accountId });
const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

interface PutInput {
  Name: string; Value: string; Type?: ParameterType; Description?: string; KeyId?: string; Overwrite?: boolean;
  AllowedPattern?: string; Tags?: { Key: string; Value: string }[]; Tier?: string; Policies?: string; DataType?: string;
}
interface PageInput { MaxResults?: number; NextToken?: string }

export function parameterOperations(parameters: ParameterService): Record<string, Operation<never, object>> {
  return {
    PutParameter: op<PutInput>(async (input, context) => {
      if (input.Policies !== undefined) throw new SluiceError('ValidationException', 'Parameter policies need the Advanced tier, which Sluice does not serve.');
      const tags = tagsOf(input.Tags);
      const result = await parameters.put({
        name: input.Name, value: input.Value, caller: context.caller.arn,
        ...(input.Type !== undefined && { type: input.Type }), ...(input.Description !== undefined && { description: input.Description }),
        ...(input.KeyId !== undefined && { keyId: input.KeyId }), ...(input.Overwrite !== undefined && { overwrite: input.Overwrite }),
        ...(input.AllowedPattern !== undefined && { allowedPattern: input.AllowedPattern }), ...(tags !== undefined && { tags }),
        ...(input.Tier !== undefined && { tier: input.Tier }), ...(input.DataType !== undefined && { dataType: input.DataType }),
      });
      return { Version: result.version, Tier: result.tier };
    }),
    GetParameter: op<{ Name: string; WithDecryption?: boolean }>(async (input, context) =>
      ({ Parameter: wireParameter(await parameters.get(input.Name, input.WithDecryption === true), scopeOf(context)) })),
    GetParameters: op<{ Names: string[]; WithDecryption?: boolean }>(async (input, context) => {
      const { found, invalid } = await parameters.getMany(input.Names, input.WithDecryption === true);
      return { Parameters: found.map((p) => wireParameter(p, scopeOf(context))), InvalidParameters: invalid };
    }),
    GetParametersByPath: op<{ Path: string; Recursive?: boolean; ParameterFilters?: ParameterStringFilter[]; WithDecryption?: boolean } & PageInput>(async (input, context) => {
      const path = checkParameterPath(input.Path);
      const base = { beginsWith: path === '/' ? '/' : `${path}/`, oneLevel: input.Recursive !== true };
      const { scope, keep } = compileFilters(input.ParameterFilters ?? [], ['Type', 'KeyId', 'Tier', 'DataType'], base);
      const page = await parameters.list(scope, keep, { maxResults: input.MaxResults ?? 10, ...(input.NextToken !== undefined && { nextToken: input.NextToken }) }, 'InvalidNextToken');
      return {
        Parameters: page.items.map((p) => wireParameter(parameters.reveal(p, input.WithDecryption === true), scopeOf(context))),
        ...(page.nextToken !== undefined && { NextToken: page.nextToken }),
      };
    }),
    DeleteParameter: op<{ Name: string }>(async (input) => {
      await parameters.delete(input.Name);
      return {};
    }),
    DeleteParameters: op<{ Names: string[] }>(async (input) => {
      const { deleted, invalid } = await parameters.deleteMany(input.Names);
      return { DeletedParameters: deleted, InvalidParameters: invalid };
    }),
    DescribeParameters: op<{ Filters?: ParametersFilter[]; ParameterFilters?: ParameterStringFilter[]; Shared?: boolean } & PageInput>(async (input, context) => {
      if (input.Filters !== undefined && input.ParameterFilters !== undefined) {
        throw new SluiceError('ValidationException', 'You can use either Filters or ParameterFilters in a single request.');
      }
      const filters = input.ParameterFilters ?? fromLegacyFilters(input.Filters ?? []);
      const { scope, keep } = compileFilters(filters, ['Name', 'Type', 'KeyId', 'Path', 'Tier', 'DataType']);
      const page = await parameters.list(scope, keep, { maxResults: input.MaxResults ?? 50, ...(input.NextToken !== undefined && { nextToken: input.NextToken }) }, 'InvalidNextToken');
      return { Parameters: page.items.map((p) => wireMetadata(p, scopeOf(context))), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    GetParameterHistory: op<{ Name: string; WithDecryption?: boolean } & PageInput>(async (input) => {
      const page = await parameters.history(input.Name, input.WithDecryption === true,
        { maxResults: input.MaxResults ?? 50, ...(input.NextToken !== undefined && { nextToken: input.NextToken }) });
      return { Parameters: page.items.map(wireHistory), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
  };
}

/** The ARNs an SSM call is authorized against: each parameter named, the path, or `*`. */
export function ssmResourceArns(operation: string, input: Input, arn: (name: string) => string): string[] {
  switch (operation) {
    case 'GetParameters': case 'DeleteParameters':
      return (input.Names as string[]).map(arn);
    case 'GetParametersByPath':
      return [arn(checkParameterPath(input.Path as string))];
    case 'DescribeParameters':
      return ['*'];
    default:
      return [arn(input.Name as string)];
  }
}
