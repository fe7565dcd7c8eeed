/**
 * The console's page and assets as a browser gets them from a real server (a temporary assets
 * directory): caching, content types, precompressed files, security headers, 404s; the page that
 * says how to build the console when there is none; and SNS's unsigned links on `/` still work.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../support/server.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-3f2a9c.js"></script></head><body></body></html>';
const SCRIPT = 'console.log("sluice console");\n'.repeat(50);

function assertSecurityHeaders(response: Response): void {
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /^default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(response.headers.get('x-frame-options'), 'DENY');
}

describe('console static files', () => {
  let t: TestServer;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-console-assets-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(join(dir, 'assets', 'app-3f2a9c.js'), SCRIPT);
    await writeFile(join(dir, 'assets', 'app-3f2a9c.js.br'), brotliCompressSync(SCRIPT));
    await writeFile(join(dir, 'assets', 'app-3f2a9c.js.gz'), gzipSync(SCRIPT));
    await writeFile(join(dir, 'assets', 'style-77aa01.css'), 'body{margin:0}');
    await writeFile(join(dir, 'secret.txt'), 'outside assets');
    t = await startTestServer({ console: { assetsDir: dir } });
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page at / and /index.html, revalidated every time', async () => {
    for (const path of ['/', '/index.html']) {
      const response = await fetch(`${t.url}${path}`);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), INDEX);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assertSecurityHeaders(response);
    }
    const first = await fetch(`${t.url}/`);
    await first.arrayBuffer();
    const again = await fetch(`${t.url}/`, { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    assert.equal(again.status, 304);
  });

  it('serves hashed assets immutable, precompressed when the browser accepts it', async () => {
    const plain = await fetch(`${t.url}/assets/app-3f2a9c.js`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(plain.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await plain.text(), SCRIPT);
    assertSecurityHeaders(plain);

    // Raw bytes, so the encoding the server chose is seen as sent.
    const raw = async (acceptEncoding: string) => {
      const response = await fetch(`${t.url}/assets/app-3f2a9c.js`, { headers: { 'accept-encoding': acceptEncoding } });
      return { encoding: response.headers.get('content-encoding'), length: Number(response.headers.get('content-length')), body: response };
    };
    const br = await raw('gzip, deflate, br');
    assert.equal(br.encoding, 'br');
    assert.equal(await br.body.text(), SCRIPT, 'fetch decodes br');
    assert.equal(br.length, brotliCompressSync(SCRIPT).byteLength);
    const gz = await raw('gzip');
    assert.equal(gz.encoding, 'gzip');
    assert.equal(gz.length, gzipSync(SCRIPT).byteLength);
    assert.equal(await gz.body.text(), SCRIPT);
    const refused = await raw('br;q=0, gzip');
    assert.equal(refused.encoding, 'gzip');
    await refused.body.arrayBuffer();

    const css = await fetch(`${t.url}/assets/style-77aa01.css`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(css.headers.get('content-encoding'), null, 'no precompressed sibling: the file itself');
    assert.equal(await css.text(), 'body{margin:0}');
  });

  it('answers 404 for unknown assets and for paths that leave the assets folder', async () => {
    for (const path of ['/assets/missing-000000.js', '/assets/..%2Fsecret.txt', '/assets/%2e%2e/secret.txt', '/assets/.hidden', '/assets/sub/dir.js']) {
      const response = await fetch(`${t.url}${path}`);
      const text = await response.text();
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(text, /outside assets/);
      // `%2e%2e` is `..` to URL parsers: that request reaches the server as `/secret.txt`, no console path.
      if (!path.includes('%2e')) assertSecurityHeaders(response);
    }
  });

  it("keeps SNS's unsigned links on / working", async () => {
    const response = await fetch(`${t.url}/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000:none:1`);
    assert.match(response.headers.get('content-type') ?? '', /xml/);
    assert.equal(response.headers.get('content-security-policy'), null, 'answered by SNS, not the console');
    await response.arrayBuffer();
  });

  it('answers a page saying how to build the console when it is not built', async () => {
    const empty = await startTestServer({ console: { assetsDir: join(dir, 'nothing-here') } });
    try {
      const response = await fetch(`${empty.url}/`);
      assert.equal(response.status, 404);
      assert.match(await response.text(), /npm run build:console/);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assertSecurityHeaders(response);
      const health = await fetch(`${empty.url}/health`);
      assert.equal(health.status, 200, 'the server itself is fine');
    } finally {
      await empty.close();
    }
  });
});
