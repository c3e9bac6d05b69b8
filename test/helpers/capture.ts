import { appendFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Everything the suite's dashboards log or answer is appended under DASH_CAPTURE_DIR, with the
 * secrets they were given; the global teardown then proves no secret ever appeared in any of it.
 */
const dir = () => process.env.DASH_CAPTURE_DIR;

export function captureSecrets(secrets: Array<string | undefined>): void {
  const d = dir();
  if (!d) return;
  mkdirSync(d, { recursive: true });
  appendFileSync(path.join(d, `secrets-${process.pid}.txt`), secrets.filter((s): s is string => Boolean(s && s.length >= 8)).join("\n") + "\n");
}

export function captureText(kind: "log" | "response" | "output", text: string): void {
  const d = dir();
  if (!d) return;
  appendFileSync(path.join(d, `${kind}-${process.pid}.txt`), text.endsWith("\n") ? text : text + "\n");
}

export function scanCaptures(captureDir: string, extraFiles: string[]): { secrets: number; bytes: number; leaks: string[] } {
  const files = readdirSync(captureDir);
  const secrets = new Set(
    files.filter((f) => f.startsWith("secrets-")).flatMap((f) => readFileSync(path.join(captureDir, f), "utf8").split("\n").filter(Boolean)),
  );
  const texts = [
    ...files.filter((f) => !f.startsWith("secrets-")).map((f) => ({ name: f, text: readFileSync(path.join(captureDir, f), "utf8") })),
    ...extraFiles.map((f) => ({ name: f, text: readFileSync(f, "utf8") })),
  ];
  const leaks: string[] = [];
  for (const { name, text } of texts) {
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${name} contains a secret starting ${secret.slice(0, 4)}…`);
  }
  return { secrets: secrets.size, bytes: texts.reduce((n, t) => n + t.text.length, 0), leaks };
}
