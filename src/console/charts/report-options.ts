/** Report charts as ECharts options. */
import type { ChartOption } from './echarts';

const grid = { left: 8, right: 12, top: 36, bottom: 8, containLabel: true };

/** A pie of counts by name (complaints by category, NPS groups). */
export function pieChart(entries: [string, number][]): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], data: entries.map(([name, value]) => ({ name, value })), label: { formatter: '{b} {c}' } }],
  };
}

/** Horizontal bars of counts by name (root causes, dimensions). */
export function barsChart(entries: [string, number | null][], name: string, max?: number): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { ...grid, top: 12 },
    xAxis: { type: 'value', max, minInterval: max ? undefined : 1 },
    yAxis: { type: 'category', data: entries.map(([n]) => n), inverse: true },
    series: [{ name, type: 'bar', data: entries.map(([, v]) => v), label: { show: true, position: 'right' } }],
  };
}

/** Per-assistant stacked bars of several figures (the care report). */
export function stackedByName(names: string[], series: { name: string; values: number[]; stack?: string }[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid,
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ name: s.name, type: 'bar', stack: s.stack, data: s.values })),
  };
}

/** Retention per period: members gained and lost as bars, the retention rate as a line on its own axis. */
export function retentionChart(periods: { key: string; new: number; lost: number; erased: number; lapsed: number; cameBack: number; retentionRate: number | null }[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { ...grid, right: 16 },
    xAxis: { type: 'category', data: periods.map((p) => p.key.slice(5).replace('-', '/')) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', axisLabel: { formatter: '{value}%' }, min: (v: { min: number }) => Math.max(0, Math.floor(v.min - 5)), max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: '新增', type: 'bar', data: periods.map((p) => p.new) },
      { name: '流失', type: 'bar', data: periods.map((p) => p.lost + p.erased) },
      { name: '转为沉睡', type: 'bar', data: periods.map((p) => p.lapsed) },
      { name: '沉睡后回购', type: 'bar', data: periods.map((p) => p.cameBack) },
      { name: '留存率', type: 'line', yAxisIndex: 1, data: periods.map((p) => p.retentionRate), lineStyle: { width: 3 } },
    ],
  };
}
