import { Group, Image, Stack, Text } from '@mantine/core';
import { toString } from 'qrcode';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { QR_OPTIONS, svgImageSource, verificationLink, type PrintedHead } from './case-qr';

/** The case's QR code on a printed form: its verification link with the head the copy shows. */
export function CaseQrCode({
  resource,
  id,
  head,
}: {
  readonly resource: string;
  readonly id: string;
  readonly head: PrintedHead;
}) {
  const { t } = useI18n();
  const link = verificationLink(window.location.origin, resource, id, head);
  const [image, setImage] = useState<string>();
  useEffect(() => {
    let current = true;
    void toString(link, QR_OPTIONS).then((svg) => current && setImage(svgImageSource(svg)));
    return () => {
      current = false;
    };
  }, [link]);
  return (
    <Group gap="sm" align="center" wrap="nowrap" data-testid="case-qr">
      {image !== undefined && (
        <Image src={image} w={112} h={112} alt={t('qrAlt')} data-link={link} data-testid="case-qr-image" />
      )}
      <Stack gap={0}>
        <Text size="xs">{t('qrHint')}</Text>
        <Text size="xs">
          {t('printedAtRevision')}：{head.revision} · {t('logPosition')}：{head.position}
        </Text>
      </Stack>
    </Group>
  );
}
