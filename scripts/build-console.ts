/**
 * `npm run build:console`: bundles the web console (`web/`) into `dist/console/`, which
 * `sluice server` serves:
 *   index.html                    the page (no inline script or style: the server's CSP forbids them)
 *   assets/<name>-<hash>.js|css   minified ES modules and styles; pages loaded on demand are
 *                                 separate chunks, so the pipeline page does not carry the editor
 *   *.br, *.gz                    precompressed siblings of every file, served when accepted
 * The output directory is replaced as a whole, so stale hashed files never linger.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { build, type Metafile } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildConsoleOptions {
  /** Where the page goes. @default `<package root>/dist/console` */
  outDir?: string;
}

export interface BuiltConsole {
  outDir: string;
  /** Every file written (without the compressed siblings), relative to `outDir`. */
  files: string[];
}

/** The JS and CSS the entry point loads first (the chunks it imports statically included). */
function entryAssets(metafile: Metafile, outDir: string): { script: string; style: string | undefined } {
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (output.entryPoint?.endsWith('main.tsx')) {
      return { script: relative(outDir, path), style: output.cssBundle && relative(outDir, output.cssBundle) };
    }
  }
  throw new Error('build-console: esbuild produced no output for web/src/main.tsx');
}

/** An SVG icon, hashed like the other assets (a missing favicon would be a 404 on every load). */
async function writeIcon(outDir: string): Promise<string> {
  const svg = await readFile(join(root, 'web', 'icon.svg'));
  const name = `assets/icon-${createHash('sha256').update(svg).digest('hex').slice(0, 8).toUpperCase()}.svg`;
  await writeFile(join(outDir, name), svg);
  return name;
}

function indexHtml(script: string, style: string | undefined, icon: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Sluice</title>
<link rel="icon" type="image/svg+xml" href="/${icon}">
${style ? `<link rel="stylesheet" href="/${style}">\n` : ''}<script type="module" src="/${script}"></script>
</head>
<body>
<noscript>The Sluice console needs JavaScript. The aws CLI works without it.</noscript>
<div id="app"></div>
</body>
</html>
`;
}

/** Writes `.br` and `.gz` next to every text file of the output. */
async function compressAll(outDir: string, files: string[]): Promise<void> {
  for (const file of files) {
    const path = join(outDir, file);
    const bytes = await readFile(path);
    await writeFile(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

export async function buildConsole(options: BuildConsoleOptions = {}): Promise<BuiltConsole> {
  const outDir = options.outDir ?? join(root, 'dist', 'console');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'web', 'src', 'main.tsx')],
    outdir: join(outDir, 'assets'),
    bundle: true, splitting: true, format: 'esm', minify: true, sourcemap: false,
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic', jsxImportSource: 'preact',
    entryNames: '[name]-[hash]', chunkNames: '[name]-[hash]', assetNames: '[name]-[hash]',
    metafile: true, legalComments: 'none', logLevel: 'warning',
  });
  const { script, style } = entryAssets(result.metafile, outDir);
  const icon = await writeIcon(outDir);
  await writeFile(join(outDir, 'index.html'), indexHtml(script, style, icon));
  const assets = (await readdir(join(outDir, 'assets'))).map((name) => `assets/${name}`);
  const files = ['index.html', ...assets];
  await compressAll(outDir, files);
  return { outDir, files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const built = await buildConsole();
  console.log(`build:console: ${built.files.length} files in ${relative(root, built.outDir)} (${Math.round(performance.now() - started)} ms)`);
}
