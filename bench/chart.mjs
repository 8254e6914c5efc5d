#!/usr/bin/env node
// Draws the scaling results of bench/scaling.mjs as SVG line charts: lines/s
// of this implementation and of SEC against the rule count and against the
// number of live operations, on a logarithmic x axis (and y axis when the
// figures span more than a factor of 20).
//
//   node bench/chart.mjs [--in bench/results/scaling.json] [--out-dir docs/charts]
import fs from 'node:fs';
import path from 'node:path';
import { opt } from './options.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const input = path.resolve(opt('in', path.join(root, 'bench/results/scaling.json')));
const outDir = path.resolve(opt('out-dir', path.join(root, 'docs/charts')));

const CHARTS = {
  rules: { file: 'scaling-rules.svg', title: 'Lines per second against the number of rules', x: 'rules in the rule file (bench/gen-rules.mjs)', unit: 'rules' },
  operations: {
    file: 'scaling-operations.svg',
    title: 'Lines per second against live operations',
    x: 'live SingleWithThreshold operations',
    unit: 'operations',
  },
};
const SERIES = [
  { impl: 'sec-ts', colour: '#1565c0' },
  { impl: 'SEC', label: 'SEC 2.9.1', colour: '#c62828' },
];
const WIDTH = 760;
const HEIGHT = 470;
const PLOT = { left: 90, right: WIDTH - 30, top: 70, bottom: HEIGHT - 110 };

const escapeXml = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
const grouped = (n) => Math.round(n).toLocaleString('en-US');
/** 1234567 -> "1.2M", 52519 -> "52.5k": short labels beside the points. */
function compact(n) {
  for (const [size, suffix] of [
    [1e6, 'M'],
    [1e3, 'k'],
  ]) {
    if (n >= size) return `${Number((n / size).toPrecision(3))}${suffix}`;
  }
  return String(Math.round(n));
}

/** A scale maps a value to a pixel; ticks are the values to label. */
function logScale(min, max, from, to) {
  const lo = Math.log10(min);
  const hi = Math.log10(max);
  return (v) => from + ((Math.log10(v) - lo) / (hi - lo || 1)) * (to - from);
}

/** The y axis: logarithmic with 1-2-5 ticks when the figures span more than 20x, else linear from 0. */
function yAxis(values) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (max / min > 20) {
    const lo = 10 ** Math.floor(Math.log10(min));
    const hi = 10 ** Math.ceil(Math.log10(max));
    const ticks = [];
    for (let decade = lo; decade < hi; decade *= 10) ticks.push(...[1, 2, 5].map((m) => m * decade).filter((v) => v >= min / 2 && v <= max * 2));
    return {
      scale: logScale(Math.min(min / 2, ticks[0] ?? min), Math.max(max * 1.5, ticks.at(-1) ?? max), PLOT.bottom, PLOT.top),
      ticks,
      kind: 'logarithmic',
    };
  }
  const step = niceStep(max / 5);
  const top = Math.ceil((max * 1.1) / step) * step;
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { scale: (v) => PLOT.bottom - (v / top) * (PLOT.bottom - PLOT.top), ticks, kind: 'linear' };
}
function niceStep(rough) {
  const decade = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * decade).find((s) => s >= rough);
}

/** What the caption says about points SEC did not finish and outputs that differ. */
function notes(points, unit) {
  const out = [];
  for (const p of points) {
    const sec = p.results.SEC;
    if (sec?.timedOut) out.push(`SEC timed out (> ${sec.timedOut} s per run${sec.during ? `, ${sec.during}` : ''}) at ${grouped(p.size)} ${unit}`);
    if (p.output === 'DIFFERS') out.push(`outputs DIFFER at ${grouped(p.size)} ${unit}`);
  }
  const compared = points.filter((p) => p.output === 'MATCH').length;
  if (compared && !out.some((n) => n.startsWith('outputs'))) out.push(`out.log byte-identical to SEC's at every point both ran`);
  return out;
}

