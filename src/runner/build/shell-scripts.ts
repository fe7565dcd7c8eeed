/**
 * The two small scripts behind a build's shell session (see `shell-session.ts` for the design):
 *
 * - the executor, one long-lived POSIX `sh` per build, reads one request per line on stdin
 *   (`<succeeding> <user> <command file>`), runs the command through the wrapper in a fresh
 *   process, and prints `<marker> <exit status>` on stdout when it is done. Its environment is
 *   empty: the whole build environment lives in the state file, so `unset` sticks.
 * - the wrapper (bash or sh flavour) restores the session from the state file (variables, exports,
 *   functions, shell options, working directory), sources the command, and saves the session
 *   again from an EXIT trap, so an `exit 1` or a syntax error ends only that command.
 *
 * Everything the scripts get from the runner arrives as arguments or files, never spliced into
 * script text, so no command or value can change what the scripts do.
 */

/** Characters-safe single quoting for POSIX shells. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `$1` state file, `$2` marker, `$3` wrapper, `$4` shell and `$5` runuser, by absolute path. */
export const EXECUTOR_SCRIPT = `
state=$1 marker=$2 wrapper=$3 shell=$4 runuser=$5
while IFS=' ' read -r succeeding user command; do
  if [ "$user" = - ]; then
    "$shell" "$wrapper" "$state" "$command" "$succeeding" </dev/null 2>&1
  else
    "$runuser" -u "$user" -- "$shell" "$wrapper" "$state" "$command" "$succeeding" </dev/null 2>&1
  fi
  printf '%s %s\\n' "$marker" "$?"
done
`;

// Bash's own variables: read-only, per-process or meaningless in another process.
const BASH_SPECIALS = '^(BASH.*|SHELLOPTS|EUID|UID|PPID|GROUPS|FUNCNAME|RANDOM|SRANDOM|SECONDS|LINENO|HISTCMD|EPOCH.*|PIPESTATUS|DIRSTACK|COMP_.*|SHLVL|PWD|OLDPWD|_|__sluice_.*)$';

// `${!A@}` lists the variables whose names start with A: every name without forking `compgen`.
const ALL_NAMES = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_'].map((c) => `\${!${c}@}`).join(' ');

/**
 * Bash wrapper: `$1` state file, `$2` command file, `$3` CODEBUILD_BUILD_SUCCEEDING.
 * The save step captures options first (before turning off tracing and errexit for itself) and
 * uses builtins only (no fork): it is most of the per-command cost. It writes the state file in
 * place; only a killed command can leave it half written, and a killed build does not go on.
 */
export const BASH_WRAPPER_SCRIPT = `
__sluice_state=$1 __sluice_command=$2 __sluice_succeeding=$3
set --
. "$__sluice_state"
export CODEBUILD_BUILD_SUCCEEDING="$__sluice_succeeding"
__sluice_save() {
  __sluice_status=$? __sluice_flags=$-
  { set +x; } 2>/dev/null
  set +o > "$__sluice_state"
  set +eu
  {
    shopt -p
    [[ $__sluice_flags == *x* ]] && echo '__sluice_trace=1'
    for __sluice_name in ${ALL_NAMES}; do
      [[ $__sluice_name =~ ${BASH_SPECIALS} ]] || declare -p "$__sluice_name" 2>/dev/null
    done
    declare -f
    printf 'cd -- %q\\n' "$PWD"
  } >> "$__sluice_state"
  exit "$__sluice_status"
}
trap '{ __sluice_save; } 2>/dev/null' EXIT
[ -n "\${__sluice_trace-}" ] && set -x
. "$__sluice_command"
`;

/**
 * sh wrapper: POSIX sh cannot print its functions or plain variables, so every assignment is
 * exported (`set -a`) and the session is `export -p` plus the working directory; functions do
 * not carry from one command to the next under `/bin/sh`.
 */
export const SH_WRAPPER_SCRIPT = `
__sluice_state=$1 __sluice_command=$2 __sluice_succeeding=$3
set --
. "$__sluice_state"
export CODEBUILD_BUILD_SUCCEEDING="$__sluice_succeeding"
__sluice_save() {
  __sluice_status=$?
  set +eux
  unset __sluice_succeeding
  {
    export -p | grep -v -e '^export __sluice_' -e '^export PWD=' -e '^export OLDPWD=' -e '^export SHLVL='
    printf "cd -- '%s'\\n" "$(printf '%s' "$PWD" | sed "s/'/'\\\\\\\\''/g")"
  } > "$__sluice_state.new" && mv -f "$__sluice_state.new" "$__sluice_state"
  exit "$__sluice_status"
}
trap __sluice_save EXIT
set -a
. "$__sluice_command"
`;

/** The first state file: the build environment, exported, and the starting directory. */
export function initialState(environment: Record<string, string>, cwd: string): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(environment)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) lines.push(`export ${name}=${shellQuote(value)}`);
  }
  lines.push(`cd -- ${shellQuote(cwd)}`);
  return `${lines.join('\n')}\n`;
}
