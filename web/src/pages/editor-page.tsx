/**
 * `#/pipelines/<name>/edit`: the declaration as JSON or YAML. Every edit is validated in the page
 * with Sluice's own validator (the built-in action types plus the account's custom ones), and each
 * issue is shown at its field's line. Saving shows the diff against the current version first,
 * then calls UpdatePipeline; an error from the API is placed at the field its message names.
 * Older versions can be viewed (GetPipeline with `version`) and loaded back into the editor.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { codepipeline, session } from '../api/client.ts';
import type { GetPipelineOutput, PipelineDeclaration } from '../api/wire.ts';
import { describeError, ErrorNote } from '../components/error-note.tsx';
import { loadCatalog } from '../editor/catalog.ts';
import { loadYaml, parseDocument, printDocument, SyntaxProblem, type Format } from '../editor/document.ts';
import { TextEditor } from '../editor/text-editor.tsx';
import type { UpdatePipelineOutput } from '../editor/wire.ts';
import { diffLines } from '../lib/diff.ts';
import { memberPathInMessage } from '../lib/json-locate.ts';
import { hrefOf } from '../lib/router.ts';
import { useAsync } from '../lib/use-async.ts';
import { validatePipeline } from '../../../src/model/validate-pipeline.ts';
import type { ActionTypeCatalog } from '../../../src/model/action-types.ts';

interface Issue { line: number | undefined; path: string; type: string; message: string }

type Yaml = Awaited<ReturnType<typeof loadYaml>>;

/** Without `version`, which the server assigns: the diff and the text show only what the user controls. */
function editable(pipeline: PipelineDeclaration | undefined): object {
  const { version: _, ...rest } = pipeline ?? {};
  return rest;
}

function checkText(text: string, format: Format, yaml: Yaml | undefined, catalog: ActionTypeCatalog | undefined): { value: unknown; issues: Issue[] } {
  try {
    const doc = parseDocument(text, format, yaml);
    if (!catalog) return { value: doc.value, issues: [] };
    const { issues } = validatePipeline(doc.value, catalog, { homeRegion: session.get()?.region });
    return {
      value: doc.value,
      issues: issues.filter((i) => i.severity === 'error').map((i) => ({ line: doc.lineOf(i.path), path: i.path, type: i.code, message: i.message })),
    };
  } catch (e) {
    const line = e instanceof SyntaxProblem ? e.line : undefined;
    return { value: undefined, issues: [{ line, path: '', type: 'SyntaxError', message: e instanceof Error ? e.message : String(e) }] };
  }
}

function Diff({ before, after }: { before: string; after: string }) {
  const lines = diffLines(before, after);
  const changed = lines.some((l) => l.kind !== 'same');
  if (!changed) return <p>No changes.</p>;
  return (
    <pre class="diff" aria-label="Changes">
      {lines.map((l, i) => <div key={i} class={l.kind}>{l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}{l.text}</div>)}
    </pre>
  );
}

