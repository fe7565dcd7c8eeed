/**
 * Streaming decoder of S3's aws-chunked request bodies (`Content-Encoding: aws-chunked`), the
 * form the SDKs use to send a body of known length with a checksum computed on the way
 * (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) or with every chunk signed
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`):
 *
 *     <hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n   …   0[;chunk-signature=<sig>]\r\n
 *     [<trailer name>:<value>\r\n …  [x-amz-trailer-signature:<sig>\r\n]]  \r\n
 *
 * The decoder yields the payload as it arrives (never holding more than one network read) and
 * checks each chunk signature when its chunk ends, through `SignedChunkDecoder`. Data is yielded
 * before its chunk's signature is checked: the consumer stages it in a temporary file and keeps it
 * only when the whole body decoded, so an unverified byte is never stored.
 */
import { createHash, type Hash } from 'node:crypto';
import type { SignedChunkDecoder } from '../auth/sigv4.ts';
import { S3Error } from './errors.ts';

export interface ChunkedOptions {
  /** Set for signed chunks: each chunk's signature is checked. */
  signed?: SignedChunkDecoder;
  /** True when trailers follow the final chunk (`…-TRAILER`). */
  trailer: boolean;
}

export interface DecodedBody {
  data: AsyncGenerator<Uint8Array>;
  /** Trailer headers (lower-case names), complete once `data` is exhausted. */
  trailers: Map<string, string>;
}

const CRLF = Buffer.from('\r\n');
/** A chunk header or trailer line is short; a longer one means the body is not aws-chunked. */
const MAX_LINE_BYTES = 4096;
const CHUNK_HEADER = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-f]{64}))?$/;

const malformed = (what: string): S3Error => new S3Error('InvalidRequest', 400, `The aws-chunked body is malformed: ${what}.`);
const incomplete = (): S3Error => new S3Error('IncompleteBody', 400, 'The request body terminated unexpectedly');

/** A cursor over the incoming pieces: lines are read across piece boundaries, data without copying. */
class Reader {
  #pending: Buffer = Buffer.alloc(0);
  readonly #source: AsyncIterator<Uint8Array>;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#source.next();
    if (next.done === true) {
      this.#done = true;
      return false;
    }
    const piece = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.#pending = this.#pending.length === 0 ? piece : Buffer.concat([this.#pending, piece]);
    return true;
  }

  /** The next line without its CRLF; undefined at a clean end of the body. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const end = this.#pending.indexOf(CRLF);
      if (end >= 0) {
        const text = this.#pending.toString('latin1', 0, end);
        this.#pending = this.#pending.subarray(end + 2);
        return text;
      }
      if (this.#pending.length > MAX_LINE_BYTES) throw malformed('a chunk header or trailer line is too long');
      if (!await this.#fill()) {
        if (this.#pending.length === 0) return undefined;
        // A last trailer line without its CRLF: some clients end the body there.
        const text = this.#pending.toString('latin1');
        this.#pending = Buffer.alloc(0);
        return text;
      }
    }
  }

  /** Up to `max` bytes of data (at least one), as they are in the incoming piece. */
  async data(max: number): Promise<Buffer> {
    if (this.#pending.length === 0 && !await this.#fill()) throw incomplete();
    const piece = this.#pending.subarray(0, max);
    this.#pending = this.#pending.subarray(piece.length);
    return piece;
  }

  async atEnd(): Promise<boolean> {
    return this.#pending.length === 0 && !await this.#fill();
  }
}

async function readTrailers(reader: Reader, options: ChunkedOptions, previous: string, trailers: Map<string, string>): Promise<void> {
  const signed = createHash('sha256');
  let signature: string | undefined;
  for (;;) {
    const line = await reader.line();
    if (line === undefined || line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`the trailer line '${line.slice(0, 64)}' is not name:value`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      signature = value;
    } else {
      trailers.set(name, value);
      signed.update(`${name}:${value}\n`);
    }
  }
  if (options.signed) {
    if (signature === undefined) throw malformed('the trailer has no x-amz-trailer-signature');
    options.signed.verifyTrailer(previous, signed.digest('hex'), signature);
  }
}

async function* decode(reader: Reader, options: ChunkedOptions, trailers: Map<string, string>): AsyncGenerator<Uint8Array> {
  let previous = options.signed?.seedSignature ?? '';
  for (let index = 0; ; index++) {
    const line = await reader.line();
    if (line === undefined) throw incomplete();
    const header = CHUNK_HEADER.exec(line);
    if (header === null) throw malformed(`chunk ${index} has a malformed header`);
    const size = Number.parseInt(header[1] ?? '', 16);
    const hash: Hash | undefined = options.signed && createHash('sha256');
    for (let left = size; left > 0;) {
      const piece = await reader.data(left);
      left -= piece.length;
      hash?.update(piece);
      yield piece;
    }
    if (options.signed) {
      if (header[2] === undefined) throw malformed(`chunk ${index} has no chunk-signature`);
      previous = options.signed.verifyChunk(previous, hash?.digest('hex') ?? '', header[2], index);
    }
    if (size > 0) {
      if (await reader.line() !== '') throw malformed(`chunk ${index} is longer than its declared ${size} bytes`);
      continue;
    }
    if (options.trailer) await readTrailers(reader, options, previous, trailers);
    else if (await reader.line() !== '') throw malformed('the final chunk is not followed by an empty line');
    if (!await reader.atEnd()) throw malformed('there are bytes after the final chunk');
    return;
  }
}

export function decodeAwsChunked(source: AsyncIterable<Uint8Array>, options: ChunkedOptions): DecodedBody {
  const trailers = new Map<string, string>();
  return { data: decode(new Reader(source), options, trailers), trailers };
}
