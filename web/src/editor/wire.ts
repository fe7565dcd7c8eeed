/** The API shapes only the editor uses (kept out of the first-load bundle's type graph). */
import type * as CP from '@aws-sdk/client-codepipeline';
import type { Wire } from '../api/wire.ts';

export type ListActionTypesOutput = Wire<Omit<CP.ListActionTypesOutput, '$metadata'>>;
export type UpdatePipelineOutput = Wire<Omit<CP.UpdatePipelineOutput, '$metadata'>>;
