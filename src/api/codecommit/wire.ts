/**
 * CodeCommit's wire shapes: repository metadata (timestamps as epoch seconds, the clone URL on
 * the server the caller reached), commits, folders, differences and triggers.
 */
import type { CommitInfo, RawDifference } from '../../git/objects.ts';
import type { RepositoryView } from '../../services/repositories.ts';
import { fileModeOf, type FolderView } from '../../services/repository-content.ts';
import type { RepositoryTriggerRecord } from '../../store/repository-ports.ts';

const seconds = (ms: number): number => ms / 1000;

/** Where git clones a hosted repository: the smart-HTTP endpoint of the server answering. */
export function cloneUrlHttp(endpoint: string, name: string): string {
  return `${endpoint}/v1/repos/${name}`;
}

/** cloneUrlSsh is left out: Sluice serves git over HTTP only. */
export function wireRepository(r: RepositoryView, endpoint: string, accountId: string): object {
  return {
    accountId, repositoryId: r.repositoryId, repositoryName: r.repositoryName,
    ...(r.description !== undefined && { repositoryDescription: r.description }),
    ...(r.defaultBranch !== undefined && { defaultBranch: r.defaultBranch }),
    lastModifiedDate: seconds(r.modifiedAt), creationDate: seconds(r.createdAt),
    cloneUrlHttp: cloneUrlHttp(endpoint, r.repositoryName), Arn: r.arn,
  };
}

export function wireCommit(c: CommitInfo): object {
  return { commitId: c.commitId, treeId: c.treeId, parents: c.parents, message: c.message, author: c.author, committer: c.committer, additionalData: '' };
}

export function wireFolder(f: FolderView): object {
  const place = (e: FolderView['entries'][number]): { absolutePath: string; relativePath: string } => ({ absolutePath: e.absolutePath, relativePath: e.name });
  return {
    commitId: f.commitId, folderPath: f.folderPath, treeId: f.treeId,
    subFolders: f.entries.filter((e) => e.type === 'tree').map((e) => ({ treeId: e.id, ...place(e) })),
    files: f.entries.filter((e) => e.type === 'blob' && e.mode !== '120000').map((e) => ({ blobId: e.id, ...place(e), fileMode: fileModeOf(e.mode) })),
    symbolicLinks: f.entries.filter((e) => e.type === 'blob' && e.mode === '120000').map((e) => ({ blobId: e.id, ...place(e), fileMode: 'SYMLINK' })),
    subModules: f.entries.filter((e) => e.type === 'commit').map((e) => ({ commitId: e.id, ...place(e) })),
  };
}

export function wireDifference(d: RawDifference): object {
  const blob = (b: RawDifference['before']): object | undefined => b && { blobId: b.id, path: b.path, mode: b.mode };
  return { ...(d.before && { beforeBlob: blob(d.before) }), ...(d.after && { afterBlob: blob(d.after) }), changeType: d.status };
}

export function wireTrigger(t: RepositoryTriggerRecord): object {
  return { name: t.name, destinationArn: t.destinationArn, ...(t.customData !== undefined && { customData: t.customData }), branches: t.branches, events: t.events };
}
