import { requirePageOperator } from "@/lib/auth/session";
import { systemStatus } from "@/lib/data/system-status";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";

export const metadata = { title: "System" };

/** A fact's term and its value, in the page's definition lists. */
function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap gap-x-3 py-1.5">
      <dt className="w-56 shrink-0 text-slate-600">{term}</dt>
      <dd className="min-w-0 font-medium break-words text-slate-900">{children}</dd>
    </div>
  );
}

const seconds = (value: number) => `${Math.round(value)} s`;

export default async function SystemPage() {
  await requirePageOperator("system.read");
  const status = await systemStatus();
  const { database, sealing, callbacks, retention, verification, masterKey } = status;
  return (
    <>
      <PageHeader
        title="System"
        description="This deployment at a glance: what runs, on which database, and whether the background work keeps up."
      />
      <div className="space-y-6">
        <Card title={status.warnings.length === 0 ? "Healthy" : `${status.warnings.length} to look at`}>
          {status.warnings.length === 0 ? (
            <p className="text-sm text-slate-700">Nothing needs attention.</p>
          ) : (
            <ul className="space-y-3 text-sm">
              {status.warnings.map((warning) => (
                <li key={warning.title} className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3">
                  <p className="font-medium text-amber-900">{warning.title}</p>
                  <p className="mt-1 text-amber-900">{warning.fix}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="Version and database">
          <dl className="text-sm">
            <Fact term="Version">{status.version}</Fact>
            <Fact term="Console build">{status.build ?? "—"}</Fact>
            <Fact term="Database">{database.kind === "sqlite" ? "SQLite" : "PostgreSQL"}</Fact>
            <Fact term="Migrations applied">
              {database.applied}
              {database.lastApplied && ` (latest ${database.lastApplied})`}
            </Fact>
            <Fact term="Migrations pending">
              {database.pending.length === 0 ? "none" : <Badge tone="amber">{database.pending.length}</Badge>}
            </Fact>
          </dl>
        </Card>

        <Card
          title="Server processes"
          description="Each process says it is alive every 15 seconds; these were heard from in the last minute."
        >
          <Table
            label="Server processes"
            columns={["Host", "PID", "Role", "Workers", "Version", "Started", "Last seen"]}
            empty={<p className="text-sm text-slate-700">No process has reported in the last minute.</p>}
          >
            {status.processes.map((process) => (
              <tr key={`${process.host}:${process.pid}`}>
                <Td>{process.host}</Td>
                <Td>{process.pid}</Td>
                <Td>
                  <Badge tone={process.role === "full" ? "indigo" : "gray"}>{process.role}</Badge>
                </Td>
                <Td>{process.workers}</Td>
                <Td>{process.version}</Td>
                <Td>{formatDate(process.startedAt)}</Td>
                <Td>{formatDate(process.seenAt)}</Td>
              </tr>
            ))}
          </Table>
        </Card>

        <Card title="Background jobs">
          <dl className="text-sm">
            <Fact term="Audit sealing">
              {sealing.unsealed === 0
                ? `every row sealed (through #${sealing.sealedThrough})`
                : `${sealing.unsealed} row(s) waiting, the oldest for ${seconds(sealing.lagSeconds)}`}
            </Fact>
            <Fact term="State callbacks waiting">
              {callbacks.pending === 0
                ? "none"
                : `${callbacks.pending}, the oldest for ${seconds(callbacks.oldestPendingSeconds)}`}
            </Fact>
            <Fact term="Callbacks given up (24 h)">{callbacks.failedLastDay}</Fact>
            <Fact term="Last retention purge">
              {retention
                ? `${formatDate(retention.at)}: ${Object.entries(retention.details)
                    .map(([what, count]) => `${count} ${what}`)
                    .join(", ")}`
                : "not yet"}
            </Fact>
            <Fact term="Last audit:verify">
              {verification ? (
                <>
                  <Badge tone={verification.ok ? "green" : "red"}>{verification.ok ? "passed" : "failed"}</Badge>{" "}
                  {formatDate(verification.at)}, through #{verification.through}
                </>
              ) : (
                "never"
              )}
            </Fact>
          </dl>
        </Card>

        <Card title="Master key">
          <dl className="text-sm">
            <Fact term="Current key id">
              <code>{masterKey.id}</code>
            </Fact>
            <Fact term="Previous keys configured">
              {masterKey.previousIds.length === 0
                ? "none"
                : masterKey.previousIds.map((id) => (
                    <code key={id} className="mr-2">
                      {id}
                    </code>
                  ))}
            </Fact>
            <Fact term="Secret keys under a previous key">{masterKey.keysUnderPrevious}</Fact>
          </dl>
        </Card>
      </div>
    </>
  );
}
