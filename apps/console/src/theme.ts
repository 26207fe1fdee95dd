import { Alert, createTheme, type CSSVariablesResolver } from '@mantine/core';

/** Darker shades than the defaults where text sits on colour, for WCAG AA contrast. */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  defaultRadius: 'sm',
  components: {
    // Alert titles take the alert's colour, too light on its tinted background (yellow, orange): keep
    // them near-black; the tint and the icon-free wording carry the meaning.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-dark-9)' } } }),
  },
});

/** Mantine's "dimmed" grey (#868e96) is 3.3:1 on white; hints and descriptions need 4.5:1 (WCAG AA). */
export const contrastVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});
