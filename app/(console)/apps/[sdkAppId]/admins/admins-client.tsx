"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { addAdminAction } from "@/lib/actions/admins/add-admin";
import { removeAdminAction } from "@/lib/actions/admins/remove-admin";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { useAction } from "@/components/ui/use-action";

type Admin = { identifier: string; builtIn: boolean; createdAt: string };

export function AdminsClient({
  sdkAppId,
  admins,
  max,
  canWrite,
}: {
  sdkAppId: number;
  admins: Admin[];
  max: number;
  canWrite: boolean;
}) {
  const t = useTranslations("admins");
  const format = useFormatter();
  const add = useAction(addAdminAction, { success: t("added") });
  const remove = useAction(removeAdminAction, { success: t("removed") });
  const [removing, setRemoving] = useState<string | null>(null);
  const [identifier, setIdentifier] = useState("");
  return (
    <Card title={t("title", { count: admins.length, max })} description={t("description")}>
      <div className="space-y-5">
        {canWrite && (
          <form
            className="flex flex-wrap items-start gap-2"
            onSubmit={async (event) => {
              event.preventDefault();
              if (await add.run({ sdkAppId, identifier })) setIdentifier("");
            }}
          >
            <Input
              className="min-w-56 flex-1"
              label={t("userId")}
              name="identifier"
              value={identifier}
              onChange={(event) => setIdentifier(event.target.value)}
              error={add.fieldErrors.identifier}
              hint={t("userIdHint")}
              required
            />
            <Button type="submit" className="mt-6" pending={add.pending}>
              {t("add")}
            </Button>
          </form>
        )}
        <Table label={t("metaTitle")} columns={["UserID", t("addedAt"), { label: t("actions"), srOnly: true }]}>
          {admins.map((admin) => (
            <tr key={admin.identifier}>
              <Td className="font-mono">
                {admin.identifier} {admin.builtIn && <Badge tone="indigo">{t("builtIn")}</Badge>}
              </Td>
              <Td className="whitespace-nowrap">{formatDate(format, admin.createdAt)}</Td>
              <Td className="text-right">
                {canWrite && !admin.builtIn && (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t("removeLabel", { userId: admin.identifier })}
                    onClick={() => setRemoving(admin.identifier)}
                  >
                    {t("remove")}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </Table>
      </div>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("removeTitle", { userId: removing ?? "" })}
        description={t("removeDescription")}
        confirmLabel={t("remove")}
        pending={remove.pending}
        onConfirm={async () => {
          if (removing) await remove.run({ sdkAppId, identifier: removing });
        }}
      />
    </Card>
  );
}
