"use client";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import s from "@/components/ui/layout.module.css";

// Charts are a visual summary labelled as images; the same figures are in the tables beside them.
// No animation: it moves for people who asked for reduced motion and shows half-drawn bars in screenshots.
type Series = { key: string; name: string; color: string }[];

export function StackedBars({ data, x, series, label }: { data: Record<string, string | number>[]; x: string; series: Series; label: string }) {
  return (
    <div className={s.chart} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          {series.map((se) => (
            <Bar key={se.key} dataKey={se.key} name={se.name} stackId="a" fill={se.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function Lines({ data, x, series, label }: { data: Record<string, string | number>[]; x: string; series: Series; label: string }) {
  return (
    <div className={s.chart} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey={x} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          {series.map((se) => (
            <Line key={se.key} type="monotone" dataKey={se.key} name={se.name} stroke={se.color} strokeWidth={2} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
