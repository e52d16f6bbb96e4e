"use server";
import { z } from "zod";
import { operatorAction } from "@/lib/actions/operator-action";
import { startTotpEnrollment } from "@/lib/data/second-factors";
import { qrCodePath, type QrCodePath } from "@/lib/auth/qr-code";

export const startTotpEnrollmentAction = operatorAction(
  "operator.totp-enroll",
  "console.read",
  z.object({}),
  async (_input, operator): Promise<{ secret: string; qr: QrCodePath }> => {
    const { secret, uri } = await startTotpEnrollment(operator.id, operator.email);
    return { secret, qr: await qrCodePath(uri) };
  },
);
