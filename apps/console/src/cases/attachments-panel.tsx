import { Alert, Anchor, Button, FileInput, Group, Paper, Select, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { problemText } from '../api/problem-text';
import type { Attachment, AttachmentList } from '../api/types';
import { useLoad } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { useSession } from '../session/session';

/**
 * A case's documents: the list (kind, file name, size, who added it and when, download), and an upload
 * form of a kind and a file. Downloads go through the API with the token (a link cannot carry it).
 */
export function AttachmentsPanel({
  resource,
  id,
  round,
  onAdded,
}: {
  readonly resource: string;
  readonly id: string;
  readonly round: number;
  readonly onAdded: () => void;
}) {
  const i18n = useI18n();
  const { t, choice, dateTime } = i18n;
  const session = useSession();
  const base = `/api/v1/${resource}/${id}/attachments`;
  const list = useLoad(() => session.api.get<AttachmentList>(base), String(round));
  const [kind, setKind] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const upload = async () => {
    if (kind === null || file === null) return;
    setBusy(true);
    setFailure(null);
    try {
      await session.api.upload<Attachment>(base, { kind, fileName: file.name }, file);
      setFile(null);
      onAdded();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const download = async (attachment: Attachment) => {
    setFailure(null);
    try {
      await session.api.download(`${base}/${attachment.digest}`, {}, attachment.fileName);
    } catch (error) {
      setFailure(error);
    }
  };

  const items = list.data?.items ?? [];
  const limits = list.data?.limits;
  const refused = failure === null ? undefined : problemText(failure, i18n);
  return (
    <Paper withBorder p="sm" data-testid="attachments">
      <Title order={3} size="h6" mb="xs">
        {t('attachments')}
      </Title>
      <LoadError error={list.error} />
      {list.data?.erased === true && (
        <Alert color="gray" mb="xs">
          {t('attachmentsErased')}
        </Alert>
      )}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('noAttachments')}
        </Text>
      ) : (
        <Table fz="sm" data-testid="attachment-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('attachmentKind')}</Table.Th>
              <Table.Th>{t('fileName')}</Table.Th>
              <Table.Th>{t('fileSize')}</Table.Th>
              <Table.Th>{t('addedBy')}</Table.Th>
              <Table.Th>{t('download')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((attachment) => (
              <Table.Tr key={attachment.digest} data-kind={attachment.kind}>
                <Table.Td>{choice(attachment.kind)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{attachment.fileName}</Table.Td>
                <Table.Td>{sizeText(attachment.size)}</Table.Td>
                <Table.Td>
                  {i18n.actor({ ...attachment.addedBy, roles: [] })} · {dateTime(attachment.addedAt)}
                </Table.Td>
                <Table.Td>
                  {list.data?.erased === true ? (
                    '—'
                  ) : (
                    <Anchor component="button" size="sm" onClick={() => void download(attachment)}>
                      {t('download')}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.data?.erased !== true && (
        <Group align="flex-end" mt="sm" gap="xs">
          <Select
            label={t('attachmentKind')}
            placeholder={t('choose')}
            data={(list.data?.kinds ?? []).map((value) => ({ value, label: choice(value) }))}
            value={kind}
            onChange={setKind}
            w={180}
            data-testid="attachment-kind"
          />
          <FileInput
            label={t('chooseFile')}
            value={file}
            onChange={setFile}
            accept={limits?.mediaTypes.join(',')}
            w={240}
            clearable
            data-testid="attachment-file"
          />
          <Button onClick={() => void upload()} disabled={kind === null || file === null} loading={busy}>
            {t('upload')}
          </Button>
        </Group>
      )}
      {limits !== undefined && list.data?.erased !== true && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('attachmentLimits')} {sizeText(limits.maxBytes)} · {limits.mediaTypes.map(typeName).join('、')}
        </Text>
      )}
      {refused !== undefined && (
        <Alert color="red" title={refused.title} mt="xs" role="alert" data-testid="attachment-refused">
          {refused.detail}
        </Alert>
      )}
    </Paper>
  );
}

/** 1536 → 1.5 KB; the same in both languages. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** application/pdf → PDF, image/jpeg → JPEG. */
function typeName(mediaType: string): string {
  return (mediaType.split('/')[1] ?? mediaType).toUpperCase();
}
