import { writeFileSync } from "node:fs";
import path from "node:path";

export type Registration = {
  id: string;
  url: string;
  asToken: string;
  hsToken: string;
  senderLocalpart: string;
  puppetPrefix: string;
  serverName: string;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Writes the appservice registration Synapse loads from app_service_config_files (JSON is valid YAML). */
export function writeRegistration(dir: string, r: Registration): string {
  const file = path.join(dir, `${r.id}-registration.yaml`);
  const registration = {
    id: r.id,
    url: r.url,
    as_token: r.asToken,
    hs_token: r.hsToken,
    sender_localpart: r.senderLocalpart,
    rate_limited: false,
    namespaces: {
      users: [
        { exclusive: true, regex: `^@${escape(r.senderLocalpart)}:${escape(r.serverName)}$` },
        { exclusive: true, regex: `^@${escape(r.puppetPrefix)}.*:${escape(r.serverName)}$` },
      ],
      aliases: [],
      rooms: [],
    },
  };
  writeFileSync(file, JSON.stringify(registration, null, 2));
  return file;
}
