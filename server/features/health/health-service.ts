import type { CheckResult, HealthReport } from "../../../shared/health.ts";
import { runDoctor } from "./checks.ts";
import { probeRoomCreation } from "./room-creation-probe.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import type { Config } from "../../kernel/config/config.ts";

const REPORT_TTL_MS = 30_000;
const PROBE_TTL_MS = 60 * 60_000;

/** Doctor results for /api/health, cached so a busy widget does not hammer the homeserver. */
export class HealthService {
  private readonly config: Config;
  private readonly bot: Bot;
  private report: { at: number; value: Promise<HealthReport> } | undefined;
  private probe: { at: number; value: CheckResult } | undefined;

  constructor(config: Config, bot: Bot) {
    this.config = config;
    this.bot = bot;
  }

  current(): Promise<HealthReport> {
    if (!this.report || Date.now() - this.report.at > REPORT_TTL_MS) {
      const value = runDoctor({ config: this.config, bot: this.bot, roomCreation: () => this.roomCreation() });
      this.report = { at: Date.now(), value };
      value.catch(() => (this.report = undefined));
    }
    return this.report.value;
  }

  invalidate(): void {
    this.report = undefined;
    this.probe = undefined;
  }

  private async roomCreation(): Promise<CheckResult> {
    if (this.probe && Date.now() - this.probe.at < PROBE_TTL_MS) return this.probe.value;
    const value = await probeRoomCreation(this.bot);
    if (value.status !== "warn") this.probe = { at: Date.now(), value };
    return value;
  }
}
