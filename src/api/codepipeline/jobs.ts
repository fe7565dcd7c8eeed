/**
 * The job-worker protocol for Custom action types: PollForJobs, AcknowledgeJob, GetJobDetails,
 * PutJobSuccessResult and PutJobFailureResult (the ThirdParty variants are in
 * third-party-jobs.ts). A worker written against AWS with `@aws-sdk/client-codepipeline` works
 * unchanged:
 *
 *   action starts → job Queued ─PollForJobs→ Dispatched ─AcknowledgeJob(nonce)→ InProgress
 *     ─PutJobSuccessResult──────────────────→ action Succeeded (output variables only here)
 *     ─PutJobSuccessResult(continuationToken)→ job closed, a new job for the same action
 *                                              execution is queued carrying the token
 *     ─PutJobFailureResult{type, message}───→ action Failed, errorDetails.code = type
 *
 * Jobs of Custom types are never claimed by the in-process job runner (it claims only the types
 * its provider registry serves), so they wait in the queue for a poll.
 *
 * Leases. External workers do not heartbeat, so their leases follow the protocol's own calls:
 * - A poll claims with the dispatch lease (JobWorkerSettings.dispatchLeaseMs, 10 minutes by
 *   default). A worker that polls and vanishes before acknowledging loses the job: the lease
 *   sweeper hands it back to the engine, which queues it again and records the lost worker on the
 *   action execution (`leaseLosses`; the third loss fails the action with SystemUnavailable).
 * - AcknowledgeJob extends the lease to the action timeout (24 hours), so an acknowledged job
 *   belongs to its worker until it reports or the action's timeout timer fails the action with
 *   TimedOut — as in AWS, where an acknowledged job is never handed to a second worker. Work that
 *   takes long reports progress with continuation tokens, each of which starts a fresh job.
 * A late report from the worker that first held a re-queued job still counts: the job keeps its
 * id, and the engine accepts the first report for the action's current job.
 *
 * Errors: an unknown job, or a job of a type that is not Custom, is JobNotFoundException; a wrong
 * nonce InvalidNonceException; a report on a closed job (or one the engine has moved past)
 * InvalidJobStateException. Each poll that returns jobs, and each GetJobDetails, carries fresh
 * temporary artifact credentials (JobWorkerSettings.artifactCredentials).
 */
import type { ActionTypeId } from '../../model/pipeline.ts';
import type { FailureType } from '../../model/vocabulary.ts';
import { SluiceError } from '../../model/errors.ts';
import type { CustomActionTypeRecord } from '../../store/action-type-ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import type { CodePipelineApi } from './context.ts';
import {
  acknowledgeJob, claimJobs, failureEvent, jobDataOf, jobWorkerContext, loadJob, reportJob, successEvent,
} from './job-support.ts';
import { thirdPartyJobOperations } from './third-party-jobs.ts';

type Input = Record<string, unknown>;

function describeType(id: ActionTypeId): string {
  return `${id.category}/${id.owner}/${id.provider}/${id.version}`;
}

/**
 * The claim filter for a poll: a type with a queryable property must be polled with exactly that
 * property in queryParam, a type without one with no queryParam (AWS's rule).
 */
function queryFilter(type: CustomActionTypeRecord, queryParam: Record<string, string> | undefined): { key: string; value: string } | undefined {
  const queryable = type.configurationProperties.find((p) => p.queryable === true);
  const entries = Object.entries(queryParam ?? {});
  if (!queryable) {
    if (entries.length === 0) return undefined;
    throw new SluiceError('ValidationException', `Action type ${describeType(type.id)} has no queryable property; poll without queryParam`);
  }
  const [entry] = entries;
  if (entries.length !== 1 || entry?.[0] !== queryable.name) {
    throw new SluiceError('ValidationException',
      `Action type ${describeType(type.id)} has the queryable property ${queryable.name}; poll with queryParam {"${queryable.name}": <value>}`);
  }
  return { key: entry[0], value: entry[1] };
}

export function jobOperations(api: CodePipelineApi): Record<string, Operation<never, object>> {
  const ctx = jobWorkerContext(api);
  const { store } = api.runtime;
  const operations: Record<string, Operation<Input, object>> = {
    PollForJobs: {
      async handle(input, context) {
        const id = input.actionTypeId as ActionTypeId;
        if (id.owner !== 'Custom') {
          throw new SluiceError('ValidationException', `PollForJobs serves action types owned by Custom, not ${id.owner}; `
            + 'ThirdParty workers use PollForThirdPartyJobs');
        }
        const type = await store.actionTypes.get(id);
        if (!type || type.deletedAt !== undefined) throw new SluiceError('ActionTypeNotFoundException', `Action type ${describeType(id)} not found`);
        const configuration = queryFilter(type, input.queryParam as Record<string, string> | undefined);
        const jobs = await claimJobs(ctx, id, {
          workerId: context.caller.arn, limit: input.maxBatchSize as number | undefined, ...(configuration && { configuration }),
        });
        const data = await jobDataOf(ctx, jobs);
        return { jobs: jobs.map((job, i) => ({ id: job.jobId, nonce: job.nonce, accountId: api.accountId, data: data[i] })) };
      },
    },
    AcknowledgeJob: {
      async handle(input) {
        const job = await loadJob(ctx, input.jobId as string, 'Custom');
        return acknowledgeJob(ctx, job, input.nonce as string);
      },
    },
    GetJobDetails: {
      async handle(input) {
        const job = await loadJob(ctx, input.jobId as string, 'Custom');
        const [data] = await jobDataOf(ctx, [job]);
        return { jobDetails: { id: job.jobId, data, accountId: api.accountId } };
      },
    },
    PutJobSuccessResult: {
      async handle(input) {
        const job = await loadJob(ctx, input.jobId as string, 'Custom');
        await reportJob(ctx, job, successEvent(job, input));
        return {};
      },
    },
    PutJobFailureResult: {
      async handle(input) {
        const job = await loadJob(ctx, input.jobId as string, 'Custom');
        const failure = input.failureDetails as { type: FailureType; message: string; externalExecutionId?: string };
        await reportJob(ctx, job, failureEvent(job, failure));
        return {};
      },
    },
    ...thirdPartyJobOperations(ctx),
  };
  return operations;
}
