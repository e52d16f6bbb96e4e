import { crossOriginRequestProblem } from "@/lib/auth/same-origin";
import { getSession, requireOperator } from "@/lib/auth/session";
import { checkOperatorPassword } from "@/lib/data/operators";
import { revealAppKey } from "@/lib/data/keys";
import { auditDenied } from "@/lib/data/audit-log";
import { AppError, ForbiddenError, publicMessage } from "@/lib/errors";
import { revealKeySchema } from "@/lib/validations/keys";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";
import { readJsonBody } from "@/lib/api/http/body";

const RECENT_SIGN_IN_SECONDS = 5 * 60;
const noStore = { "Cache-Control": "no-store, max-age=0", Pragma: "no-cache" };

// The only response that ever carries a secret key: an explicit POST from the
// keys page (same-origin and JSON: lib/auth/same-origin.ts), by an operator allowed to reveal, who re-entered
// their password or signed in less than five minutes ago. Audited.
export async function POST(request: Request, { params }: { params: Promise<{ sdkAppId: string; version: string }> }) {
  const { sdkAppId, version } = await params;
  try {
    const problem = crossOriginRequestProblem(request.headers);
    if (problem) throw new ForbiddenError(`Only the console's keys page can reveal keys: ${problem}.`);
    let operator;
    try {
      operator = await requireOperator("keys.reveal", Number(sdkAppId));
    } catch (error) {
      if (error instanceof ForbiddenError) {
        const signedIn = await getSession();
        if (signedIn) await auditDenied(signedIn.actor, "key.reveal", "keys.reveal", Number(sdkAppId));
      }
      throw error;
    }
    const raw = await readJsonBody(request, MAX_BODY_BYTES.keyReveal);
    if (!raw.ok && raw.problem === "too-large") throw new AppError(raw.message, 70402, 413);
    const body = revealKeySchema.safeParse(raw.ok ? raw.value : {});
    if (!body.success) throw new AppError("Invalid request.", 70402);
    const recent = Math.floor(Date.now() / 1000) - operator.authTime < RECENT_SIGN_IN_SECONDS;
    if (!recent) {
      if (!body.data.password)
        return Response.json(
          { error: "Enter your password to show the key.", passwordRequired: true },
          { status: 401, headers: noStore },
        );
      if (!(await checkOperatorPassword(operator.id, body.data.password))) {
        await auditDenied(operator.actor, "key.reveal", "password", Number(sdkAppId));
        return Response.json(
          { error: "The password is incorrect.", passwordRequired: true },
          { status: 401, headers: noStore },
        );
      }
    }
    const key = await revealAppKey(
      operator.actor,
      Number(sdkAppId),
      Number(version),
      recent ? "recent-sign-in" : "password",
    );
    return Response.json({ key }, { headers: noStore });
  } catch (error) {
    const status = error instanceof AppError ? error.status : 500;
    return Response.json({ error: publicMessage(error) }, { status, headers: noStore });
  }
}
