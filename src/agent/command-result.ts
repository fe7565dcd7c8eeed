/**
 * What running one host command produced: its status and the diagnostics the completion carries
 * (CodeDeploy's `error_code`, `script_name`, `message`, `log`).
 */
import { LifecycleErrorCode, type CommandDiagnostics } from '../model/deploy/host-commands.ts';

export interface CommandResult {
  status: 'Succeeded' | 'Failed';
  diagnostics: CommandDiagnostics;
}

export function succeeded(message: string, log = ''): CommandResult {
  return { status: 'Succeeded', diagnostics: { error_code: LifecycleErrorCode.Success, script_name: '', message, log } };
}

export function failed(errorCode: LifecycleErrorCode, message: string, scriptName = '', log = ''): CommandResult {
  return { status: 'Failed', diagnostics: { error_code: errorCode, script_name: scriptName, message, log } };
}
