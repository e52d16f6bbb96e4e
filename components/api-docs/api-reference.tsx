import { useTranslations } from "next-intl";
import { curlFor, type Operation } from "@/components/api-docs/curl-example";
import { docKey, textKey } from "@/components/api-docs/doc-keys";

// Renders the OpenAPI document (/api/openapi.json) as a reference: one
// section per tag, each operation with its description, parameters, error
// codes and a curl example for the selected app. No client-side code. The
// OpenAPI JSON stays English; the page shows its words from the catalogs
// (apiDocs), or the document's own for any the catalogs do not have yet.

type Spec = { info?: { title?: string; description?: string }; paths?: Record<string, Record<string, Operation>> };

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
};

export function ApiReference({ spec, sdkAppId, baseUrl }: { spec: object; sdkAppId?: number; baseUrl: string }) {
  const t = useTranslations("api");
  const docs = useTranslations("apiDocs");
  /** The catalog's wording of a tag, a summary (by its operation) or a longer text, else the document's own. */
  const translated = (group: "tags" | "summaries" | "texts", text: string, of = text) => {
    const key = `${group}.${group === "texts" ? textKey(text) : docKey(of)}` as Parameters<typeof docs>[0];
    return docs.has(key) ? docs(key) : text;
  };
  const doc = spec as Spec;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
  const tags = [...new Set(operations.map((op) => op.operation.tags?.[0] ?? "Other"))];

  return (
    <div className="space-y-8">
      {doc.info?.description && <p className="max-w-3xl text-sm text-neutral-600">{docs("info")}</p>}
      {tags.map((tag) => (
        <section key={tag} className="space-y-3">
          <h2 className="text-base font-semibold text-neutral-900">{translated("tags", tag)}</h2>
          {operations
            .filter((op) => (op.operation.tags?.[0] ?? "Other") === tag)
            .map(({ path, method, operation }) => (
              <details
                key={`${method} ${path}`}
                className="rounded-lg border border-neutral-200 bg-white open:shadow-sm"
              >
                <summary className="flex cursor-pointer items-center gap-3 px-4 py-3 text-sm">
                  <span
                    className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? "bg-neutral-100"}`}
                  >
                    {method}
                  </span>
                  <code className="font-mono text-neutral-900">{path}</code>
                  <span className="text-neutral-500">
                    {operation.summary && translated("summaries", operation.summary, `${method} ${path}`)}
                  </span>
                </summary>
                <div className="space-y-4 border-t border-neutral-100 px-4 py-4 text-sm">
                  {operation.description && (
                    <p className="text-neutral-700">{translated("texts", operation.description)}</p>
                  )}
                  {(operation.parameters?.length ?? 0) > 0 && (
                    <table className="w-full text-left text-xs">
                      <thead className="text-neutral-500">
                        <tr>
                          <th className="py-1 pr-4 font-medium">{t("queryParameter")}</th>
                          <th className="py-1 pr-4 font-medium">{t("required")}</th>
                          <th className="py-1 font-medium">{t("meaning")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {operation.parameters!.map((p) => (
                          <tr key={p.name} className="border-t border-neutral-100">
                            <td className="py-1 pr-4 font-mono">{p.name}</td>
                            <td className="py-1 pr-4">{p.required ? t("yes") : t("no")}</td>
                            <td className="py-1 text-neutral-600">
                              {p.description && translated("texts", p.description)}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  {operation["x-codes"] && (
                    <p className="text-xs text-neutral-600">
                      <span className="font-medium text-neutral-700">{t("codes")} </span>
                      <span className="font-mono">{operation["x-codes"].join(", ")}</span>
                    </p>
                  )}
                  <div>
                    <p className="mb-1 text-xs font-medium text-neutral-700">{t("example")}</p>
                    <pre className="overflow-x-auto rounded-md bg-neutral-900 p-3 font-mono text-xs leading-relaxed text-neutral-100">
                      {curlFor({ method, path, operation, baseUrl, sdkAppId })}
                    </pre>
                  </div>
                </div>
              </details>
            ))}
        </section>
      ))}
    </div>
  );
}
