import readline from "node:readline/promises";
import { Writable } from "node:stream";

/** Questions on the terminal; only used when stdin is a TTY. */
export class Prompt {
  private muted = false;
  private readonly rl: readline.Interface;

  constructor() {
    const output = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.muted) process.stdout.write(chunk);
        done();
      },
    });
    this.rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  }

  async ask(question: string, fallback?: string): Promise<string> {
    const answer = (await this.rl.question(`${question}${fallback ? ` [${fallback}]` : ""}: `)).trim();
    return answer || fallback || "";
  }

  /** Reads a secret without echoing it. */
  async secret(question: string): Promise<string> {
    process.stdout.write(`${question}: `);
    this.muted = true;
    try {
      return (await this.rl.question("")).trim();
    } finally {
      this.muted = false;
      process.stdout.write("\n");
    }
  }

  async confirm(question: string, fallback: boolean): Promise<boolean> {
    const answer = (await this.ask(`${question} (${fallback ? "Y/n" : "y/N"})`)).toLowerCase();
    return answer === "" ? fallback : answer.startsWith("y");
  }

  close(): void {
    this.rl.close();
  }
}