function chart(kind, data, machine) {
  const spec = CHARTS[kind];
  const points = data.points;
  const sizes = points.map((p) => p.size);
  const x = logScale(Math.min(...sizes) / 1.6, Math.max(...sizes) * 1.6, PLOT.left, PLOT.right);
  const figures = points.flatMap((p) => SERIES.map((s) => p.results[s.impl]?.linesPerSecond).filter(Boolean));
  const y = yAxis(figures);
  const svg = [];
  svg.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="13">`,
  );
  svg.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  svg.push(`<text x="${WIDTH / 2}" y="28" text-anchor="middle" font-size="17" font-weight="bold">${escapeXml(spec.title)}</text>`);
  for (const v of y.ticks) {
    const py = y.scale(v).toFixed(1);
    svg.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${py}" y2="${py}" stroke="#e0e0e0"/>`);
    svg.push(`<text x="${PLOT.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${compact(v)}</text>`);
  }
  for (const s of sizes) {
    const px = x(s).toFixed(1);
    svg.push(`<line x1="${px}" x2="${px}" y1="${PLOT.top}" y2="${PLOT.bottom}" stroke="#eeeeee"/>`);
    svg.push(`<text x="${px}" y="${PLOT.bottom + 20}" text-anchor="middle">${grouped(s)}</text>`);
  }
  svg.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#555555"/>`);
  svg.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 44}" text-anchor="middle">${escapeXml(`${spec.x} (logarithmic)`)}</text>`);
  const midY = (PLOT.top + PLOT.bottom) / 2;
  svg.push(`<text x="22" y="${midY}" text-anchor="middle" transform="rotate(-90 22 ${midY})">${escapeXml(`lines/s (${y.kind})`)}</text>`);
  SERIES.forEach((s, i) => {
    const measured = points.filter((p) => p.results[s.impl]?.linesPerSecond).map((p) => [x(p.size), y.scale(p.results[s.impl].linesPerSecond), p]);
    if (measured.length > 1) {
      svg.push(
        `<polyline fill="none" stroke="${s.colour}" stroke-width="2.5" points="${measured.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`,
      );
    }
    for (const [px, py, p] of measured) {
      const rate = p.results[s.impl].linesPerSecond;
      svg.push(
        `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4" fill="${s.colour}"><title>${escapeXml(`${s.label ?? s.impl}: ${grouped(rate)} lines/s at ${grouped(p.size)} ${spec.unit}`)}</title></circle>`,
      );
      // At each size the higher figure is labelled above its point and the lower below, so labels do not collide.
      const others = SERIES.map((o) => p.results[o.impl]?.linesPerSecond ?? 0);
      const dy = rate >= Math.max(...others) ? -10 : 18;
      svg.push(`<text x="${px.toFixed(1)}" y="${(py + dy).toFixed(1)}" text-anchor="middle" font-size="11" fill="${s.colour}">${compact(rate)}</text>`);
    }
    // The legend sits in one row between the title and the plot, where no data can hide it.
    const lx = PLOT.right - 230 + i * 120;
    const ly = PLOT.top - 14;
    svg.push(`<line x1="${lx}" x2="${lx + 25}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2.5"/>`);
    svg.push(`<text x="${lx + 32}" y="${ly}" dominant-baseline="middle">${escapeXml(s.label ?? s.impl)}</text>`);
  });
  const caption = [
    `${data.date.slice(0, 10)} · ${machine.nproc} cores, ${machine.cpu}, ${machine.memoryMB} MB · node ${machine.node} · ${machine.sec ?? 'SEC not installed'}`,
    ...notes(points, spec.unit),
  ];
  caption.forEach((line, i) => {
    svg.push(`<text x="${PLOT.left}" y="${PLOT.bottom + 72 + i * 17}" font-size="11" fill="#444444">${escapeXml(line)}</text>`);
  });
  svg.push('</svg>');
  return `${svg.join('\n')}\n`;
}

const results = JSON.parse(fs.readFileSync(input, 'utf8'));
fs.mkdirSync(outDir, { recursive: true });
for (const [kind, data] of Object.entries(results.series)) {
  if (!data.points.some((p) => SERIES.some((s) => p.results[s.impl]?.linesPerSecond))) {
    console.log(`no figures for ${kind}: no chart`);
    continue;
  }
  const file = path.join(outDir, CHARTS[kind].file);
  fs.writeFileSync(file, chart(kind, data, results.machine));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
