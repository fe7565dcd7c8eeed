/**
 * The pipeline as text in the editor, JSON or YAML: parse it, print it, and find the line of a
 * validation issue's field. YAML support (the `yaml` package) is loaded only when chosen.
 */
import type * as YamlNamespace from 'yaml';
import { indexJsonPositions, lineOfOffset, lineOfPath, segmentsOfMemberPath } from '../lib/json-locate.ts';

export type Format = 'json' | 'yaml';

type YamlModule = typeof YamlNamespace;
let yamlModule: Promise<YamlModule> | undefined;
export const loadYaml = (): Promise<YamlModule> => (yamlModule ??= import('yaml'));

export interface ParsedDocument {
  value: unknown;
  /** The line of a member path's field (or its nearest parent), when the text parsed. */
  lineOf(memberPath: string): number | undefined;
}

export class SyntaxProblem extends Error {
  readonly line: number | undefined;
  constructor(message: string, line: number | undefined) {
    super(message);
    this.line = line;
  }
}

export function printDocument(value: unknown, format: Format, yaml: YamlModule | undefined): string {
  if (format === 'yaml' && yaml) return yaml.stringify(value, { lineWidth: 0 });
  return `${JSON.stringify(value, null, 2)}\n`;
}

function parseJson(text: string): ParsedDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    throw new SyntaxProblem(message, at ? lineOfOffset(text, Number(at[1])) : undefined);
  }
  const positions = indexJsonPositions(text);
  return { value, lineOf: (path) => (positions ? lineOfPath(text, positions, segmentsOfMemberPath(path)) : undefined) };
}

function parseYaml(text: string, yaml: YamlModule): ParsedDocument {
  const doc = yaml.parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) throw new SyntaxProblem(first.message.split('\n')[0] ?? first.message, first.linePos?.[0]?.line);
  return {
    value: doc.toJS(),
    lineOf(path) {
      const segments = segmentsOfMemberPath(path);
      for (let n = segments.length; n > 0; n--) {
        const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineOfOffset(text, node.range[0]);
      }
      return undefined;
    },
  };
}

export function parseDocument(text: string, format: Format, yaml: YamlModule | undefined): ParsedDocument {
  return format === 'yaml' && yaml ? parseYaml(text, yaml) : parseJson(text);
}
