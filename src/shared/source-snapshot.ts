/**
 * One run's view of a working copy, shared by the steps of an integrate attempt: each file's text is read at most
 * once, whichever step asks first (the codemod's JS settings context, its Python context, the rewrite, the
 * follow-up edits, then the verifier), a write goes through here so that later steps read what earlier ones wrote,
 * and each parse of a text is kept for the next step that parses the same text (the verifier re-parses what the
 * codemod wrote and what it started from). Parsers stay with their callers: this module only keeps the results.
 *
 * A missing or unreadable file reads as undefined. Everything is held for the run only (one Activity attempt on
 * one tree, on one worker). Whoever changes the files behind its back (git restoring a path, a coding agent) must
 * `forget` them, or not hand the snapshot on.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readTextFile, turn } from './blocking-fs';

export type ReadText = (rel: string) => Promise<string | undefined>;

export class SourceSnapshot {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly parses = new Map<string, Map<string, unknown>>();
  /** The client sources of the run's walk (listClientSources' answer), once a step has walked. */
  clientSources?: readonly string[];

  constructor(readonly root: string) {}

  readonly read: ReadText = (rel) => {
    let text = this.texts.get(rel);
    if (!text) {
      // A synchronous read in turns (see blocking-fs): several times faster than fs/promises for many small files.
      text = turn().then(() => readTextFile(path.join(this.root, rel)));
      this.texts.set(rel, text);
    }
    return text;
  };

  readonly write = async (rel: string, text: string): Promise<void> => {
    await fs.writeFile(path.join(this.root, rel), text);
    this.texts.set(rel, Promise.resolve(text));
  };

  /** Files changed on disk by someone else: read again next time. */
  forget(rels: readonly string[]): void {
    for (const rel of rels) this.texts.delete(rel);
  }

  /**
   * `parse()`'s result for this text of `rel` under the parser named `kind`, computed on first request. The same
   * path is usually asked for two texts (before and after the rewrite), so each is kept.
   */
  parsed<T>(kind: string, rel: string, text: string, parse: () => T): T {
    const key = `${kind}:${rel}`;
    let byText = this.parses.get(key);
    if (!byText) this.parses.set(key, (byText = new Map()));
    if (byText.has(text)) return byText.get(text) as T;
    const value = parse();
    byText.set(text, value);
    return value;
  }
}
