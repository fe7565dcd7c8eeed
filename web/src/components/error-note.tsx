/** An API error as the user should read it: the AWS `__type`, then the API's own message. */
import { ApiError } from '../api/client.ts';

export function describeError(error: unknown): { type: string; message: string } {
  if (error instanceof ApiError) return { type: error.type, message: error.message };
  if (error instanceof TypeError) return { type: 'NetworkError', message: 'Sluice could not be reached. Check the connection and try again.' };
  return { type: 'Error', message: error instanceof Error ? error.message : String(error) };
}

export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const { type, message } = describeError(error);
  return (
    <div class="error-note" role="alert">
      <strong>{type}</strong>{message ? `: ${message}` : ''}
    </div>
  );
}
