import "server-only";
import QRCode from "qrcode";

// A QR code drawn here, never by a remote service (it carries the TOTP
// secret), as one SVG path the page renders itself: no inline markup or
// data: URL for a strict Content-Security-Policy to refuse.

export type QrCodePath = { size: number; d: string };

export async function qrCodePath(text: string): Promise<QrCodePath> {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) parts.push(`M${x} ${y}h1v1h-1z`);
  return { size: modules.size, d: parts.join("") };
}
