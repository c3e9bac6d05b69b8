import { createHash } from "node:crypto";

export type WelcomeFields = { displayName: string; userId: string; username: string };

export function renderWelcome(template: string, fields: WelcomeFields): string {
  return template.replaceAll("{displayName}", fields.displayName).replaceAll("{userId}", fields.userId).replaceAll("{username}", fields.username);
}

export function welcomeContent(template: string, fields: WelcomeFields) {
  return { msgtype: "m.text", body: renderWelcome(template, fields) };
}

/**
 * Same job and person, same transaction id: when a crash or a rate limit makes the item run again,
 * Synapse answers the retried send with the first event instead of posting the welcome twice.
 */
export function welcomeTxnId(jobId: string, userId: string): string {
  return `welcome-${jobId}-${createHash("sha256").update(userId).digest("hex").slice(0, 16)}`;
}
