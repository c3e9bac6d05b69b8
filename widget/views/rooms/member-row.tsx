import { useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { RoomMember } from "../../../shared/rooms.ts";
import { Avatar } from "../../ui/avatar.tsx";
import { TextField } from "../../ui/fields.tsx";
import { useAction } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { levelName } from "../../ui/words.ts";
import { t } from "../../ui/messages.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { refusalText } from "../../ui/said-words.ts";
import { UserCardToggle } from "../user-card/user-link.tsx";

type Verdict = RoomMember["canKick"];

/** A control the server may refuse: disabled, with the server's reason shown under it and on hover. */
function Guarded({ verdict, id, children }: { verdict: Verdict; id: string; children: (refusal: { disabled: boolean; title?: string; "aria-describedby"?: string }) => ComponentChildren }) {
  if (verdict.ok) return <>{children({ disabled: false })}</>;
  return (
    <>
      {children({ disabled: true, title: refusalText(verdict), "aria-describedby": id })}
      <p class="reason" id={id} data-reason-by={verdict.by}>
        <Icon name="lock" size={14} />
        {refusalText(verdict)}
      </p>
    </>
  );
}

type Role = "member" | "moderator" | "admin" | "custom";
const roleLevels: Record<Exclude<Role, "custom">, number> = { member: 0, moderator: 50, admin: 100 };
const roleOf = (level: number): Role => (level === 0 ? "member" : level === 50 ? "moderator" : level === 100 ? "admin" : "custom");

/**
 * The level as Element offers it: a role, or Custom with the number (capped at what the actor may
 * give). Roles above the cap are shown but cannot be chosen.
 */
function RoleField({ level, set, max, disabled }: { level: string; set(level: string): void; max: number; disabled: boolean }) {
  const [custom, setCustom] = useState(roleOf(Number(level)) === "custom");
  const role: Role = custom ? "custom" : roleOf(Number(level));
  const choose = (next: Role) => {
    setCustom(next === "custom");
    if (next !== "custom") set(String(roleLevels[next]));
  };
  return (
    <>
      <label class="field">
        <span class="field-label">{t("roleLabel")}</span>
        <select class="input" value={role} onChange={(e) => choose(e.currentTarget.value as Role)} disabled={disabled} data-field="role">
          {(["member", "moderator", "admin"] as const).map((r) => (
            <option key={r} value={r} disabled={roleLevels[r] > max}>
              {t(r === "member" ? "levelMember" : r === "moderator" ? "levelModerator" : "levelAdmin")}
            </option>
          ))}
          <option value="custom">{t("roleCustom")}</option>
        </select>
      </label>
      {role === "custom" ? (
        <label class="field">
          <span class="field-label">{t("levelLabel")}</span>
          <input class="input input-narrow" type="number" min={-100} max={max} value={level} onInput={(e) => set(e.currentTarget.value)} disabled={disabled} />
        </label>
      ) : null}
    </>
  );
}

/** A member with their level; "Manage" offers remove and a role change, or says why not. */
export function MemberRow({ member, room, onChanged }: { member: RoomMember; room: string; onChanged(): void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [level, setLevel] = useState(String(member.powerLevel));
  const kick = useAction("rooms.kick");
  const setPower = useAction("rooms.set-power-level");
  const slug = member.userId.replace(/[^a-z0-9]/gi, "");
  const invited = member.membership === "invite";
  const busy = kick.step.phase === "applying" || setPower.step.phase === "applying";
  const done = (result: unknown) => result !== undefined && onChanged();

  return (
    <li class="row member" data-user-id={member.userId} data-membership={member.membership}>
      <button type="button" class="row-main" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Avatar userId={member.userId} name={member.displayName} size={28} />
        <span class="row-text">
          <span class="row-title">{member.displayName ?? member.userId}</span>
          <span class="row-sub">{member.userId}</span>
        </span>
        <span class="level" data-level={member.powerLevel}>
          {levelName(member.powerLevel)}
        </span>
      </button>
      <button type="button" class="button button-secondary button-small member-manage" data-action="manage" aria-expanded={open} aria-label={t("memberManageLabel", { user: member.displayName ?? member.userId })} onClick={() => setOpen(!open)}>
        {t("memberManage")}
      </button>
      {open ? (
        <div class="member-actions">
          <Guarded verdict={member.canKick} id={`kick-${slug}`}>
            {(refusal) =>
              confirming ? (
                <form class="stack" onSubmit={(e) => (e.preventDefault(), void kick.apply({ room, user: member.userId, ...(reason ? { reason } : {}) }).then(done))}>
                  <TextField label={t("kickReason")} value={reason} set={setReason} />
                  <div class="actions">
                    <button type="submit" class="button button-danger button-small" disabled={busy}>
                      {invited ? t("revokeInvite") : t("kickConfirm")}
                    </button>
                    <button type="button" class="button button-secondary button-small" onClick={() => setConfirming(false)}>
                      {t("cancel")}
                    </button>
                  </div>
                </form>
              ) : (
                <button type="button" class="button button-secondary button-small" data-action="kick" onClick={() => setConfirming(true)} {...refusal}>
                  {invited ? t("revokeInvite") : t("kick")}
                </button>
              )
            }
          </Guarded>
          <ProblemNote problem={kick.step.problem} />
          <Guarded verdict={member.canChangeLevel} id={`level-${slug}`}>
            {(refusal) => (
              <form class="inline-form" onSubmit={(e) => (e.preventDefault(), void setPower.apply({ room, user: member.userId, level: Number(level) }).then(done))}>
                <RoleField level={level} set={setLevel} max={member.maxLevel} disabled={refusal.disabled} />
                <button type="submit" class="button button-secondary button-small" data-action="set-level" disabled={refusal.disabled || busy || level === String(member.powerLevel) || Number(level) > member.maxLevel} title={refusal.title} aria-describedby={refusal["aria-describedby"]}>
                  {t("levelChange")}
                </button>
              </form>
            )}
          </Guarded>
          <ProblemNote problem={setPower.step.problem} />
          <UserCardToggle userId={member.userId} />
        </div>
      ) : null}
    </li>
  );
}
