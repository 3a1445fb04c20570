import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a JSON file; undefined when it does not exist yet. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes JSON readable by the owner only. The temp file + rename makes the write atomic,
 * so a crash never leaves a half-written file behind.
 */
export async function writeJsonFileAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Runs writes to one file one after the other, so the last state written is the last state asked for. */
export function serialWriter(path: string): (value: unknown) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return (value) => {
    const write = queue.then(() => writeJsonFileAtomically(path, value));
    queue = write.catch(() => undefined);
    return write;
  };
}
