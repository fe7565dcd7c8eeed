// Copies the sources to dist/ with a version banner: the "build" of this example.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const version = process.env.VERSION ?? 'dev';
mkdirSync('dist', { recursive: true });
writeFileSync('dist/greet.js', `// greeter ${version}\n${readFileSync('src/greet.js', 'utf8')}`);
writeFileSync('dist/version.txt', `${version}\n`);
console.log(`built greeter ${version}`);
