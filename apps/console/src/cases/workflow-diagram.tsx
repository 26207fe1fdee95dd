import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { localiseDiagram, pathTaken } from './diagram-labels';

/**
 * The case's own machine version drawn from the engine's generated Mermaid text, with the current state
 * highlighted. Mermaid is large, so it is loaded only when a case page opens.
 */
export function WorkflowDiagram({
  diagram,
  state,
  visited = [],
}: {
  readonly diagram: string;
  readonly state: string;
  /** The states the case passed through, highlighted as the path taken. */
  readonly visited?: readonly string[];
}) {
  const [zoom, setZoom] = useState(1);
  const path = visited.join(',');
  const { t, term, condition } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const id = `diagram-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;

  useEffect(() => {
    let cancelled = false;
    const text = `${pathTaken(localiseDiagram(diagram, term, condition), path === '' ? [] : path.split(','))}\n  classDef current fill:#ffd43b,stroke:#c92a2a,stroke-width:3px,color:#000,font-weight:bold\n  class ${state} current`;
    void import('mermaid')
      .then(async ({ default: mermaid }) => {
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
        const { svg } = await mermaid.render(id, text);
        if (!cancelled && container.current !== null) container.current.innerHTML = svg;
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailed(String(error));
      });
    return () => {
      cancelled = true;
    };
  }, [diagram, state, id, term, condition, path]);

  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h6">
        {t('diagram')}
      </Title>
      <Text size="sm" mb="xs">
        {t('currentState')}: <strong data-testid="diagram-current-state">{term(state)}</strong>
      </Text>
      <Group gap="xs" mb="xs">
        <Button size="compact-xs" variant="light" onClick={() => setZoom((now) => Math.min(3, now + 0.25))}>
          {t('zoomIn')}
        </Button>
        <Button size="compact-xs" variant="light" onClick={() => setZoom((now) => Math.max(0.5, now - 0.25))}>
          {t('zoomOut')}
        </Button>
        <Button size="compact-xs" variant="subtle" onClick={() => setZoom(1)}>
          {Math.round(zoom * 100)}%
        </Button>
      </Group>
      {failed !== null && <Text c="red.8">{failed}</Text>}
      {/* Pan by scrolling (or dragging the scrollbars) the zoomed drawing. */}
      <div
        style={{ overflow: 'auto', maxHeight: 520 }}
        data-testid="diagram-viewport"
        tabIndex={0}
        role="region"
        aria-label={t('diagramViewport')}
      >
        <div
          ref={container}
          role="img"
          aria-label={`${t('diagram')}: ${t('currentState')} ${term(state)}`}
          data-testid="workflow-diagram"
          style={{ transform: `scale(${zoom})`, transformOrigin: '0 0', width: `${100 / zoom}%` }}
        />
      </div>
    </Paper>
  );
}
