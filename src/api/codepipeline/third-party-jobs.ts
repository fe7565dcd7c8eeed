/**
 * The job-worker protocol for ThirdParty action types: PollForThirdPartyJobs,
 * GetThirdPartyJobDetails, AcknowledgeThirdPartyJob, PutThirdPartyJobSuccessResult and
 * PutThirdPartyJobFailureResult. The flow and the lease policy are those of jobs.ts; what differs:
 *
 * - A poll returns only `{clientId, jobId}`; the worker fetches the data (and the nonce) with
 *   GetThirdPartyJobDetails.
 * - Each poll mints a client id, which becomes the claimed jobs' lock holder. Every later call
 *   must pass it as `clientToken` (AWS: "the clientToken portion of the clientId and clientToken
 *   pair"); anything else, including a token from before the job was re-queued, is
 *   InvalidClientTokenException.
 * - Only built-in ThirdParty types exist (CreateCustomActionType always makes Custom ones), and a
 *   server serves none of them in process, so their jobs wait for a partner's worker.
 */
import { SluiceError } from '../../model/errors.ts';
import { actionTypeKey, type ActionTypeId } from '../../model/pipeline.ts';
import type { FailureType } from '../../model/vocabulary.ts';
import type { JobRecord } from '../../store/ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import {
  acknowledgeJob, claimJobs, failureEvent, isClosed, jobDataOf, loadJob, reportJob, successEvent,
  type JobWorkerContext, type SuccessReport,
} from './job-support.ts';

type Input = Record<string, unknown>;

/** The job, checked against the client token its poll handed out. Closed jobs are checked by the caller first. */
async function clientJob(ctx: JobWorkerContext, input: Input): Promise<JobRecord> {
  const job = await loadJob(ctx, input.jobId as string, 'ThirdParty');
  if (!isClosed(job) && job.lockedBy !== input.clientToken) {
    throw new SluiceError('InvalidClientTokenException', `The client token does not match the client that holds job ${job.jobId}`);
  }
  return job;
}

export function thirdPartyJobOperations(ctx: JobWorkerContext): Record<string, Operation<Input, object>> {
  const { api } = ctx;
  return {
    PollForThirdPartyJobs: {
      async handle(input) {
        const id = input.actionTypeId as ActionTypeId;
        if (id.owner !== 'ThirdParty') {
          throw new SluiceError('ValidationException', `PollForThirdPartyJobs serves action types owned by ThirdParty, not ${id.owner}; `
            + 'Custom workers use PollForJobs');
        }
        if (!api.catalog.get(id)) throw new SluiceError('ActionTypeNotFoundException', `Action type ${actionTypeKey(id)} not found`);
        const clientId = api.runtime.scheduler.driver.ids.uuid();
        const jobs = await claimJobs(ctx, id, { workerId: clientId, limit: input.maxBatchSize as number | undefined });
        return { jobs: jobs.map((job) => ({ clientId, jobId: job.jobId })) };
      },
    },
    GetThirdPartyJobDetails: {
      async handle(input) {
        const job = await clientJob(ctx, input);
        if (isClosed(job)) throw new SluiceError('InvalidJobException', `Job ${job.jobId} is over and has no details to work on`);
        const [data] = await jobDataOf(ctx, [job]);
        return { jobDetails: { id: job.jobId, data, nonce: job.nonce } };
      },
    },
    AcknowledgeThirdPartyJob: {
      async handle(input) {
        const job = await clientJob(ctx, input);
        return acknowledgeJob(ctx, job, input.nonce as string);
      },
    },
    PutThirdPartyJobSuccessResult: {
      async handle(input) {
        const job = await clientJob(ctx, input);
        const { outputVariables: _none, ...report } = input as SuccessReport;
        await reportJob(ctx, job, successEvent(job, report));
        return {};
      },
    },
    PutThirdPartyJobFailureResult: {
      async handle(input) {
        const job = await clientJob(ctx, input);
        const failure = input.failureDetails as { type: FailureType; message: string; externalExecutionId?: string };
        await reportJob(ctx, job, failureEvent(job, failure));
        return {};
      },
    },
  };
}
