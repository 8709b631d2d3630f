/** The manager's dashboard charts as ECharts options (configuration, not drawing code). */
import type { DashboardSummary } from '../api/contract';
import { reasonLabel } from '../ui/format';
import type { ChartOption } from './echarts';

type Charts = NonNullable<DashboardSummary['charts']>;

const day = (iso: string): string => iso.slice(5, 10).replace('-', '/');
const base = (legend: boolean): ChartOption => ({
  tooltip: { trigger: 'axis' },
  legend: legend ? { top: 0, type: 'scroll' } : undefined,
  grid: { left: 8, right: 12, top: legend ? 36 : 12, bottom: 8, containLabel: true },
});

export function membersChart(rows: Charts['members']): ChartOption {
  return {
    ...base(true),
    xAxis: { type: 'category', data: rows.map((r) => day(r.date)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新增', type: 'line', data: rows.map((r) => r.new) },
      { name: '流失', type: 'line', data: rows.map((r) => r.lost) },
      { name: '净增', type: 'line', data: rows.map((r) => r.net), lineStyle: { width: 3 } },
    ],
  };
}

export function messagesChart(rows: Charts['messages']): ChartOption {
  const reasons = [...new Set(rows.flatMap((r) => Object.keys(r.skippedByReason)))].sort();
  return {
    ...base(true),
    xAxis: { type: 'category', data: rows.map((r) => day(r.date)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '已发送', type: 'bar', stack: 'messages', data: rows.map((r) => r.sent) },
      ...reasons.map((reason) => ({
        name: `跳过：${reasonLabel(reason)}`,
        type: 'bar' as const,
        stack: 'messages',
        data: rows.map((r) => r.skippedByReason[reason] ?? 0),
      })),
    ],
  };
}

export function complaintsChart(rows: Charts['complaints']): ChartOption {
  return {
    ...base(true),
    xAxis: { type: 'category', data: rows.map((r) => day(r.date)) },
    yAxis: [
      { type: 'value', name: '单', minInterval: 1 },
      { type: 'value', name: '分钟', splitLine: { show: false } },
    ],
    series: [
      { name: '按时处理', type: 'bar', stack: 'deadline', data: rows.map((r) => r.met), itemStyle: { color: '#67c23a' } },
      { name: '超时', type: 'bar', stack: 'deadline', data: rows.map((r) => r.breached), itemStyle: { color: '#f56c6c' } },
      { name: '受理用时中位数', type: 'line', yAxisIndex: 1, data: rows.map((r) => r.medianAckMinutes), connectNulls: true, itemStyle: { color: '#e6a23c' } },
    ],
  };
}

export function satisfactionChart(rows: Charts['satisfaction']): ChartOption {
  return {
    ...base(true),
    xAxis: { type: 'category', data: rows.map((r) => r.quarter) },
    yAxis: [
      { type: 'value', name: '满意度', min: 1, max: 5 },
      { type: 'value', name: 'NPS', min: -100, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: '平均满意度（1–5）', type: 'line', data: rows.map((r) => r.average), connectNulls: true },
      { name: 'NPS', type: 'line', yAxisIndex: 1, data: rows.map((r) => r.nps), connectNulls: true },
    ],
  };
}

export function assistantsChart(rows: Charts['assistants']): ChartOption {
  return {
    ...base(true),
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '问候已发', type: 'bar', data: rows.map((r) => r.greetingsSent) },
      { name: '处理投诉', type: 'bar', data: rows.map((r) => r.complaintsHandled) },
      { name: '负责会员', type: 'bar', data: rows.map((r) => r.members) },
    ],
  };
}
