// Charts are Apache ECharts, tree-shaken to the series the pages use and drawn as SVG. Every chart is a
// figure: a caption that states its units, the drawing (an image with a summary for screen readers), and the
// same figures as a table, one disclosure away.

import { BarChart, BoxplotChart, LineChart, SankeyChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { h, uid, type Child } from './dom';

echarts.use([BarChart, BoxplotChart, LineChart, SankeyChart, ScatterChart, AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, SVGRenderer]);

/** Okabe–Ito: told apart with the common colour-vision deficiencies, each ≥ 3:1 against white but the yellow, which is not used. */
export const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'];

export type Option = echarts.EChartsCoreOption;
export type ClickParams = { name?: string; dataIndex?: number; seriesIndex?: number; data?: unknown; dataType?: string };

const live = new Set<echarts.ECharts>();
const observer = new ResizeObserver((entries) => {
  for (const entry of entries) echarts.getInstanceByDom(entry.target as HTMLElement)?.resize();
});

/** Disposes every chart of the page left (the router calls it before rendering the next). */
export function disposeCharts(): void {
  for (const chart of live) {
    observer.unobserve(chart.getDom());
    chart.dispose();
  }
  live.clear();
}

export interface FigureOptions {
  title: string;
  /** What the numbers are in: "US dollars, converted at the rate on each deal's announcement day". */
  units: string;
  /** One or two sentences saying what the chart shows, read out instead of the drawing. */
  summary: string;
  option: Option;
  table: HTMLTableElement;
  height?: number;
  notes?: Child;
  onClick?: (params: ClickParams) => void;
}

export function figure(options: FigureOptions): HTMLElement {
  const titleId = uid('figure-title');
  const canvas = h('div', { class: 'chart', role: 'img', 'aria-label': `${options.title}. ${options.summary}`, style: null });
  canvas.style.height = `${options.height ?? 360}px`;
  const element = h('figure', { class: 'chart-figure', 'aria-labelledby': titleId },
    h('figcaption', null,
      h('h2', { id: titleId }, options.title),
      h('p', { class: 'units' }, 'Units: ', options.units)),
    canvas,
    options.notes ? h('div', { class: 'notes' }, options.notes) : null,
    h('details', { class: 'table-view' },
      h('summary', null, `Table view: ${options.title}`),
      // Focusable and named, so that a keyboard can scroll a table wider than the page.
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `${options.title}, as a table` }, options.table)));

  // Drawn once the figure is in the document and has a width; a figure never put in the page is never drawn.
  let tries = 0;
  const draw = (): void => {
    if (!canvas.isConnected) {
      tries += 1;
      if (tries < 120) requestAnimationFrame(draw);
      return;
    }
    const chart = echarts.init(canvas, null, { renderer: 'svg' });
    const option: Option = {
      color: palette,
      // No animation: the SVG renderer would add a <style> element for it, which the gateway's CSP refuses.
      animation: false,
      aria: { enabled: true, label: { enabled: false }, decal: { show: true } },
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', color: '#1a1a1a' },
      ...options.option,
    };
    // Tooltips drawn as rich text, not HTML: what an answer says (a name, a publisher) is never parsed as markup,
    // and no inline style attribute is needed.
    if (option.tooltip) option.tooltip = { ...(option.tooltip as object), renderMode: 'richText' };
    chart.setOption(option);
    if (options.onClick) chart.on('click', (params) => options.onClick!(params as ClickParams));
    live.add(chart);
    observer.observe(canvas);
    canvas.dataset.rendered = 'true';
  };
  queueMicrotask(draw);
  return element;
}

export const axisText = { color: '#1a1a1a', fontSize: 12, lineHeight: 16 };
/** A value axis' name, centred under (or beside) the axis, clear of its tick labels. */
export const axisName = (name: string, gap = 30) => ({ name, nameLocation: 'middle', nameGap: gap, nameTextStyle: { color: '#1a1a1a', fontSize: 12 } });
export const gridLine = { lineStyle: { color: '#d0d0d0' } };
