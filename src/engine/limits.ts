/**
 * Numbers the engine enforces. Values tagged [guess] are Sluice's choice where AWS documents none;
 * they live here so they are easy to find and change.
 */

/** Manual approval default timeout: 7 days (AWS). */
export const APPROVAL_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;

/** A job-carried action fails with TimedOut after this long. [guess: AWS's custom job timeout, 24 h] */
export const JOB_ACTION_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** A job whose worker lost its lease this many times fails the action. [guess] */
export const MAX_LEASE_LOSSES = 3;

/** Executions running at once in PARALLEL mode. [guess; AWS documents a quota of 50] */
export const MAX_PARALLEL_EXECUTIONS = 50;

/** Executions in progress (running or queued) at once in QUEUED mode. [guess; AWS documents a quota of 50] */
export const MAX_QUEUED_EXECUTIONS = 50;

/** Output variables of one action, serialized as JSON. (AWS: 122,880 bytes) */
export const MAX_OUTPUT_VARIABLES_BYTES = 122_880;

/** Resolved configuration of one action, serialized as JSON. (AWS: 100 KB) */
export const MAX_RESOLVED_CONFIGURATION_BYTES = 100 * 1024;
