/**
 * How the CodeStarSourceConnection source action and builds that clone reach a repository on an
 * external git server through a connection: the connection service keeps a local mirror of each
 * repository it was asked for and refreshes it on request.
 */
export interface ConnectionMirror {
  /** Absolute path of the bare mirror, fetched up to date (all branches and tags). */
  gitDir: string;
}

export interface ConnectionRepositories {
  /**
   * Fetches `fullRepositoryId` (e.g. `octo/app`) through the connection into its mirror. Throws a
   * SluiceError `ResourceNotFoundException` for an unknown connection, and an error naming the
   * git failure when the remote cannot be reached or refuses the credentials.
   */
  fetch(connectionArn: string, fullRepositoryId: string, signal?: AbortSignal): Promise<ConnectionMirror>;
}
