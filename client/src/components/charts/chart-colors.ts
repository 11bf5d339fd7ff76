/** Okabe–Ito inspired series colours: distinguishable with colour-vision deficiencies and in greyscale by lightness. */
export const SERIES_COLORS = {
  scope: '#154273',
  parent: '#e69f00',
  nation: '#7a7a7a',
  highlight: '#d55e00',
  other: '#56b4e9',
} as const;
export const COMPARE_COLORS = ['#154273', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'] as const;

/**
 * Benchmarks (regions, then the nation) drawn in greys, each with its own pattern, so up to three
 * regions stay apart from each other and from the nation without colour.
 */
export const BENCHMARK_STYLES = [
  { color: '#c8c8c8', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(0,0,0,0.45)' } },
  { color: '#b0b0b0', decal: { symbol: 'circle', symbolSize: 0.6, dashArrayX: [[4, 4], [0, 4, 4, 0]], dashArrayY: [4, 0], color: 'rgba(0,0,0,0.55)' } },
  { color: '#dcdcdc', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [1, 3], rotation: 0, color: 'rgba(0,0,0,0.5)' } },
] as const;
export const NATION_STYLE = { color: SERIES_COLORS.nation, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.55)' } } as const;
