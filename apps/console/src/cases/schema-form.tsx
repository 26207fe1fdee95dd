import {
  ActionIcon,
  Alert,
  Radio,
  Button,
  Checkbox,
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { JsonSchema } from '../api/action-schemas';
import { useI18n } from '../i18n/i18n';
import { initialValue, type FieldErrors, type FormValue } from './form-value';
import { isMoneyField, minorUnitsOf, yuanOf } from './money-amount';

const LONG_TEXT = new Set([
  'description',
  'findings',
  'plan',
  'cause',
  'notes',
  'reason',
  'lossDescription',
  'faultDescription',
  'result',
]);

function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

interface FieldProps {
  readonly name: string;
  readonly path: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  readonly errors: FieldErrors;
  /** The resource the form is for: a hint kept for one workflow's field names it there. */
  readonly scope: string;
}

/** A form for one action's request body, built from its JSON schema in /openapi.json. */
export function SchemaForm({
  resource,
  schema,
  value,
  onChange,
  errors,
}: {
  readonly resource: string;
  readonly schema: JsonSchema;
  readonly value: FormValue;
  readonly onChange: (value: FormValue) => void;
  readonly errors: FieldErrors;
}) {
  return (
    <Stack gap="sm">
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <Field
          key={name}
          name={name}
          path={name}
          schema={property}
          required={schema.required?.includes(name) ?? false}
          value={value[name]}
          onChange={(next) => onChange({ ...value, [name]: next })}
          errors={errors}
          scope={resource}
        />
      ))}
    </Stack>
  );
}