export function EditorPage({ name }: { name: string }) {
  const current = useAsync(() => codepipeline<GetPipelineOutput>('GetPipeline', { name }), [name]);
  const catalog = useAsync(loadCatalog, []);
  const [format, setFormat] = useState<Format>('json');
  const [yaml, setYaml] = useState<Yaml>();
  const [text, setText] = useState<string>();
  const [reviewing, setReviewing] = useState(false);
  const [serverIssue, setServerIssue] = useState<Issue>();
  const [saved, setSaved] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [jump, setJump] = useState<{ line: number }>();
  const [olderVersion, setOlderVersion] = useState<GetPipelineOutput>();
  const [error, setError] = useState<unknown>();

  const base = current.data?.pipeline;
  useEffect(() => { if (base && text === undefined) setText(printDocument(editable(base), format, yaml)); }, [base]);

  const checked = useMemo(() => checkText(text ?? '', format, yaml, catalog.data), [text, format, yaml, catalog.data]);
  const issues = serverIssue ? [serverIssue, ...checked.issues] : checked.issues;
  const canonical = (value: unknown) => JSON.stringify(value, null, 2);

  const switchFormat = async (next: Format) => {
    if (next === format || checked.value === undefined) return;
    const module = next === 'yaml' ? yaml ?? await loadYaml() : yaml;
    setYaml(module);
    setText(printDocument(checked.value, next, module));
    setFormat(next);
  };

  const save = async () => {
    setBusy(true);
    setServerIssue(undefined);
    try {
      const out = await codepipeline<UpdatePipelineOutput>('UpdatePipeline', { pipeline: checked.value });
      setSaved(out.pipeline?.version);
      setReviewing(false);
      setText(undefined);
      current.reload();
    } catch (e) {
      const { type, message } = describeError(e);
      const path = memberPathInMessage(message) ?? '';
      const line = path ? parseDocument(text ?? '', format, yaml).lineOf(path) : undefined;
      setServerIssue({ line, path, type, message });
      setReviewing(false);
    } finally {
      setBusy(false);
    }
  };

  const viewVersion = (version: number) => {
    setError(undefined);
    if (version === base?.version) { setOlderVersion(undefined); return; }
    codepipeline<GetPipelineOutput>('GetPipeline', { name, version }).then(setOlderVersion, setError);
  };

  const marked = new Set(issues.flatMap((i) => i.line ?? []));
  const blocked = issues.length > 0 || checked.value === undefined;
  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href={hrefOf({ page: 'pipelines' })}>Pipelines</a> / <a href={hrefOf({ page: 'pipeline', name })}>{name}</a> / <span>Edit</span>
      </nav>
      <div class="page-head">
        <h1>Edit {name}</h1>
        <span class="spacer" />
        <div role="radiogroup" aria-label="Format" class="tabs">
          <label><input type="radio" name="format" checked={format === 'json'} onChange={() => void switchFormat('json')} /> JSON</label>
          <label><input type="radio" name="format" checked={format === 'yaml'} onChange={() => void switchFormat('yaml')} /> YAML</label>
        </div>
        {base?.version !== undefined && (
          <label class="inline">Version&nbsp;
            <select onChange={(e) => viewVersion(Number(e.currentTarget.value))} value={olderVersion?.pipeline?.version ?? base.version}>
              {Array.from({ length: base.version }, (_, i) => base.version! - i).map((v) => <option key={v} value={v}>{v}{v === base.version ? ' (current)' : ''}</option>)}
            </select>
          </label>
        )}
      </div>
      <ErrorNote error={current.error ?? catalog.error ?? error} />
      {saved !== undefined && <p role="status" class="saved">Saved as version {saved}.</p>}
      {olderVersion && (
        <section class="panel" aria-labelledby="older-title">
          <div class="page-head">
            <h2 id="older-title">Version {olderVersion.pipeline?.version} compared with the current version</h2>
            <span class="spacer" />
            <button type="button" onClick={() => { setText(printDocument(editable(olderVersion.pipeline), format, yaml)); setOlderVersion(undefined); }}>Load into editor</button>
          </div>
          <Diff before={canonical(editable(base))} after={canonical(editable(olderVersion.pipeline))} />
        </section>
      )}
      {text !== undefined && (
        <div class="editor">
          <TextEditor value={text} onInput={(v) => { setText(v); setServerIssue(undefined); setSaved(undefined); }} marked={marked} jumpTo={jump} describedBy="editor-issues" invalid={issues.length > 0} />
          <div id="editor-issues" aria-live="polite">
            {issues.length === 0
              ? <p class="muted">{catalog.data ? 'No problems found.' : 'Loading action types…'}</p>
              : (
                <ul class="issues" aria-label="Problems">
                  {issues.map((issue, i) => (
                    <li key={i} data-line={issue.line}>
                      {issue.line !== undefined ? <button type="button" onClick={() => setJump({ line: issue.line ?? 1 })}>Line {issue.line}</button> : null}
                      {issue.line !== undefined && ': '}<strong>{issue.type}</strong>: {issue.message}
                    </li>
                  ))}
                </ul>
              )}
          </div>
          <div class="buttons">
            <button type="button" onClick={() => { setText(printDocument(editable(base), format, yaml)); setServerIssue(undefined); }}>Discard changes</button>
            <button type="button" class="primary" disabled={blocked} onClick={() => setReviewing(true)}>Review changes</button>
          </div>
        </div>
      )}
      {reviewing && checked.value !== undefined && (
        <section class="panel" aria-labelledby="review-title">
          <h2 id="review-title">Changes to save</h2>
          <Diff before={canonical(editable(base))} after={canonical(checked.value)} />
          <div class="buttons">
            <button type="button" onClick={() => setReviewing(false)}>Back to editing</button>
            <button type="button" class="primary" disabled={busy} onClick={() => void save()}>{busy ? 'Saving…' : 'Save pipeline'}</button>
          </div>
        </section>
      )}
    </main>
  );
}
