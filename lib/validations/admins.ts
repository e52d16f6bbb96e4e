import { z } from "zod";
import { sdkAppIdSchema, userIdSchema } from "@/lib/validations/common";

export const adminSchema = z.object({ sdkAppId: sdkAppIdSchema, identifier: userIdSchema });
