/**
 * The appspec.yml of an EC2/on-premises deployment (CodeDeploy's AppSpec, `version: 0.0`), as the
 * deploy agent reads it. Terminology:
 * - bundle root: the directory where appspec.yml sits once the revision is unpacked.
 * - lifecycle event: one step of a deployment on a host; the scriptable ones may carry hooks.
 * - hook: one script of a lifecycle event, run in listed order with its own timeout and user.
 */

/** Lifecycle events whose scripts the appspec may list, in in-place order. */
export const SCRIPTABLE_EVENTS = [
  'BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop', 'BeforeInstall', 'AfterInstall',
  'ApplicationStart', 'ValidateService', 'BeforeAllowTraffic', 'AfterAllowTraffic',
] as const;
export type ScriptableEvent = (typeof SCRIPTABLE_EVENTS)[number];

/** Events the agent (or the server) carries out itself; an appspec cannot hook them. */
export const RESERVED_EVENTS = ['DownloadBundle', 'Install', 'BlockTraffic', 'AllowTraffic'] as const;

export const FILE_EXISTS_BEHAVIORS = ['DISALLOW', 'OVERWRITE', 'RETAIN'] as const;
export type FileExistsBehavior = (typeof FILE_EXISTS_BEHAVIORS)[number];

/** A script's timeout when the appspec names none, and the cap of one event's scripts together. */
export const DEFAULT_HOOK_TIMEOUT_SECONDS = 3600;
export const MAX_EVENT_TIMEOUT_SECONDS = 3600;

export interface AppspecFile {
  /** Relative to the bundle root, normalised, `''` for the whole bundle (written `/`). */
  source: string;
  /** Absolute, normalised. */
  destination: string;
}

export type PermissionType = 'file' | 'directory';

export interface AppspecPermission {
  /** Absolute, normalised. */
  object: string;
  /** A glob relative to `object`. @default '**' */
  pattern: string;
  except: string[];
  owner?: string;
  group?: string;
  /** The mode as a number, read from the octal digits written (`644` → 0o644). */
  mode?: number;
  /** Which kinds of entries are touched. @default ['file', 'directory'] */
  type: PermissionType[];
}

export interface AppspecHook {
  /** Relative to the bundle root, normalised. */
  location: string;
  /** @default 3600 */
  timeoutSeconds: number;
  runas?: string;
}

export interface Appspec {
  version: '0.0';
  os: 'linux';
  files: AppspecFile[];
  /** Absent when the appspec does not say; the deployment's own setting applies then. */
  fileExistsBehavior?: FileExistsBehavior;
  permissions: AppspecPermission[];
  hooks: Partial<Record<ScriptableEvent, AppspecHook[]>>;
}
