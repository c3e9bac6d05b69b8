import { Router } from "express";
import { defineRoutes, type Feature } from "../../kernel/feature.ts";
import { approveIntake } from "./approve-intake.ts";
import { intakeJob } from "./intake-job.ts";
import { intakeStatus } from "./intake.ts";

/** The intake room: new people wait there until a moderator lets them in from the widget. */
export const onboardingFeature: Feature = {
  name: "onboarding",
  actions: [approveIntake],
  jobKinds: [intakeJob],
  docs: [{ method: "GET", path: "/api/onboarding/intake", summary: "People waiting in the intake room who are not yet in the default room" }],
  routes: defineRoutes({
    capabilities: (app) => ({ intakeStatus: () => intakeStatus(app) }),
    router: (caps) => (guard) => {
      const router = Router();
      router.get("/api/onboarding/intake", guard, async (_req, res) => void res.json(await caps.intakeStatus()));
      return router;
    },
  }),
};
