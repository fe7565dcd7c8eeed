/**
 * `phases.install.runtime-versions`: Sluice runs on the host's tools rather than CodeBuild's
 * images, so a requested runtime is reported against what the host has and never fails the
 * build. The report runs in the build's own session, so it sees the build's PATH.
 */
import type { BuildShell } from './phase-commands.ts';

/** How to ask each runtime for its version; languages not listed are reported as unknown. */
const VERSION_COMMANDS: Record<string, string> = {
  nodejs: 'node --version',
  python: 'python3 --version',
  java: 'java -version 2>&1 | head -n 1',
  corretto: 'java -version 2>&1 | head -n 1',
  golang: 'go version',
  ruby: 'ruby --version',
  dotnet: 'dotnet --version',
  php: 'php --version | head -n 1',
};

export async function reportRuntimeVersions(shell: BuildShell, requested: Record<string, string>): Promise<void> {
  for (const [language, version] of Object.entries(requested)) {
    const probe = VERSION_COMMANDS[language.replace(/[0-9.]+$/, '')];
    if (probe === undefined) {
      shell.log(`${shell.stamp()} Runtime ${language} ${version} requested: Sluice does not know how to check it; using the host's tools`);
      continue;
    }
    const tool = probe.split(' ')[0]!;
    shell.log(`${shell.stamp()} Runtime ${language} ${version} requested; the host has:`);
    await shell.session.run(`if command -v ${tool} >/dev/null 2>&1; then ${probe}; else echo "${tool} is not installed"; fi`, { succeeding: shell.succeeding });
  }
}
