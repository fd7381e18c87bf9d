/**
 * Runs the proof of a change: the plan's steps on the base commit, then on the change without HELICONE_API_KEY,
 * then the key-dependent steps (tests) once more with a dummy key, each in the sandbox, and compares the runs (see
 * compare.ts). The install runs once on the base and again only when the change touches a manifest. Full logs
 * and the whole report go to files under DATA_DIR; the returned report is small enough for workflow history.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { SANDBOX_CACHES, SANDBOX_WORKDIR, type Sandbox, type SandboxNetwork, type SandboxResult } from '../adapters/sandbox/sandbox';
import type { ProofReport, ProofRunName, ProofStepResult } from '../shared/proof-types';
import { compareRuns, outcomeOf, summarize } from './compare';
import { displayCommand, planProof, VENV, type PlannedStep } from './plan';
import type { ProofSettings } from './settings';
import { changedBetween, clearTree, writeTree } from './tree';

/** The value HELICONE_API_KEY has in the "with key" run: a dummy, never a real key. */
export const DUMMY_HELICONE_KEY = 'sk-helicone-proof-0000000000000000';
/** Kept in history per step: fewer lines for a step that passed. */
const TAIL_FAILED = { lines: 15, bytes: 1500 };
const TAIL_PASSED = { lines: 3, bytes: 300 };

export interface ProveInput {
  sandbox: Sandbox;
  settings: ProofSettings;
  /** The worker's clone holding both commits. */
  clone: string;
  baseSha: string;
  headSha: string;
  /** Host folder for the logs and report.json, and its path relative to DATA_DIR. */
  artifacts: { abs: string; ref: string };
  label: string;
  signal?: AbortSignal;
  onProgress?: (detail: string) => void;
  log?: (line: string) => void;
}

