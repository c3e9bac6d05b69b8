import type { BridgeSummary } from "../../../shared/bridges.ts";
import { TextField } from "../../ui/fields.tsx";
import { t } from "./messages.ts";

/** The length as mautrix bridges count it: UTF-8 bytes (an accented letter is 2, an emoji 4). */
export const nameLength = (name: string) => new TextEncoder().encode(name.trim()).length;

/** The remote group's name with the network's limit in sight before anything is applied; empty takes the room's name. */
export function GroupNameField({ bridge, value, set, fallback }: { bridge: BridgeSummary; value: string; set(value: string): void; fallback: string }) {
  const length = nameLength(value || fallback);
  const vars = { network: bridge.displayName, limit: bridge.groupNameLimit, length };
  const over = length > bridge.groupNameLimit;
  return (
    <div class={`group-name${over ? " is-over" : ""}`} data-group-name-length={length}>
      <TextField label={t("groupName")} hint={over ? t("groupNameTooLong", vars) : `${t("groupNameHint", vars)}. ${t("groupNameDefault")}`} value={value} set={set} placeholder={fallback} aria-invalid={over} />
    </div>
  );
}
