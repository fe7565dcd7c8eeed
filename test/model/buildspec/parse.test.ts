// The buildspec parser: realistic buildspecs and their exact normalised form, then every
// rejection with its exact message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildspecError, parseBuildspec } from '../../../src/model/buildspec/parse.ts';
import type { Buildspec, BuildspecPhase } from '../../../src/model/buildspec/types.ts';

const env = (over: Partial<Buildspec['env']> = {}): Buildspec['env'] => ({
  variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [], gitCredentialHelper: false, ...over,
});
const phase = (over: Partial<BuildspecPhase> = {}): BuildspecPhase => ({
  onFailure: 'ABORT', runtimeVersions: {}, commands: [], finally: [], ...over,
});
const spec = (over: Partial<Buildspec> = {}): Buildspec => ({ version: '0.2', env: env(), phases: {}, reports: {}, ...over });
const selection = { discardPaths: false, excludePaths: [], enableSymlinks: false };

const accepted: { name: string; yaml: string; want: Buildspec }[] = [
  {
    name: 'a Node project with npm ci, npm test and a JUnit report',
    yaml: `version: 0.2
phases:
  install:
    runtime-versions:
      nodejs: 20
    commands:
      - npm ci
  build:
    commands:
      - npm test && npm run build
reports:
  unit-tests:
    files:
      - 'junit.xml'
    base-directory: reports
    file-format: junitxml
artifacts:
  files:
    - '**/*'
  base-directory: dist
`,
    want: spec({
      phases: {
        install: phase({ runtimeVersions: { nodejs: '20' }, commands: ['npm ci'] }),
        build: phase({ commands: ['npm test && npm run build'] }),
      },
      reports: { 'unit-tests': { files: ['junit.xml'], baseDirectory: 'reports', discardPaths: false, fileFormat: 'JUNITXML' } },
      artifacts: { files: ['**/*'], baseDirectory: 'dist', ...selection, secondaryArtifacts: {} },
    }),
  },
  {
    name: 'primary and secondary artifacts with discard-paths, excludes, symlinks and names',
    yaml: `version: 0.2
phases:
  build:
    commands: [ "npm run build && npm run docs" ]
artifacts:
  files: [ "**/*" ]
  name: web-$(date +%Y-%m-%d)
  discard-paths: yes
  exclude-paths: [ "**/*.map" ]
  enable-symlinks: on
  s3-prefix: builds
  secondary-artifacts:
    App:  { base-directory: dist, files: [ "**/*" ] }
    Docs_2:
      base-directory: 'site*'
      files: [ "**/*" ]
      name: docs
      discard-paths: "no"
`,
    want: spec({
      phases: { build: phase({ commands: ['npm run build && npm run docs'] }) },
      artifacts: {
        files: ['**/*'], name: 'web-$(date +%Y-%m-%d)', discardPaths: true, excludePaths: ['**/*.map'], enableSymlinks: true,
        secondaryArtifacts: {
          App: { files: ['**/*'], baseDirectory: 'dist', ...selection },
          Docs_2: { files: ['**/*'], baseDirectory: 'site*', name: 'docs', ...selection },
        },
      },
    }),
  },
  {
    name: 'finally blocks, on-failure CONTINUE and run-as at both levels',
    yaml: `version: 0.2
run-as: builder
phases:
  pre_build:
    on-failure: CONTINUE
    commands:
      - npm run lint
    finally:
      - echo lint done
  build:
    run-as: root
    commands:
      - make
    finally:
      - rm -rf tmp
  post_build:
    finally:
      - echo cleanup only
`,
    want: spec({
      runAs: 'builder',
      phases: {
        pre_build: phase({ onFailure: 'CONTINUE', commands: ['npm run lint'], finally: ['echo lint done'] }),
        build: phase({ runAs: 'root', commands: ['make'], finally: ['rm -rf tmp'] }),
        post_build: phase({ finally: ['echo cleanup only'] }),
      },
    }),
  },
  {
    name: 'env: variables as written, parameter store, secrets manager, exported variables, shell, git helper',
    yaml: `version: 0.2
env:
  shell: bash
  variables:
    PORT: 8080
    VERSION: 1.10
    FLAG: yes
    N: no
    PATH_EXTRA: "$PATH:/opt/bin"
    EMPTY:
    HEX: 0x1F
  parameter-store:
    DB_PASS: /app/db/password
  secrets-manager:
    API_KEY: prod/api:key
    FULL_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-AbCdEf:key::"
  exported-variables:
    - IMAGE_TAG
    - CODEBUILD_BUILD_NUMBER
  git-credential-helper: yes
proxy:
  upload-artifacts: no
  logs: no
phases:
  post_build:
    commands:
      - export IMAGE_TAG=\${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7}
`,
    want: spec({
      env: env({
        shell: 'bash',
        variables: { PORT: '8080', VERSION: '1.10', FLAG: 'yes', N: 'no', PATH_EXTRA: '$PATH:/opt/bin', EMPTY: '', HEX: '0x1F' },
        parameterStore: { DB_PASS: '/app/db/password' },
        secretsManager: { API_KEY: 'prod/api:key', FULL_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-AbCdEf:key::' },
        exportedVariables: ['IMAGE_TAG', 'CODEBUILD_BUILD_NUMBER'],
        gitCredentialHelper: true,
      }),
      phases: { post_build: phase({ commands: ['export IMAGE_TAG=${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7}'] }) },
    }),
  },
  {
    name: 'commands stay the exact text written: YAML 1.1 booleans, numbers, quotes, block scalars',
    yaml: `version: 0.2
phases:
  build:
    commands:
      - on
      - off
      - yes
      - 1.10
      - "echo: quoted colon"
      - 'it''s'
      - |
        set -e
        npm test
      - >
        docker build
        -t app .
      - >-
        echo folded
        without newline
`,
    want: spec({
      phases: {
        build: phase({
          commands: ['on', 'off', 'yes', '1.10', 'echo: quoted colon', "it's", 'set -e\nnpm test\n', 'docker build -t app .\n', 'echo folded without newline'],
        }),
      },
    }),
  },
  {
    name: 'only artifacts, no phases (packaging a prebuilt source)',
    yaml: 'version: 0.2\nartifacts:\n  files:\n    - "**/*"\n',
    want: spec({ artifacts: { files: ['**/*'], ...selection, secondaryArtifacts: {} } }),
  },
  {
    name: 'empty phases, an empty phase and /bin/sh',
    yaml: 'version: "0.2"\nenv:\n  shell: /bin/sh\nphases:\n',
    want: spec({ env: env({ shell: '/bin/sh' }) }),
  },
  {
    name: 'an install phase with only runtime-versions, and an empty build phase',
    yaml: 'version: 0.2\nphases:\n  install:\n    runtime-versions:\n      python: 3.x\n      java: corretto17\n  build:\n',
    want: spec({ phases: { install: phase({ runtimeVersions: { python: '3.x', java: 'corretto17' } }), build: phase() } }),
  },
  {
    name: 'anchors and merge keys',
    yaml: `version: 0.2
phases:
  pre_build: &common
    on-failure: CONTINUE
    commands: [ "make deps" ]
  build:
    <<: *common
    commands: [ "make" ]
cache:
  paths:
    - node_modules/**/*
    - .npm-cache/**/*
`,
    want: spec({
      phases: {
        pre_build: phase({ onFailure: 'CONTINUE', commands: ['make deps'] }),
        build: phase({ onFailure: 'CONTINUE', commands: ['make'] }),
      },
      cache: { paths: ['node_modules/**/*', '.npm-cache/**/*'] },
    }),
  },
  {
    name: 'five report groups in several formats, given in any case',
    yaml: `version: 0.2
reports:
  a: { files: [ a.xml ] }
  b: { files: [ b.xml ], file-format: CucumberJson }
  c: { files: [ c.xml ], file-format: cobertura xml }
  d: { files: [ d.xml ], file-format: NUNIT3XML, discard-paths: yes }
  arn:aws:codebuild:us-east-1:123456789012:report-group/e: { files: [ e.xml ] }
`.replace('cobertura xml', 'coberturaxml'),
    want: spec({
      reports: {
        a: { files: ['a.xml'], discardPaths: false, fileFormat: 'JUNITXML' },
        b: { files: ['b.xml'], discardPaths: false, fileFormat: 'CUCUMBERJSON' },
        c: { files: ['c.xml'], discardPaths: false, fileFormat: 'COBERTURAXML' },
        d: { files: ['d.xml'], discardPaths: true, fileFormat: 'NUNIT3XML' },
        'arn:aws:codebuild:us-east-1:123456789012:report-group/e': { files: ['e.xml'], discardPaths: false, fileFormat: 'JUNITXML' },
      },
    }),
  },
];

describe('parseBuildspec: accepted buildspecs', () => {
  for (const { name, yaml, want } of accepted) {
    it(name, () => assert.deepEqual(parseBuildspec(yaml), want));
  }
});

const rejected: { name: string; yaml: string; message: string }[] = [
  { name: 'empty file', yaml: '', message: 'Invalid buildspec: the file is empty; expected a mapping that starts with "version: 0.2"' },
  { name: 'a list document', yaml: '- version: 0.2\n', message: 'Invalid buildspec: expected a mapping of keys such as version and phases, got a list' },
  { name: 'a scalar document', yaml: 'npm test\n', message: 'Invalid buildspec: expected a mapping of keys such as version and phases, got a single value' },
  {
    name: 'invalid YAML (bad indentation)',
    yaml: 'version: 0.2\nphases:\n  build:\n    commands:\n      - a\n     - b\n',
    message: 'Invalid buildspec: invalid YAML at line 6, column 1: A block sequence may not be used as an implicit map key',
  },
  {
    name: 'invalid YAML (duplicate key)',
    yaml: 'version: 0.2\nphases: {}\nphases: {}\n',
    message: 'Invalid buildspec: invalid YAML at line 3, column 1: Map keys must be unique',
  },
  { name: 'missing version', yaml: 'phases: {}\n', message: 'Invalid buildspec: version: is required; expected 0.2' },
  {
    name: 'version 0.1',
    yaml: 'version: 0.1\n',
    message: 'Invalid buildspec: version (line 1): version 0.1 is not supported; Sluice runs buildspec version 0.2 only. '
      + 'Change it to "version: 0.2": commands then share one shell, so a "cd" or an exported variable carries over to the next command',
  },
  { name: 'version 2', yaml: 'version: 2\n', message: 'Invalid buildspec: version (line 1): expected 0.2, got "2"' },
  { name: 'version 0.20', yaml: 'version: 0.20\n', message: 'Invalid buildspec: version (line 1): expected 0.2, got "0.20"' },
  {
    name: 'blocks of the wrong shape: version, env, phases, artifacts, reports',
    yaml: 'version: [ 0.2 ]\nenv: production\nphases:\n  - build\nartifacts:\nreports:\n  unit:\n',
    message: 'Invalid buildspec (5 problems):\n'
      + 'version (line 1): expected 0.2, got a list\n'
      + 'env (line 2): expected a mapping, got "production"\n'
      + 'phases (line 4): expected a mapping, got a list\n'
      + 'reports.unit (line 7): expected a mapping, got nothing\n'
      + 'artifacts (line 5): expected a mapping, got nothing',
  },
  {
    name: 'unknown top-level key',
    yaml: 'version: 0.2\nstages: {}\n',
    message: 'Invalid buildspec: stages (line 2): unknown key; expected one of version, run-as, env, proxy, phases, reports, artifacts, cache',
  },
  {
    name: 'batch',
    yaml: 'version: 0.2\nbatch:\n  fast-fail: false\n',
    message: 'Invalid buildspec: batch (line 3): batch builds (build-list, build-matrix, build-graph) are not supported by Sluice; remove the batch section',
  },
  {
    name: 'unknown phase',
    yaml: 'version: 0.2\nphases:\n  test:\n    commands: [ npm test ]\n',
    message: 'Invalid buildspec: phases.test (line 4): unknown phase; expected one of install, pre_build, build, post_build',
  },
  {
    name: 'unknown key in a phase',
    yaml: 'version: 0.2\nphases:\n  build:\n    command: [ npm test ]\n',
    message: 'Invalid buildspec: phases.build.command (line 4): unknown key; expected one of run-as, on-failure, runtime-versions, commands, finally',
  },
  {
    name: 'a phase that is a list',
    yaml: 'version: 0.2\nphases:\n  build:\n    - npm test\n',
    message: 'Invalid buildspec: phases.build (line 4): expected a mapping, got a list',
  },
  {
    name: 'commands as a single string',
    yaml: 'version: 0.2\nphases:\n  build:\n    commands: npm test\n',
    message: 'Invalid buildspec: phases.build.commands (line 4): expected a list of commands, got "npm test" (write each entry on its own line as "- …")',
  },
  {
    name: 'an unquoted command with ": " (a mapping)',
    yaml: 'version: 0.2\nphases:\n  build:\n    commands:\n      - npm test\n      - make\n      - echo Result: done\n',
    message: 'Invalid buildspec: phases.build.commands[2] (line 7): expected a command, got a mapping (quote text that contains ": ")',
  },
  {
    name: 'an empty command and a nested list in finally',
    yaml: 'version: 0.2\nphases:\n  build:\n    finally:\n      -\n      - [ a, b ]\n',
    message: 'Invalid buildspec (2 problems):\nphases.build.finally[0] (line 5): expected a command, got nothing\nphases.build.finally[1] (line 6): expected a command, got a list',
  },
  {
    name: 'on-failure spelled in lower case',
    yaml: 'version: 0.2\nphases:\n  build:\n    on-failure: continue\n',
    message: 'Invalid buildspec: phases.build.on-failure (line 4): expected ABORT or CONTINUE, got "continue"',
  },
  {
    name: 'on-failure RETRY',
    yaml: 'version: 0.2\nphases:\n  build:\n    on-failure: RETRY-3\n',
    message: 'Invalid buildspec: phases.build.on-failure (line 4): expected ABORT or CONTINUE, got "RETRY-3" (RETRY is not supported by Sluice)',
  },
  {
    name: 'runtime-versions outside install',
    yaml: 'version: 0.2\nphases:\n  build:\n    runtime-versions: { nodejs: 20 }\n',
    message: 'Invalid buildspec: phases.build.runtime-versions (line 4): runtime-versions is only allowed in the install phase',
  },
  {
    name: 'CODEBUILD_ and invalid variable names, a list as a value',
    yaml: 'version: 0.2\nenv:\n  variables:\n    CODEBUILD_X: a\n    MY-VAR: b\n    LIST: [ 1, 2 ]\n',
    message: 'Invalid buildspec (3 problems):\n'
      + 'env.variables.CODEBUILD_X (line 4): names starting with CODEBUILD_ are reserved for build environment variables\n'
      + 'env.variables.MY-VAR (line 5): not a valid variable name; expected letters, digits and _, not starting with a digit\n'
      + 'env.variables.LIST (line 6): expected a string, got a list',
  },
  {
    name: 'reserved names and empty references in parameter-store and secrets-manager',
    yaml: 'version: 0.2\nenv:\n  parameter-store:\n    CODEBUILD_P: /p\n    EMPTY:\n  secrets-manager:\n    1X: s\n',
    message: 'Invalid buildspec (3 problems):\n'
      + 'env.parameter-store.CODEBUILD_P (line 4): names starting with CODEBUILD_ are reserved for build environment variables\n'
      + 'env.parameter-store.EMPTY (line 5): expected a string, got nothing\n'
      + 'env.secrets-manager.1X (line 7): not a valid variable name; expected letters, digits and _, not starting with a digit',
  },
  {
    name: 'exported AWS_ names and an invalid one',
    yaml: 'version: 0.2\nenv:\n  exported-variables:\n    - AWS_REGION\n    - OK_NAME\n    - bad name\n',
    message: 'Invalid buildspec (2 problems):\n'
      + 'env.exported-variables[0] (line 4): names starting with AWS_ cannot be exported\n'
      + 'env.exported-variables[2] (line 6): not a valid variable name; expected letters, digits and _, not starting with a digit',
  },
  {
    name: 'unknown env key, Windows shell, non-boolean git-credential-helper',
    yaml: 'version: 0.2\nenv:\n  vars: {}\n  shell: powershell.exe\n  git-credential-helper: maybe\n',
    message: 'Invalid buildspec (3 problems):\n'
      + 'env.vars (line 3): unknown key; expected one of shell, variables, parameter-store, secrets-manager, exported-variables, git-credential-helper\n'
      + 'env.shell (line 4): unsupported shell "powershell.exe"; expected one of bash, /bin/sh\n'
      + 'env.git-credential-helper (line 5): expected yes or no, got "maybe"',
  },
  {
    name: 'artifacts without files (only secondaries)',
    yaml: 'version: 0.2\nartifacts:\n  secondary-artifacts:\n    App:\n      files: [ "**/*" ]\n',
    message: 'Invalid buildspec: artifacts.files (line 3): is required; expected a list of paths or globs such as "**/*"',
  },
  {
    name: 'artifacts: empty files, unknown key, bad identifier, secondary without files',
    yaml: 'version: 0.2\nartifacts:\n  files: []\n  base-dir: dist\n  secondary-artifacts:\n    my-app:\n      files: [ a ]\n    Docs:\n      base-directory: site\n',
    message: 'Invalid buildspec (4 problems):\n'
      + 'artifacts.base-dir (line 4): unknown key; expected one of files, name, base-directory, discard-paths, exclude-paths, enable-symlinks, s3-prefix, secondary-artifacts\n'
      + 'artifacts.files (line 3): expected at least one path or glob\n'
      + 'artifacts.secondary-artifacts.my-app (line 7): artifact identifiers may only contain letters, digits and _\n'
      + 'artifacts.secondary-artifacts.Docs.files (line 9): is required; expected a list of paths or globs such as "**/*"',
  },
  {
    name: 'report files given as an empty value',
    yaml: 'version: 0.2\nreports:\n  unit:\n    files:\n',
    message: 'Invalid buildspec: reports.unit.files (line 4): expected at least one path or glob',
  },
  {
    name: 'reports: missing files, unknown format, unknown key',
    yaml: 'version: 0.2\nreports:\n  unit:\n    base-directory: out\n  cov:\n    files: [ c.xml ]\n    file-format: LCOV\n    format: x\n',
    message: 'Invalid buildspec (3 problems):\n'
      + 'reports.unit.files (line 4): is required; expected a list of paths or globs such as "**/*"\n'
      + 'reports.cov.format (line 8): unknown key; expected one of files, base-directory, discard-paths, file-format\n'
      + 'reports.cov.file-format (line 7): unknown report format "LCOV"; expected one of JUNITXML, CUCUMBERJSON, NUNITXML, NUNIT3XML, TESTNGXML, VISUALSTUDIOTRX, CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV',
  },
  {
    name: 'six report groups',
    yaml: `version: 0.2\nreports:\n${['a', 'b', 'c', 'd', 'e', 'f'].map((g) => `  ${g}: { files: [ x ] }`).join('\n')}\n`,
    message: 'Invalid buildspec: reports (line 3): 6 report groups; at most 5 report groups are allowed per project',
  },
  {
    name: 'cache: no paths, key-based cache',
    yaml: 'version: 0.2\ncache:\n  key: deps-$(sha)\n',
    message: 'Invalid buildspec (2 problems):\n'
      + 'cache.key (line 3): is not supported by Sluice: the cache is local to the project; list what to keep under paths\n'
      + 'cache.paths (line 3): is required; expected a list of paths or globs such as "node_modules/**/*"',
  },
];

describe('parseBuildspec: rejected buildspecs', () => {
  for (const { name, yaml, message } of rejected) {
    it(name, () => {
      assert.throws(() => parseBuildspec(yaml), (e: unknown) => {
        assert.ok(e instanceof BuildspecError);
        assert.equal(e.name, 'BuildspecError');
        assert.equal(e.message, message);
        return true;
      });
    });
  }

  it('collects every problem of a badly broken buildspec: unknown keys of a block first, then its members', () => {
    const yaml = 'version: 0.1\nfoo: 1\nenv:\n  variables:\n    CODEBUILD_A: x\nphases:\n  compile: {}\n  build:\n    commands: make\nartifacts:\n  name: x\n';
    assert.throws(() => parseBuildspec(yaml), (e: unknown) => {
      assert.ok(e instanceof BuildspecError);
      const lines = e.message.split('\n');
      assert.equal(lines[0], 'Invalid buildspec (6 problems):');
      assert.deepEqual(lines.slice(1).map((l) => l.split(' ')[0]),
        ['foo', 'version', 'env.variables.CODEBUILD_A', 'phases.compile', 'phases.build.commands', 'artifacts.files']);
      return true;
    });
  });

  it('survives an alias bomb without expanding it', () => {
    const levels = Array.from({ length: 30 }, (_, i) => `l${i + 1}: &l${i + 1} [ *l${i}, *l${i} ]`).join('\n');
    const yaml = `version: 0.2\nx:\n  l0: &l0 [ a ]\n  ${levels.replaceAll('\n', '\n  ')}\n`;
    assert.throws(() => parseBuildspec(yaml), /x \(line 3\): unknown key/);
  });
});