export async function runProof(input: ProveInput): Promise<ProofReport> {
  const started = Date.now();
  const { sandbox, settings } = input;
  const log = input.log ?? (() => undefined);
  const space = await sandbox.createSpace(input.label);
  try {
    await fs.mkdir(input.artifacts.abs, { recursive: true });
    await writeTree(input.clone, input.baseSha, space.workdir, sandbox.fileOwner);
    const plan = planProof(space.workdir, {
      tools: sandbox.toolchains.tools,
      ...(sandbox.toolchains.python ? { python: sandbox.toolchains.python } : {}),
      ...(sandbox.toolchains.pythonMissing ? { pythonMissing: sandbox.toolchains.pythonMissing } : {}),
      toolCommands: sandbox.toolCommands,
      registries: settings.registries,
      ...(settings.wheelhouse ? { wheelhouse: `${SANDBOX_CACHES}/wheels` } : {}),
    });
    const base: Omit<ProofReport, 'outcome' | 'summary' | 'rows' | 'durationMs'> = {
      mode: settings.mode,
      sandbox: sandbox.name,
      ecosystems: plan.ecosystems,
      baseSha: input.baseSha,
      headSha: input.headSha,
      notes: [...plan.notes],
    };
    if (!plan.steps.length) {
      const report: ProofReport = {
        ...base,
        outcome: 'nothing-to-prove',
        summary: 'Nothing to prove: the repository has no build, type-check, lint or test the proof knows.',
        rows: [],
        durationMs: Date.now() - started,
      };
      return await finish(input, report);
    }

    const results: Record<ProofRunName, Map<string, ProofStepResult>> = { before: new Map(), after: new Map(), afterWithKey: new Map() };
    const deadline = started + settings.limits.totalTimeoutMs;
    const runStep = async (run: ProofRunName, step: PlannedStep, opts: { key: boolean }): Promise<ProofStepResult> => {
      if (step.missing) return { status: 'missing', durationMs: 0, reason: step.missing };
      const left = deadline - Date.now();
      if (left < 1_000) return { status: 'skipped', durationMs: 0, reason: `the proof's time budget (PROOF_TOTAL_TIMEOUT) was spent` };
      const install = step.phase === 'install' && !step.local;
      const limit = Math.min(install ? settings.limits.installTimeoutMs : settings.limits.stepTimeoutMs, left);
      const network: SandboxNetwork =
        install && settings.registries.length ? { kind: 'registries', hosts: settings.registries } : { kind: 'none' };
      const logName = `${run}-${step.id.replace(/[^A-Za-z0-9._-]/g, '_')}.log`;
      input.onProgress?.(`${run}: ${step.id}`);
      log(`proof ${run}: ${displayCommand(step.argv)}`);
      const r = await sandbox.run({
        argv: step.argv,
        workdir: space.workdir,
        home: space.home,
        env: stepEnv(sandbox, opts.key),
        network,
        ...(settings.wheelhouse ? { readOnly: [{ host: settings.wheelhouse, sandbox: `${SANDBOX_CACHES}/wheels` }] } : {}),
        limits: {
          timeoutMs: limit,
          memoryBytes: settings.limits.memoryBytes,
          diskBytes: settings.limits.diskBytes,
          processes: settings.limits.processes,
          tmpBytes: settings.limits.tmpBytes,
          outputBytes: settings.limits.outputBytes,
        },
        logFile: path.join(input.artifacts.abs, logName),
        ...(input.signal ? { signal: input.signal } : {}),
        ...(input.onProgress ? { onProgress: () => input.onProgress!(`${run}: ${step.id}`) } : {}),
      });
      const result = stepResult(r, step, limit, `${input.artifacts.ref}/${logName}`);
      if (r.network && (Object.keys(r.network.refused).length || Object.keys(r.network.allowed).length)) {
        const refused = Object.entries(r.network.refused).map(([h, n]) => `${h} (${n}×)`);
        if (refused.length) base.notes.push(`${run} ${step.id}: refused connections to ${refused.join(', ')} (not an allowed registry).`);
      }
      return result;
    };

    // Before: the base commit, installed from scratch.
    for (const step of plan.steps) {
      results.before.set(step.id, await runStep('before', step, { key: false }));
      if (input.signal?.aborted) throw new Error('The proof was cancelled');
    }
    // After: the change; the install again only when a manifest changed (else the base's installed packages stay).
    const changed = await changedBetween(input.clone, input.baseSha, input.headSha);
    const reinstall = changed.some(
      (f) =>
        plan.manifests.includes(f) ||
        plan.manifests.some((m) => f.startsWith(`${m}/`)) ||
        /(^|\/)(package\.json|requirements[^/]*\.txt)$/.test(f),
    );
    await replaceTree(input, space.workdir, reinstall);
    if (reinstall)
      base.notes.push(
        `The change touches ${changed.filter((f) => plan.manifests.includes(f) || /package\.json$|requirements/.test(f)).join(', ') || 'a manifest'}: installed again.`,
      );
    for (const step of plan.steps) {
      if (step.phase === 'install' && !reinstall) {
        results.after.set(step.id, {
          status: 'skipped',
          durationMs: 0,
          reason: 'the change touches no manifest: the install of the base is reused',
        });
        continue;
      }
      let r = await runStep('after', step, { key: false });
      r = await retryIfNew(r, results.before.get(step.id), () => runStep('after', step, { key: false }));
      results.after.set(step.id, r);
      if (input.signal?.aborted) throw new Error('The proof was cancelled');
    }
    // With the key: a fresh copy of the change's tree, and only the steps that run the project's code.
    const keyed = plan.steps.filter((s) => s.keyDependent);
    if (keyed.length) {
      await replaceTree(input, space.workdir, false);
      for (const step of plan.steps) {
        if (!step.keyDependent) {
          results.afterWithKey.set(step.id, {
            status: 'skipped',
            durationMs: 0,
            reason: 'does not run the project, so HELICONE_API_KEY cannot change it',
          });
          continue;
        }
        let r = await runStep('afterWithKey', step, { key: true });
        r = await retryIfNew(r, results.before.get(step.id), () => runStep('afterWithKey', step, { key: true }));
        results.afterWithKey.set(step.id, r);
        if (input.signal?.aborted) throw new Error('The proof was cancelled');
      }
    }

    const rows = compareRuns(
      plan.steps.map((s) => ({ id: s.id, command: displayCommand(s.argv), phase: s.phase, keyDependent: s.keyDependent })),
      results,
    );
    const outcome = outcomeOf(rows);
    const report: ProofReport = { ...base, outcome, summary: summarize(outcome, rows), rows, durationMs: Date.now() - started };
    return await finish(input, report);
  } finally {
    await space.dispose().catch(() => undefined);
  }
}

