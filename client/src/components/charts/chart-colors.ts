/** Okabe–Ito inspired series colours: distinguishable with colour-vision deficiencies and in greyscale by lightness. */
export const SERIES_COLORS = {
  scope: '#154273',
  parent: '#e69f00',
  nation: '#7a7a7a',
  highlight: '#d55e00',
  other: '#56b4e9',
} as const;
export const COMPARE_COLORS = ['#154273', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'] as const;
