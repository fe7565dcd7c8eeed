/**
 * Handing a login to git's credential system: `git credential approve` passes it to every
 * configured credential helper. When none is configured for the server's URL, Sluice first sets
 * git's own `store` helper for that URL only (`credential.<url>.helper store`, in the user's
 * global config), so the login is kept in `~/.git-credentials` and later clones find it.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The helpers git would use for `url` (empty when none is configured). */
async function helpersFor(url: string): Promise<string> {
  try {
    return (await exec('git', ['config', '--get-urlmatch', 'credential.helper', url])).stdout.trim();
  } catch {
    return ''; // git config exits 1 when nothing matches
  }
}

function approve(input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['credential', 'approve'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`git credential approve failed: ${stderr.trim()}`))));
    child.stdin.end(input);
  });
}

/**
 * Stores `username`/`password` for every repository of the server at `origin`
 * (`http://host:port`); returns the helper that now holds them.
 */
export async function storeGitCredentials(origin: string, username: string, password: string): Promise<{ helper: string; configured: boolean }> {
  const url = new URL(origin);
  let helper = await helpersFor(url.origin);
  const configured = helper === '';
  if (configured) {
    await exec('git', ['config', '--global', `credential.${url.origin}.helper`, 'store']);
    helper = 'store';
  }
  // git's credential format: one key=value a line, a blank line to end; values may not hold newlines.
  await approve(`protocol=${url.protocol.replace(/:$/, '')}\nhost=${url.host}\nusername=${username}\npassword=${password}\n\n`);
  return { helper, configured };
}
