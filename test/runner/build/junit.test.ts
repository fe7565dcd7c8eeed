// JUnit XML report parsing: the shapes real tools write (jest-junit, mocha-junit-reporter, pytest,
// Maven surefire, and Node's own junit reporter run for real), edge cases, and malformed files.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { TestCaseResult } from '../../../src/runner/build/contract.ts';
import { MAX_MESSAGE_BYTES, parseJUnitXml } from '../../../src/runner/build/junit.ts';

const ms = (n: number): number => n * 1_000_000;
const brief = (cases: TestCaseResult[]): string[][] => cases.map((c) => [c.prefix, c.name, c.status]);

describe('parseJUnitXml: files written by common tools', () => {
  it('jest-junit', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="3" failures="1" errors="0" time="1.204">
  <testsuite name="cart" errors="0" failures="1" skipped="1" timestamp="2026-11-23T10:00:00" time="1.1" tests="3">
    <testcase classname="cart adds an item" name="cart adds an item" time="0.004">
    </testcase>
    <testcase classname="cart rejects a negative quantity" name="cart rejects a negative quantity" time="0.012">
      <failure>Error: expect(received).toThrow()

Received function did not throw
    at Object.&lt;anonymous&gt; (/src/cart.test.js:14:28)</failure>
    </testcase>
    <testcase classname="cart applies coupons" name="cart applies coupons" time="0">
      <skipped/>
    </testcase>
  </testsuite>
</testsuites>`;
    const cases = parseJUnitXml(xml, 'reports/junit.xml');
    assert.deepEqual(cases, [
      { prefix: 'cart adds an item', name: 'cart adds an item', status: 'SUCCEEDED', durationInNanoSeconds: ms(4), testRawDataPath: 'reports/junit.xml' },
      {
        prefix: 'cart rejects a negative quantity', name: 'cart rejects a negative quantity', status: 'FAILED', durationInNanoSeconds: ms(12),
        message: 'Error: expect(received).toThrow()\n\nReceived function did not throw\n    at Object.<anonymous> (/src/cart.test.js:14:28)',
        testRawDataPath: 'reports/junit.xml',
      },
      { prefix: 'cart applies coupons', name: 'cart applies coupons', status: 'SKIPPED', durationInNanoSeconds: 0, testRawDataPath: 'reports/junit.xml' },
    ]);
  });

  it('mocha-junit-reporter: a root suite and nested suites without classname', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="Mocha Tests" time="0.0210" tests="3" failures="1">
  <testsuite name="Root Suite" timestamp="2026-11-23T10:00:00" tests="0" file="test/api.spec.js" time="0.0000" failures="0">
  </testsuite>
  <testsuite name="API" timestamp="2026-11-23T10:00:00" tests="2" file="test/api.spec.js" time="0.0150" failures="1">
    <testcase name="API returns 200" time="0.0100" classname="returns 200">
    </testcase>
    <testcase name="API returns 404 for unknown ids" time="0.0050" classname="returns 404 for unknown ids">
      <failure message="expected 200 to equal 404" type="AssertionError"><![CDATA[AssertionError: expected 200 to equal 404
    at Context.<anonymous> (test/api.spec.js:20:12)]]></failure>
    </testcase>
    <testsuite name="API auth" tests="1" time="0.006">
      <testcase name="API auth refuses bad tokens" time="0.0060"/>
    </testsuite>
  </testsuite>
</testsuites>`;
    const cases = parseJUnitXml(xml, 'test-results.xml');
    assert.deepEqual(brief(cases), [
      ['returns 200', 'API returns 200', 'SUCCEEDED'],
      ['returns 404 for unknown ids', 'API returns 404 for unknown ids', 'FAILED'],
      ['API auth', 'API auth refuses bad tokens', 'SUCCEEDED'],
    ]);
    assert.equal(cases[1]?.message, 'expected 200 to equal 404');
    assert.equal(cases[0]?.durationInNanoSeconds, ms(10));
  });

  it('pytest: a bare testsuite, module path as classname, error and skipped with messages', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="4" time="0.321" timestamp="2026-11-23T10:00:00.000000" hostname="build"><testcase classname="tests.test_orders" name="test_total" time="0.001" /><testcase classname="tests.test_orders" name="test_discount[10-90]" time="0.002"><failure message="assert 91 == 90">def test_discount():
&gt;       assert apply(100, 10) == 90
E       assert 91 == 90</failure></testcase><testcase classname="tests.test_db" name="test_connect" time="0.200"><error message="failed on setup with &quot;ConnectionRefusedError&quot;">fixture error</error></testcase><testcase classname="tests.test_db" name="test_slow" time="0.000"><skipped type="pytest.skip" message="needs a database">tests/test_db.py:30: needs a database</skipped></testcase></testsuite></testsuites>`;
    const cases = parseJUnitXml(xml, 'report.xml');
    assert.deepEqual(brief(cases), [
      ['tests.test_orders', 'test_total', 'SUCCEEDED'],
      ['tests.test_orders', 'test_discount[10-90]', 'FAILED'],
      ['tests.test_db', 'test_connect', 'ERROR'],
      ['tests.test_db', 'test_slow', 'SKIPPED'],
    ]);
    assert.deepEqual(cases.map((c) => c.message), [undefined, 'assert 91 == 90', 'failed on setup with "ConnectionRefusedError"', 'needs a database']);
    assert.equal(cases[2]?.durationInNanoSeconds, ms(200));
  });

  it('Maven surefire: a bare testsuite with properties, thousands separators in time', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.example.OrderServiceTest" time="1,234.5" tests="2" errors="0" skipped="0" failures="1">
  <properties>
    <property name="java.version" value="17.0.9"/>
  </properties>
  <testcase name="placesOrder" classname="com.example.OrderServiceTest" time="1,234.25"/>
  <testcase name="rejectsEmptyCart" classname="com.example.OrderServiceTest" time="0.01">
    <failure message="expected: &lt;true&gt; but was: &lt;false&gt;" type="org.opentest4j.AssertionFailedError">org.opentest4j.AssertionFailedError: expected: &lt;true&gt; but was: &lt;false&gt;</failure>
    <system-out><![CDATA[creating order]]></system-out>
  </testcase>
</testsuite>`;
    const cases = parseJUnitXml(xml, 'target/surefire-reports/TEST-com.example.OrderServiceTest.xml');
    assert.deepEqual(brief(cases), [
      ['com.example.OrderServiceTest', 'placesOrder', 'SUCCEEDED'],
      ['com.example.OrderServiceTest', 'rejectsEmptyCart', 'FAILED'],
    ]);
    assert.equal(cases[0]?.durationInNanoSeconds, 1_234_250_000_000);
    assert.equal(cases[1]?.message, 'expected: <true> but was: <false>');
  });

  it("Node's own junit reporter, run for real", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-junit-'));
    try {
      await writeFile(join(dir, 'sample.test.mjs'), `import { describe, it, test } from 'node:test';
test('top level passes', () => {});
describe('math', () => {
  it('adds', () => {});
  it('fails on purpose', () => { throw new Error('2 + 2 is not 5'); });
  it('is skipped', { skip: 'not today' }, () => {});
});
`);
      const out = join(dir, 'junit.xml');
      // Without NODE_TEST_CONTEXT the child is a test run of its own, not a subtest of this one.
      const env = { ...process.env };
      delete env.NODE_TEST_CONTEXT;
      const args = ['--test', '--test-reporter=junit', `--test-reporter-destination=${out}`, 'sample.test.mjs'];
      const run = await promisify(execFile)(process.execPath, args, { cwd: dir, env }).then(() => 0, (e: { code?: number }) => e.code);
      assert.equal(run, 1); // one test fails on purpose
      const cases = parseJUnitXml(await readFile(out, 'utf8'), 'junit.xml');
      const byName = new Map(cases.map((c) => [c.name, c]));
      assert.deepEqual([...byName.keys()].sort(), ['adds', 'fails on purpose', 'is skipped', 'top level passes']);
      assert.equal(byName.get('adds')?.status, 'SUCCEEDED');
      assert.equal(byName.get('top level passes')?.status, 'SUCCEEDED');
      assert.equal(byName.get('fails on purpose')?.status, 'FAILED');
      assert.match(byName.get('fails on purpose')?.message ?? '', /2 \+ 2 is not 5/);
      assert.equal(byName.get('is skipped')?.status, 'SKIPPED');
      assert.ok(cases.every((c) => c.durationInNanoSeconds >= 0 && c.testRawDataPath === 'junit.xml'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('parseJUnitXml: edge cases', () => {
  it('prefix falls back to the suite name, then to the file path', () => {
    const xml = '<testsuites><testcase name="loose"/><testsuite name="outer"><testsuite><testcase name="inner"/></testsuite></testsuite></testsuites>';
    assert.deepEqual(brief(parseJUnitXml(xml, 'out/r.xml')), [['out/r.xml', 'loose', 'SUCCEEDED'], ['outer', 'inner', 'SUCCEEDED']]);
  });

  it('entities, character references and CDATA are decoded', () => {
    const xml = '<testsuite name="s"><testcase name="a &amp; b &lt;c&gt; &#233; &#x2713; &quot;q&quot; &apos;s&apos;"><failure><![CDATA[<raw> & text]]></failure></testcase></testsuite>';
    const [only] = parseJUnitXml(xml, 'r.xml');
    assert.equal(only?.name, 'a & b <c> é ✓ "q" \'s\'');
    assert.equal(only?.message, '<raw> & text');
  });

  it('error wins over failure; absent, negative and unreadable times are 0', () => {
    const xml = '<testsuite name="s"><testcase name="both" time="-1"><failure message="f"/><error message="e"/></testcase><testcase name="t" time="soon"/></testsuite>';
    const cases = parseJUnitXml(xml, 'r.xml');
    assert.deepEqual(cases.map((c) => [c.status, c.message, c.durationInNanoSeconds]), [['ERROR', 'e', 0], ['SUCCEEDED', undefined, 0]]);
  });

  it(`messages are trimmed and cut to ${MAX_MESSAGE_BYTES} bytes of UTF-8 without splitting a character`, () => {
    const long = `  x${'é'.repeat(3000)}  `;
    const [only] = parseJUnitXml(`<testsuite name="s"><testcase name="t"><failure message="${long}"/></testcase></testsuite>`, 'r.xml');
    const message = only?.message ?? '';
    assert.ok(message.startsWith('xé'));
    assert.equal(Buffer.byteLength(message), MAX_MESSAGE_BYTES - 1); // 1 + 2n bytes: the next 'é' would not fit
    assert.ok(!message.includes('\uFFFD'));
  });

  it('empty suites give no cases', () => {
    assert.deepEqual(parseJUnitXml('<testsuites/>', 'r.xml'), []);
    assert.deepEqual(parseJUnitXml('<?xml version="1.0"?>\n<testsuite name="none" tests="0"></testsuite>', 'r.xml'), []);
  });

  it('DOCTYPE entities are not expanded (no entity bomb)', () => {
    const levels = ['<!ENTITY l0 "lollollollol">'];
    for (let i = 1; i < 10; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE testsuite [\n${levels.join('\n')}\n]>\n<testsuite name="s"><testcase name="&l9;"/></testsuite>`;
    const [only] = parseJUnitXml(xml, 'r.xml');
    assert.ok((only?.name.length ?? 0) < 100);
  });
});

describe('parseJUnitXml: unusable files', () => {
  const cases: { name: string; xml: string; message: string }[] = [
    { name: 'an empty file', xml: '', message: 'reports/a.xml: the report file is empty' },
    { name: 'only whitespace', xml: ' \n\t', message: 'reports/a.xml: the report file is empty' },
    { name: 'an XML declaration alone', xml: '<?xml version="1.0"?>', message: 'reports/a.xml: malformed XML at line 1: Start tag expected.' },
    {
      name: 'an unclosed element',
      xml: '<testsuite name="s">\n  <testcase name="t">\n</testsuite>',
      message: "reports/a.xml: malformed XML at line 3, column 1: Expected closing tag 'testcase' (opened in line 2, col 3) instead of closing tag 'testsuite'.",
    },
    { name: 'plain text', xml: 'PASS all tests', message: "reports/a.xml: malformed XML at line 1, column 1: char 'P' is not expected." },
    {
      name: 'a non-JUnit XML file (a Cobertura coverage report)',
      xml: '<?xml version="1.0" ?>\n<coverage line-rate="0.9" branch-rate="0.8" version="7.4"><packages/></coverage>',
      message: 'reports/a.xml: not a JUnit XML report: the root element is <coverage>, expected <testsuites> or <testsuite>',
    },
  ];
  for (const { name, xml, message } of cases) {
    it(name, () => assert.throws(() => parseJUnitXml(xml, 'reports/a.xml'), { name: 'Error', message }));
  }
});
