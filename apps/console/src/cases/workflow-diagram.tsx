import { Paper, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { localiseDiagram } from './diagram-labels';

/**
 * The case's own machine version drawn from the engine's generated Mermaid text, with the current state
 * highlighted. Mermaid is large, so it is loaded only when a case page opens.
 */
export function WorkflowDiagram({ diagram, state }: { readonly diagram: string; readonly state: string }) {
  const { t, term, condition } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const id = `diagram-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;

  useEffect(() => {
    let cancelled = false;
    const text = `${localiseDiagram(diagram, term, condition)}\n  classDef current fill:#ffd43b,stroke:#c92a2a,stroke-width:3px,color:#000,font-weight:bold\n  class ${state} current`;
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
  }, [diagram, state, id, term, condition]);

  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h6">
        {t('diagram')}
      </Title>
      <Text size="sm" mb="xs">
        {t('currentState')}: <strong data-testid="diagram-current-state">{term(state)}</strong>
      </Text>
      {failed !== null && <Text c="red.8">{failed}</Text>}
      <div
        ref={container}
        role="img"
        aria-label={`${t('diagram')}: ${t('currentState')} ${term(state)}`}
        data-testid="workflow-diagram"
        style={{ overflowX: 'auto' }}
      />
    </Paper>
  );
}
