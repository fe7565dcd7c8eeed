/**
 * GetLogEvents and FilterLogEvents over build log lines.
 *
 * GetLogEvents pages as CloudWatch Logs does: without a token it reads the stream's last page
 * (or, with `startFromHead`, its first); a token `f/<seq>` reads forward after line `seq`, and
 * `b/<seq>` backward before it. Every answer carries both tokens; at the end of the stream in the
 * direction read, the token returned equals the one sent, which is how clients know to stop.
 *
 * FilterLogEvents reads the group's streams oldest build first. Filter patterns are plain terms
 * (every one must appear) and double-quoted phrases, case-sensitive; CloudWatch's other pattern
 * forms (`?term`, `-term`, JSON and space-delimited patterns) are refused with
 * InvalidParameterException rather than answered wrongly.
 */
import { SluiceError } from '../../model/errors.ts';
import type { BuildLogLine } from '../../store/build-ports.ts';
import type { Store } from '../../store/ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import { buildOfStream, buildsOfGroup, groupOf, streamNameOf } from './streams.ts';

type Input = Record<string, unknown>;

/** CloudWatch's page when no limit is given (it stops at 10,000 events or 1 MB). */
const DEFAULT_EVENTS = 10_000;

function invalidToken(): SluiceError {
  return new SluiceError('InvalidParameterException', 'The specified nextToken is invalid.');
}

function token(direction: 'f' | 'b', seq: number): string {
  return `${direction}/${String(seq).padStart(20, '0')}`;
}

function parseToken(value: string): { direction: 'f' | 'b'; seq: number } {
  const match = /^([fb])\/(\d{1,20})$/.exec(value);
  const seq = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(seq)) throw invalidToken();
  return { direction: match[1] as 'f' | 'b', seq };
}

/** The plain terms of a filter pattern: words, and quoted phrases as one term. */
export function filterTerms(pattern: string | undefined): string[] {
  if (pattern === undefined || pattern.trim() === '') return [];
  if (/^\s*[{[]/.test(pattern)) {
    throw new SluiceError('InvalidParameterException', 'Sluice filters build logs by terms and quoted phrases only; JSON and space-delimited patterns are not supported.');
  }
  const terms: string[] = [];
  for (const match of pattern.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    const term = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2] ?? '';
    if (match[2] !== undefined && /^[?-]/.test(term)) {
      throw new SluiceError('InvalidParameterException', `Sluice filters build logs by terms and quoted phrases only; '${term}' (an OR or exclusion term) is not supported.`);
    }
    if (term !== '') terms.push(term);
  }
  return terms;
}

const event = (line: BuildLogLine): object => ({ timestamp: line.timestamp, message: line.message, ingestionTime: line.timestamp });

async function getLogEvents(store: Store, input: Input): Promise<object> {
  const group = groupOf(input);
  const build = await buildOfStream(store, group, input.logStreamName as string);
  const limit = (input.limit as number | undefined) ?? DEFAULT_EVENTS;
  const times = { ...(input.startTime !== undefined && { startTime: input.startTime as number }), ...(input.endTime !== undefined && { endTime: input.endTime as number }) };
  const given = input.nextToken === undefined ? undefined : parseToken(input.nextToken as string);
  const forward = given ? given.direction === 'f' : input.startFromHead === true;
  const lines = forward
    ? await store.buildLogs.read(build.id, { direction: 'forward', afterSeq: given?.seq ?? 0, limit, ...times })
    : await store.buildLogs.read(build.id, { direction: 'backward', ...(given && { beforeSeq: given.seq }), limit, ...times });
  const first = lines[0];
  const last = lines.at(-1);
  // With nothing read, both tokens stay where the read started, so a client polling forward for new lines keeps its place.
  const here = given?.seq ?? (forward ? 0 : (await store.buildLogs.summary(build.id)).lastSeq + 1);
  return {
    events: lines.map(event),
    nextForwardToken: token('f', last ? last.seq : forward ? here : here - 1),
    nextBackwardToken: token('b', first ? first.seq : forward ? here + 1 : here),
  };
}

interface FilterPosition { s: string; q: number }

function parseFilterToken(value: string): FilterPosition {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<FilterPosition>;
    if (typeof parsed.s === 'string' && typeof parsed.q === 'number') return { s: parsed.s, q: parsed.q };
  } catch {
    // Falls through to the error below.
  }
  throw invalidToken();
}

async function filterLogEvents(store: Store, input: Input): Promise<object> {
  const group = groupOf(input);
  const terms = filterTerms(input.filterPattern as string | undefined);
  const names = input.logStreamNames as string[] | undefined;
  const prefix = input.logStreamNamePrefix as string | undefined;
  if (names && prefix !== undefined) throw new SluiceError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive; give one.');
  const { builds } = await buildsOfGroup(store, group);
  const streams = builds.map((b) => ({ build: b, name: streamNameOf(b) }))
    .filter((s) => (names ? names.includes(s.name) : prefix === undefined || s.name.startsWith(prefix)));
  const limit = (input.limit as number | undefined) ?? DEFAULT_EVENTS;
  const position = input.nextToken === undefined ? undefined : parseFilterToken(input.nextToken as string);
  let start = position ? streams.findIndex((s) => s.name === position.s) : 0;
  if (start < 0) throw invalidToken();
  const events: object[] = [];
  let after = position?.q ?? 0;
  for (; start < streams.length; start++, after = 0) {
    const stream = streams[start];
    if (!stream) break;
    const lines = await store.buildLogs.filter(stream.build.id, {
      terms, afterSeq: after, limit: limit - events.length + 1,
      ...(input.startTime !== undefined && { startTime: input.startTime as number }),
      ...(input.endTime !== undefined && { endTime: input.endTime as number }),
    });
    for (const line of lines) {
      if (events.length === limit) {
        return { events, searchedLogStreams: [], nextToken: Buffer.from(JSON.stringify({ s: stream.name, q: line.seq - 1 })).toString('base64url') };
      }
      events.push({ logStreamName: stream.name, ...event(line), eventId: `${stream.name}-${line.seq}` });
    }
  }
  return { events, searchedLogStreams: [] };
}

export function eventOperations(store: Store): Record<string, Operation<Input, object>> {
  return {
    GetLogEvents: { handle: (input) => getLogEvents(store, input) },
    FilterLogEvents: { handle: (input) => filterLogEvents(store, input) },
  };
}
