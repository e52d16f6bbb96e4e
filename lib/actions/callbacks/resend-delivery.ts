"use server";
import { revalidatePath } from "next/cache";
import { operatorAction } from "@/lib/actions/operator-action";
import { resendDelivery } from "@/lib/data/callback-outbox";
import { resendDeliverySchema } from "@/lib/validations/callbacks";

export const resendDeliveryAction = operatorAction(
  "callback.resend",
  "apps.write",
  resendDeliverySchema,
  async ({ sdkAppId, id }, operator) => {
    await resendDelivery(operator.actor, sdkAppId, id);
    revalidatePath(`/apps/${sdkAppId}/callbacks`);
  },
);
