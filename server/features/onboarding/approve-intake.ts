import { defineAction } from "../../kernel/runtime/define-action.ts";
import { ApproveIntakeInput } from "../../../shared/onboarding.ts";
import { planIntake } from "./intake.ts";
import { INTAKE_JOB } from "./intake-job.ts";
import type { JobStarter } from "../../kernel/runtime/capabilities.ts";

/** Who can be let in (read from Authentik and the homeserver) and the job runner that does it. */
type IntakeCaps = { planIntake(users: string[]): ReturnType<typeof planIntake>; jobs: JobStarter };

export const approveIntake = defineAction({
  name: "onboarding.approve-intake",
  family: "sync",
  permission: "moderator",
  summary: "Let people waiting in the intake room in: invite them to the default room (and their groups' rooms), welcome them, then remove them from the intake room (a background job)",
  input: ApproveIntakeInput,
  example: { users: ["@newcomer:example.org"] },
  capabilities: (app): IntakeCaps => ({ planIntake: (users) => planIntake(app, users), jobs: app.jobs }),
  plan: (ctx, input) => ctx.caps.planIntake(input.users),
  async apply(ctx, plan, input) {
    if (!plan.people.length) return { jobId: null, people: 0 };
    const { snapshot } = ctx.caps.jobs.submit({
      kind: INTAKE_JOB,
      actor: ctx.actor.id,
      actorKind: ctx.actor.kind,
      params: null,
      items: plan.people.map((person) => ({ key: person.userId, data: { person, intakeRoomId: plan.intakeRoomId, defaultRoomId: plan.defaultRoomId } })),
      idempotencyKey: input.idempotencyKey ? `intake:${input.idempotencyKey}` : undefined,
    });
    return { jobId: snapshot.id, people: plan.people.length };
  },
  target: (input) => (input.users.length === 1 ? input.users[0] : `${input.users.length} people`),
  targetParams: (input) => ({ count: input.users.length }),
});
