// Series colours for the canvas charts, read from the theme's CSS variables so both themes stay legible.
import { useEffect, useState } from 'react';

export interface ChartTheme {
  series: string[];
  axis: string;
  grid: string;
}

const SERIES_VARIABLES = 8;

function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    series: Array.from({ length: SERIES_VARIABLES }, (_, i) => value(`--chart-${i + 1}`, '#2457c5')),
    axis: value('--muted', '#5b6470'),
    grid: value('--border', '#d8dde3'),
  };
}

/** The chart colours, read again when the theme attribute on <html> changes (the preferences set it). */
export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(readTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}
