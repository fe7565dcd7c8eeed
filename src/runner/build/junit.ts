/**
 * Reads the test cases of one JUnit XML report file (the JUNITXML report format) as CodeBuild's
 * DescribeTestCases lists them. Accepts what common tools write: `<testsuites>` holding
 * `<testsuite>`s (nested suites too, and Node's test-runner puts `<testcase>`s straight under
 * `<testsuites>`), or a bare `<testsuite>`.
 *
 * Reading rules:
 * - status: `<error>` → ERROR, `<failure>` → FAILED, `<skipped>` → SKIPPED, else SUCCEEDED.
 * - duration: the `time` attribute in seconds; thousands separators (`1,234.5`, written by some
 *   locales) are dropped; absent or unreadable is 0.
 * - message: the failure/error/skipped element's `message` attribute, else its text; trimmed and
 *   [guess] cut to 4 KiB of UTF-8.
 * - prefix: [guess] the case's `classname`, else the name of the innermost suite holding it, else
 *   the report file's path. CodeBuild reports pytest cases with the module path (pytest's
 *   `classname`) as prefix, which a suite name would not give.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TestCaseResult } from './contract.ts';

/** [guess] CodeBuild does not document a message limit; 4 KiB keeps a stack trace's top. */
export const MAX_MESSAGE_BYTES = 4096;

type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  alwaysCreateTextNode: true,
  textNodeName: '#text',
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

/** The test cases of one JUnit XML report file; throws Error with a clear message on malformed XML. */
export function parseJUnitXml(xml: string, testRawDataPath: string): TestCaseResult[] {
  if (xml.trim() === '') throw new Error(`${testRawDataPath}: the report file is empty`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    const where = typeof col === 'number' ? `line ${line}, column ${col}` : `line ${line}`;
    throw new Error(`${testRawDataPath}: malformed XML at ${where}: ${msg}`);
  }
  const doc = parser.parse(xml) as XmlElement;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && k !== '#text');
  const cases: TestCaseResult[] = [];
  const fallback = { prefix: testRawDataPath, testRawDataPath };
  if (rootName === 'testsuites') {
    const root = asElement(doc.testsuites);
    readCases(root, fallback, cases);
    for (const suite of elements(root.testsuite)) readSuite(suite, fallback, cases);
  } else if (rootName === 'testsuite') {
    for (const suite of elements(doc.testsuite)) readSuite(suite, fallback, cases);
  } else {
    const found = rootName === undefined ? 'no root element' : `the root element is <${rootName}>`;
    throw new Error(`${testRawDataPath}: not a JUnit XML report: ${found}, expected <testsuites> or <testsuite>`);
  }
  return cases;
}

interface Context { prefix: string; testRawDataPath: string }

function readSuite(suite: XmlElement, outer: Context, cases: TestCaseResult[]): void {
  const name = attribute(suite, 'name');
  const context = { ...outer, prefix: name ? name : outer.prefix };
  readCases(suite, context, cases);
  for (const nested of elements(suite.testsuite)) readSuite(nested, context, cases);
}

function readCases(parent: XmlElement, context: Context, cases: TestCaseResult[]): void {
  for (const testCase of elements(parent.testcase)) {
    const classname = attribute(testCase, 'classname');
    const outcome = readOutcome(testCase);
    const result: TestCaseResult = {
      prefix: classname ? classname : context.prefix,
      name: attribute(testCase, 'name') ?? '',
      status: outcome.status,
      durationInNanoSeconds: durationNs(attribute(testCase, 'time')),
      testRawDataPath: context.testRawDataPath,
    };
    if (outcome.message) result.message = outcome.message;
    cases.push(result);
  }
}

function readOutcome(testCase: XmlElement): { status: TestCaseResult['status']; message?: string } {
  const checks = [['error', 'ERROR'], ['failure', 'FAILED'], ['skipped', 'SKIPPED']] as const;
  for (const [tag, status] of checks) {
    const found = elements(testCase[tag])[0];
    if (found) return { status, message: messageOf(found) };
  }
  return { status: 'SUCCEEDED' };
}

function messageOf(element: XmlElement): string | undefined {
  const fromAttribute = attribute(element, 'message')?.trim();
  const text = fromAttribute ? fromAttribute : textOf(element).trim();
  return text ? capBytes(text, MAX_MESSAGE_BYTES) : undefined;
}

/** Seconds (`0.25`, `1,234.5`) → whole nanoseconds; absent, negative or unreadable → 0. */
function durationNs(time: string | undefined): number {
  const seconds = Number((time ?? '').replace(/,/g, '').trim());
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1e9) : 0;
}

/** Cuts `text` to at most `max` UTF-8 bytes without splitting a character. */
function capBytes(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= max) return text;
  let end = max;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // back off a continuation byte
  return new TextDecoder().decode(bytes.subarray(0, end));
}

function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function textOf(element: XmlElement): string {
  const text = element['#text'];
  return typeof text === 'string' ? text : '';
}

function elements(value: unknown): XmlElement[] {
  return Array.isArray(value) ? value.map(asElement) : [];
}

/** An element as the parser gives it; self-closing `<testsuites/>` arrives as a bare text node. */
function asElement(value: unknown): XmlElement {
  return value !== null && typeof value === 'object' ? value as XmlElement : {};
}
