import { describe, expect, it } from 'vitest';
import { withDutchAxes } from './dutch-axes.ts';

type Formatter = (v: number) => string;
const fmt = (axis: unknown) => (axis as { axisLabel: { formatter: Formatter } }).axisLabel.formatter;

describe('withDutchAxes', () => {
  it('writes value-axis ticks with a decimal comma and thousands points', () => {
    const o = withDutchAxes({ xAxis: { type: 'value' }, yAxis: { type: 'category', data: ['a'] } });
    expect(fmt(o.xAxis)(0.5)).toBe('0,5');
    expect(fmt(o.xAxis)(1500)).toBe('1.500');
    expect((o.yAxis as { axisLabel?: unknown }).axisLabel).toBeUndefined();
  });

  it('keeps a unit template and leaves a chart’s own formatter alone', () => {
    const own = (v: number) => `${v} eigen`;
    const o = withDutchAxes({ xAxis: [{ type: 'value', axisLabel: { formatter: '{value}%' } }], yAxis: { axisLabel: { formatter: own } } });
    expect(fmt((o.xAxis as unknown[])[0])(12.5)).toBe('12,5%');
    expect(fmt(o.yAxis)).toBe(own);
  });
});
