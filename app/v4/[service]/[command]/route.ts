import { handleRest } from "@/lib/api/rest";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ service: string; command: string }> }) {
  const { service, command } = await params;
  return handleRest(request, service, command);
}