function Field({ name, path, schema, required, value, onChange, errors, scope }: FieldProps) {
  const { t, term, field, hint: hintOf, yesNo } = useI18n();
  const hint = (key: string, english: string | undefined) => hintOf(key, english, scope);
  const label = field(path);
  const error = errors.get(path);
  const common = {
    label,
    description: isMoneyField(name) ? t('moneyHint') : hint(name, schema.description),
    withAsterisk: required,
    error,
    name: path,
    'data-field': path,
  };

  if (schema.type === 'object' && schema.properties !== undefined) {
    const object = (value as FormValue | undefined) ?? {};
    return (
      <Fieldset legend={label} data-field={path}>
        {error !== undefined && (
          <div role="alert" style={{ color: 'var(--mantine-color-red-8)', fontSize: 14 }}>
            {error}
          </div>
        )}
        <Stack gap="sm">
          {Object.entries(schema.properties).map(([child, property]) => (
            <Field
              key={child}
              name={child}
              path={`${path}.${child}`}
              schema={property}
              required={schema.required?.includes(child) ?? false}
              value={object[child]}
              onChange={(next) => onChange({ ...object, [child]: next })}
              errors={errors}
              scope={scope}
            />
          ))}
        </Stack>
      </Fieldset>
    );
  }

  // A free-form map (answers keyed by question) has no fields to lay out: a generic form leaves it out.
  if (schema.type === 'object') return null;

  if (schema.type === 'array') {
    const items = Array.isArray(value) ? value : [];
    const itemSchema = schema.items ?? {};
    if (itemSchema.enum !== undefined) {
      return (
        <MultiSelect
          {...common}
          data={itemSchema.enum.map((option) => ({ value: String(option), label: term(String(option)) }))}
          value={items.map(String)}
          onChange={onChange}
        />
      );
    }
    if (itemSchema.type === 'object') {
      return (
        <Fieldset legend={label} data-field={path}>
          <Stack gap="sm">
            {error !== undefined && (
              <div role="alert" style={{ color: 'var(--mantine-color-red-8)', fontSize: 14 }}>
                {error}
              </div>
            )}
            {items.map((item, index) => (
              <Group key={index} align="start" wrap="nowrap">
                <div style={{ flex: 1 }}>
                  <Field
                    name={`${name} ${index + 1}`}
                    path={`${path}.${index}`}
                    schema={itemSchema}
                    required
                    value={item}
                    onChange={(next) => onChange(items.map((old, at) => (at === index ? next : old)))}
                    errors={errors}
                    scope={scope}
                  />
                </div>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`${t('removeItem')} ${index + 1}`}
                  onClick={() => onChange(items.filter((_, at) => at !== index))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button variant="light" size="xs" onClick={() => onChange([...items, initialValue(itemSchema)])}>
              {t('addItem')}
            </Button>
          </Stack>
        </Fieldset>
      );
    }
    return <TagsInput {...common} value={items.map(String)} onChange={onChange} />;
  }

  if (schema.type === 'boolean' && required) {
    // A decision is chosen, never assumed: an untouched box must not record "no".
    const consequence = value === undefined ? undefined : yesNo(name, value === true).consequence;
    return (
      <Stack gap={4}>
        <Radio.Group
          label={label}
          description={hint(name, schema.description)}
          withAsterisk
          error={error}
          name={path}
          data-field={path}
          value={value === undefined ? null : String(value)}
          onChange={(next) => onChange(next === 'true')}
        >
          <Group mt={4}>
            <Radio value="true" label={yesNo(name, true).label} data-choice="true" />
            <Radio value="false" label={yesNo(name, false).label} data-choice="false" />
          </Group>
        </Radio.Group>
        {consequence !== undefined && (
          <Alert color="orange" role="status" data-testid={`consequence-${path}`}>
            {consequence}
          </Alert>
        )}
      </Stack>
    );
  }

  if (schema.type === 'boolean') {
    return (
      <Checkbox
        label={label}
        description={hint(name, schema.description)}
        error={error}
        name={path}
        data-field={path}
        checked={value === true}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
    );
  }

  if ((schema.type === 'integer' || schema.type === 'number') && isMoneyField(name)) {
    // Typed and shown in yuan, sent in fen.
    return (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? yuanOf(value) : ''}
        onChange={(next) => onChange(typeof next === 'number' ? minorUnitsOf(next) : undefined)}
        decimalScale={2}
        thousandSeparator=","
        prefix="¥ "
        min={schema.minimum === undefined ? undefined : yuanOf(schema.minimum)}
        max={schema.maximum === undefined ? undefined : yuanOf(schema.maximum)}
      />
    );
  }

  if (schema.type === 'integer' || schema.type === 'number') {
    return (
      <NumberInput
        {...common}
        value={typeof value === 'number' ? value : ''}
        onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
        allowDecimal={schema.type === 'number'}
        min={schema.minimum}
        max={schema.maximum}
      />
    );
  }

  if (schema.enum !== undefined) {
    return (
      <Select
        {...common}
        data={schema.enum.map((option) => ({ value: String(option), label: term(String(option)) }))}
        value={typeof value === 'string' ? value : null}
        onChange={(next) => onChange(next ?? undefined)}
        clearable={!required}
      />
    );
  }

  if (schema.format === 'date-time') {
    return (
      <TextInput
        {...common}
        type="datetime-local"
        value={toLocalInput(value)}
        onChange={(event) => {
          const local = event.currentTarget.value;
          onChange(local === '' ? undefined : new Date(local).toISOString());
        }}
      />
    );
  }

  if (schema.format === 'date') {
    return (
      <TextInput
        {...common}
        type="date"
        value={typeof value === 'string' ? value : ''}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    );
  }

  const text = typeof value === 'string' ? value : '';
  const placeholder = typeof schema.example === 'string' ? schema.example : undefined;
  if (LONG_TEXT.has(name) || (schema.maxLength ?? 0) > 500) {
    return (
      <Textarea
        {...common}
        autosize
        minRows={2}
        maxLength={schema.maxLength}
        placeholder={placeholder}
        value={text}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    );
  }
  return (
    <TextInput
      {...common}
      maxLength={schema.maxLength}
      placeholder={placeholder}
      value={text}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
