/**
 * How the parts that read or serve Sluice's hosted git repositories (smart HTTP, the CodeCommit
 * source action, builds that clone) find one by name. The repository service implements it from
 * its store; each repository is a bare git directory named by its id, so a rename moves nothing.
 */
export interface HostedRepository {
  repositoryName: string;
  /** A UUID, fixed for the repository's life. */
  repositoryId: string;
  /** `arn:aws:codecommit:<region>:<account>:<name>` */
  arn: string;
  /** Absolute path of the bare repository: `<dataDir>/repos/<repositoryId>.git`. */
  gitDir: string;
  defaultBranch?: string;
}

export type FindRepository = (repositoryName: string) => Promise<HostedRepository | undefined>;
