import type { QrCodePath } from "@/lib/auth/qr-code";
import { QrCode } from "@/components/auth/qr-code";

/** The enrolment instructions: scan the QR code, or type the secret in. */
export function TotpSetup({ qr, secret }: { qr: QrCodePath; secret: string }) {
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>Scan this code with an authenticator app (1Password, Google Authenticator, Authy, …):</p>
      <QrCode qr={qr} label="QR code for your authenticator app" />
      <p>
        Or enter this key by hand:{" "}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono break-all" data-testid="totp-secret">
          {secret}
        </code>
      </p>
    </div>
  );
}
