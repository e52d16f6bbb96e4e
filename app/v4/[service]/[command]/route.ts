import { handleRest } from "@/lib/api/http/rest-route";

type Context = { params: Promise<{ service: string; command: string }> };

async function handler(request: Request, { params }: Context): Promise<Response> {
  const { service, command } = await params;
  return handleRest(request, service, command);
}

// Other methods get the REST envelope too (60008), not a bare 405.
export { handler as POST, handler as GET, handler as PUT, handler as PATCH, handler as DELETE };
