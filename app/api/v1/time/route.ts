// The server's clock, for clients and App Servers whose own is wrong: a
// UserSig dated more than TESSERA_CLOCK_SKEW_SECONDS ahead of it is refused
// (70005), so they sign with this time instead. No auth, and never cached:
// a stored answer would be a wrong clock.
export function GET() {
  const timeMs = Date.now();
  return Response.json({ time: Math.floor(timeMs / 1000), timeMs }, { headers: { "Cache-Control": "no-store" } });
}
