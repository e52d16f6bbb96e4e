/** Recovery codes, shown once: the server keeps only their hashes. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2 text-sm">
      <p className="font-medium text-slate-800">
        Save these recovery codes now. Each works once, in place of a code from your app; they will not be shown again.
      </p>
      <ol className="grid grid-cols-2 gap-1 rounded-md bg-slate-50 p-3 font-mono" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
    </div>
  );
}
