/**
 * One codemod run's view of the working copy: each file's text is read at most once, whichever step asks first
 * (the JS settings context, the Python context, the rewrite and the follow-up all read the same sources), and a
 * write goes through here so that a later step reads what an earlier one wrote. A missing or unreadable file
 * reads as undefined. The texts are held for the run only: it is one Activity attempt on one tree.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export type ReadText = (rel: string) => Promise<string | undefined>;

/** Where a run reads and writes the working copy's files (POSIX paths relative to its root). */
export interface TextStore {
  read: ReadText;
  write(rel: string, text: string): Promise<void>;
}

export class WorkingCopyTexts implements TextStore {
  private readonly texts = new Map<string, Promise<string | undefined>>();

  constructor(readonly root: string) {}

  readonly read: ReadText = (rel) => {
    let text = this.texts.get(rel);
    if (!text) {
      text = fs.readFile(path.join(this.root, rel), 'utf8').catch(() => undefined);
      this.texts.set(rel, text);
    }
    return text;
  };

  readonly write = async (rel: string, text: string): Promise<void> => {
    await fs.writeFile(path.join(this.root, rel), text);
    this.texts.set(rel, Promise.resolve(text));
  };
}

/** Reads straight from the disk, for callers that rewrite one file outside a run. */
export function diskReader(root: string): ReadText {
  return (rel) => fs.readFile(path.join(root, rel), 'utf8').catch(() => undefined);
}

/** Reads and writes straight on the disk, without keeping anything. */
export function diskStore(root: string): TextStore {
  return { read: diskReader(root), write: (rel, text) => fs.writeFile(path.join(root, rel), text) };
}