/** Runs a step once more when it newly fails: a pass the second time marks it flaky (reported, not blocking). */
async function retryIfNew(
  first: ProofStepResult,
  before: ProofStepResult | undefined,
  again: () => Promise<ProofStepResult>,
): Promise<ProofStepResult> {
  // A timeout is not run again: it would cost the whole limit a second time.
  if (before?.status !== 'passed' || !['failed', 'stopped'].includes(first.status)) return first;
  const second = await again();
  return second.status === 'passed' ? { ...first, flaky: true } : first;
}

async function replaceTree(input: ProveInput, dir: string, fresh: boolean): Promise<void> {
  await clearTree(dir, fresh ? null : 'node_modules');
  await writeTree(input.clone, input.headSha, dir, input.sandbox.fileOwner);
}

/** The step's environment, from nothing: CI, the venv and node_modules on PATH, the key only in its own run. */
function stepEnv(sandbox: Sandbox, key: boolean): Record<string, string> {
  return {
    PATH: [`${VENV}/bin`, `${SANDBOX_WORKDIR}/node_modules/.bin`, ...sandbox.defaultPath()].join(':'),
    CI: 'true',
    VIRTUAL_ENV: VENV,
    PYTHONDONTWRITEBYTECODE: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    NO_UPDATE_NOTIFIER: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...(key ? { HELICONE_API_KEY: DUMMY_HELICONE_KEY } : {}),
  };
}

function stepResult(r: SandboxResult, step: PlannedStep, limit: number, logRef: string): ProofStepResult {
  const clip = (ok: boolean) => clipLines(r.tail, ok ? TAIL_PASSED : TAIL_FAILED);
  const common = { durationMs: r.durationMs, logRef };
  if (r.setupError) return { status: 'error', ...common, reason: `the sandbox could not run it: ${r.setupError.slice(0, 300)}` };
  if (r.stopped?.limit === 'time')
    return { status: 'timed-out', ...common, reason: `stopped after ${Math.round(limit / 1000)} s, its time limit`, tail: clip(false) };
  if (r.stopped) return { status: 'stopped', ...common, reason: `stopped: it ${r.stopped.detail}`, tail: clip(false) };
  const code = r.exitCode ?? -1;
  if (code === 127 && new RegExp(`failed to execute ${escapeRe(step.argv[0] ?? '')}`).test(r.tail)) {
    return { status: 'missing', ...common, exitCode: code, reason: `${step.argv[0]} is not installed in the sandbox`, tail: clip(false) };
  }
  if (step.nothingToRunExit !== undefined && code === step.nothingToRunExit)
    return { status: 'passed', ...common, exitCode: code, reason: 'nothing to run (no tests collected)', tail: clip(true) };
  if (code === 0) return { status: 'passed', ...common, exitCode: 0, tail: clip(true) };
  return { status: 'failed', ...common, exitCode: code, ...(r.signal ? { reason: `ended by ${r.signal}` } : {}), tail: clip(false) };
}

function clipLines(text: string, max: { lines: number; bytes: number }): string {
  const kept = text.split('\n').slice(-max.lines).join('\n');
  return kept.length > max.bytes ? `…${kept.slice(-(max.bytes - 1))}` : kept;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Writes the whole report beside the logs and returns it with its ref. */
async function finish(input: ProveInput, report: ProofReport): Promise<ProofReport> {
  const withRef = { ...report, reportRef: `${input.artifacts.ref}/report.json` };
  await fs.writeFile(path.join(input.artifacts.abs, 'report.json'), JSON.stringify(withRef, null, 2));
  return withRef;
}
