import type { QrCodePath } from "@/lib/auth/qr-code";

/** A QR code drawn from its modules (lib/auth/qr-code.ts), with the quiet zone scanners need. */
export function QrCode({ qr, label }: { qr: QrCodePath; label: string }) {
  const margin = 4;
  const extent = qr.size + margin * 2;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`${-margin} ${-margin} ${extent} ${extent}`}
      width={200}
      height={200}
      shapeRendering="crispEdges"
      className="rounded border border-slate-200 bg-white"
    >
      <rect x={-margin} y={-margin} width={extent} height={extent} fill="#fff" />
      <path d={qr.d} fill="#0f172a" />
    </svg>
  );
}
