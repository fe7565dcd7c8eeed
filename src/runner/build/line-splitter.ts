/**
 * Splits a byte stream into lines (without `\n`, a trailing `\r` dropped) and calls `onLine` for
 * each, the unterminated rest once the stream ends; lines over 1 MiB are cut. About 3× faster than `node:readline` on
 * build logs, which is what bounds log throughput (bench/build.bench.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';

const MAX_LINE = 1024 * 1024;

export function splitLines(stream: Readable, onLine: (line: string) => void): void {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const emit = (text: string): void => {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = text.slice(start, end);
      onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = end + 1;
    }
    rest = text.slice(start);
    // A line this long is output of a binary or a minified file: pass it on in pieces.
    if (rest.length > MAX_LINE) {
      onLine(rest);
      rest = '';
    }
  };
  stream.on('data', (chunk: Buffer) => emit(rest + decoder.write(chunk)));
  stream.once('end', () => {
    const last = rest + decoder.end();
    rest = '';
    if (last.length > 0) onLine(last);
  });
}
