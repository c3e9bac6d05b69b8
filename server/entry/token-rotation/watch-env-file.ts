import { watch, existsSync, type FSWatcher } from "node:fs";
import path from "node:path";

const SETTLE_MS = 500;

/**
 * Calls `onChange` once an edit of the file has settled. The folder is watched, not the file:
 * editors and `updateEnvFile` replace the file by renaming, which a file watch would lose.
 */
export function watchEnvFile(file: string, onChange: () => void): () => void {
  const dir = path.dirname(file);
  if (!existsSync(dir)) return () => {};
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, (_event, name) => {
      if (name !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, SETTLE_MS);
    });
  } catch {
    return () => {};
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
