import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readBody } from "@/lib/api/http/body";
import { authOptions } from "@/lib/auth/options";
import { answeringRetryAfter } from "@/lib/auth/retry-after";
import { MAX_BODY_BYTES } from "@/lib/validations/limits";

type Context = { params: Promise<{ nextauth: string[] }> };

export function GET(request: NextRequest, context: Context) {
  return NextAuth(request, context, authOptions(request.headers));
}

// next-auth reads the whole form before it looks at it; the body is capped
// first, so an oversized sign-in is refused before anything is parsed.
export async function POST(request: NextRequest, context: Context) {
  const body = await readBody(request, MAX_BODY_BYTES.signIn);
  if (!body.ok)
    return Response.json({ error: body.message }, { status: 413, headers: { "Cache-Control": "no-store" } });
  return answeringRetryAfter(() =>
    NextAuth(
      new NextRequest(request.url, { method: "POST", headers: request.headers, body: body.text }),
      context,
      authOptions(request.headers),
    ),
  );
}
