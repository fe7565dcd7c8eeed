/**
 * Builders for agent tests: deployment specifications, temporary agent roots (traversable by
 * other users, so `runas` scripts can read the archive), and deployment archives written from a
 * map of file name → content.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DeploymentSpecification } from '../../../src/model/deploy/host-commands.ts';

export function makeSpec(over: Partial<DeploymentSpecification> = {}, revision: Partial<DeploymentSpecification['Revision']['S3Revision']> = {}): DeploymentSpecification {
  return {
    DeploymentId: `d-${randomUUID().replace(/-/g, '').slice(0, 9).toUpperCase()}`,
    DeploymentGroupId: randomUUID(),
    DeploymentGroupName: 'Staging',
    ApplicationName: 'WordPress_App',
    DeploymentCreator: 'user',
    DeploymentType: 'IN_PLACE',
    FileExistsBehavior: 'DISALLOW',
    Revision: { RevisionType: 'S3', S3Revision: { Bucket: 'bundles', Key: 'app.zip', BundleType: 'zip', Sha256: '0'.repeat(64), ...revision } },
    AllPossibleLifecycleEvents: ['ApplicationStop', 'DownloadBundle', 'BeforeInstall', 'Install', 'AfterInstall', 'ApplicationStart', 'ValidateService'],
    ...over,
  };
}

/** A temporary directory others may traverse (0755); removed by `cleanup`. */
export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `sluice-${prefix}-`));
  await chmod(dir, 0o755);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `files` (name → content; a number-suffixed `@755` name sets the mode) under `dir`. */
export async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [spec, content] of Object.entries(files)) {
    const [name, mode] = spec.split('@') as [string, string | undefined];
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    await chmod(path, mode === undefined ? 0o644 : Number.parseInt(mode, 8));
  }
}

export const appspecYaml = (body: string): string => `version: 0.0\nos: linux\n${body}`;
