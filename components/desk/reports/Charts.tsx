"use client";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import s from "@/components/ui/layout.module.css";

// Charts are a visual summary, labelled as images; the same figures are in the tables beside
// them. Recharts' keyboard layer is off: a focusable SVG inside role=img is an axe error.

export function WeeklyChart({ data, labels }: { data: { week: string; opened: number; resolved: number }[]; labels: { opened: string; resolved: string } }) {
  return (
    <div className={s.chart} role="img" aria-label={data.map((d) => `${d.week}: ${labels.opened} ${d.opened}, ${labels.resolved} ${d.resolved}`).join("; ")}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="week" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Line type="monotone" dataKey="opened" name={labels.opened} stroke="#1f4fd1" strokeWidth={2} />
          <Line type="monotone" dataKey="resolved" name={labels.resolved} stroke="#1e7d36" strokeWidth={2} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function BarByCategory({ data, label, color }: { data: { name: string; value: number }[]; label: string; color: string }) {
  return (
    <div className={s.chart} role="img" aria-label={data.map((d) => `${d.name}: ${d.value}`).join(", ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Bar dataKey="value" name={label} fill={color} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
